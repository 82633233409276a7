//! Whether and when to retry: `RetryPolicy::decide` turns one failure into a [`Decision`].

use super::backoff;
use super::budget::RetryBudget;
use super::config::{RetryConfig, Strategy};
use super::decision::{Decision, Reason};
use super::pacing::{pace, Pacing};
use super::rng::Rng;
use crate::response::{Cause, Explanation, Kind, RateLimits, RetrySource};
use serde::{Deserialize, Serialize};

/// What a policy remembers between decisions. Serialisable so a restored policy continues bit for bit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "js", derive(tsify::Tsify), serde(rename_all = "camelCase"))]
pub struct PolicyState {
    pub budget: RetryBudget,
    /// 529s in a row since the last success or other failure.
    pub consecutive_overloads: u32,
    pub rng: Rng,
    /// The last delay chosen for the current request (decorrelated jitter grows from it).
    pub last_delay_ms: u64,
}

/// A client's retry policy: the configuration and its running state.
// In TypeScript this is the snapshot (`toJSON`) of the wasm `RetryPolicy` class, which takes the plain name.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "js",
    derive(tsify::Tsify),
    tsify(rename = "RetryPolicySnapshot"),
    serde(rename_all = "camelCase")
)]
pub struct RetryPolicy {
    pub config: RetryConfig,
    pub state: PolicyState,
}

/// The failure families the schedule treats differently.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Family {
    /// 529 / `overloaded_error`: the server as a whole is short of capacity.
    Overload,
    /// Everything else that may be retried: 429, 5xx, timeouts, network errors, conflicts.
    Transient,
}

impl Family {
    /// A 529, or an `overloaded_error` however it arrived (inside a stream that began with 200, too).
    fn of(explanation: &Explanation) -> Family {
        let overloaded = explanation.status == Some(529)
            || explanation.kind == Kind::OverloadedError
            || explanation.cause == Cause::Overloaded;
        if overloaded {
            Family::Overload
        } else {
            Family::Transient
        }
    }
}

impl RetryPolicy {
    pub fn new(config: RetryConfig, seed: u64) -> Self {
        let state = PolicyState {
            budget: RetryBudget::full(&config.budget),
            consecutive_overloads: 0,
            rng: Rng::new(seed),
            last_delay_ms: 0,
        };
        RetryPolicy { config, state }
    }

    /// Decides after a failed attempt. `attempt` is how many attempts have been made so far (1 after the first
    /// failure), `elapsed_ms` the time since the first send, and `output_delivered` whether a failed stream
    /// already showed output to the user.
    pub fn decide(
        &mut self,
        explanation: &Explanation,
        attempt: u32,
        elapsed_ms: u64,
        output_delivered: bool,
    ) -> Decision {
        let attempt = attempt.max(1);
        if attempt == 1 {
            self.state.last_delay_ms = 0;
        }
        let family = Family::of(explanation);
        self.state.consecutive_overloads = match family {
            Family::Overload => self.state.consecutive_overloads.saturating_add(1),
            Family::Transient => 0,
        };
        match self.gate(explanation, family, attempt, elapsed_ms, output_delivered) {
            Err((reason, retry_at_ms)) => self.give_up(attempt, reason, retry_at_ms),
            Ok(()) => self.schedule_retry(explanation, family, attempt, elapsed_ms),
        }
    }

    /// A new call (before its first send): it brings its share of the retry budget.
    pub fn record_call(&mut self) {
        if self.is_triage() {
            self.state.budget.deposit_call(&self.config.budget);
        }
    }

    /// A success: the overload streak ends and the budget earns a little back.
    pub fn record_success(&mut self) {
        self.state.consecutive_overloads = 0;
        self.state.last_delay_ms = 0;
        self.state.budget.refill(&self.config.budget);
    }

    /// How long to wait before the next send, from `anthropic-ratelimit-*` remaining/reset; `now_ms` is epoch ms.
    pub fn pace(&self, limits: &RateLimits, now_ms: i64) -> Pacing {
        pace(limits, now_ms)
    }

    /// `adaptive` decides as `triage` does; the window around it is the caller's (see [`crate::retry::Admission`]).
    fn is_triage(&self) -> bool {
        matches!(self.config.strategy, Strategy::Triage | Strategy::Adaptive)
    }

    fn overload_mode(&self) -> bool {
        self.is_triage() && self.state.consecutive_overloads >= self.config.overload.after_consecutive.max(1)
    }

    /// The reasons to give up that need no delay: checked before any random number is drawn.
    fn gate(
        &self,
        explanation: &Explanation,
        family: Family,
        attempt: u32,
        elapsed_ms: u64,
        output_delivered: bool,
    ) -> Result<(), (Reason, Option<u64>)> {
        if self.config.strategy == Strategy::None {
            return Err((Reason::RetriesDisabled, None));
        }
        if !explanation.retry.retryable {
            return Err(match explanation.retry.source {
                RetrySource::XShouldRetry => (Reason::ShouldRetryFalse, None),
                _ => (Reason::NotRetryable, None),
            });
        }
        if explanation.kind == Kind::StreamError && output_delivered {
            return Err((Reason::StreamOutputDelivered, None));
        }
        let mut max_attempts = self.config.max_attempts;
        if family == Family::Overload && self.overload_mode() {
            max_attempts = max_attempts.min(self.config.overload.max_attempts);
        }
        if attempt >= max_attempts {
            return Err((Reason::AttemptsExhausted, None));
        }
        if let Some(after_ms) = explanation.retry.after_ms {
            if after_ms > self.config.max_wait_ms {
                return Err((
                    Reason::RetryAfterExceedsMaxWait,
                    Some(elapsed_ms.saturating_add(after_ms)),
                ));
            }
        }
        Ok(())
    }

    fn schedule_retry(
        &mut self,
        explanation: &Explanation,
        family: Family,
        attempt: u32,
        elapsed_ms: u64,
    ) -> Decision {
        let (delay_ms, reason) = match self.config.strategy {
            Strategy::Triage | Strategy::Adaptive => {
                self.triage_delay(family, attempt, explanation.retry.after_ms)
            }
            _ => self.textbook_delay(attempt, explanation.retry.after_ms),
        };
        let retry_at_ms = elapsed_ms.saturating_add(delay_ms);
        if self
            .config
            .deadline_ms
            .is_some_and(|deadline| retry_at_ms > deadline)
        {
            let allowed_at = explanation
                .retry
                .after_ms
                .map(|after| elapsed_ms.saturating_add(after));
            return self.give_up(attempt, Reason::DeadlineExceeded, allowed_at);
        }
        if self.is_triage() {
            let budget = &self.config.budget;
            let cost = match family {
                Family::Overload => budget.overload_retry_cost,
                Family::Transient => budget.retry_cost,
            };
            if !self.state.budget.try_spend(cost) {
                return self.give_up(attempt, Reason::BudgetExhausted, None);
            }
        }
        self.state.last_delay_ms = delay_ms;
        Decision {
            attempt,
            retry: true,
            delay_ms,
            reason,
            budget_left: self.state.budget.tokens,
            retry_at_ms: Some(retry_at_ms),
        }
    }

    /// The textbook formulas; `retry-after`, when longer, is honoured exactly, as the official SDKs do.
    fn textbook_delay(&mut self, attempt: u32, after_ms: Option<u64>) -> (u64, Reason) {
        let RetryConfig { base_ms, cap_ms, .. } = self.config;
        let rng = &mut self.state.rng;
        let backoff_ms = match self.config.strategy {
            Strategy::Exponential => backoff::exponential(base_ms, cap_ms, attempt),
            Strategy::FullJitter => backoff::full_jitter(rng, base_ms, cap_ms, attempt),
            Strategy::EqualJitter => backoff::equal_jitter(rng, base_ms, cap_ms, attempt),
            Strategy::DecorrelatedJitter => {
                backoff::decorrelated_jitter(rng, base_ms, cap_ms, self.state.last_delay_ms)
            }
            // `none` gives up before any delay is drawn and `triage` has its own; they share the constant arm.
            Strategy::None | Strategy::Constant | Strategy::Triage | Strategy::Adaptive => {
                base_ms.min(cap_ms)
            }
        };
        match after_ms {
            Some(after_ms) if after_ms >= backoff_ms => (after_ms, Reason::RetryAfter),
            _ => (backoff_ms, Reason::Backoff),
        }
    }

    /// Full jitter on capped exponential, from the slower overload base after consecutive 529s. With a
    /// `retry-after`, the same jitter goes above it instead (at least a tenth of it), so clients told the same
    /// time spread out, and spread further the more often they have been turned away.
    ///
    /// An overload wait never drops below a quarter of its ceiling: full jitter from zero sent some 529s back
    /// within milliseconds, a tight loop on a server that just said it is full. Over seeds 1–10 of the overload
    /// model the floor cut calls (338 → 320), p99 (20.2 s → 18.7 s) and the time to the last success, with p50
    /// unchanged, and did the same at `--service-ms 300` and at `--capacity 20 --rpm 600`; a floor of half the
    /// ceiling (equal jitter) cut calls too but made p50 18 % slower. Other failures (409, 500, network) keep
    /// full jitter: no model here measures them.
    fn triage_delay(&mut self, family: Family, attempt: u32, after_ms: Option<u64>) -> (u64, Reason) {
        let overloaded = family == Family::Overload && self.overload_mode();
        let base_ms = if overloaded {
            self.config.overload.base_ms
        } else {
            self.config.base_ms
        };
        let ceiling = backoff::exponential(base_ms, self.config.cap_ms, attempt);
        let rng = &mut self.state.rng;
        match after_ms {
            Some(after_ms) => {
                let spread = rng.between(0, ceiling.max(after_ms / 10));
                (after_ms.saturating_add(spread), Reason::RetryAfter)
            }
            None if overloaded => (rng.between(ceiling / 4, ceiling), Reason::OverloadBackoff),
            None => (rng.between(0, ceiling), Reason::Backoff),
        }
    }

    fn give_up(&self, attempt: u32, reason: Reason, retry_at_ms: Option<u64>) -> Decision {
        Decision {
            attempt,
            retry: false,
            delay_ms: 0,
            reason,
            budget_left: self.state.budget.tokens,
            retry_at_ms,
        }
    }
}
