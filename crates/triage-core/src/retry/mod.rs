//! Whether to retry (policy), when (backoff strategies, `retry-after`), how much (budget), and how fast to send
//! (pacing). Pure and seeded: the same explanation, attempt, time and seed give the same decision on every
//! platform.

mod admission;
mod backoff;
mod budget;
mod config;
mod decision;
pub mod fleet;
mod pacing;
mod policy;
mod rng;
mod schedule;

pub use admission::{Admission, AdmissionConfig, AdmissionView, Outcome, Permit, Poll, Refusal, Ticket};
pub use budget::RetryBudget;
pub use config::{BudgetConfig, OverloadConfig, RetryConfig, Strategy};
pub use decision::{Decision, Reason};
pub use pacing::{pace, LimitWindow, Pacing, PacingReason};
pub use policy::{PolicyState, RetryPolicy};
pub use rng::Rng;
pub use schedule::{schedule, MAX_TIMELINE};
