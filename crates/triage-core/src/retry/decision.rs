//! The record of one retry decision: what the playground draws and what a user can replay.

use crate::names::named_enum;
use serde::{Deserialize, Serialize};

named_enum! {
    /// Why the policy retried or gave up. Codes are public API (snake_case).
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[cfg_attr(feature = "js", derive(tsify::Tsify))]
    pub enum Reason {
        /// Retry after the strategy's backoff.
        Backoff = "backoff",
        /// Retry after the slower overload backoff (`triage`, consecutive 529s).
        OverloadBackoff = "overload_backoff",
        /// Retry once the server's `retry-after` has passed.
        RetryAfter = "retry_after",
        /// The strategy is `none`.
        RetriesDisabled = "retries_disabled",
        /// The error is not retryable (ERRORS.md table).
        NotRetryable = "not_retryable",
        /// The server sent `x-should-retry: false`.
        ShouldRetryFalse = "should_retry_false",
        /// A stream failed after output reached the user: re-sending would duplicate it.
        StreamOutputDelivered = "stream_output_delivered",
        AttemptsExhausted = "attempts_exhausted",
        /// The next send would start after the caller's deadline.
        DeadlineExceeded = "deadline_exceeded",
        /// The server asks for a longer wait than the caller accepts; `retry_at_ms` says when it allows a
        /// retry.
        RetryAfterExceedsMaxWait = "retry_after_exceeds_max_wait",
        /// The client's retry budget cannot pay for another retry.
        BudgetExhausted = "budget_exhausted",
    }
}

/// One decision after a failed attempt.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "js", derive(tsify::Tsify), serde(rename_all = "camelCase"))]
pub struct Decision {
    /// Attempts made so far (1 after the first failure).
    pub attempt: u32,
    pub retry: bool,
    /// How long to wait before the next send; 0 when giving up.
    pub delay_ms: u64,
    pub reason: Reason,
    /// Retry-budget tokens left after this decision.
    pub budget_left: f64,
    /// When the next send happens (retry) or is first allowed by the server (give up), in ms after the first
    /// send. `None` when giving up with no such time.
    pub retry_at_ms: Option<u64>,
}
