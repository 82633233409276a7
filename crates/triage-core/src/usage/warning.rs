//! Warnings before the 402 and the 429: each a stable code (the public API, like diagnostics' and causes'), with a
//! sentence for people.

use crate::names::named_enum;
use serde::{Deserialize, Serialize};

named_enum! {
    /// What a usage snapshot or an estimate warns about before a request is sent.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[cfg_attr(feature = "js", derive(tsify::Tsify))]
    pub enum WarningCode {
        /// The requests-per-minute window is nearly used up: under 10 % of the limit remains, or at the observed
        /// pace it runs out before it resets. The next requests may get 429 rate_limit_error; slow down (or let
        /// `createFetch({pace: true})` do it) until the window's reset.
        RateLimitNear = "rate_limit_near",
        /// A token window (input, output, combined, Priority Tier or fast mode) is nearly used up, or the next
        /// request would not fit in it: under 10 % of the limit remains, at the observed pace it runs out before it
        /// resets, or the request's estimated input tokens (or its `max_tokens`, which output limits count up
        /// front) exceed what remains. Wait for the reset, lower `max_tokens`, or cache the long prefix (cache
        /// reads mostly do not count toward input tokens per minute).
        TokensLimitNear = "tokens_limit_near",
        /// The balance you gave would pay for fewer than 10 more requests like this one (or like the average so
        /// far). Top up, or lower `max_tokens`, before requests start failing with 402 billing_error or "credit
        /// balance is too low".
        BalanceNear = "balance_near",
        /// This request's worst-case cost (its estimated input plus `max_tokens` of output, at the model's list
        /// price) is more than the balance you gave: the API or a reseller may refuse it with 402. Lower
        /// `max_tokens`, shorten the prompt, or top up first.
        EstimatedCostExceedsBalance = "estimated_cost_exceeds_balance",
    }
}

/// One warning: its code and what it means here.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "js", derive(tsify::Tsify), serde(rename_all = "camelCase"))]
pub struct Warning {
    pub code: WarningCode,
    pub message: String,
}

impl Warning {
    pub fn new(code: WarningCode, message: impl Into<String>) -> Self {
        Warning {
            code,
            message: message.into(),
        }
    }
}

/// How many more requests a balance must cover before `balance_near` stays quiet.
pub const BALANCE_NEAR_REQUESTS: f64 = 10.0;

/// The balance warnings for a request costing at most `worst_usd` against `balance_usd`.
pub fn balance_warnings(worst_usd: f64, balance_usd: f64) -> Vec<Warning> {
    if worst_usd > balance_usd {
        vec![Warning::new(
            WarningCode::EstimatedCostExceedsBalance,
            format!(
                "This request may cost up to ${}, more than the balance of ${}.",
                usd(worst_usd),
                usd(balance_usd)
            ),
        )]
    } else if worst_usd * BALANCE_NEAR_REQUESTS > balance_usd {
        vec![Warning::new(
            WarningCode::BalanceNear,
            format!(
                "The balance of ${} pays for about {} more requests like this one (up to ${} each).",
                usd(balance_usd),
                (balance_usd / worst_usd).floor(),
                usd(worst_usd)
            ),
        )]
    } else {
        Vec::new()
    }
}

/// Dollars as people write small amounts: `0.0042`, `1.25`, `12`. Two decimals from a dollar up, two
/// significant digits below; written with integers so float formatting stays out of the wasm build.
pub fn usd(amount: f64) -> String {
    if !amount.is_finite() || amount <= 0.0 {
        return "0".into();
    }
    let mut digits = 2u32;
    while digits < 8 && amount * 10f64.powi(digits as i32) < 10.0 {
        digits += 1;
    }
    let scale = 10u64.pow(digits);
    let scaled = (amount * scale as f64).round() as u64;
    let (whole, fraction) = (scaled / scale, scaled % scale);
    if fraction == 0 {
        return whole.to_string();
    }
    let fraction = format!("{fraction:0width$}", width = digits as usize);
    format!("{whole}.{}", fraction.trim_end_matches('0'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn balance_warnings_by_margin() {
        assert_eq!(balance_warnings(0.01, 5.0), vec![]);
        assert_eq!(balance_warnings(1.0, 5.0)[0].code, WarningCode::BalanceNear);
        assert_eq!(
            balance_warnings(6.0, 5.0)[0].code,
            WarningCode::EstimatedCostExceedsBalance
        );
    }

    #[test]
    fn dollars_read_naturally() {
        assert_eq!(usd(0.0), "0");
        assert_eq!(usd(0.004213), "0.0042");
        assert_eq!(usd(1.254), "1.25");
        assert_eq!(usd(12.0), "12");
        assert_eq!(usd(0.25), "0.25");
    }
}
