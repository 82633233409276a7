//! The timeline of one failure repeated: what the CLI prints and the playground draws.

use super::config::RetryConfig;
use super::decision::Decision;
use super::policy::RetryPolicy;
use crate::response::Explanation;

/// The most decisions one timeline shows.
pub const MAX_TIMELINE: u32 = 1_000;

/// Decisions for up to `attempts` consecutive failures like `explanation`, from a fresh policy, assuming each
/// retry fails again the moment it is sent. Stops at the first decision that gives up.
pub fn schedule(explanation: &Explanation, config: &RetryConfig, seed: u64, attempts: u32) -> Vec<Decision> {
    let mut policy = RetryPolicy::new(config.clone(), seed);
    let mut decisions = Vec::new();
    let mut elapsed_ms = 0u64;
    for attempt in 1..=attempts.min(MAX_TIMELINE) {
        let decision = policy.decide(explanation, attempt, elapsed_ms, false);
        elapsed_ms = elapsed_ms.saturating_add(decision.delay_ms);
        let retry = decision.retry;
        decisions.push(decision);
        if !retry {
            break;
        }
    }
    decisions
}
