//! The model catalog: data, not code.
//!
//! Limits change with every release, so an unknown model is only ever a warning; a known model's output limit
//! is an error because the API rejects `max_tokens` above it with a 400.

/// When and from where the catalog was taken.
pub const CATALOG_DATE: &str = "2026-12-02: model ids checked against @anthropic-ai/sdk 1.15.0 `Model` \
     (2026-11-30: adds claude-mythos-5-1 and claude-mythos-5-2), first taken from anthropic-sdk-python \
     `types/model_param.py` (2026-08-07) and xiaolai/anthropic-docs (2026-08-22, SKILL-models.md, \
     context-windows.md); context windows and max output from the platform docs' per-model pages \
     (models/<name>/overview; Claude 5: 1M context, 128K output)";

/// How a model thinks, as the `thinking` request field must be set for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Thinking {
    /// No extended thinking (Claude 3, 3.5).
    None,
    /// `{"type": "enabled", "budget_tokens": N}` only.
    Budget,
    /// Both `enabled` (manual budget) and `adaptive`.
    BudgetOrAdaptive,
    /// `adaptive` only: a manual budget is rejected.
    Adaptive,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Model {
    /// The canonical id (an alias where the API has one).
    pub id: &'static str,
    /// Other names the API accepts for the same model: dated snapshots, `-latest`, `-0` forms.
    pub aliases: &'static [&'static str],
    pub context_window: u32,
    pub max_output_tokens: u32,
    /// The SDKs refuse non-streaming requests above this many output tokens (besides the 10-minute rule).
    pub max_nonstreaming_tokens: Option<u32>,
    pub thinking: Thinking,
    /// Newer models reject `temperature` and `top_p` set together.
    pub exclusive_temperature_top_p: bool,
}

const K: u32 = 1_000;
const CTX_200K: u32 = 200_000;
const CTX_1M: u32 = 1_000_000;

const fn model(
    id: &'static str,
    aliases: &'static [&'static str],
    ctx: u32,
    out: u32,
    thinking: Thinking,
) -> Model {
    Model {
        id,
        aliases,
        context_window: ctx,
        max_output_tokens: out,
        max_nonstreaming_tokens: None,
        thinking,
        exclusive_temperature_top_p: true,
    }
}

const fn legacy(id: &'static str, aliases: &'static [&'static str], out: u32, thinking: Thinking) -> Model {
    Model {
        exclusive_temperature_top_p: false,
        ..model(id, aliases, CTX_200K, out, thinking)
    }
}

use Thinking::{Adaptive, Budget, BudgetOrAdaptive, None as NoThinking};

pub static MODELS: &[Model] = &[
    // Claude 5 family.
    model("claude-fable-5-2", &[], CTX_1M, 128 * K, Adaptive),
    model("claude-fable-5-1", &[], CTX_1M, 128 * K, Adaptive),
    model("claude-fable-5", &[], CTX_1M, 128 * K, Adaptive),
    model("claude-opus-5-5", &[], CTX_1M, 128 * K, Adaptive),
    model("claude-opus-5", &[], CTX_1M, 128 * K, Adaptive),
    model("claude-sonnet-5-5", &[], CTX_1M, 128 * K, Adaptive),
    model("claude-sonnet-5", &[], CTX_1M, 128 * K, Adaptive),
    model("claude-haiku-5-5", &[], CTX_1M, 128 * K, Adaptive),
    model("claude-mythos-5-2", &[], CTX_1M, 128 * K, Adaptive),
    model("claude-mythos-5-1", &[], CTX_1M, 128 * K, Adaptive),
    model("claude-mythos-5", &[], CTX_1M, 128 * K, Adaptive),
    model("claude-mythos-preview", &[], CTX_1M, 128 * K, Adaptive),
    // Claude 4.6 – 4.8.
    model("claude-opus-4-8", &[], CTX_1M, 128 * K, Adaptive),
    model("claude-opus-4-7", &[], CTX_1M, 128 * K, Adaptive),
    model("claude-opus-4-6", &[], CTX_1M, 128 * K, BudgetOrAdaptive),
    model("claude-sonnet-4-6", &[], CTX_1M, 128 * K, BudgetOrAdaptive),
    // Claude 4.5.
    model(
        "claude-opus-4-5",
        &["claude-opus-4-5-20251101"],
        CTX_200K,
        64 * K,
        Budget,
    ),
    model(
        "claude-sonnet-4-5",
        &["claude-sonnet-4-5-20250929"],
        CTX_200K,
        64 * K,
        Budget,
    ),
    model(
        "claude-haiku-4-5",
        &["claude-haiku-4-5-20251001"],
        CTX_200K,
        64 * K,
        Budget,
    ),
    // Claude 4 and 4.1.
    Model {
        max_nonstreaming_tokens: Some(8_192),
        ..model(
            "claude-opus-4-1",
            &["claude-opus-4-1-20250805"],
            CTX_200K,
            32 * K,
            Budget,
        )
    },
    Model {
        max_nonstreaming_tokens: Some(8_192),
        ..legacy(
            "claude-opus-4-0",
            &["claude-opus-4-20250514", "claude-4-opus-20250514"],
            32 * K,
            Budget,
        )
    },
    legacy(
        "claude-sonnet-4-0",
        &["claude-sonnet-4-20250514", "claude-4-sonnet-20250514"],
        64 * K,
        Budget,
    ),
    // Claude 3.x. Sonnet 3.7 gives 64K by default and 128K with the `output-128k-2025-02-19` beta header; the
    // body does not show headers, so the higher limit keeps beta requests free of false errors.
    legacy(
        "claude-3-7-sonnet-latest",
        &["claude-3-7-sonnet-20250219"],
        128 * K,
        Budget,
    ),
    legacy(
        "claude-3-5-sonnet-latest",
        &["claude-3-5-sonnet-20241022", "claude-3-5-sonnet-20240620"],
        8_192,
        NoThinking,
    ),
    legacy(
        "claude-3-5-haiku-latest",
        &["claude-3-5-haiku-20241022"],
        8_192,
        NoThinking,
    ),
    legacy(
        "claude-3-opus-latest",
        &["claude-3-opus-20240229"],
        4_096,
        NoThinking,
    ),
    legacy("claude-3-sonnet-20240229", &[], 4_096, NoThinking),
    legacy("claude-3-haiku-20240307", &[], 4_096, NoThinking),
];

/// The catalog entry for `name`: an id, an alias, or a snapshot the catalog has not seen yet of a family it knows
/// (`claude-opus-4-7-20260416` and `claude-opus-4-7-latest` both resolve to `claude-opus-4-7`).
pub fn find(name: &str) -> Option<&'static Model> {
    exact(name).or_else(|| exact(family_of(name)?))
}

fn exact(name: &str) -> Option<&'static Model> {
    MODELS.iter().find(|m| m.id == name || m.aliases.contains(&name))
}

/// `name` without a `-latest` or `-YYYYMMDD` suffix, when it has one.
fn family_of(name: &str) -> Option<&str> {
    if let Some(family) = name.strip_suffix("-latest") {
        return Some(family);
    }
    let (family, date) = name.rsplit_once('-')?;
    (date.len() == 8 && date.bytes().all(|b| b.is_ascii_digit())).then_some(family)
}

/// Every name the catalog knows, ids first: the candidates for a "did you mean".
pub fn known_names() -> impl Iterator<Item = &'static str> {
    MODELS
        .iter()
        .map(|m| m.id)
        .chain(MODELS.iter().flat_map(|m| m.aliases.iter().copied()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_aliases_and_dated_snapshots_resolve() {
        assert_eq!(
            find("claude-sonnet-4-5-20250929").map(|m| m.id),
            Some("claude-sonnet-4-5")
        );
        assert_eq!(
            find("claude-3-7-sonnet-latest").map(|m| m.max_output_tokens),
            Some(128_000)
        );
        assert_eq!(find("claude-opus-4-7").map(|m| m.context_window), Some(1_000_000));
        assert_eq!(
            find("claude-sonnet-5").map(|m| m.thinking),
            Some(Thinking::Adaptive)
        );
        assert_eq!(
            find("claude-opus-4-7-20260416").map(|m| m.id),
            Some("claude-opus-4-7")
        );
        assert_eq!(
            find("claude-haiku-4-5-latest").map(|m| m.id),
            Some("claude-haiku-4-5")
        );
        assert!(find("gpt-4o").is_none());
        assert!(find("claude-opus-9-20300101").is_none());
    }

    #[test]
    fn names_are_unique() {
        let mut names: Vec<_> = known_names().collect();
        let total = names.len();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), total);
    }
}
