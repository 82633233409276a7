//! Before sending: how many input tokens a request will use, its worst-case output, and what it may cost, each as a
//! band (the tokenizer is not public, so nothing here is exact; `POST /v1/messages/count_tokens` is).
//!
//! Entry point: [`estimate`], a request body's text to an [`Estimate`]. It reads the body with the core's own JSON
//! parser, as validation does, and never fails on a body it can parse: parts it cannot size (an image by URL, a
//! PDF whose pages are hidden) widen the band and say so in `notes`.
//!
//! How each part is counted:
//! - text: the heuristic in [`text`], band −25 % / +30 %, and up to 1.35 × for the newer tokenizer;
//! - images: pixel size from the PNG/JPEG/GIF/WebP header in the base64 data, then width × height / 750 after the
//!   API's resize limits ([`image`]);
//! - PDFs: pages counted in the file where that is cheap ([`pdf`]), 1,000–4,600 tokens a page (text plus the page's
//!   image; the docs: about 1,500–3,000 text tokens a page, and each page is also an image);
//! - tools: the definitions' JSON by length, plus the tool-use system prompt the docs list per model
//!   ([`model_rules`]); Anthropic-defined tools (bash, web search, …) 50–1,000 tokens each;
//! - structure: 5 tokens a request and 4 a message (calibrated on the docs' "Hello, Claude" examples: 12 tokens
//!   for one message, 30 for three), and 0–45 when thinking is on (the docs' thinking example counts 88 where its
//!   text and structure give about 60).
//!
//! Output is `max_tokens`, the worst case, which is also what output-token rate limits count up front. Cost comes
//! from the price list in [`pricing`]: the low end assumes cache hits on every `cache_control` prefix and one output
//! token, the high end cache writes and all of `max_tokens`.

pub mod image;
pub mod model_rules;
pub mod pdf;
pub mod pricing;
pub mod text;
mod walk;

use crate::json::{self, Node};
use crate::usage::{balance_warnings, Warning};
use serde::{Deserialize, Serialize};

/// What the caller knows beyond the request.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "js", derive(tsify::Tsify), serde(rename_all = "camelCase"))]
#[serde(default)]
pub struct EstimateOptions {
    /// The account's remaining balance in USD, for the `balance_near` and `estimated_cost_exceeds_balance`
    /// warnings.
    pub balance_usd: Option<f64>,
    /// Priced as a Message Batches request (half price).
    pub batch: bool,
}

/// A token count as a band: `low ≤ estimate ≤ high`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "js", derive(tsify::Tsify))]
pub struct TokenBand {
    pub estimate: u64,
    pub low: u64,
    pub high: u64,
}

impl TokenBand {
    pub fn exact(n: u64) -> Self {
        TokenBand {
            estimate: n,
            low: n,
            high: n,
        }
    }

    /// A band around `estimate` by multipliers.
    pub fn around(estimate: f64, low: f64, high: f64) -> Self {
        TokenBand {
            estimate: estimate.round() as u64,
            low: (estimate * low).floor() as u64,
            high: (estimate * high).ceil() as u64,
        }
    }

    pub fn add(&mut self, other: TokenBand) {
        self.estimate += other.estimate;
        self.low += other.low;
        self.high += other.high;
    }

    pub fn contains(&self, n: u64) -> bool {
        self.low <= n && n <= self.high
    }
}

/// USD, from the best case to the worst.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "js", derive(tsify::Tsify))]
pub struct CostBand {
    pub low: f64,
    pub high: f64,
}

/// What a part of the request is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "js", derive(tsify::Tsify))]
pub enum PartKind {
    /// Message and system text, tool calls and results.
    Text,
    Images,
    Documents,
    /// Tool definitions.
    Tools,
    /// The hidden tool-use system prompt.
    ToolPrompt,
    /// Message framing and the thinking allowance.
    Structure,
}

/// One line of the breakdown.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "js", derive(tsify::Tsify))]
pub struct Part {
    pub kind: PartKind,
    pub tokens: TokenBand,
}

/// The estimate for one request. `input_tokens`, `max_output_tokens`, `cost_usd` and `warnings` are the CLI's
/// documented JSON.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "js", derive(tsify::Tsify), serde(rename_all = "camelCase"))]
pub struct Estimate {
    /// The request's `model`, as written.
    pub model: Option<String>,
    pub input_tokens: TokenBand,
    /// `max_tokens`: the most output the request can produce, and what output-token rate limits count up front.
    pub max_output_tokens: u64,
    /// `None` when the price list has no row for the model.
    pub cost_usd: Option<CostBand>,
    pub warnings: Vec<Warning>,
    /// Where the input tokens come from; parts with nothing in them are left out.
    pub parts: Vec<Part>,
    /// What could not be sized, in words (an image by URL, a PDF whose pages are hidden…).
    pub notes: Vec<String>,
}

/// A body that cannot be estimated because it is not a JSON object.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "js", derive(tsify::Tsify))]
pub struct EstimateError {
    pub message: String,
}

/// Estimates a request body given as text.
pub fn estimate(text: &str, options: &EstimateOptions) -> Result<Estimate, EstimateError> {
    let root = json::parse(text).map_err(|e| EstimateError {
        message: format!("The body is not valid JSON: {}", e.message),
    })?;
    if root.as_object().is_none() {
        return Err(EstimateError {
            message: format!("The body is {}, not a request object.", root.type_name()),
        });
    }
    Ok(estimate_node(&root, options))
}

/// Estimates a parsed request body.
pub fn estimate_node(root: &Node, options: &EstimateOptions) -> Estimate {
    let model = root.get("model").and_then(Node::as_str);
    let id = model.map(model_rules::canonical);
    let counted = walk::count(root, id);
    let input_tokens = counted.total();
    let max_output_tokens = root
        .get("max_tokens")
        .and_then(Node::as_number)
        .and_then(|n| n.as_i64())
        .and_then(|n| u64::try_from(n).ok())
        .unwrap_or(0);
    let cost_usd = model.and_then(pricing::find).map(|price| {
        let cached = counted.cached_prefix;
        let billed = |prompt: u64, cached: u64, write: bool, output: u64| {
            let cached = cached.min(prompt) as f64;
            let mut b = pricing::Billed {
                input: prompt as f64 - cached,
                output: output as f64,
                ..pricing::Billed::default()
            };
            match (write, counted.cache_ttl_1h) {
                (false, _) => b.cache_read = cached,
                (true, false) => b.cache_write_5m = cached,
                (true, true) => b.cache_write_1h = cached,
            }
            b
        };
        CostBand {
            low: price.cost(
                billed(input_tokens.low, cached.low, false, max_output_tokens.min(1)),
                options.batch,
            ),
            high: price.cost(
                billed(input_tokens.high, cached.high, true, max_output_tokens),
                options.batch,
            ),
        }
    });
    let warnings = match (cost_usd, options.balance_usd) {
        (Some(cost), Some(balance)) => balance_warnings(cost.high, balance),
        _ => Vec::new(),
    };
    let mut notes = counted.notes;
    if model.is_some() && cost_usd.is_none() {
        notes.push(format!(
            "The price list has no row for {}, so there is no cost estimate.",
            model.unwrap_or_default()
        ));
    }
    Estimate {
        model: model.map(str::to_string),
        input_tokens,
        max_output_tokens,
        cost_usd,
        warnings,
        parts: counted.parts,
        notes,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn est(body: &str) -> Estimate {
        estimate(body, &EstimateOptions::default()).expect("estimates")
    }

    #[test]
    fn the_docs_basic_examples_fall_in_the_band() {
        let e = est(
            r#"{"model": "claude-sonnet-4-5", "max_tokens": 1024, "messages": [{"role": "user", "content": "Hello, Claude"}]}"#,
        );
        assert_eq!(e.input_tokens.estimate, 12);
        assert!(e.input_tokens.contains(12));
        assert_eq!(e.max_output_tokens, 1024);
        let cost = e.cost_usd.expect("priced");
        assert!(cost.low < cost.high && cost.high > 1024.0 * 15.0 / 1e6);
    }

    #[test]
    fn bodies_that_are_not_requests_are_errors_not_panics() {
        assert!(estimate("{", &EstimateOptions::default()).is_err());
        assert!(estimate("[1]", &EstimateOptions::default()).is_err());
        let e = est(r#"{"messages": 5, "tools": "x", "system": 3}"#);
        assert_eq!(e.cost_usd, None);
        assert_eq!(e.max_output_tokens, 0);
    }

    #[test]
    fn balance_warnings_come_from_the_worst_case() {
        let body = r#"{"model": "claude-opus-4-1", "max_tokens": 32000, "messages": [{"role": "user", "content": "Hi"}]}"#;
        let options = EstimateOptions {
            balance_usd: Some(1.0),
            batch: false,
        };
        let e = estimate(body, &options).expect("estimates");
        assert_eq!(
            e.warnings[0].code,
            crate::usage::WarningCode::EstimatedCostExceedsBalance
        );
        let options = EstimateOptions {
            balance_usd: Some(20.0),
            batch: false,
        };
        let e = estimate(body, &options).expect("estimates");
        assert_eq!(e.warnings[0].code, crate::usage::WarningCode::BalanceNear);
    }

    #[test]
    fn cache_prefixes_make_the_best_case_cheaper() {
        let long = "word ".repeat(5000);
        let body = format!(
            r#"{{"model": "claude-sonnet-4-5", "max_tokens": 10, "system": [{{"type": "text", "text": "{long}", "cache_control": {{"type": "ephemeral", "ttl": "1h"}}}}], "messages": [{{"role": "user", "content": "Hi"}}]}}"#
        );
        let cached = est(&body).cost_usd.expect("priced");
        let plain = est(&body.replace(r#", "cache_control": {"type": "ephemeral", "ttl": "1h"}"#, ""))
            .cost_usd
            .expect("priced");
        assert!(cached.low < plain.low / 5.0);
        assert!(cached.high > plain.high * 1.5);
    }
}
