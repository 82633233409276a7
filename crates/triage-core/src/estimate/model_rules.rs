//! What an estimate needs to know about a model beyond the catalogue: which tokenizer it counts with, how large an
//! image it reads, and how many tokens the hidden tool-use system prompt adds. Data, looked up by the catalogue's
//! canonical id (so aliases and dated snapshots resolve), with a rule for ids the tables do not list.

use super::image::{Limits, LIMITS_CLASSIC, LIMITS_HIGH_RES};
use crate::models;

/// Ids (or id prefixes) of the models that use the tokenizer introduced with Claude Opus 4.7 and read images up to
/// 2576 px: "Claude Fable 5.1, Claude Mythos 5.1, Claude Fable 5 and Claude Mythos 5 share the tokenizer
/// introduced with Claude Opus 4.7" (token-counting docs), and the Claude 5 family's pages say the same of their
/// tokenizer.
const NEW_TOKENIZER: &[&str] = &[
    "claude-opus-4-7",
    "claude-opus-4-8",
    "claude-opus-5",
    "claude-sonnet-5",
    "claude-haiku-5",
    "claude-fable-",
    "claude-mythos-",
];

/// The tool-use system prompt the API adds when `tools` is not empty, per the tool-use pricing docs' table:
/// (id prefix, tokens with `tool_choice` auto or none, tokens with any or tool). Claude 3 rows are the docs'; every
/// later model uses the Claude 4.x row (346 / 313), which the docs give for Claude 3.7 through 4.x and which
/// newer models are assumed to keep.
const TOOL_PROMPT: &[(&str, u64, u64)] = &[
    ("claude-3-opus", 530, 281),
    ("claude-3-sonnet", 159, 235),
    ("claude-3-haiku", 264, 340),
    ("claude-3-5-haiku", 264, 340),
];
const TOOL_PROMPT_DEFAULT: (u64, u64) = (346, 313);

/// Real pairs show forced tool use (`any`, `tool`) costing more than the table says: the tool_choice cookbook's
/// Claude 3 Sonnet requests cost 98 tokens more forced than auto, against the table's 76. The high end allows this
/// much more.
pub const FORCED_TOOL_SLACK: u64 = 40;

/// Characters of tool-definition JSON per token. The API renders definitions its own way, so this is calibrated on
/// public pairs: the token-counting docs' `get_weather` request (403 tokens, 242 characters of definition) gives
/// about 6 for Claude 3.7 and later; the tool_choice cookbook's Claude 3 Sonnet requests give about 3.2.
pub fn tool_chars_per_token(model: Option<&str>) -> f64 {
    match model {
        Some(id) if id.starts_with("claude-3-") && !id.starts_with("claude-3-7") => 3.2,
        _ => 5.0,
    }
}

/// The catalogue's canonical id for `name`, or `name` itself when the catalogue does not know it.
pub fn canonical(name: &str) -> &str {
    models::find(name).map_or(name, |m| m.id)
}

/// Whether `model` counts with the newer tokenizer. Unknown models are assumed to be new (the band covers both).
pub fn new_tokenizer(model: Option<&str>) -> bool {
    match model {
        Some(id) => NEW_TOKENIZER.iter().any(|p| id.starts_with(p)) || models::find(id).is_none(),
        None => true,
    }
}

pub fn image_limits(model: Option<&str>) -> Limits {
    if model.is_some_and(|id| NEW_TOKENIZER.iter().any(|p| id.starts_with(p))) {
        LIMITS_HIGH_RES
    } else {
        LIMITS_CLASSIC
    }
}

/// The tool-use system prompt for `model` with `forced` (`any` or `tool`) tool choice.
pub fn tool_prompt(model: Option<&str>, forced: bool) -> u64 {
    let (auto, any) = model
        .and_then(|id| TOOL_PROMPT.iter().find(|(p, _, _)| id.starts_with(p)))
        .map_or(TOOL_PROMPT_DEFAULT, |&(_, auto, any)| (auto, any));
    if forced {
        any
    } else {
        auto
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_follow_the_catalogue() {
        assert_eq!(canonical("claude-sonnet-4-5-20250929"), "claude-sonnet-4-5");
        assert!(new_tokenizer(Some("claude-opus-4-7")));
        assert!(new_tokenizer(Some("claude-sonnet-5-5")));
        assert!(!new_tokenizer(Some("claude-sonnet-4-5")));
        assert_eq!(tool_prompt(Some("claude-3-sonnet-20240229"), false), 159);
        assert_eq!(tool_prompt(Some("claude-sonnet-4-5"), true), 313);
        assert_eq!(image_limits(Some("claude-opus-4-7")), LIMITS_HIGH_RES);
        assert_eq!(image_limits(Some("claude-haiku-4-5")), LIMITS_CLASSIC);
    }
}
