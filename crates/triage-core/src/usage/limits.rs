//! The limit headers of one response, by dimension: the four `anthropic-ratelimit-*` windows, Priority Tier's and
//! fast mode's, and any other `anthropic-ratelimit-<family>-*` headers kept as they came (read tolerantly: the
//! subscription-style `anthropic-ratelimit-unified-*` family is undocumented). Parsing is the explanation's
//! (`response::headers`), so a window reads the same in an explanation and in a usage snapshot.

use super::block::UsageBlock;
use crate::names::named_enum;
use crate::response::headers::Headers;
use crate::response::RateLimitWindow;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

named_enum! {
    /// A rate-limited quantity, as the limit headers name it.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
    #[cfg_attr(feature = "js", derive(tsify::Tsify))]
    pub enum Dimension {
        /// Requests per minute.
        Requests = "requests",
        /// The most restrictive token limit in effect (older responses, or a combined limit).
        Tokens = "tokens",
        /// Input tokens per minute: input plus cache writes, not cache reads on most models.
        InputTokens = "input_tokens",
        /// Output tokens per minute, counted up front from `max_tokens`.
        OutputTokens = "output_tokens",
        /// Priority Tier input tokens.
        PriorityInputTokens = "priority_input_tokens",
        /// Priority Tier output tokens.
        PriorityOutputTokens = "priority_output_tokens",
        /// Fast mode input tokens.
        FastInputTokens = "fast_input_tokens",
        /// Fast mode output tokens.
        FastOutputTokens = "fast_output_tokens",
    }
}

impl Dimension {
    /// The header prefix before `-limit`, `-remaining`, `-reset`.
    pub fn header_prefix(self) -> &'static str {
        match self {
            Dimension::Requests => "anthropic-ratelimit-requests",
            Dimension::Tokens => "anthropic-ratelimit-tokens",
            Dimension::InputTokens => "anthropic-ratelimit-input-tokens",
            Dimension::OutputTokens => "anthropic-ratelimit-output-tokens",
            Dimension::PriorityInputTokens => "anthropic-priority-input-tokens",
            Dimension::PriorityOutputTokens => "anthropic-priority-output-tokens",
            Dimension::FastInputTokens => "anthropic-fast-input-tokens",
            Dimension::FastOutputTokens => "anthropic-fast-output-tokens",
        }
    }

    /// How people say it.
    pub fn title(self) -> &'static str {
        match self {
            Dimension::Requests => "requests",
            Dimension::Tokens => "tokens",
            Dimension::InputTokens => "input-tokens",
            Dimension::OutputTokens => "output-tokens",
            Dimension::PriorityInputTokens => "Priority Tier input-tokens",
            Dimension::PriorityOutputTokens => "Priority Tier output-tokens",
            Dimension::FastInputTokens => "fast mode input-tokens",
            Dimension::FastOutputTokens => "fast mode output-tokens",
        }
    }

    pub fn is_requests(self) -> bool {
        self == Dimension::Requests
    }

    /// What one request with `usage` (and `max_tokens`, when known) takes from this dimension, by the API's
    /// counting rules: output limits count `max_tokens` up front, input limits skip cache reads.
    pub fn consumption(self, usage: &UsageBlock, max_tokens: Option<u64>) -> u64 {
        let output = max_tokens.map_or(usage.output_tokens, |m| m.max(usage.output_tokens));
        match self {
            Dimension::Requests => 1,
            Dimension::Tokens => usage.rate_limited_input() + output,
            Dimension::InputTokens | Dimension::PriorityInputTokens | Dimension::FastInputTokens => {
                usage.rate_limited_input()
            }
            Dimension::OutputTokens | Dimension::PriorityOutputTokens | Dimension::FastOutputTokens => output,
        }
    }
}

/// A header family the core does not know (`anthropic-ratelimit-unified-*`…): its fields as sent, and any
/// `-limit/-remaining/-reset` triples in it read as windows.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "js",
    derive(tsify::Tsify),
    tsify(hashmap_as_object),
    serde(rename_all = "camelCase")
)]
pub struct OtherLimit {
    /// The family: `unified` for `anthropic-ratelimit-unified-*`.
    pub family: String,
    /// Each header after `anthropic-ratelimit-<family>-`, with its value (`status`, `5h-utilization`, …).
    pub fields: BTreeMap<String, String>,
    /// Windows by name (`unified`, `unified-5h`, …).
    pub windows: BTreeMap<String, RateLimitWindow>,
}

impl OtherLimit {
    /// Whether the family says requests are being, or about to be, refused (`status: allowed_warning` or
    /// `rejected`, the values seen on subscription traffic).
    pub fn warns(&self) -> bool {
        self.fields
            .iter()
            .any(|(k, v)| k.ends_with("status") && matches!(v.as_str(), "allowed_warning" | "rejected"))
    }
}

const RATELIMIT: &str = "anthropic-ratelimit-";
const KNOWN: [&str; 4] = ["requests-", "tokens-", "input-tokens-", "output-tokens-"];
const PARTS: [&str; 3] = ["limit", "remaining", "reset"];

/// Every known window in `headers`.
pub fn windows(headers: &[(String, String)]) -> Vec<(Dimension, RateLimitWindow)> {
    let h = Headers(headers);
    Dimension::ALL
        .into_iter()
        .filter_map(|d| Some((d, h.window(d.header_prefix())?)))
        .collect()
}

/// The `anthropic-ratelimit-*` families beyond the four known dimensions.
pub fn other_limits(headers: &[(String, String)]) -> Vec<OtherLimit> {
    let h = Headers(headers);
    let mut families: BTreeMap<String, OtherLimit> = BTreeMap::new();
    for (name, value) in headers {
        let name = name.trim().to_ascii_lowercase();
        let Some(rest) = name.strip_prefix(RATELIMIT) else {
            continue;
        };
        if KNOWN
            .iter()
            .any(|k| rest.strip_prefix(k).is_some_and(|part| PARTS.contains(&part)))
        {
            continue;
        }
        let (family, field) = rest.split_once('-').unwrap_or((rest, ""));
        if family.is_empty() {
            continue;
        }
        let entry = families.entry(family.to_string()).or_insert_with(|| OtherLimit {
            family: family.to_string(),
            ..OtherLimit::default()
        });
        entry.fields.insert(field.to_string(), value.trim().to_string());
        let window_name = PARTS.iter().find_map(|p| {
            if field == *p {
                Some(family.to_string())
            } else {
                field
                    .strip_suffix(p)
                    .and_then(|s| s.strip_suffix('-'))
                    .map(|sub| format!("{family}-{sub}"))
            }
        });
        if let Some(window_name) = window_name {
            if let Some(window) = h.window(&format!("{RATELIMIT}{window_name}")) {
                entry.windows.insert(window_name, window);
            }
        }
    }
    families.into_values().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(n, v)| (n.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn reads_every_known_family() {
        let h = headers(&[
            ("anthropic-ratelimit-requests-limit", "50"),
            ("anthropic-ratelimit-requests-remaining", "49"),
            ("anthropic-ratelimit-requests-reset", "2026-12-02T10:00:01Z"),
            ("Anthropic-Priority-Input-Tokens-Limit", "100000"),
            ("anthropic-priority-input-tokens-remaining", "90000"),
            ("anthropic-fast-output-tokens-remaining", "7000"),
        ]);
        let w = windows(&h);
        let dims: Vec<Dimension> = w.iter().map(|(d, _)| *d).collect();
        assert_eq!(
            dims,
            [
                Dimension::Requests,
                Dimension::PriorityInputTokens,
                Dimension::FastOutputTokens
            ]
        );
        assert_eq!(w[1].1.remaining, Some(90_000));
        assert!(other_limits(&h).is_empty());
    }

    #[test]
    fn reads_unknown_families_tolerantly() {
        let h = headers(&[
            ("anthropic-ratelimit-unified-status", "allowed_warning"),
            ("anthropic-ratelimit-unified-reset", "2026-12-02T15:00:00Z"),
            ("anthropic-ratelimit-unified-5h-utilization", "0.93"),
            ("anthropic-ratelimit-unified-5h-reset", "2026-12-02T15:00:00Z"),
            ("anthropic-ratelimit-unified-representative-claim", "five_hour"),
            ("anthropic-ratelimit-", "junk"),
        ]);
        let other = other_limits(&h);
        assert_eq!(other.len(), 1);
        let unified = &other[0];
        assert_eq!(unified.family, "unified");
        assert_eq!(
            unified.fields.get("5h-utilization").map(String::as_str),
            Some("0.93")
        );
        assert!(unified.windows.contains_key("unified"));
        assert!(unified.windows["unified-5h"].reset_at_ms.is_some());
        assert!(unified.warns());
    }
}
