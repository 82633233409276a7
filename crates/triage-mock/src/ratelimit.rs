//! Per-key rate limits (requests, input tokens and output tokens per minute) as the API enforces them: a token
//! bucket per dimension that refills continuously at the limit's rate, and the `anthropic-ratelimit-*` headers
//! describing it.
//!
//! One debt per dimension drives both the headers and the refusals. The headers describe the minute, as the API's
//! do: `-limit` is the per-minute limit, `-remaining` is the limit less what is owed, and `-reset` is when the
//! bucket is fully replenished (nothing owed). A send is refused while the debt is more than the burst allows
//! (`--burst-ms` of refill for requests, `--token-burst-ms` for tokens, at least one unit): "60 RPM may be
//! enforced as 1 request per second", so with the default 6 s a 60 RPM key sends 6 at once and then one a second,
//! and its 429 can arrive with `-remaining` above zero. Token buckets hold a whole minute by default, so an SDK
//! that asks for a model's full `max_tokens` still works against the default limits. A send bigger than the whole burst needs an empty bucket and leaves it owing more; one bigger than the
//! minute's limit is refused whatever the bucket holds. `retry-after` is when the refused send would fit.
//!
//! Independent of the core's `retry::fleet` on purpose: the mock is the oracle the core is tested against.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;

use tokio::time::Instant;

use crate::auth::KeyId;
use crate::clock::Clock;
use crate::errors::ApiError;

/// Debt is counted in unit-microseconds at one unit a minute: a unit owed is `MINUTE_US`, and a limit of `L` per
/// minute pays back `L` of them every microsecond, so refill is exact.
const MINUTE_US: u128 = 60_000_000;
/// Buckets are pruned once this many keys are tracked, so a flood of keys cannot grow memory for ever.
const MAX_TRACKED_KEYS: usize = 10_000;
/// The organization named in rate-limit messages; obviously fake.
pub const ORGANIZATION_ID: &str = "8c1f2e3a-0000-4000-8000-000000000000";

/// What a request costs, or what a key allows per minute or has left.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Usage {
    pub requests: u64,
    pub input_tokens: u64,
    pub output_tokens: u64,
}

impl Usage {
    fn get(&self, dimension: usize) -> u64 {
        [self.requests, self.input_tokens, self.output_tokens][dimension]
    }

    fn from_fn(f: impl Fn(usize) -> u64) -> Usage {
        Usage {
            requests: f(0),
            input_tokens: f(1),
            output_tokens: f(2),
        }
    }
}

/// When each dimension's bucket is full again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Resets {
    pub requests: Instant,
    pub input_tokens: Instant,
    pub output_tokens: Instant,
}

/// A key's standing: its limits, what is left of them, and when each is fully replenished.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Snapshot {
    pub limits: Usage,
    pub remaining: Usage,
    pub resets: Resets,
}

impl Snapshot {
    /// The standing with the requests bucket empty (the `rate-limited` scenario's story).
    pub fn requests_exhausted(self, now: Instant) -> Snapshot {
        Snapshot {
            remaining: Usage {
                requests: 0,
                ..self.remaining
            },
            resets: Resets {
                requests: now + Duration::from_secs(60),
                ..self.resets
            },
            ..self
        }
    }
}

/// A request the limits refuse: the 429 and the key's standing.
#[derive(Debug, Clone)]
pub struct Refusal {
    pub error: ApiError,
    pub snapshot: Snapshot,
}

/// One key's debt per dimension, as of `at`.
#[derive(Debug, Clone, Copy)]
struct Buckets {
    debt: [u128; 3],
    at: Instant,
}

/// How much refill a bucket holds: its capacity is `limit × burst / 1 min`, at least one unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Burst {
    pub requests: Duration,
    /// Input and output tokens.
    pub tokens: Duration,
}

const UNITS: [&str; 3] = ["requests", "input tokens", "output tokens"];

#[derive(Debug)]
pub struct RateLimiter {
    limits: Usage,
    burst: Burst,
    buckets: Mutex<HashMap<KeyId, Buckets>>,
}

impl RateLimiter {
    pub fn new(limits: Usage, burst: Burst) -> RateLimiter {
        RateLimiter {
            limits,
            burst,
            buckets: Mutex::new(HashMap::new()),
        }
    }

    /// A dimension's capacity in units (0 is requests): at least one, at most the minute's limit.
    pub fn capacity(&self, dimension: usize, limit: u64) -> u64 {
        let burst = if dimension == 0 {
            self.burst.requests
        } else {
            self.burst.tokens
        };
        let units = u128::from(limit) * burst.as_micros() / MINUTE_US;
        (units.min(u128::from(limit)) as u64).max(1)
    }

    /// Counts `cost` against `key` if every bucket has room for it; otherwise counts nothing and returns the
    /// 429 the API would answer, with `retry-after` when the send would fit.
    pub fn admit(&self, key: KeyId, cost: Usage, now: Instant) -> Result<Snapshot, Box<Refusal>> {
        let mut buckets = self
            .buckets
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if buckets.len() >= MAX_TRACKED_KEYS {
            let limits = self.limits;
            buckets.retain(|_, b| drained(b, limits, now).iter().any(|d| *d > 0));
        }
        let stored = buckets.get(&key).copied().unwrap_or(Buckets {
            debt: [0; 3],
            at: now,
        });
        let debt = drained(&stored, self.limits, now);
        let mut refused: Option<(usize, Duration)> = None;
        let mut wait = Duration::ZERO;
        for (d, &owed) in debt.iter().enumerate() {
            let (limit, units) = (self.limits.get(d), cost.get(d));
            if units == 0 {
                continue;
            }
            let this_wait = if units > limit {
                // Never fits: say when the bucket is full, the best it can be.
                full_in(owed, limit)
            } else {
                let capacity = u128::from(self.capacity(d, limit)) * MINUTE_US;
                let target = capacity - (u128::from(units) * MINUTE_US).min(capacity);
                if owed <= target {
                    continue;
                }
                micros((owed - target).div_ceil(u128::from(limit)))
            };
            refused.get_or_insert((d, this_wait));
            wait = wait.max(this_wait);
        }
        let admitted = refused.is_none();
        let debt = if admitted {
            std::array::from_fn(|d| debt[d] + u128::from(cost.get(d)) * MINUTE_US)
        } else {
            debt
        };
        let snapshot = self.snapshot(&debt, now);
        if let Some((d, _)) = refused {
            return Err(Box::new(Refusal {
                error: rate_limit_error(self.limits.get(d), UNITS[d], wait),
                snapshot,
            }));
        }
        buckets.insert(
            key,
            Buckets {
                debt,
                // A request that read the clock before another took the lock must not rewind it.
                at: stored.at.max(now),
            },
        );
        Ok(snapshot)
    }

    /// A key's standing without counting anything (full buckets for unknown callers).
    pub fn peek(&self, key: Option<KeyId>, now: Instant) -> Snapshot {
        let buckets = self
            .buckets
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let debt = key
            .and_then(|key| buckets.get(&key))
            .map_or([0; 3], |b| drained(b, self.limits, now));
        self.snapshot(&debt, now)
    }

    fn snapshot(&self, debt: &[u128; 3], now: Instant) -> Snapshot {
        let limits = self.limits;
        let remaining = Usage::from_fn(|d| {
            let owed = debt[d].div_ceil(MINUTE_US);
            u64::try_from(u128::from(limits.get(d)).saturating_sub(owed)).unwrap_or(0)
        });
        let reset = |d: usize| now + full_in(debt[d], limits.get(d));
        Snapshot {
            limits,
            remaining,
            resets: Resets {
                requests: reset(0),
                input_tokens: reset(1),
                output_tokens: reset(2),
            },
        }
    }
}

/// The debt left at `now`.
fn drained(buckets: &Buckets, limits: Usage, now: Instant) -> [u128; 3] {
    let elapsed = now.saturating_duration_since(buckets.at).as_micros();
    std::array::from_fn(|d| buckets.debt[d].saturating_sub(elapsed.saturating_mul(u128::from(limits.get(d)))))
}

/// How long until `debt` is paid back at `limit` a minute.
fn full_in(debt: u128, limit: u64) -> Duration {
    match limit {
        0 => Duration::ZERO,
        l => micros(debt.div_ceil(u128::from(l))),
    }
}

fn micros(us: u128) -> Duration {
    Duration::from_micros(u64::try_from(us).unwrap_or(u64::MAX))
}

/// How long one unit takes to refill at `limit` a minute (a minute when the limit is zero).
pub fn unit_interval(limit: u64) -> Duration {
    full_in(MINUTE_US, limit.max(1))
}

/// The 429 for a limit that a request would exceed, with `retry-after` after `wait`. The API adds the longer
/// advice only to the requests-per-minute message.
pub fn rate_limit_error(limit: u64, unit: &str, wait: Duration) -> ApiError {
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
    ApiError::new(429, "rate_limit_error", message).with_header("retry-after", retry_after(wait))
}

/// Whole seconds of `wait`, rounded up and at least 1, as the API sends them.
pub fn retry_after(wait: Duration) -> String {
    let seconds = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
    seconds.max(1).to_string()
}

/// The `anthropic-ratelimit-*` headers for a snapshot; `tokens` is input and output together (full when both
/// are).
pub fn headers(snapshot: &Snapshot, clock: &Clock) -> Vec<(&'static str, String)> {
    let (limits, remaining, resets) = (snapshot.limits, snapshot.remaining, snapshot.resets);
    let values = [
        (limits.requests, remaining.requests, resets.requests),
        (
            limits.input_tokens + limits.output_tokens,
            remaining.input_tokens + remaining.output_tokens,
            resets.input_tokens.max(resets.output_tokens),
        ),
        (limits.input_tokens, remaining.input_tokens, resets.input_tokens),
        (
            limits.output_tokens,
            remaining.output_tokens,
            resets.output_tokens,
        ),
    ];
    let mut out = Vec::with_capacity(HEADER_NAMES.len() * 3);
    for ([limit_name, remaining_name, reset_name], (limit, left, reset)) in HEADER_NAMES.iter().zip(values) {
        out.push((*limit_name, limit.to_string()));
        out.push((*remaining_name, left.to_string()));
        out.push((*reset_name, clock.rfc3339(reset)));
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

    /// A whole minute's burst: the bucket holds the limit.
    const MINUTE: Burst = Burst {
        requests: Duration::from_secs(60),
        tokens: Duration::from_secs(60),
    };

    #[tokio::test(start_paused = true)]
    async fn counts_down_then_refuses_then_refills_continuously() {
        let limiter = RateLimiter::new(
            Usage {
                requests: 2,
                input_tokens: 1000,
                output_tokens: 1000,
            },
            MINUTE,
        );
        let key = KeyId(1);
        let start = Instant::now();
        let first = limiter.admit(key, ONE_REQUEST, start).unwrap();
        assert_eq!(first.remaining.requests, 1);
        assert_eq!(first.remaining.input_tokens, 990);
        assert_eq!(
            first.resets.requests,
            start + Duration::from_secs(30),
            "full again in one interval"
        );
        tokio::time::advance(Duration::from_secs(15)).await;
        // Half a request refilled: 1.5 owed, shown as 0 left; full again 45 s from now.
        let second = limiter.admit(key, ONE_REQUEST, Instant::now()).unwrap();
        assert_eq!(second.remaining.requests, 0);
        assert_eq!(second.resets.requests, Instant::now() + Duration::from_secs(45));
        tokio::time::advance(Duration::from_millis(5_500)).await;
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
        // 1.5 owed 5.5 s ago: one unit fits once 0.5 more are paid, 15 s - 5.5 s from now.
        assert_eq!(error.headers[0].1, "10"); // 9.5 s, rounded up
        assert_eq!(refused.remaining.requests, 0);
        tokio::time::advance(Duration::from_millis(9_499)).await;
        assert!(limiter.admit(key, ONE_REQUEST, Instant::now()).is_err());
        tokio::time::advance(Duration::from_millis(1)).await;
        assert!(limiter.admit(key, ONE_REQUEST, Instant::now()).is_ok());
        tokio::time::advance(Duration::from_secs(60)).await;
        assert_eq!(limiter.peek(Some(key), Instant::now()).remaining.requests, 2);
    }

    /// What a burst of 120 calls at 240 RPM meets with the default burst (6 s: 24 requests).
    fn rpm_240() -> RateLimiter {
        RateLimiter::new(
            Usage {
                requests: 240,
                input_tokens: 10_000_000,
                output_tokens: 2_000_000,
            },
            Burst {
                requests: Duration::from_secs(6),
                tokens: Duration::from_secs(60),
            },
        )
    }

    #[tokio::test(start_paused = true)]
    async fn a_burst_beyond_the_bucket_is_refused_though_the_minute_has_room() {
        let limiter = rpm_240();
        let now = Instant::now();
        let results: Vec<_> = (0..120)
            .map(|_| limiter.admit(KeyId(7), ONE_REQUEST, now))
            .collect();
        let admitted = results.iter().filter(|r| r.is_ok()).count();
        assert_eq!(admitted, 24);
        let refusal = results[24].as_ref().unwrap_err();
        assert_eq!(refusal.error.status.as_u16(), 429);
        // The minute still has 216 left: the burst, not the minute, refused it.
        assert_eq!(refusal.snapshot.remaining.requests, 216);
        assert_eq!(refusal.error.headers[0].0, "retry-after");
        assert_eq!(refusal.error.headers[0].1, "1");
        assert_eq!(refusal.snapshot.resets.requests, now + Duration::from_secs(6));
    }

    #[tokio::test(start_paused = true)]
    async fn sends_paced_at_the_refill_rate_are_all_admitted() {
        let limiter = rpm_240();
        for i in 0..120 {
            let now = Instant::now();
            let snapshot = limiter
                .admit(KeyId(8), ONE_REQUEST, now)
                .unwrap_or_else(|r| panic!("call {i}: {}", r.error.message));
            // Each send is paid back before the next: one owed at most, full again in 250 ms.
            assert_eq!(snapshot.remaining.requests, 239);
            assert_eq!(snapshot.resets.requests, now + Duration::from_millis(250));
            tokio::time::advance(Duration::from_millis(250)).await;
        }
        // Twice the rate, after the burst is spent, is refused about every other call.
        let mut refused = 0;
        for _ in 0..120 {
            refused += usize::from(limiter.admit(KeyId(9), ONE_REQUEST, Instant::now()).is_err());
            tokio::time::advance(Duration::from_millis(125)).await;
        }
        // 15 s of sends: the burst of 24 and 60 refills get through, the rest are refused.
        assert!((36..=37).contains(&refused), "{refused}");
    }

    #[tokio::test(start_paused = true)]
    async fn retry_after_and_reset_agree_with_the_bucket() {
        let limiter = rpm_240();
        let key = KeyId(10);
        let mut refusals = 0;
        for _ in 0..400 {
            let now = Instant::now();
            match limiter.admit(key, ONE_REQUEST, now) {
                Ok(_) => tokio::time::advance(Duration::from_millis(37)).await,
                Err(refusal) => {
                    refusals += 1;
                    let wait: u64 = refusal.error.headers[0].1.to_str().unwrap().parse().unwrap();
                    // Waiting `retry-after` is enough, and the reset is when the owed requests are paid back.
                    let owed = 240 - refusal.snapshot.remaining.requests;
                    let full_in = refusal.snapshot.resets.requests - now;
                    assert!(full_in <= Duration::from_millis(250) * owed as u32, "{full_in:?}");
                    assert!(
                        full_in > Duration::from_millis(250) * (owed as u32 - 1),
                        "{full_in:?}"
                    );
                    tokio::time::advance(Duration::from_secs(wait)).await;
                    assert!(limiter.admit(key, ONE_REQUEST, Instant::now()).is_ok());
                }
            }
        }
        assert!(refusals > 0);
        // Past the last reset nothing is owed.
        tokio::time::advance(Duration::from_secs(6)).await;
        let rested = limiter.peek(Some(key), Instant::now());
        assert_eq!(rested.remaining.requests, 240);
        assert_eq!(rested.resets.requests, Instant::now());
    }

    #[tokio::test(start_paused = true)]
    async fn a_send_bigger_than_the_burst_needs_a_full_bucket() {
        let limiter = RateLimiter::new(
            Usage {
                requests: 100,
                input_tokens: 100_000,
                output_tokens: 8_000,
            },
            Burst {
                requests: Duration::from_secs(6),
                tokens: Duration::from_secs(6),
            },
        );
        let big = Usage {
            requests: 1,
            input_tokens: 10,
            output_tokens: 4_096,
        };
        let key = KeyId(11);
        assert_eq!(limiter.capacity(2, 8_000), 800);
        let after = limiter.admit(key, big, Instant::now()).unwrap();
        assert_eq!(after.remaining.output_tokens, 8_000 - 4_096);
        let refusal = limiter.admit(key, ONE_REQUEST, Instant::now()).unwrap_err();
        assert!(refusal
            .error
            .message
            .contains("of 8,000 output tokens per minute"));
        // 4,096 owed, 795 may be: 3,301 to pay back at 8,000 a minute is 24.76 s.
        assert_eq!(refusal.error.headers[0].1, "25");
    }

    #[tokio::test(start_paused = true)]
    async fn token_limit_names_the_unit_and_keys_are_separate() {
        let limiter = RateLimiter::new(
            Usage {
                requests: 100,
                input_tokens: 40_000,
                output_tokens: 1000,
            },
            MINUTE,
        );
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
        let limiter = RateLimiter::new(
            Usage {
                requests: 5,
                input_tokens: 100,
                output_tokens: 50,
            },
            MINUTE,
        );
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
