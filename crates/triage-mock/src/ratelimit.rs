//! Per-key rate limits (requests, input tokens and output tokens per minute) over a fixed one-minute
//! window that starts at a key's first request, and the `anthropic-ratelimit-*` headers describing them.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;

use tokio::time::Instant;

use crate::auth::KeyId;
use crate::clock::Clock;
use crate::errors::ApiError;

pub const WINDOW: Duration = Duration::from_secs(60);
/// Windows are pruned once this many keys are tracked, so a flood of keys cannot grow memory for ever.
const MAX_TRACKED_KEYS: usize = 10_000;
/// The organization named in rate-limit messages; obviously fake.
pub const ORGANIZATION_ID: &str = "8c1f2e3a-0000-4000-8000-000000000000";

/// What a request costs, or what a window allows or has left.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Usage {
    pub requests: u64,
    pub input_tokens: u64,
    pub output_tokens: u64,
}

impl Usage {
    fn saturating_sub(self, other: Usage) -> Usage {
        Usage {
            requests: self.requests.saturating_sub(other.requests),
            input_tokens: self.input_tokens.saturating_sub(other.input_tokens),
            output_tokens: self.output_tokens.saturating_sub(other.output_tokens),
        }
    }
}

/// A key's standing: its limits, what is left, and when the window resets.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Snapshot {
    pub limits: Usage,
    pub remaining: Usage,
    pub reset: Instant,
}

/// A request the limits refuse: the 429 and the key's standing.
#[derive(Debug, Clone)]
pub struct Refusal {
    pub error: ApiError,
    pub snapshot: Snapshot,
}

#[derive(Debug, Clone, Copy)]
struct Window {
    start: Instant,
    used: Usage,
}

#[derive(Debug)]
pub struct RateLimiter {
    limits: Usage,
    windows: Mutex<HashMap<KeyId, Window>>,
}

impl RateLimiter {
    pub fn new(limits: Usage) -> RateLimiter {
        RateLimiter {
            limits,
            windows: Mutex::new(HashMap::new()),
        }
    }

    /// Counts `cost` against `key` if every limit allows it; otherwise counts nothing and returns the
    /// 429 the API would answer.
    pub fn admit(&self, key: KeyId, cost: Usage, now: Instant) -> Result<Snapshot, Box<Refusal>> {
        let mut windows = self
            .windows
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if windows.len() >= MAX_TRACKED_KEYS {
            windows.retain(|_, window| now < window.start + WINDOW);
        }
        let window = windows.entry(key).or_insert(Window {
            start: now,
            used: Usage::default(),
        });
        if now >= window.start + WINDOW {
            *window = Window {
                start: now,
                used: Usage::default(),
            };
        }
        let remaining = self.limits.saturating_sub(window.used);
        let snapshot = Snapshot {
            limits: self.limits,
            remaining,
            reset: window.start + WINDOW,
        };
        let exceeded = [
            (
                cost.requests > remaining.requests,
                self.limits.requests,
                "requests",
            ),
            (
                cost.input_tokens > remaining.input_tokens,
                self.limits.input_tokens,
                "input tokens",
            ),
            (
                cost.output_tokens > remaining.output_tokens,
                self.limits.output_tokens,
                "output tokens",
            ),
        ]
        .into_iter()
        .find(|(over, _, _)| *over);
        if let Some((_, limit, unit)) = exceeded {
            return Err(Box::new(Refusal {
                error: rate_limit_error(limit, unit, snapshot.reset, now),
                snapshot,
            }));
        }
        window.used = Usage {
            requests: window.used.requests + cost.requests,
            input_tokens: window.used.input_tokens + cost.input_tokens,
            output_tokens: window.used.output_tokens + cost.output_tokens,
        };
        Ok(Snapshot {
            remaining: remaining.saturating_sub(cost),
            ..snapshot
        })
    }

    /// A key's standing without counting anything (a fresh window for unknown callers).
    pub fn peek(&self, key: Option<KeyId>, now: Instant) -> Snapshot {
        let windows = self
            .windows
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let window = key
            .and_then(|key| windows.get(&key).copied())
            .filter(|window| now < window.start + WINDOW)
            .unwrap_or(Window {
                start: now,
                used: Usage::default(),
            });
        Snapshot {
            limits: self.limits,
            remaining: self.limits.saturating_sub(window.used),
            reset: window.start + WINDOW,
        }
    }
}

/// The 429 for a limit that a request would exceed, with `retry-after` until the window resets. The API
/// adds the longer advice only to the requests-per-minute message.
pub fn rate_limit_error(limit: u64, unit: &str, reset: Instant, now: Instant) -> ApiError {
    let mut message = format!(
        "This request would exceed the rate limit for your organization ({ORGANIZATION_ID}) of {} {unit} per \
         minute. For details, refer to: https://docs.claude.com/en/api/rate-limits.",
        thousands(limit)
    );
    if unit == "requests" {
        message.push_str(
            " You can see the response headers for current usage. Please reduce the prompt length or the maximum \
             tokens requested, or try again later. You may also contact sales at \
             https://www.anthropic.com/contact-sales to discuss your options for a rate limit increase.",
        );
    }
    ApiError::new(429, "rate_limit_error", message).with_header("retry-after", retry_after(reset, now))
}

/// Whole seconds until `reset`, rounded up and at least 1, as the API sends them.
pub fn retry_after(reset: Instant, now: Instant) -> String {
    let wait = reset.saturating_duration_since(now);
    let seconds = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
    seconds.max(1).to_string()
}

/// The `anthropic-ratelimit-*` headers for a snapshot; `tokens` is input and output together.
pub fn headers(snapshot: &Snapshot, clock: &Clock) -> Vec<(&'static str, String)> {
    let reset = clock.rfc3339(snapshot.reset);
    let (limits, remaining) = (snapshot.limits, snapshot.remaining);
    let values = [
        (limits.requests, remaining.requests),
        (
            limits.input_tokens + limits.output_tokens,
            remaining.input_tokens + remaining.output_tokens,
        ),
        (limits.input_tokens, remaining.input_tokens),
        (limits.output_tokens, remaining.output_tokens),
    ];
    let mut out = Vec::with_capacity(HEADER_NAMES.len() * 3);
    for ([limit_name, remaining_name, reset_name], (limit, left)) in HEADER_NAMES.iter().zip(values) {
        out.push((*limit_name, limit.to_string()));
        out.push((*remaining_name, left.to_string()));
        out.push((*reset_name, reset.clone()));
    }
    out
}

/// Limit, remaining and reset header names for requests, tokens, input tokens and output tokens.
const HEADER_NAMES: [[&str; 3]; 4] = [
    [
        "anthropic-ratelimit-requests-limit",
        "anthropic-ratelimit-requests-remaining",
        "anthropic-ratelimit-requests-reset",
    ],
    [
        "anthropic-ratelimit-tokens-limit",
        "anthropic-ratelimit-tokens-remaining",
        "anthropic-ratelimit-tokens-reset",
    ],
    [
        "anthropic-ratelimit-input-tokens-limit",
        "anthropic-ratelimit-input-tokens-remaining",
        "anthropic-ratelimit-input-tokens-reset",
    ],
    [
        "anthropic-ratelimit-output-tokens-limit",
        "anthropic-ratelimit-output-tokens-remaining",
        "anthropic-ratelimit-output-tokens-reset",
    ],
];

/// `40000` as `40,000`, as the API writes limits in messages.
// `is_multiple_of` would need Rust 1.87; the workspace supports 1.85.
#[allow(clippy::manual_is_multiple_of)]
fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const ONE_REQUEST: Usage = Usage {
        requests: 1,
        input_tokens: 10,
        output_tokens: 5,
    };

    #[test]
    fn thousands_separators() {
        assert_eq!(thousands(50), "50");
        assert_eq!(thousands(40_000), "40,000");
        assert_eq!(thousands(1_234_567), "1,234,567");
    }

    #[tokio::test(start_paused = true)]
    async fn counts_down_then_refuses_then_resets() {
        let limiter = RateLimiter::new(Usage {
            requests: 2,
            input_tokens: 1000,
            output_tokens: 1000,
        });
        let key = KeyId(1);
        let start = Instant::now();
        let first = limiter.admit(key, ONE_REQUEST, start).unwrap();
        assert_eq!(first.remaining.requests, 1);
        assert_eq!(first.remaining.input_tokens, 990);
        tokio::time::advance(Duration::from_secs(15)).await;
        let second = limiter.admit(key, ONE_REQUEST, Instant::now()).unwrap();
        assert_eq!(second.remaining.requests, 0);
        assert_eq!(second.reset, first.reset);
        tokio::time::advance(Duration::from_millis(20_500)).await;
        let Refusal {
            error,
            snapshot: refused,
        } = *limiter.admit(key, ONE_REQUEST, Instant::now()).unwrap_err();
        assert_eq!(error.status.as_u16(), 429);
        assert!(
            error.message.contains("of 2 requests per minute"),
            "{}",
            error.message
        );
        assert_eq!(error.headers[0].1, "25"); // 60 - 35.5, rounded up
        assert_eq!(refused.remaining.requests, 0);
        assert_eq!(limiter.peek(Some(key), Instant::now()).remaining.requests, 0);
        tokio::time::advance(Duration::from_secs(25)).await;
        assert_eq!(
            limiter
                .admit(key, ONE_REQUEST, Instant::now())
                .unwrap()
                .remaining
                .requests,
            1
        );
    }

    #[tokio::test(start_paused = true)]
    async fn token_limit_names_the_unit_and_keys_are_separate() {
        let limiter = RateLimiter::new(Usage {
            requests: 100,
            input_tokens: 40_000,
            output_tokens: 1000,
        });
        let big = Usage {
            requests: 1,
            input_tokens: 40_001,
            output_tokens: 1,
        };
        let error = limiter.admit(KeyId(1), big, Instant::now()).unwrap_err().error;
        assert!(
            error.message.contains("of 40,000 input tokens per minute"),
            "{}",
            error.message
        );
        assert!(limiter.admit(KeyId(2), ONE_REQUEST, Instant::now()).is_ok());
        assert_eq!(
            limiter.peek(Some(KeyId(1)), Instant::now()).remaining.requests,
            100
        );
    }

    #[tokio::test(start_paused = true)]
    async fn headers_name_every_dimension() {
        let clock = Clock::new();
        let limiter = RateLimiter::new(Usage {
            requests: 5,
            input_tokens: 100,
            output_tokens: 50,
        });
        let snapshot = limiter.admit(KeyId(3), ONE_REQUEST, clock.now()).unwrap();
        let headers = headers(&snapshot, &clock);
        assert_eq!(headers.len(), 12);
        assert!(headers
            .iter()
            .all(|(name, _)| name.starts_with("anthropic-ratelimit-")));
        let value = |name: &str| headers.iter().find(|(n, _)| *n == name).map(|(_, v)| v.clone());
        assert_eq!(
            value("anthropic-ratelimit-tokens-remaining").as_deref(),
            Some("135")
        );
        assert_eq!(
            value("anthropic-ratelimit-requests-remaining").as_deref(),
            Some("4")
        );
    }
}
