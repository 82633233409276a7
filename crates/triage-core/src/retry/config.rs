//! What the caller tunes: the strategy and its parameters. Defaults are the `triage` strategy as benchmarked by
//! the simulator (README table).

use crate::names::named_enum;
use serde::{Deserialize, Serialize};

named_enum! {
    /// How long to wait between attempts. Every strategy but `triage` is the textbook formula, kept for
    /// comparison: `triage` adds the overload mode, the retry budget and jitter above `retry-after`.
    #[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[cfg_attr(feature = "js", derive(tsify::Tsify))]
    pub enum Strategy {
        /// Never retry.
        None = "none",
        /// `base` every time.
        Constant = "constant",
        /// `min(cap, base·2^n)`: the common "1 s, 2 s, 4 s, 8 s" advice, no jitter.
        Exponential = "exponential",
        /// Uniform in `[0, min(cap, base·2^n)]`.
        FullJitter = "full_jitter",
        /// Half of `min(cap, base·2^n)` plus a uniform share of the other half.
        EqualJitter = "equal_jitter",
        /// `min(cap, uniform(base, 3·previous))`.
        DecorrelatedJitter = "decorrelated_jitter",
        /// Full jitter, a slower schedule after consecutive 529s, a retry budget, jitter above `retry-after`.
        #[default]
        Triage = "triage",
        /// `triage`, with the client's calls admitted through a learned concurrency window
        /// ([`crate::retry::Admission`]): the same decisions, but a 529 shrinks the window instead of sleeping.
        /// It differs from `triage` only where one client has many calls in flight.
        Adaptive = "adaptive",
    }
}

/// Retry parameters. `max_attempts` counts every send, the first included.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "js", derive(tsify::Tsify), serde(rename_all = "camelCase"))]
#[serde(default)]
pub struct RetryConfig {
    pub strategy: Strategy,
    pub base_ms: u64,
    pub cap_ms: u64,
    pub max_attempts: u32,
    /// Give up rather than sleep past this many ms after the first send.
    pub deadline_ms: Option<u64>,
    /// The longest `retry-after` worth waiting for; beyond it, give up at once and say when a retry is allowed.
    pub max_wait_ms: u64,
    pub budget: BudgetConfig,
    pub overload: OverloadConfig,
}

impl Default for RetryConfig {
    fn default() -> Self {
        RetryConfig {
            strategy: Strategy::Triage,
            base_ms: 500,
            cap_ms: 30_000,
            max_attempts: 8,
            deadline_ms: None,
            max_wait_ms: 60_000,
            budget: BudgetConfig::default(),
            overload: OverloadConfig::default(),
        }
    }
}

/// `triage` only: a per-client token bucket. Retries spend tokens, successes earn a fraction back, so a client
/// whose dependency keeps failing stops multiplying its load (AWS retry quota, Finagle retry budget).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "js", derive(tsify::Tsify), serde(rename_all = "camelCase"))]
#[serde(default)]
pub struct BudgetConfig {
    /// Tokens when full (and at start).
    pub capacity: f64,
    /// Cost of one retry.
    pub retry_cost: f64,
    /// Cost of one retry after an overload (529): overloads are where extra load hurts most.
    pub overload_retry_cost: f64,
    /// Tokens earned back per success: 0.1 sustains retries on 10 % of requests.
    pub success_refill: f64,
    /// Tokens each new call brings (its first attempt, success or not), so a client's budget grows with its
    /// traffic: 50 calls at once through one shared client bring 10 retries' worth, while a client whose every
    /// call fails still spends down to one retry per five calls (tower's retry budget has the same shape).
    pub per_call: f64,
}

impl Default for BudgetConfig {
    fn default() -> Self {
        BudgetConfig {
            capacity: 100.0,
            retry_cost: 1.0,
            overload_retry_cost: 2.0,
            success_refill: 0.1,
            per_call: 0.2,
        }
    }
}

/// `triage` only: after `after_consecutive` overloads (529) in a row, back off from a slower base and allow fewer
/// attempts, until a success. The streak spans requests, so a client keeps its distance from an overloaded
/// server until it sees it answer. Defaults tuned with the simulator: entering the mode at the first 529 cut
/// calls the most without costing completion time (README table).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "js", derive(tsify::Tsify), serde(rename_all = "camelCase"))]
#[serde(default)]
pub struct OverloadConfig {
    pub after_consecutive: u32,
    pub base_ms: u64,
    pub max_attempts: u32,
}

impl Default for OverloadConfig {
    fn default() -> Self {
        OverloadConfig {
            after_consecutive: 1,
            base_ms: 1_500,
            max_attempts: 7,
        }
    }
}
