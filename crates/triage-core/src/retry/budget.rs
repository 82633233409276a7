//! The retry budget's token bucket. Only spends when it can pay, so the balance never goes negative.

use super::config::BudgetConfig;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "js", derive(tsify::Tsify), serde(rename_all = "camelCase"))]
pub struct RetryBudget {
    pub tokens: f64,
}

impl RetryBudget {
    pub fn full(config: &BudgetConfig) -> Self {
        RetryBudget {
            tokens: sane(config.capacity),
        }
    }

    /// Spends `cost` if the balance covers it; returns whether it did.
    pub fn try_spend(&mut self, cost: f64) -> bool {
        let cost = sane(cost);
        if self.tokens >= cost {
            self.tokens -= cost;
            true
        } else {
            false
        }
    }

    pub fn refill(&mut self, config: &BudgetConfig) {
        self.deposit(config.success_refill, config);
    }

    /// A new call's share: the budget scales with traffic, up to its capacity.
    pub fn deposit_call(&mut self, config: &BudgetConfig) {
        self.deposit(config.per_call, config);
    }

    fn deposit(&mut self, tokens: f64, config: &BudgetConfig) {
        self.tokens = (self.tokens + sane(tokens)).min(sane(config.capacity));
    }
}

/// Budget numbers come from callers (JSON, JavaScript): NaN, infinities and negatives count as zero.
fn sane(value: f64) -> f64 {
    if value.is_finite() && value > 0.0 {
        value
    } else {
        0.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spends_only_what_it_has_and_refills_up_to_capacity() {
        let config = BudgetConfig {
            capacity: 2.0,
            retry_cost: 1.0,
            overload_retry_cost: 2.0,
            success_refill: 0.5,
            per_call: 0.25,
        };
        let mut budget = RetryBudget::full(&config);
        assert!(budget.try_spend(1.5));
        assert!(!budget.try_spend(1.0));
        assert_eq!(budget.tokens, 0.5);
        for _ in 0..10 {
            budget.refill(&config);
        }
        assert_eq!(budget.tokens, 2.0);
    }
}
