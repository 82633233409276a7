//! Per-policy outcome of a run: the row of the comparison table.

use crate::retry::Strategy;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "js", derive(tsify::Tsify), serde(rename_all = "camelCase"))]
pub struct SimResult {
    pub policy: Strategy,
    /// Share of clients that got their success.
    pub success_rate: f64,
    /// Every request sent.
    pub calls: u64,
    /// Requests that failed (and so did no useful work).
    pub wasted_calls: u64,
    /// Time from a client's first send to its success, over the clients that succeeded (simulated ms; 0 when
    /// none did).
    pub completion_ms_p50: u64,
    pub completion_ms_p99: u64,
    /// When the last success arrived, from the start of the run (simulated ms).
    pub wall_ms: u64,
}

/// Counts gathered while a model runs.
#[derive(Debug, Default)]
pub struct Tally {
    pub calls: u64,
    pub wasted_calls: u64,
    completions_us: Vec<u64>,
    last_success_us: u64,
}

impl Tally {
    /// A success at `now_us`, `after_us` after its call's first send.
    pub fn completed(&mut self, now_us: u64, after_us: u64) {
        self.completions_us.push(after_us);
        self.last_success_us = self.last_success_us.max(now_us);
    }

    pub fn finish(mut self, policy: Strategy, clients: u32) -> SimResult {
        crate::sort::by_key(&mut self.completions_us, |&us| us);
        let succeeded = self.completions_us.len();
        SimResult {
            policy,
            success_rate: if clients == 0 {
                0.0
            } else {
                succeeded as f64 / f64::from(clients)
            },
            calls: self.calls,
            wasted_calls: self.wasted_calls,
            completion_ms_p50: percentile_ms(&self.completions_us, 50),
            completion_ms_p99: percentile_ms(&self.completions_us, 99),
            wall_ms: (self.last_success_us + 500) / 1000,
        }
    }
}

/// Nearest-rank percentile of sorted µs values, in whole ms (rounded).
fn percentile_ms(sorted_us: &[u64], percent: usize) -> u64 {
    if sorted_us.is_empty() {
        return 0;
    }
    let rank = (sorted_us.len() * percent).div_ceil(100).max(1);
    sorted_us.get(rank - 1).map_or(0, |us| (us + 500) / 1000)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_rank_percentiles() {
        let values: Vec<u64> = (1..=100).map(|ms| ms * 1000).collect();
        assert_eq!(percentile_ms(&values, 50), 50);
        assert_eq!(percentile_ms(&values, 99), 99);
        assert_eq!(percentile_ms(&[7_400], 99), 7);
        assert_eq!(percentile_ms(&[], 50), 0);
    }
}
