//! Saying which rate limit was hit and when it resets, from the `anthropic-ratelimit-*` headers.

use super::causes::cause::Cause;
use super::explanation::{RateLimitWindow, RateLimits};
use crate::display;

/// A rate-limit dimension: the cause that names it, how people say it, and its window(s) in the headers.
struct Dimension {
    cause: Cause,
    name: &'static str,
    window: fn(&RateLimits) -> Option<&RateLimitWindow>,
}

const DIMENSIONS: [Dimension; 3] = [
    Dimension {
        cause: Cause::RateLimitRequests,
        name: "Requests per minute",
        window: |l| l.requests.as_ref(),
    },
    Dimension {
        cause: Cause::RateLimitInputTokens,
        name: "Input tokens per minute",
        // Older responses report one combined `tokens` window.
        window: |l| l.input_tokens.as_ref().or(l.tokens.as_ref()),
    },
    Dimension {
        cause: Cause::RateLimitOutputTokens,
        name: "Output tokens per minute",
        window: |l| l.output_tokens.as_ref(),
    },
];

/// The rate-limit cause the headers point at: the first window with nothing remaining.
pub fn exhausted(limits: &RateLimits) -> Option<Cause> {
    DIMENSIONS
        .iter()
        .find(|d| (d.window)(limits).is_some_and(|w| w.remaining == Some(0)))
        .map(|d| d.cause)
}

/// A sentence naming the limit for `cause` (or the exhausted one) and when it resets, measured from
/// `response_ms` (the response's own clock) when known.
pub fn describe(limits: &RateLimits, cause: Cause, response_ms: Option<i64>) -> Option<String> {
    let dimension = DIMENSIONS
        .iter()
        .find(|d| d.cause == cause)
        .or_else(|| DIMENSIONS.iter().find(|d| Some(d.cause) == exhausted(limits)))?;
    let window = (dimension.window)(limits)?;
    let mut parts = Vec::new();
    if let Some(limit) = window.limit {
        parts.push(format!("limit {limit}"));
    }
    if let Some(remaining) = window.remaining {
        parts.push(format!("{remaining} remaining"));
    }
    if let Some(reset) = &window.reset {
        let wait = window
            .reset_at_ms
            .zip(response_ms)
            .and_then(|(at, now)| u64::try_from(at.checked_sub(now)?).ok());
        match wait {
            Some(ms) => parts.push(format!("resets at {reset} (in {})", display::duration(ms))),
            None => parts.push(format!("resets at {reset}")),
        }
    }
    (!parts.is_empty()).then(|| format!("{}: {}.", dimension.name, parts.join(", ")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time;

    fn limits() -> RateLimits {
        RateLimits {
            requests: Some(RateLimitWindow {
                limit: Some(50),
                remaining: Some(3),
                ..RateLimitWindow::default()
            }),
            tokens: Some(RateLimitWindow {
                limit: Some(40_000),
                remaining: Some(0),
                reset: Some("2026-11-24T12:00:20Z".into()),
                reset_at_ms: time::parse_rfc3339("2026-11-24T12:00:20Z"),
            }),
            ..RateLimits::default()
        }
    }

    #[test]
    fn names_the_exhausted_window_and_its_reset() {
        assert_eq!(exhausted(&limits()), Some(Cause::RateLimitInputTokens));
        let now = time::parse_rfc3339("2026-11-24T12:00:00Z");
        assert_eq!(
            describe(&limits(), Cause::Unknown, now).as_deref(),
            Some(
                "Input tokens per minute: limit 40000, 0 remaining, resets at 2026-11-24T12:00:20Z (in 20 \
                  s)."
            )
        );
        assert_eq!(
            describe(&limits(), Cause::RateLimitRequests, None).as_deref(),
            Some("Requests per minute: limit 50, 3 remaining.")
        );
        assert_eq!(
            describe(&RateLimits::default(), Cause::RateLimitRequests, None),
            None
        );
    }
}
