//! The mock's own token count, for `POST /v1/messages/count_tokens`, `usage.input_tokens` and the input-token
//! rate limit. Deliberately simple and written apart from triage-core's estimator, so that the core's estimate
//! can be checked against it as against an independent oracle:
//!
//! - 7 tokens per request and 4 per message;
//! - text (strings in `system`, message content, text blocks, tool results, text documents): one token per 4
//!   characters, rounded up, per string;
//! - tool definitions and tool-call inputs: one token per 4 characters of their compact JSON, plus 346 tokens of
//!   tool-use system prompt when `tools` is not empty (the docs' figure for Claude 4 models);
//! - base64 images: PNG and GIF sizes read from their fixed header fields, width × height / 750 after scaling to
//!   at most 1568 px on the long edge and 1.15 megapixels; any other image 1,600;
//! - base64 PDFs: 1,500 per started 100 KB of file; thinking blocks are not counted.

use serde_json::Value;

const PER_REQUEST: u64 = 7;
const PER_MESSAGE: u64 = 4;
const TOOL_PROMPT: u64 = 346;
const OTHER_IMAGE: u64 = 1_600;

pub fn count(body: &Value) -> u64 {
    let mut n = PER_REQUEST;
    if let Some(tools) = body.get("tools").and_then(Value::as_array) {
        n += tools.iter().map(json_tokens).sum::<u64>();
        if !tools.is_empty() {
            n += TOOL_PROMPT;
        }
    }
    if let Some(system) = body.get("system") {
        n += content(system);
    }
    if let Some(messages) = body.get("messages").and_then(Value::as_array) {
        for message in messages {
            n += PER_MESSAGE + message.get("content").map_or(0, content);
        }
    }
    n
}

fn text(s: &str) -> u64 {
    (s.chars().count() as u64).div_ceil(4)
}

fn json_tokens(value: &Value) -> u64 {
    text(&value.to_string())
}

/// A string, a list of blocks, or one block.
fn content(value: &Value) -> u64 {
    match value {
        Value::String(s) => text(s),
        Value::Array(blocks) => blocks.iter().map(block).sum(),
        Value::Object(_) => block(value),
        _ => 0,
    }
}

fn block(block: &Value) -> u64 {
    let field = |key: &str| block.get(key).and_then(Value::as_str).unwrap_or_default();
    match field("type") {
        "text" => text(field("text")),
        "image" => image(block.get("source")),
        "document" => document(block.get("source")),
        "tool_use" | "server_tool_use" => text(field("name")) + block.get("input").map_or(0, json_tokens),
        "tool_result" => block.get("content").map_or(0, content),
        "thinking" | "redacted_thinking" => 0,
        _ => json_tokens(block),
    }
}

fn image(source: Option<&Value>) -> u64 {
    let data = source
        .and_then(|s| s.get("data"))
        .and_then(Value::as_str)
        .unwrap_or_default();
    let head = decode_head(data, 24);
    let size = if head.starts_with(b"\x89PNG") && head.len() >= 24 {
        let be = |b: &[u8]| u32::from_be_bytes([b[0], b[1], b[2], b[3]]);
        Some((be(&head[16..20]), be(&head[20..24])))
    } else if head.starts_with(b"GIF8") && head.len() >= 10 {
        let le = |b: &[u8]| u32::from(b[0]) | u32::from(b[1]) << 8;
        Some((le(&head[6..8]), le(&head[8..10])))
    } else {
        None
    };
    match size {
        Some((w, h)) if w > 0 && h > 0 => {
            let (w, h) = (f64::from(w), f64::from(h));
            let scale = 1f64.min(1568.0 / w.max(h)).min((1_150_000.0 / (w * h)).sqrt());
            ((w * scale) * (h * scale) / 750.0).ceil() as u64
        }
        _ => OTHER_IMAGE,
    }
}

fn document(source: Option<&Value>) -> u64 {
    let Some(source) = source else { return 0 };
    let data = source.get("data").and_then(Value::as_str).unwrap_or_default();
    match source.get("type").and_then(Value::as_str) {
        Some("text") => text(data),
        Some("content") => source.get("content").map_or(0, content),
        _ => 1_500 * ((data.len() as u64 * 3 / 4).div_ceil(100_000)).max(1),
    }
}

/// The first `n` bytes of base64 text.
fn decode_head(data: &str, n: usize) -> Vec<u8> {
    let mut out = Vec::new();
    let (mut acc, mut bits) = (0u32, 0u32);
    for b in data.bytes() {
        let v = match b {
            b'A'..=b'Z' => b - b'A',
            b'a'..=b'z' => b - b'a' + 26,
            b'0'..=b'9' => b - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => break,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
            if out.len() == n {
                break;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn counts_by_the_documented_rule() {
        let body = json!({"model": "m", "messages": [{"role": "user", "content": "Hello, Claude"}]});
        assert_eq!(count(&body), 7 + 4 + 4);
        let png = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";
        let body = json!({"messages": [{"role": "user", "content": [
            {"type": "image", "source": {"type": "base64", "media_type": "image/png", "data": png}}]}]});
        assert_eq!(count(&body), 7 + 4 + 1);
    }
}
