//! A response's `usage` block: from a Message body, or from a stream (`message_start` carries the input side,
//! each `message_delta` the output so far, cumulatively).

use crate::json::{self, Node};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Token counts one response reports. Missing fields are 0.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "js",
    derive(tsify::Tsify),
    tsify(hashmap_as_object),
    serde(rename_all = "camelCase")
)]
#[serde(default)]
pub struct UsageBlock {
    pub input_tokens: u64,
    pub output_tokens: u64,
    pub cache_creation_input_tokens: u64,
    pub cache_read_input_tokens: u64,
    /// `cache_creation.ephemeral_1h_input_tokens`: the part of the cache writes with the 1-hour lifetime.
    pub cache_creation_1h_input_tokens: u64,
    /// `server_tool_use`: requests per server tool (`web_search_requests`, `web_fetch_requests`, …).
    pub server_tool_use: BTreeMap<String, u64>,
}

impl UsageBlock {
    /// Reads a `usage` object, ignoring what is not a count.
    pub fn from_node(node: &Node) -> UsageBlock {
        let n = |key: &str| count(node.get(key));
        let server_tool_use = node
            .get("server_tool_use")
            .and_then(Node::as_object)
            .map(|members| {
                members
                    .iter()
                    .filter_map(|m| Some((m.key.clone(), whole(&m.value)?)))
                    .collect()
            })
            .unwrap_or_default();
        UsageBlock {
            input_tokens: n("input_tokens"),
            output_tokens: n("output_tokens"),
            cache_creation_input_tokens: n("cache_creation_input_tokens"),
            cache_read_input_tokens: n("cache_read_input_tokens"),
            cache_creation_1h_input_tokens: count(
                node.get("cache_creation")
                    .and_then(|c| c.get("ephemeral_1h_input_tokens")),
            ),
            server_tool_use,
        }
    }

    /// What counts toward input tokens per minute: input and cache writes, not cache reads (ERRORS.md: "on most
    /// models").
    pub fn rate_limited_input(&self) -> u64 {
        self.input_tokens + self.cache_creation_input_tokens
    }

    /// Every prompt token, however billed.
    pub fn prompt_tokens(&self) -> u64 {
        self.input_tokens + self.cache_creation_input_tokens + self.cache_read_input_tokens
    }

    /// What `self` reports beyond `earlier` (each count at least 0): the growth of a stream's usage.
    pub fn saturating_sub(&self, earlier: &UsageBlock) -> UsageBlock {
        UsageBlock {
            input_tokens: self.input_tokens.saturating_sub(earlier.input_tokens),
            output_tokens: self.output_tokens.saturating_sub(earlier.output_tokens),
            cache_creation_input_tokens: self
                .cache_creation_input_tokens
                .saturating_sub(earlier.cache_creation_input_tokens),
            cache_read_input_tokens: self
                .cache_read_input_tokens
                .saturating_sub(earlier.cache_read_input_tokens),
            cache_creation_1h_input_tokens: self
                .cache_creation_1h_input_tokens
                .saturating_sub(earlier.cache_creation_1h_input_tokens),
            server_tool_use: self
                .server_tool_use
                .iter()
                .map(|(tool, n)| {
                    let before = earlier.server_tool_use.get(tool).copied().unwrap_or(0);
                    (tool.clone(), n.saturating_sub(before))
                })
                .filter(|(_, n)| *n > 0)
                .collect(),
        }
    }

    pub fn add(&mut self, other: &UsageBlock) {
        self.input_tokens += other.input_tokens;
        self.output_tokens += other.output_tokens;
        self.cache_creation_input_tokens += other.cache_creation_input_tokens;
        self.cache_read_input_tokens += other.cache_read_input_tokens;
        self.cache_creation_1h_input_tokens += other.cache_creation_1h_input_tokens;
        for (tool, n) in &other.server_tool_use {
            *self.server_tool_use.entry(tool.clone()).or_insert(0) += n;
        }
    }
}

fn whole(node: &Node) -> Option<u64> {
    node.as_number()?.as_i64().and_then(|n| u64::try_from(n).ok())
}

fn count(node: Option<&Node>) -> u64 {
    node.and_then(whole).unwrap_or(0)
}

/// The usage and model in a response body: a Message, or an SSE stream of events. `None` when the body reports
/// no usage (an error, an HTML page, a cut stream before `message_start`).
pub fn from_body(body: &str) -> Option<(UsageBlock, Option<String>)> {
    if let Ok(root) = json::parse(body) {
        let usage = root.get("usage")?;
        let model = root.get("model").and_then(Node::as_str).map(str::to_string);
        return Some((UsageBlock::from_node(usage), model));
    }
    from_stream(body)
}

/// The `data:` lines of a stream: `message_start.message.usage` first, then each `message_delta.usage` replaces
/// the counts it carries (they are cumulative).
fn from_stream(body: &str) -> Option<(UsageBlock, Option<String>)> {
    let mut found: Option<(UsageBlock, Option<String>)> = None;
    for line in body.lines() {
        let Some(data) = line.strip_prefix("data:") else {
            continue;
        };
        let Ok(event) = json::parse(data.trim()) else {
            continue;
        };
        match event.get("type").and_then(Node::as_str) {
            Some("message_start") => {
                let message = event.get("message");
                let usage = message.and_then(|m| m.get("usage"));
                let model = message
                    .and_then(|m| m.get("model"))
                    .and_then(Node::as_str)
                    .map(str::to_string);
                found = Some((usage.map(UsageBlock::from_node).unwrap_or_default(), model));
            }
            Some("message_delta") => {
                if let (Some((block, _)), Some(usage)) = (found.as_mut(), event.get("usage")) {
                    apply_delta(block, usage);
                }
            }
            _ => {}
        }
    }
    found
}

/// `block` as the `message_delta` events in `text` leave it: each replaces the counts it carries (they are
/// cumulative). For the rest of a stream whose start was already read.
pub fn with_deltas(block: &UsageBlock, text: &str) -> UsageBlock {
    let mut block = block.clone();
    for line in text.lines() {
        let Some(data) = line.strip_prefix("data:") else {
            continue;
        };
        let Ok(event) = json::parse(data.trim()) else {
            continue;
        };
        if event.get("type").and_then(Node::as_str) == Some("message_delta") {
            if let Some(usage) = event.get("usage") {
                apply_delta(&mut block, usage);
            }
        }
    }
    block
}

fn apply_delta(block: &mut UsageBlock, usage: &Node) {
    let delta = UsageBlock::from_node(usage);
    let set = |key: &str, target: &mut u64, value: u64| {
        if usage.get(key).is_some() {
            *target = value;
        }
    };
    set("output_tokens", &mut block.output_tokens, delta.output_tokens);
    set("input_tokens", &mut block.input_tokens, delta.input_tokens);
    set(
        "cache_creation_input_tokens",
        &mut block.cache_creation_input_tokens,
        delta.cache_creation_input_tokens,
    );
    set(
        "cache_read_input_tokens",
        &mut block.cache_read_input_tokens,
        delta.cache_read_input_tokens,
    );
    if !delta.server_tool_use.is_empty() {
        block.server_tool_use = delta.server_tool_use;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_message_body() {
        let body = r#"{"type":"message","model":"claude-sonnet-4-5","usage":{"input_tokens":12,"output_tokens":6,
            "cache_creation_input_tokens":100,"cache_read_input_tokens":2000,
            "cache_creation":{"ephemeral_5m_input_tokens":40,"ephemeral_1h_input_tokens":60},
            "server_tool_use":{"web_search_requests":2,"odd":"x"},"service_tier":"standard"}}"#;
        let (usage, model) = from_body(body).expect("usage");
        assert_eq!(model.as_deref(), Some("claude-sonnet-4-5"));
        assert_eq!((usage.input_tokens, usage.output_tokens), (12, 6));
        assert_eq!(usage.cache_creation_1h_input_tokens, 60);
        assert_eq!(usage.rate_limited_input(), 112);
        assert_eq!(usage.prompt_tokens(), 2112);
        assert_eq!(usage.server_tool_use.get("web_search_requests"), Some(&2));
        assert_eq!(usage.server_tool_use.len(), 1);
    }

    #[test]
    fn reads_a_stream_cumulatively() {
        let body = "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"model\":\"claude-haiku-4-5\",\
            \"usage\":{\"input_tokens\":25,\"output_tokens\":1}}}\n\n\
            event: message_delta\ndata: {\"type\":\"message_delta\",\"usage\":{\"output_tokens\":10}}\n\n\
            event: message_delta\ndata: {\"type\":\"message_delta\",\"usage\":{\"output_tokens\":15}}\n\n";
        let (usage, model) = from_body(body).expect("usage");
        assert_eq!(model.as_deref(), Some("claude-haiku-4-5"));
        assert_eq!((usage.input_tokens, usage.output_tokens), (25, 15));
    }

    #[test]
    fn the_rest_of_a_stream_updates_its_start() {
        let start = UsageBlock {
            input_tokens: 25,
            output_tokens: 1,
            ..UsageBlock::default()
        };
        let rest = "event: content_block_delta\ndata: {\"type\":\"content_block_delta\"}\n\n\
            event: message_delta\ndata: {\"type\":\"message_delta\",\"usage\":{\"output_tokens\":15}}\n\n";
        let end = with_deltas(&start, rest);
        assert_eq!((end.input_tokens, end.output_tokens), (25, 15));
        assert_eq!(with_deltas(&start, ""), start);
    }

    #[test]
    fn error_bodies_have_no_usage() {
        assert_eq!(
            from_body(r#"{"type":"error","error":{"type":"overloaded_error"}}"#),
            None
        );
        assert_eq!(from_body("<html>502</html>"), None);
        assert_eq!(from_body(""), None);
    }
}
