//! Reading response headers: case-insensitive lookup, the `anthropic-ratelimit-*` family, and the server's
//! earliest-retry hint (`retry-after-ms`, `retry-after`).

use super::explanation::{RateLimitWindow, RateLimits};
use crate::time;

/// A server hint further out than this is not believed (a broken proxy, a unit mix-up): the caller's own
/// schedule applies instead.
const MAX_BELIEVABLE_WAIT_MS: f64 = 24.0 * 3_600_000.0;
/// An HTTP-date this far in the past means "now" (clock skew, a slow hop); older than that it is garbage.
const PAST_DATE_TOLERANCE_MS: i64 = 3_600_000;

/// Response headers, looked up case-insensitively; the last occurrence of a repeated header wins.
#[derive(Debug, Clone, Copy)]
pub struct Headers<'a>(pub &'a [(String, String)]);

impl<'a> Headers<'a> {
    pub fn get(&self, name: &str) -> Option<&'a str> {
        self.0
            .iter()
            .rev()
            .find(|(n, _)| n.trim().eq_ignore_ascii_case(name))
            .map(|(_, v)| v.trim())
    }

    /// The first of `names` that is present and not empty.
    pub fn first(&self, names: &[&str]) -> Option<&'a str> {
        names.iter().find_map(|n| self.get(n).filter(|v| !v.is_empty()))
    }

    /// `x-should-retry`: `Some(true|false)` when the server decided for us.
    pub fn should_retry(&self) -> Option<bool> {
        match self.get("x-should-retry")?.to_ascii_lowercase().as_str() {
            "true" => Some(true),
            "false" => Some(false),
            _ => None,
        }
    }

    pub fn rate_limits(&self) -> RateLimits {
        RateLimits {
            requests: self.rate_limit_window("requests"),
            tokens: self.rate_limit_window("tokens"),
            input_tokens: self.rate_limit_window("input-tokens"),
            output_tokens: self.rate_limit_window("output-tokens"),
        }
    }

    fn rate_limit_window(&self, dimension: &str) -> Option<RateLimitWindow> {
        self.window(&format!("anthropic-ratelimit-{dimension}"))
    }

    /// The `{prefix}-{limit,remaining,reset}` triple, for any family that shapes its headers so
    /// (`anthropic-priority-input-tokens`, `anthropic-fast-output-tokens`, …); `None` when none is present.
    pub fn window(&self, prefix: &str) -> Option<RateLimitWindow> {
        let field = |part: &str| self.get(&format!("{prefix}-{part}"));
        let count = |part: &str| field(part).and_then(|v| v.parse::<u64>().ok());
        let reset = field("reset").map(str::to_string);
        let window = RateLimitWindow {
            limit: count("limit"),
            remaining: count("remaining"),
            reset_at_ms: reset.as_deref().and_then(time::parse_rfc3339),
            reset,
        };
        (window != RateLimitWindow::default()).then_some(window)
    }

    /// `retry-after-ms` (milliseconds, may be fractional) if believable, else `retry-after` (seconds, may be
    /// fractional, or an HTTP date measured against the response's own `Date` header to cancel clock skew,
    /// else against `now_ms`). Rounded up: the result is the earliest moment the server allows.
    pub fn retry_after(&self, now_ms: Option<i64>) -> Option<RetryAfter> {
        if let Some(ms) = self
            .get("retry-after-ms")
            .and_then(|v| believable_ms(parse_amount(v)?))
        {
            return Some(RetryAfter {
                ms,
                from_ms_header: true,
            });
        }
        let value = self.get("retry-after")?;
        let ms = match parse_amount(value) {
            Some(seconds) => believable_ms(seconds * 1000.0)?,
            None => {
                let at = time::parse_http_date(value)?;
                let reference = self.get("date").and_then(time::parse_http_date).or(now_ms)?;
                believable_ms(wait_until(at, reference)? as f64)?
            }
        };
        Some(RetryAfter {
            ms,
            from_ms_header: false,
        })
    }

    /// The response's `Date` header as epoch ms, else the caller's clock: "now" as the server saw it.
    pub fn response_time(&self, now_ms: Option<i64>) -> Option<i64> {
        self.get("date").and_then(time::parse_http_date).or(now_ms)
    }
}

/// The server's earliest-retry hint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryAfter {
    pub ms: u64,
    /// From `retry-after-ms` rather than `retry-after`.
    pub from_ms_header: bool,
}

/// A non-negative finite number (fractions allowed); units are the caller's business.
fn parse_amount(value: &str) -> Option<f64> {
    let v = crate::json::decimal::parse(value.trim())?;
    (v.is_finite() && v >= 0.0).then_some(v)
}

/// Milliseconds rounded up (the server's moment is a lower bound), if within the believable range.
fn believable_ms(ms: f64) -> Option<u64> {
    (ms <= MAX_BELIEVABLE_WAIT_MS).then(|| ms.ceil() as u64)
}

fn wait_until(at_ms: i64, reference_ms: i64) -> Option<u64> {
    let delta = at_ms.checked_sub(reference_ms)?;
    if delta < -PAST_DATE_TOLERANCE_MS {
        return None;
    }
    u64::try_from(delta.max(0)).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(n, v)| (n.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn retry_after_prefers_ms_and_rounds_up() {
        let h = headers(&[("Retry-After", "3"), ("retry-after-ms", "1500.2")]);
        assert_eq!(Headers(&h).retry_after(None).map(|r| r.ms), Some(1501));
        let h = headers(&[("retry-after", "0.25")]);
        assert_eq!(Headers(&h).retry_after(None).map(|r| r.ms), Some(250));
    }

    #[test]
    fn retry_after_ignores_nonsense() {
        for bad in ["-5", "NaN", "inf", "1e300", "soon", ""] {
            let h = headers(&[("retry-after", bad), ("retry-after-ms", bad)]);
            assert_eq!(Headers(&h).retry_after(Some(0)), None, "{bad}");
        }
        let h = headers(&[("retry-after-ms", "-1"), ("retry-after", "7")]);
        assert_eq!(Headers(&h).retry_after(None).map(|r| r.ms), Some(7000));
    }

    #[test]
    fn retry_after_date_uses_the_date_header_to_cancel_skew() {
        let h = headers(&[
            ("retry-after", "Wed, 25 Nov 2026 04:00:30 GMT"),
            ("date", "Wed, 25 Nov 2026 04:00:00 GMT"),
        ]);
        // The caller's clock is an hour off; the server's own Date header is what counts.
        let skewed_now = time::parse_rfc3339("2026-11-25T05:00:00Z");
        assert_eq!(Headers(&h).retry_after(skewed_now).map(|r| r.ms), Some(30_000));
        let h = headers(&[("retry-after", "Wed, 25 Nov 2026 04:00:30 GMT")]);
        assert_eq!(Headers(&h).retry_after(None), None);
        let now = time::parse_rfc3339("2026-11-25T04:00:40Z");
        assert_eq!(Headers(&h).retry_after(now).map(|r| r.ms), Some(0));
        let long_ago = time::parse_rfc3339("2026-11-26T04:00:40Z");
        assert_eq!(Headers(&h).retry_after(long_ago), None);
    }

    #[test]
    fn rate_limit_headers_are_case_insensitive() {
        let h = headers(&[
            ("Anthropic-RateLimit-Requests-Limit", "50"),
            ("anthropic-ratelimit-requests-remaining", "0"),
            ("anthropic-ratelimit-requests-reset", "2026-11-24T12:00:20Z"),
            ("anthropic-ratelimit-output-tokens-remaining", "many"),
        ]);
        let limits = Headers(&h).rate_limits();
        let requests = limits.requests.unwrap_or_default();
        assert_eq!((requests.limit, requests.remaining), (Some(50), Some(0)));
        assert_eq!(requests.reset_at_ms, time::parse_rfc3339("2026-11-24T12:00:20Z"));
        assert_eq!(limits.tokens, None);
        assert_eq!(limits.output_tokens, None);
    }
}
