//! Before sending: how long to wait so the next request does not meet a 429. The API's limits are token
//! buckets that refill continuously, and `-reset` is when the bucket would be full again, so the refill rate is
//! `(limit − remaining) / (reset − now)`. Below a low-water mark a client sends no faster than that rate.

use crate::response::{RateLimitWindow, RateLimits};
use serde::{Deserialize, Serialize};

/// Below this share of the limit, pace sends at the refill rate.
const LOW_WATER_FRACTION: u64 = 10;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "js", derive(tsify::Tsify))]
pub enum PacingReason {
    /// No usable `anthropic-ratelimit-*` headers.
    NoLimits,
    /// Every window has room: send now.
    Headroom,
    /// A window is nearly empty: wait one refill interval.
    LowRemaining,
    /// A window is empty: wait until it refills by one.
    Exhausted,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "js", derive(tsify::Tsify))]
pub enum LimitWindow {
    Requests,
    Tokens,
    InputTokens,
    OutputTokens,
}

/// How long to wait before the next send, and which window asked for it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "js", derive(tsify::Tsify), serde(rename_all = "camelCase"))]
pub struct Pacing {
    pub delay_ms: u64,
    pub reason: PacingReason,
    pub window: Option<LimitWindow>,
}

pub fn pace(limits: &RateLimits, now_ms: i64) -> Pacing {
    let windows = [
        (LimitWindow::Requests, &limits.requests),
        (LimitWindow::Tokens, &limits.tokens),
        (LimitWindow::InputTokens, &limits.input_tokens),
        (LimitWindow::OutputTokens, &limits.output_tokens),
    ];
    let mut result = Pacing {
        delay_ms: 0,
        reason: PacingReason::NoLimits,
        window: None,
    };
    for (name, window) in windows {
        let Some((delay_ms, reason)) = window.as_ref().and_then(|w| window_wait(w, now_ms)) else {
            continue;
        };
        if result.reason == PacingReason::NoLimits || delay_ms > result.delay_ms {
            result = Pacing {
                delay_ms,
                reason,
                window: (delay_ms > 0).then_some(name),
            };
        }
    }
    result
}

/// `None` when the window lacks `remaining` or a parsed reset time.
fn window_wait(window: &RateLimitWindow, now_ms: i64) -> Option<(u64, PacingReason)> {
    let remaining = window.remaining?;
    let until_reset = u64::try_from(window.reset_at_ms?.saturating_sub(now_ms)).unwrap_or(0);
    let limit = window.limit.unwrap_or(0);
    if remaining > 0 && remaining.saturating_mul(LOW_WATER_FRACTION) > limit {
        return Some((0, PacingReason::Headroom));
    }
    // One refill interval; with no usable limit, the whole time to reset is the honest estimate.
    let used = limit.saturating_sub(remaining);
    let interval = if used == 0 {
        until_reset
    } else {
        until_reset.div_ceil(used)
    };
    let reason = if remaining == 0 {
        PacingReason::Exhausted
    } else {
        PacingReason::LowRemaining
    };
    Some((interval, reason))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn requests(limit: u64, remaining: u64, reset_in_ms: i64) -> RateLimits {
        RateLimits {
            requests: Some(RateLimitWindow {
                limit: Some(limit),
                remaining: Some(remaining),
                reset: None,
                reset_at_ms: Some(1_000_000 + reset_in_ms),
            }),
            ..RateLimits::default()
        }
    }

    #[test]
    fn waits_one_refill_interval_when_empty_and_nothing_with_headroom() {
        let empty = pace(&requests(50, 0, 60_000), 1_000_000);
        assert_eq!((empty.delay_ms, empty.reason), (1_200, PacingReason::Exhausted));
        assert_eq!(empty.window, Some(LimitWindow::Requests));
        let low = pace(&requests(50, 2, 48_000), 1_000_000);
        assert_eq!((low.delay_ms, low.reason), (1_000, PacingReason::LowRemaining));
        let plenty = pace(&requests(50, 40, 12_000), 1_000_000);
        assert_eq!((plenty.delay_ms, plenty.reason), (0, PacingReason::Headroom));
        assert_eq!(pace(&RateLimits::default(), 0).reason, PacingReason::NoLimits);
    }

    #[test]
    fn a_reset_in_the_past_means_no_wait() {
        assert_eq!(pace(&requests(50, 0, -5_000), 1_000_000).delay_ms, 0);
    }
}
