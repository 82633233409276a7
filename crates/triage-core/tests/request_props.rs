//! Properties: any input gives a report (never a panic), spans lie inside the text on character boundaries,
//! and line/column agree with the span. Plus the size and depth limits.

use proptest::prelude::*;
use serde_json::{json, Map, Value};
use triage_core::json::LineIndex;
use triage_core::request::{validate, validate_bytes, Code, Report};

fn assert_well_located(text: &str, report: &Report) {
    let lines = LineIndex::new(text);
    for d in &report.diagnostics {
        assert!(d.span.start <= d.span.end && d.span.end <= text.len(), "{d:?}");
        assert!(
            text.is_char_boundary(d.span.start) && text.is_char_boundary(d.span.end),
            "{d:?}"
        );
        assert_eq!(lines.line_col(d.span.start), (d.line, d.column), "{d:?}");
        assert!(d.path.is_empty() || d.path.starts_with('/'), "{d:?}");
    }
    assert_eq!(
        report.ok,
        report
            .diagnostics
            .iter()
            .all(|d| d.severity != triage_core::Severity::Error)
    );
    // Each problem is reported once.
    let mut keys: Vec<_> = report
        .diagnostics
        .iter()
        .map(|d| (d.span.start, d.path.as_str(), d.code as u8))
        .collect();
    keys.sort_unstable();
    let total = keys.len();
    keys.dedup();
    assert_eq!(
        keys.len(),
        total,
        "duplicate diagnostics: {:#?}",
        report.diagnostics
    );
}

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        (-1e6f64..1e6).prop_map(|f| json!(f)),
        "[a-z_ \\n\u{e9}\u{1F600}]{0,12}".prop_map(Value::String),
    ];
    leaf.prop_recursive(6, 64, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((key(), inner), 0..6)
                .prop_map(|kv| Value::Object(kv.into_iter().collect())),
        ]
    })
}

/// Keys the rules look at, so generated objects reach deep into them.
fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "model",
            "max_tokens",
            "messages",
            "role",
            "content",
            "type",
            "text",
            "tools",
            "name",
            "input_schema",
            "tool_choice",
            "thinking",
            "budget_tokens",
            "tool_use_id",
            "id",
            "source",
            "media_type",
            "data",
            "system",
            "cache_control",
            "temperature",
            "top_p",
            "top_k",
            "stop_sequences",
            "stream",
            "input",
        ])
        .prop_map(str::to_string),
        "[a-z_]{1,8}",
    ]
}

/// A block of a known type with arbitrary members (and sometimes the members that type needs).
fn block() -> impl Strategy<Value = Value> {
    let kind = prop::sample::select(vec![
        "text",
        "image",
        "document",
        "tool_use",
        "tool_result",
        "thinking",
        "search_result",
        "mid_conv_system",
        "server_tool_use",
        "web_search_tool_result",
        "container_upload",
        "imgae",
    ]);
    let source = prop_oneof![
        json_value(),
        (
            prop::sample::select(vec!["base64", "url", "file", "text", "content"]),
            json_value(),
            json_value()
        )
            .prop_map(|(t, media_type, data)| json!({"type": t, "media_type": media_type, "data": data})),
        Just(json!({"type": "base64", "media_type": "image/png", "data": "iVBORw0KGgo="})),
    ];
    let id = prop::sample::select(vec!["t1", "t2"]);
    (
        kind,
        prop::collection::vec((key(), json_value()), 0..4),
        source,
        id,
    )
        .prop_map(|(kind, extra, source, id)| {
            let mut m: Map<String, Value> = extra.into_iter().collect();
            m.insert("type".into(), json!(kind));
            m.entry("source").or_insert(source);
            m.entry("id").or_insert(json!(id));
            m.entry("tool_use_id").or_insert(json!(id));
            Value::Object(m)
        })
}

/// A request whose members are arbitrary values, and whose messages and tools hold arbitrary parts.
fn request_like() -> impl Strategy<Value = Value> {
    let role = prop::sample::select(vec!["user", "assistant", "system", "bot"]);
    let message = (role, prop::collection::vec(block(), 0..4))
        .prop_map(|(role, blocks)| json!({"role": role, "content": blocks}));
    let tool = (
        prop::sample::select(vec![
            "custom",
            "web_search_20250305",
            "bash_20250124",
            "mcp_toolset",
            "x_20250101",
        ]),
        prop::sample::select(vec!["a", "b", "web_search", "bad name"]),
        json_value(),
    )
        .prop_map(|(kind, name, schema)| json!({"type": kind, "name": name, "input_schema": schema}));
    (
        prop::collection::vec(message, 0..5),
        prop::collection::vec(tool, 0..3),
        prop::collection::vec((key(), json_value()), 0..6),
    )
        .prop_map(|(messages, tools, extra)| {
            let mut m: Map<String, Value> = extra.into_iter().collect();
            m.insert("messages".into(), Value::Array(messages));
            m.entry("tools").or_insert(Value::Array(tools));
            m.entry("model").or_insert(json!("claude-sonnet-4-5"));
            m.entry("max_tokens").or_insert(json!(1024));
            Value::Object(m)
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,200}") {
        let report = validate(&text);
        assert_well_located(&text, &report);
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..200)) {
        let report = validate_bytes(&bytes);
        for d in &report.diagnostics {
            prop_assert!(d.span.start <= d.span.end && d.span.end <= bytes.len(), "{:?}", d);
        }
        if let Ok(text) = std::str::from_utf8(&bytes) {
            assert_well_located(text, &report);
        }
    }

    #[test]
    fn arbitrary_json_never_panics(value in json_value(), pretty in any::<bool>()) {
        let text = if pretty { serde_json::to_string_pretty(&value) } else { serde_json::to_string(&value) };
        let text = text.unwrap_or_default();
        let report = validate(&text);
        assert_well_located(&text, &report);
        prop_assert!(report.diagnostics.iter().all(|d| d.code != Code::InvalidJson));
    }

    #[test]
    fn request_shaped_json_is_located_precisely(value in request_like()) {
        let text = serde_json::to_string_pretty(&value).unwrap_or_default();
        let report = validate(&text);
        assert_well_located(&text, &report);
    }

    #[test]
    fn truncated_requests_are_invalid_json_not_panics(cut in 0usize..200) {
        let body = r#"{"model": "claude-sonnet-4-5", "max_tokens": 1024, "messages": [{"role": "user", "content": "héllo 😀"}]}"#;
        let mut end = cut.min(body.len());
        while !body.is_char_boundary(end) {
            end -= 1;
        }
        let text = &body[..end];
        let report = validate(text);
        assert_well_located(text, &report);
        prop_assert!(end == body.len() || !report.ok);
    }
}

#[test]
fn deep_nesting_is_a_clear_error() {
    let deep = "[".repeat(10_000) + &"]".repeat(10_000);
    let report = validate(&deep);
    assert_eq!(report.diagnostics.len(), 1);
    assert_eq!(report.diagnostics[0].code, Code::InvalidJson);
    let in_request = format!(
        r#"{{"model": "m", "max_tokens": 1, "messages": [{{"role": "user", "content": "x", "extra": {}}}]}}"#,
        deep
    );
    assert!(!validate(&in_request).ok);
}

#[test]
fn a_fifty_megabyte_body_is_read_and_refused() {
    let huge = format!(
        r#"{{"model": "claude-sonnet-4-5", "max_tokens": 1024, "messages": [{{"role": "user", "content": "{}"}}]}}"#,
        "a".repeat(50 * 1024 * 1024)
    );
    let report = validate(&huge);
    let codes: Vec<Code> = report.diagnostics.iter().map(|d| d.code).collect();
    assert_eq!(codes, [Code::RequestTooLarge]);
}

#[test]
fn many_broken_messages_give_capped_diagnostics() {
    // 10 MB of messages with three problems each (the CLI measurement in the report uses 50 MB).
    let message = "{\"role\": \"bot\", \"content\": [{\"type\": \"text\", \"text\": \"\", \"extra\": 1}]},\n";
    let count = 10 * 1024 * 1024 / message.len();
    let many = format!(
        r#"{{"model": "claude-sonnet-4-5", "max_tokens": 1024, "messages": [{}{{"role": "user", "content": "x"}}]}}"#,
        message.repeat(count)
    );
    let report = validate(&many);
    assert!(!report.ok);
    // A thousand errors and a thousand warnings, not hundreds of thousands.
    assert_eq!(report.diagnostics.len(), 2000);
    assert_well_located(&many, &report);
}
