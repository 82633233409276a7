//! Usage, limits and cost, before the 402 and the 429: fold each response (its `usage` block and its limit
//! headers) into one [`UsageSnapshot`], then ask it for a [`UsageReport`] at the current time: totals, cost so far,
//! each window's remaining/limit/reset, the observed pace and a projection ("at this pace the input-tokens limit
//! runs out in 12 s, before its reset in 40 s"), warnings as codes, and how long to hold the next send.
//!
//! Pure: the caller passes the time. The API's counting rules (ERRORS.md) are applied where the pace is measured:
//! output-token limits count `max_tokens` up front, input-token limits count cache writes but not cache reads, and
//! `remaining` is taken as sent (the API rounds token counts to the nearest thousand).
//!
//! For a page: keep one `UsageSnapshot` (it is plain serde data), call [`UsageSnapshot::observe`] with each
//! response, and render [`UsageSnapshot::report`] on every tick; [`UsageSnapshot::preflight`] adds the warnings for
//! an [`crate::estimate::Estimate`] of the request about to be sent.

mod block;
mod limits;
mod snapshot;
mod warning;

pub use block::{from_body as usage_from_body, UsageBlock};
pub use limits::{Dimension, OtherLimit};
pub use snapshot::{Observation, Spend, UsageReport, UsageSnapshot, Window, WindowReport, HORIZON_MS};
pub use warning::{balance_warnings, usd, Warning, WarningCode};
