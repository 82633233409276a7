//! The walk over a request: each part of the prompt counted in the order the API reads it (tools, system,
//! messages), so the tokens before each `cache_control` breakpoint are known for the cache prices.

use super::image::{self, Limits};
use super::model_rules as rules;
use super::pdf;
use super::text;
use super::{Part, PartKind, TokenBand};
use crate::json::{Node, Value};

/// Structure: per request and per message (see the module docs of `estimate`).
const PER_REQUEST: f64 = 5.0;
const PER_MESSAGE: f64 = 4.0;
/// The thinking allowance: point estimate and the top of its band.
const THINKING: f64 = 25.0;
const THINKING_HIGH: f64 = 45.0;
/// Tokens per PDF page: low, estimate, high.
const PDF_PAGE: (u64, u64, u64) = (1_000, 2_300, 4_600);
/// An Anthropic-defined tool (bash, text editor, web search, computer use…): its definition is the API's own.
const SERVER_TOOL: (u64, u64, u64) = (50, 300, 1_000);

/// What the walk found.
pub struct Counted {
    pub parts: Vec<Part>,
    /// Input tokens up to the last `cache_control` breakpoint.
    pub cached_prefix: TokenBand,
    /// Whether any breakpoint asks for the 1-hour lifetime.
    pub cache_ttl_1h: bool,
    pub notes: Vec<String>,
}

impl Counted {
    pub fn total(&self) -> TokenBand {
        let mut total = TokenBand::default();
        for part in &self.parts {
            total.add(part.tokens);
        }
        total
    }
}

struct Walk<'m> {
    model: Option<&'m str>,
    new_tokenizer: bool,
    limits: Limits,
    parts: [TokenBand; 6],
    running: TokenBand,
    cached_prefix: TokenBand,
    cache_ttl_1h: bool,
    unsized_images: u64,
    unsized_documents: u64,
    hidden_pages: u64,
}

const KINDS: [PartKind; 6] = [
    PartKind::Text,
    PartKind::Images,
    PartKind::Documents,
    PartKind::Tools,
    PartKind::ToolPrompt,
    PartKind::Structure,
];

pub fn count(root: &Node, model: Option<&str>) -> Counted {
    let mut w = Walk {
        model,
        new_tokenizer: rules::new_tokenizer(model),
        limits: rules::image_limits(model),
        parts: [TokenBand::default(); 6],
        running: TokenBand::default(),
        cached_prefix: TokenBand::default(),
        cache_ttl_1h: false,
        unsized_images: 0,
        unsized_documents: 0,
        hidden_pages: 0,
    };
    w.structure(PER_REQUEST, 0.6, 1.5);
    let tools = root.get("tools").and_then(Node::as_array).unwrap_or_default();
    for tool in tools {
        w.tool(tool);
    }
    if !tools.is_empty() {
        let forced = matches!(
            root.get("tool_choice")
                .and_then(|c| c.get("type"))
                .and_then(Node::as_str),
            Some("any" | "tool")
        );
        let prompt = rules::tool_prompt(model, forced);
        let slack = if forced { rules::FORCED_TOOL_SLACK } else { 0 };
        w.add(
            PartKind::ToolPrompt,
            TokenBand {
                estimate: prompt,
                low: prompt * 9 / 10,
                high: prompt * 11 / 10 + slack,
            },
        );
    }
    match root.get("system") {
        Some(node) if node.as_str().is_some() => w.text(node.as_str().unwrap_or_default()),
        Some(node) => w.blocks(node, false),
        None => {}
    }
    let messages = root.get("messages").and_then(Node::as_array).unwrap_or_default();
    for (i, message) in messages.iter().enumerate() {
        w.structure(PER_MESSAGE, 0.5, 1.5);
        let last = i + 1 == messages.len();
        let assistant = message.get("role").and_then(Node::as_str) == Some("assistant");
        match message.get("content") {
            Some(node) if node.as_str().is_some() => w.text(node.as_str().unwrap_or_default()),
            Some(node) => w.blocks(node, last && assistant),
            None => {}
        }
    }
    let thinking = root
        .get("thinking")
        .and_then(|t| t.get("type"))
        .and_then(Node::as_str);
    if matches!(thinking, Some("enabled" | "adaptive")) {
        w.add(
            PartKind::Structure,
            TokenBand {
                estimate: THINKING as u64,
                low: 0,
                high: THINKING_HIGH as u64,
            },
        );
    }
    if root.get("cache_control").is_some_and(|c| c.as_object().is_some()) {
        // Automatic caching: the breakpoint moves to the end of the prompt.
        w.breakpoint(root.get("cache_control"));
    }
    w.finish()
}

impl Walk<'_> {
    fn add(&mut self, kind: PartKind, tokens: TokenBand) {
        let i = KINDS.iter().position(|k| *k == kind).unwrap_or(0);
        self.parts[i].add(tokens);
        self.running.add(tokens);
    }

    fn structure(&mut self, tokens: f64, low: f64, high: f64) {
        self.add(PartKind::Structure, TokenBand::around(tokens, low, high));
    }

    /// Text, with the tokenizer's band.
    fn text(&mut self, s: &str) {
        let tokens = self.text_band(text::count(s) as f64);
        self.add(PartKind::Text, tokens);
    }

    fn text_band(&self, classic: f64) -> TokenBand {
        if self.new_tokenizer {
            TokenBand {
                estimate: (classic * 1.15).round() as u64,
                low: (classic * 0.75).floor() as u64,
                high: (classic * 1.35 * 1.30).ceil() as u64,
            }
        } else {
            TokenBand::around(classic, 0.75, 1.30)
        }
    }

    /// JSON (tool inputs, definitions) counted by its compact length.
    fn json(&mut self, kind: PartKind, node: &Node) {
        let chars = compact_len(node) as f64 / rules::tool_chars_per_token(self.model);
        let tokens = TokenBand::around(chars, 0.6, 1.7);
        self.add(kind, tokens);
    }

    fn breakpoint(&mut self, cache_control: Option<&Node>) {
        let Some(cc) = cache_control else {
            return;
        };
        self.cached_prefix = self.running;
        if cc.get("ttl").and_then(Node::as_str) == Some("1h") {
            self.cache_ttl_1h = true;
        }
    }

    fn tool(&mut self, tool: &Node) {
        match tool.get("type").and_then(Node::as_str) {
            None | Some("custom") => self.json(PartKind::Tools, tool),
            Some(_) => {
                let (low, estimate, high) = SERVER_TOOL;
                self.add(PartKind::Tools, TokenBand { estimate, low, high });
            }
        }
        self.breakpoint(tool.get("cache_control"));
    }

    /// A list of content blocks (or a lone block, or a string where blocks may be).
    fn blocks(&mut self, node: &Node, current_turn: bool) {
        match &node.value {
            Value::String(s) => self.text(s),
            Value::Array(items) => {
                for block in items {
                    self.block(block, current_turn);
                }
            }
            Value::Object(_) => self.block(node, current_turn),
            _ => {}
        }
    }

    fn block(&mut self, block: &Node, current_turn: bool) {
        let kind = block.get("type").and_then(Node::as_str).unwrap_or_default();
        let str_of = |key: &str| block.get(key).and_then(Node::as_str).unwrap_or_default();
        match kind {
            "text" => self.text(str_of("text")),
            "image" => self.image(block),
            "document" => self.document(block),
            "tool_use" | "server_tool_use" | "mcp_tool_use" => {
                self.text(str_of("name"));
                if let Some(input) = block.get("input") {
                    self.json(PartKind::Text, input);
                }
            }
            "tool_result" | "mcp_tool_result" | "web_search_tool_result" => {
                if let Some(content) = block.get("content") {
                    self.blocks(content, false);
                }
            }
            // Thinking from earlier turns is dropped by the API; the current turn's counts.
            "thinking" if current_turn => self.text(str_of("thinking")),
            "thinking" | "redacted_thinking" => {}
            "search_result" => {
                self.text(str_of("title"));
                self.text(str_of("source"));
                if let Some(content) = block.get("content") {
                    self.blocks(content, false);
                }
            }
            _ => self.strings(block),
        }
        self.breakpoint(block.get("cache_control"));
    }

    /// Any block this walk does not know: every string in it counted as text.
    fn strings(&mut self, node: &Node) {
        match &node.value {
            Value::String(s) => self.text(s),
            Value::Array(items) => items.iter().for_each(|n| self.strings(n)),
            Value::Object(members) => members
                .iter()
                .filter(|m| m.key != "type" && m.key != "cache_control")
                .for_each(|m| self.strings(&m.value)),
            _ => {}
        }
    }

    fn image(&mut self, block: &Node) {
        let source = block.get("source");
        let data = source
            .filter(|s| s.get("type").and_then(Node::as_str) == Some("base64"))
            .and_then(|s| s.get("data"))
            .and_then(Node::as_str);
        let tokens = match data.and_then(image::size_from_base64) {
            Some(size) => image::tokens(size, self.limits),
            None => {
                self.unsized_images += 1;
                image::unknown_tokens(self.limits)
            }
        };
        let (low, estimate, high) = tokens;
        self.add(PartKind::Images, TokenBand { estimate, low, high });
    }

    fn document(&mut self, block: &Node) {
        let Some(source) = block.get("source") else {
            return;
        };
        match source.get("type").and_then(Node::as_str) {
            Some("text") => {
                let s = source.get("data").and_then(Node::as_str).unwrap_or_default();
                let tokens = self.text_band(text::count(s) as f64);
                self.add(PartKind::Documents, tokens);
            }
            Some("content") => {
                if let Some(content) = source.get("content") {
                    self.blocks(content, false);
                }
            }
            Some("base64") => {
                let data = source.get("data").and_then(Node::as_str).unwrap_or_default();
                let pages = match pdf::pages_from_base64(data) {
                    Some(pages) => pages,
                    None => {
                        self.hidden_pages += 1;
                        pdf::pages_from_size(data.len())
                    }
                };
                let (low, estimate, high) = PDF_PAGE;
                let hidden = u64::from(self.hidden_pages > 0);
                self.add(
                    PartKind::Documents,
                    TokenBand {
                        estimate: estimate * pages,
                        // A size-based page count may be off either way.
                        low: low * pages / (1 + hidden),
                        high: high * pages * (1 + hidden),
                    },
                );
            }
            _ => {
                self.unsized_documents += 1;
                let (low, estimate, high) = PDF_PAGE;
                self.add(
                    PartKind::Documents,
                    TokenBand {
                        estimate,
                        low: low / 10,
                        high: high * 20,
                    },
                );
            }
        }
    }

    fn finish(self) -> Counted {
        let mut notes = Vec::new();
        if self.unsized_images > 0 {
            notes.push(format!(
                "{} image(s) sent by URL, file id or in an unknown format: their size is unknown, so the band \
                 spans tiny to the largest the model reads.",
                self.unsized_images
            ));
        }
        if self.hidden_pages > 0 {
            notes.push(format!(
                "{} PDF(s) hide their pages (compressed object streams): pages guessed from the file size.",
                self.hidden_pages
            ));
        }
        if self.unsized_documents > 0 {
            notes.push(format!(
                "{} document(s) sent by URL or file id: their length is unknown.",
                self.unsized_documents
            ));
        }
        let parts = KINDS
            .iter()
            .zip(self.parts)
            .filter(|(_, t)| t.high > 0)
            .map(|(&kind, tokens)| Part { kind, tokens })
            .collect();
        Counted {
            parts,
            cached_prefix: self.cached_prefix,
            cache_ttl_1h: self.cache_ttl_1h,
            notes,
        }
    }
}

/// The length of `node` written as compact JSON (no whitespace between tokens), from the tree: strings as their
/// text plus quotes, numbers as written in the source.
fn compact_len(node: &Node) -> usize {
    match &node.value {
        Value::Null => 4,
        Value::Bool(b) => 4 + usize::from(!b),
        Value::Number(_) => (node.span.end - node.span.start).max(1),
        Value::String(s) => s.len() + 2,
        Value::Array(items) => {
            2 + items.len().saturating_sub(1) + items.iter().map(compact_len).sum::<usize>()
        }
        Value::Object(members) => {
            2 + members.len().saturating_sub(1)
                + members
                    .iter()
                    .map(|m| m.key.len() + 3 + compact_len(&m.value))
                    .sum::<usize>()
        }
    }
}
