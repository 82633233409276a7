//! Requests shaped like requests: JSON built from the fields, roles, block types and values the rules look at,
//! so the fuzzer spends its time inside the rules rather than in the parser's error paths.
#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use triage_fuzz::check_report;

/// Keys the rules react to, plus anything else.
#[derive(Arbitrary, Debug)]
enum Key {
    Known(u8),
    Other(String),
}

const KEYS: &[&str] = &[
    "model",
    "max_tokens",
    "messages",
    "system",
    "role",
    "content",
    "type",
    "text",
    "tools",
    "tool_choice",
    "name",
    "input_schema",
    "input",
    "id",
    "tool_use_id",
    "stream",
    "temperature",
    "top_p",
    "top_k",
    "stop_sequences",
    "metadata",
    "thinking",
    "budget_tokens",
    "source",
    "media_type",
    "data",
    "url",
    "cache_control",
    "ttl",
    "image",
    "document",
    "tool_use",
    "tool_result",
    "user",
    "assistant",
    "ephemeral",
    "base64",
    "claude-sonnet-4-5",
    "claude-opus-4-1",
    "service_tier",
    "betas",
    "mcp_servers",
    "container",
];

#[derive(Arbitrary, Debug)]
enum Json {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(Key),
    Array(Vec<Json>),
    Object(Vec<(Key, Json)>),
}

fn key_text(key: &Key) -> &str {
    match key {
        Key::Known(i) => KEYS[usize::from(*i) % KEYS.len()],
        Key::Other(s) => s,
    }
}

fn quote(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c < ' ' => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}

fn write(out: &mut String, value: &Json, depth: u32) {
    match value {
        Json::Null => out.push_str("null"),
        Json::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Json::Int(n) => out.push_str(&n.to_string()),
        Json::Float(f) if f.is_finite() => out.push_str(&format!("{f:?}")),
        Json::Float(_) => out.push('0'),
        Json::Str(k) => quote(out, key_text(k)),
        // Deep nesting is the plain `validate` target's job; here depth would only slow the rules down.
        Json::Array(_) | Json::Object(_) if depth > 12 => out.push_str("null"),
        Json::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write(out, item, depth + 1);
            }
            out.push(']');
        }
        Json::Object(members) => {
            out.push('{');
            for (i, (k, v)) in members.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                quote(out, key_text(k));
                out.push(':');
                write(out, v, depth + 1);
            }
            out.push('}');
        }
    }
}

fuzz_target!(|value: Json| {
    let mut text = String::new();
    write(&mut text, &value, 0);
    check_report(&text, &triage_core::validate(&text));
});
