//! The retry decision: the ERRORS.md policy, overridden by `x-should-retry`, timed by `retry-after(-ms)`.

use super::explanation::{Kind, RetryAdvice, RetrySource};
use super::headers::Headers;
use super::kinds;

/// Whether and when to retry. `final_cause` marks causes that no header can make retryable (a spend limit,
/// an empty balance): only money or a setting changes them.
pub fn decide(
    kind: Kind,
    status: Option<u16>,
    final_cause: bool,
    headers: Headers<'_>,
    now_ms: Option<i64>,
) -> RetryAdvice {
    let hint = headers.retry_after(now_ms);
    let (retryable, source) = match (final_cause, headers.should_retry(), hint) {
        (true, _, _) => (false, RetrySource::Policy),
        (false, Some(server_says), _) => (server_says, RetrySource::XShouldRetry),
        (false, None, hint) => {
            let retryable = kinds::default_retryable(kind, status);
            match hint {
                Some(h) if retryable && h.from_ms_header => (true, RetrySource::RetryAfterMs),
                Some(_) if retryable => (true, RetrySource::RetryAfter),
                _ => (retryable, RetrySource::Policy),
            }
        }
    };
    RetryAdvice {
        retryable,
        after_ms: hint.filter(|_| retryable).map(|h| h.ms),
        source,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn advice(kind: Kind, status: u16, final_cause: bool, pairs: &[(&str, &str)]) -> RetryAdvice {
        let h: Vec<(String, String)> = pairs
            .iter()
            .map(|(n, v)| (n.to_string(), v.to_string()))
            .collect();
        decide(kind, Some(status), final_cause, Headers(&h), None)
    }

    #[test]
    fn should_retry_header_wins_but_not_over_a_final_cause() {
        let a = advice(
            Kind::InvalidRequestError,
            400,
            false,
            &[("X-Should-Retry", "true")],
        );
        assert_eq!((a.retryable, a.source), (true, RetrySource::XShouldRetry));
        let a = advice(
            Kind::ApiError,
            500,
            false,
            &[("x-should-retry", "false"), ("retry-after", "3")],
        );
        assert_eq!((a.retryable, a.after_ms), (false, None));
        let a = advice(
            Kind::RateLimitError,
            429,
            true,
            &[("x-should-retry", "true"), ("retry-after", "3")],
        );
        assert_eq!((a.retryable, a.source), (false, RetrySource::Policy));
    }

    #[test]
    fn retry_after_times_a_retryable_error() {
        let a = advice(Kind::RateLimitError, 429, false, &[("retry-after", "20")]);
        assert_eq!(
            (a.retryable, a.after_ms, a.source),
            (true, Some(20_000), RetrySource::RetryAfter)
        );
        let a = advice(
            Kind::OverloadedError,
            529,
            false,
            &[("retry-after-ms", "250.5"), ("retry-after", "1")],
        );
        assert_eq!((a.after_ms, a.source), (Some(251), RetrySource::RetryAfterMs));
        let a = advice(Kind::Unknown, 418, false, &[("retry-after", "20")]);
        assert_eq!((a.retryable, a.after_ms), (false, None));
    }
}
