//! The price list, as data: USD per million tokens for each model the catalogue knows and the pricing page lists.
//! A model without a row has no cost estimate (never a guessed one).

use serde::{Deserialize, Serialize};

/// When and from where the table was taken.
pub const PRICING_SOURCE: &str = "2026-12-02: platform.claude.com/docs/en/about-claude/pricing (model table, \
     batch processing, long context pricing, prompt caching multipliers) and the per-model overview pages \
     (models/<name>/overview), read from stored copies; Claude Sonnet 5.5's cache-read price as cut on \
     2026-10-07 (0.05x base input); Claude Fable 5.2 (released 2026-11-09) from its announcement's list price \
     as resellers quote it; Claude Mythos 5.2 assumed equal to Fable 5.2, as Mythos 5 and 5.1 equal their \
     Fable versions";

/// The Batch API's discount on input and output: "50% discount on both input and output tokens".
pub const BATCH_DISCOUNT: f64 = 0.5;

/// One model's prices, USD per million tokens.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "js", derive(tsify::Tsify), serde(rename_all = "camelCase"))]
pub struct Price {
    pub input: f64,
    pub output: f64,
    /// Cache writes with the default 5-minute lifetime (1.25 × input on most models).
    pub cache_write_5m: f64,
    /// Cache writes with `"ttl": "1h"` (2 × input).
    pub cache_write_1h: f64,
    /// Cache hits and refreshes (0.1 × input on most models).
    pub cache_read: f64,
    /// A higher rate for long prompts, where the model has one.
    pub long_context: Option<LongContext>,
}

/// "Requests whose prompt exceeds `threshold_tokens` are billed at higher rates", on every token of the request.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "js", derive(tsify::Tsify), serde(rename_all = "camelCase"))]
pub struct LongContext {
    /// Input tokens, counting cache reads and writes.
    pub threshold_tokens: u64,
    pub input_multiplier: f64,
    pub output_multiplier: f64,
}

const fn price(input: f64, output: f64, cache_write_5m: f64, cache_write_1h: f64, cache_read: f64) -> Price {
    Price {
        input,
        output,
        cache_write_5m,
        cache_write_1h,
        cache_read,
        long_context: None,
    }
}

/// Sonnet 4 and 4.5 with the 1M-token context: above 200K input tokens, input ×2 and output ×1.5 ($6 / $22.50).
const SONNET_4_LONG: LongContext = LongContext {
    threshold_tokens: 200_000,
    input_multiplier: 2.0,
    output_multiplier: 1.5,
};

/// Haiku 5.5 above 100K prompt tokens: $0.50 / $2.50 instead of $0.10 / $0.50, caches likewise (×5).
const HAIKU_5_5_LONG: LongContext = LongContext {
    threshold_tokens: 100_000,
    input_multiplier: 5.0,
    output_multiplier: 5.0,
};

const OPUS_45: Price = price(5.0, 25.0, 6.25, 10.0, 0.50);
const OPUS_4: Price = price(15.0, 75.0, 18.75, 30.0, 1.50);
const SONNET: Price = price(3.0, 15.0, 3.75, 6.0, 0.30);
const FABLE_5_2: Price = price(8.0, 40.0, 10.0, 16.0, 0.20);
const FABLE_5_1: Price = price(10.0, 50.0, 12.5, 20.0, 0.25);
const FABLE_5: Price = price(10.0, 50.0, 12.5, 20.0, 1.00);

/// Rows by the catalogue's canonical id (see `models.rs`).
pub static PRICES: &[(&str, Price)] = &[
    ("claude-fable-5-2", FABLE_5_2),
    ("claude-fable-5-1", FABLE_5_1),
    ("claude-fable-5", FABLE_5),
    ("claude-mythos-5-2", FABLE_5_2),
    ("claude-mythos-5-1", FABLE_5_1),
    ("claude-mythos-5", FABLE_5),
    ("claude-opus-5-5", price(4.0, 20.0, 5.0, 8.0, 0.20)),
    ("claude-opus-5", OPUS_45),
    ("claude-sonnet-5-5", price(2.0, 10.0, 2.5, 4.0, 0.10)),
    ("claude-sonnet-5", price(2.0, 10.0, 2.5, 4.0, 0.20)),
    (
        "claude-haiku-5-5",
        Price {
            long_context: Some(HAIKU_5_5_LONG),
            ..price(0.10, 0.50, 0.125, 0.20, 0.01)
        },
    ),
    ("claude-opus-4-8", OPUS_45),
    ("claude-opus-4-7", OPUS_45),
    ("claude-opus-4-6", OPUS_45),
    ("claude-opus-4-5", OPUS_45),
    ("claude-sonnet-4-6", SONNET),
    (
        "claude-sonnet-4-5",
        Price {
            long_context: Some(SONNET_4_LONG),
            ..SONNET
        },
    ),
    (
        "claude-sonnet-4-0",
        Price {
            long_context: Some(SONNET_4_LONG),
            ..SONNET
        },
    ),
    ("claude-haiku-4-5", price(1.0, 5.0, 1.25, 2.0, 0.10)),
    ("claude-opus-4-1", OPUS_4),
    ("claude-opus-4-0", OPUS_4),
    ("claude-3-7-sonnet-latest", SONNET),
    ("claude-3-5-sonnet-latest", SONNET),
    ("claude-3-5-haiku-latest", price(0.80, 4.0, 1.0, 1.6, 0.08)),
    ("claude-3-opus-latest", OPUS_4),
    ("claude-3-haiku-20240307", price(0.25, 1.25, 0.30, 0.50, 0.03)),
];

/// The prices of `model` (any name the catalogue resolves).
pub fn find(model: &str) -> Option<&'static Price> {
    let id = super::model_rules::canonical(model);
    PRICES.iter().find(|(m, _)| *m == id).map(|(_, p)| p)
}

/// Tokens of one request, by how they are billed.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Billed {
    pub input: f64,
    pub cache_write_5m: f64,
    pub cache_write_1h: f64,
    pub cache_read: f64,
    pub output: f64,
}

impl Price {
    /// The cost in USD of one request's tokens, with the long-context rate when the prompt is over its threshold
    /// and the batch discount when `batch`.
    pub fn cost(&self, t: Billed, batch: bool) -> f64 {
        let prompt = t.input + t.cache_write_5m + t.cache_write_1h + t.cache_read;
        let (in_x, out_x) = match self.long_context {
            Some(l) if prompt > l.threshold_tokens as f64 => (l.input_multiplier, l.output_multiplier),
            _ => (1.0, 1.0),
        };
        let discount = if batch { BATCH_DISCOUNT } else { 1.0 };
        let input = t.input * self.input
            + t.cache_write_5m * self.cache_write_5m
            + t.cache_write_1h * self.cache_write_1h
            + t.cache_read * self.cache_read;
        (input * in_x + t.output * self.output * out_x) * discount / 1_000_000.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::models;

    #[test]
    fn every_row_is_a_catalogue_id_and_the_multipliers_hold() {
        for (id, p) in PRICES {
            assert!(models::find(id).is_some_and(|m| m.id == *id), "{id}");
            assert!(
                p.cache_read < p.input && p.input < p.cache_write_5m && p.cache_write_5m < p.cache_write_1h
            );
            assert!((p.cache_write_1h - 2.0 * p.input).abs() < 1e-9, "{id}");
        }
        assert_eq!(find("claude-sonnet-4-5-20250929").map(|p| p.input), Some(3.0));
        assert!(find("gpt-4o").is_none());
    }

    #[test]
    fn long_context_and_batch_rates_apply() {
        let p = find("claude-sonnet-4-5").copied().unwrap_or(SONNET);
        let short = Billed {
            input: 100_000.0,
            output: 1_000.0,
            ..Billed::default()
        };
        assert!((p.cost(short, false) - (0.3 + 0.015)).abs() < 1e-9);
        assert!((p.cost(short, true) - (0.3 + 0.015) / 2.0).abs() < 1e-9);
        let long = Billed {
            input: 300_000.0,
            ..short
        };
        assert!((p.cost(long, false) - (1.8 + 0.0225)).abs() < 1e-9);
    }
}
