//! One case per rule: the diagnostic's code, path, severity, and that its span points at the right text.

use triage_core::json::LineIndex;
use triage_core::request::{validate, Code, Severity};

const USER: &str = r#"[{"role": "user", "content": "Hi"}]"#;

/// A request with `model`, `max_tokens` and `messages` defaults, plus `extra` top-level members.
fn request(extra: &str) -> String {
    let mut body = String::from(r#"{"max_tokens": 1024"#);
    if !extra.contains("\"model\"") {
        body.push_str(r#", "model": "claude-sonnet-4-5""#);
    }
    if !extra.contains("\"messages\"") {
        body.push_str(&format!(r#", "messages": {USER}"#));
    }
    if !extra.is_empty() {
        body.push_str(", ");
        body.push_str(extra);
    }
    body.push('}');
    body
}

/// Asserts a diagnostic with `code` and `path` of `severity` exists; returns the text its span covers.
fn expect(body: &str, code: Code, path: &str, severity: Severity) -> String {
    let report = validate(body);
    let found = report
        .diagnostics
        .iter()
        .find(|d| d.code == code && d.path == path && d.severity == severity);
    let Some(d) = found else {
        panic!(
            "expected {severity:?} {code:?} at {path:?} in {body}\ngot {:#?}",
            report.diagnostics
        );
    };
    assert!(
        d.hint.as_deref().is_some_and(|h| !h.is_empty()),
        "{d:?} has no hint"
    );
    body[d.span.start..d.span.end].to_string()
}

fn error(body: &str, code: Code, path: &str) -> String {
    expect(body, code, path, Severity::Error)
}

fn warning(body: &str, code: Code, path: &str) -> String {
    expect(body, code, path, Severity::Warning)
}

#[test]
fn top_level_shape() {
    error("[1, 2]", Code::NotAnObject, "");
    error("{}", Code::MissingField, "/max_tokens");
    error(
        r#"{"model": null, "max_tokens": 1, "messages": []}"#,
        Code::WrongType,
        "/model",
    );
    assert_eq!(
        error(&request(r#""stream": "yes""#), Code::WrongType, "/stream"),
        "\"yes\""
    );
    assert_eq!(error(&request(r#""system": 5"#), Code::WrongType, "/system"), "5");
    error(
        &request(r#""system": [{"type": "image", "source": {"type": "url", "url": "u"}}]"#),
        Code::WrongType,
        "/system/0/type",
    );
}

#[test]
fn unknown_fields_are_warnings_with_suggestions() {
    let body = request(r#""max_token": 5, "temprature": 0.5"#);
    assert_eq!(warning(&body, Code::UnknownField, "/max_token"), "\"max_token\"");
    let report = validate(&body);
    let hint = report
        .diagnostics
        .iter()
        .find(|d| d.path == "/temprature")
        .and_then(|d| d.hint.clone());
    assert!(hint.is_some_and(|h| h.contains("\"temperature\"")));
    let betas = request(r#""betas": ["x"]"#);
    let hint = validate(&betas)
        .diagnostics
        .into_iter()
        .find(|d| d.path == "/betas")
        .and_then(|d| d.hint);
    assert!(hint.is_some_and(|h| h.contains("anthropic-beta")));
    warning(
        &request(r#""metadata": {"userid": "u"}"#),
        Code::UnknownField,
        "/metadata/userid",
    );
    warning(
        &request(r#""messages": [{"role": "user", "content": [{"type": "text", "text": "x", "cache": 1}]}]"#),
        Code::UnknownField,
        "/messages/0/content/0/cache",
    );
    warning(
        &request(r#""tools": [{"name": "a", "parameters": {}, "input_schema": {"type": "object"}}]"#),
        Code::UnknownField,
        "/tools/0/parameters",
    );
}

#[test]
fn unknown_values_are_warnings() {
    warning(
        &request(r#""service_tier": "priority""#),
        Code::UnknownValue,
        "/service_tier",
    );
    warning(
        &request(r#""messages": [{"role": "user", "content": [{"type": "imgae", "source": {}}]}]"#),
        Code::UnknownValue,
        "/messages/0/content/0/type",
    );
    warning(
        &request(r#""tools": [{"type": "teleport_20250101", "name": "t"}]"#),
        Code::UnknownValue,
        "/tools/0/type",
    );
    warning(
        &request(r#""output_config": {"effort": "extreme"}"#),
        Code::UnknownValue,
        "/output_config/effort",
    );
    let report = validate(&request(r#""service_tier": "priority""#));
    assert!(report.ok);
}

#[test]
fn models() {
    let body =
        r#"{"model": "claude-sonet-4-5", "max_tokens": 10, "messages": [{"role": "user", "content": "x"}]}"#;
    assert_eq!(
        warning(body, Code::UnknownModel, "/model"),
        "\"claude-sonet-4-5\""
    );
    let hint = validate(body)
        .diagnostics
        .into_iter()
        .find(|d| d.code == Code::UnknownModel)
        .and_then(|d| d.hint);
    assert!(hint.is_some_and(|h| h.contains("\"claude-sonnet-4-5\"")));
    let over = r#"{"model": "claude-haiku-4-5-20251001", "max_tokens": 64001, "stream": true, "messages": [{"role": "user", "content": "x"}]}"#;
    assert_eq!(
        error(over, Code::MaxTokensExceedsModelLimit, "/max_tokens"),
        "64001"
    );
    let at_limit = r#"{"model": "claude-opus-4-7", "max_tokens": 128000, "stream": true, "messages": [{"role": "user", "content": "x"}]}"#;
    assert!(validate(at_limit).ok);
}

#[test]
fn max_tokens() {
    let body =
        |v: &str| format!(r#"{{"model": "claude-sonnet-4-5", "max_tokens": {v}, "messages": {USER}}}"#);
    error(&body("-1"), Code::MaxTokensNotPositiveInteger, "/max_tokens");
    error(&body("10.5"), Code::MaxTokensNotPositiveInteger, "/max_tokens");
    error(&body("\"10\""), Code::WrongType, "/max_tokens");
    error(&body("null"), Code::WrongType, "/max_tokens");
    assert!(validate(&body("1024.0")).ok);
    warning(&body("32000"), Code::StreamingRequired, "/max_tokens");
    assert!(validate(&body("32000")).ok);
}

#[test]
fn sampling() {
    assert_eq!(
        error(
            &request(r#""temperature": 2"#),
            Code::TemperatureOutOfRange,
            "/temperature"
        ),
        "2"
    );
    error(
        &request(r#""temperature": -0.1"#),
        Code::TemperatureOutOfRange,
        "/temperature",
    );
    error(&request(r#""top_p": 1.5"#), Code::TopPOutOfRange, "/top_p");
    error(&request(r#""top_k": -1"#), Code::TopKOutOfRange, "/top_k");
    error(&request(r#""top_k": 1.5"#), Code::WrongType, "/top_k");
    error(
        &request(r#""temperature": 0.5, "top_p": 0.9"#),
        Code::TemperatureAndTopP,
        "/top_p",
    );
    error(
        &request(r#""stop_sequences": [" "]"#),
        Code::InvalidStopSequence,
        "/stop_sequences/0",
    );
    error(
        &request(r#""stop_sequences": [1]"#),
        Code::WrongType,
        "/stop_sequences/0",
    );
    error(
        &request(r#""stop_sequences": "END""#),
        Code::WrongType,
        "/stop_sequences",
    );
}

#[test]
fn thinking() {
    let thinking = |budget: u32, max: u32, extra: &str| {
        format!(
            r#"{{"model": "claude-sonnet-4-5", "max_tokens": {max}, "thinking": {{"type": "enabled", "budget_tokens": {budget}}}, "messages": {USER}{extra}}}"#
        )
    };
    assert_eq!(
        error(
            &thinking(1023, 4000, ""),
            Code::ThinkingBudgetTooSmall,
            "/thinking/budget_tokens"
        ),
        "1023"
    );
    error(
        &thinking(4000, 4000, ""),
        Code::ThinkingBudgetNotBelowMaxTokens,
        "/thinking/budget_tokens",
    );
    error(
        &thinking(2000, 4000, r#", "top_k": 5"#),
        Code::ThinkingIncompatibleSampling,
        "/top_k",
    );
    error(
        &thinking(2000, 4000, r#", "temperature": 0.7"#),
        Code::ThinkingIncompatibleSampling,
        "/temperature",
    );
    error(
        &thinking(
            2000,
            4000,
            r#", "tools": [{"name": "a", "input_schema": {"type": "object"}}], "tool_choice": {"type": "any"}"#,
        ),
        Code::ThinkingIncompatibleToolChoice,
        "/tool_choice/type",
    );
    error(
        &request(r#""thinking": {"type": "enabled"}"#),
        Code::MissingField,
        "/thinking/budget_tokens",
    );
    let old = format!(
        r#"{{"model": "claude-3-haiku-20240307", "max_tokens": 4000, "thinking": {{"type": "enabled", "budget_tokens": 2000}}, "messages": {USER}}}"#
    );
    warning(&old, Code::ThinkingUnsupportedByModel, "/thinking/type");
}

#[test]
fn messages_and_roles() {
    error(&request(r#""messages": {}"#), Code::WrongType, "/messages");
    error(&request(r#""messages": ["hi"]"#), Code::WrongType, "/messages/0");
    error(
        &request(r#""messages": [{"content": "x"}]"#),
        Code::MissingField,
        "/messages/0/role",
    );
    error(
        &request(r#""messages": [{"role": "user"}]"#),
        Code::MissingField,
        "/messages/0/content",
    );
    let hint = validate(&request(r#""messages": [{"role": "usr", "content": "x"}]"#))
        .diagnostics
        .into_iter()
        .find(|d| d.code == Code::InvalidRole)
        .and_then(|d| d.hint);
    assert!(hint.is_some_and(|h| h.contains("\"user\"")));
    error(
        &request(
            r#""messages": [{"role": "system", "content": [{"type": "text", "text": "x"}]}, {"role": "user", "content": "x"}]"#,
        ),
        Code::SystemRoleInMessages,
        "/messages/0/role",
    );
    error(
        &request(r#""messages": [{"role": "user", "content": ""}]"#),
        Code::EmptyContent,
        "/messages/0/content",
    );
    error(
        &request(r#""messages": [{"role": "user", "content": []}]"#),
        Code::EmptyContent,
        "/messages/0/content",
    );
    error(
        &request(r#""messages": [{"role": "user", "content": [{"type": "text", "text": " \n"}]}]"#),
        Code::EmptyTextBlock,
        "/messages/0/content/0/text",
    );
    error(
        &request(r#""system": [{"type": "text", "text": ""}]"#),
        Code::EmptyTextBlock,
        "/system/0/text",
    );
    let prefill = request(
        r#""messages": [{"role": "user", "content": "x"}, {"role": "assistant", "content": "Sure: "}]"#,
    );
    assert_eq!(
        error(
            &prefill,
            Code::TrailingWhitespaceInFinalAssistant,
            "/messages/1/content"
        ),
        "\"Sure: \""
    );
    error(
        &request(
            r#""messages": [{"role": "user", "content": "x"}, {"role": "assistant", "content": [{"type": "text", "text": "a\n"}]}]"#,
        ),
        Code::TrailingWhitespaceInFinalAssistant,
        "/messages/1/content/0/text",
    );
}

#[test]
fn tool_pairing() {
    let tools = r#""tools": [{"name": "a", "input_schema": {"type": "object"}}]"#;
    let use_a =
        r#"{"role": "assistant", "content": [{"type": "tool_use", "id": "t1", "name": "a", "input": {}}]}"#;
    let body = request(&format!(
        r#"{tools}, "messages": [{{"role": "user", "content": "x"}}, {use_a}, {{"role": "user", "content": [{{"type": "tool_result", "tool_use_id": "t2"}}]}}]"#
    ));
    error(&body, Code::ToolUseWithoutResult, "/messages/1/content/0");
    assert_eq!(
        error(
            &body,
            Code::ToolResultWithoutUse,
            "/messages/2/content/0/tool_use_id"
        ),
        "\"t2\""
    );
    let late = request(&format!(
        r#"{tools}, "messages": [{{"role": "user", "content": "x"}}, {use_a}, {{"role": "user", "content": "wait"}}, {{"role": "assistant", "content": "ok"}}, {{"role": "user", "content": [{{"type": "tool_result", "tool_use_id": "t1"}}]}}]"#
    ));
    error(&late, Code::ToolUseWithoutResult, "/messages/1/content/0");
    error(
        &late,
        Code::ToolResultWithoutUse,
        "/messages/4/content/0/tool_use_id",
    );
    let order = request(&format!(
        r#"{tools}, "messages": [{{"role": "user", "content": "x"}}, {use_a}, {{"role": "user", "content": [{{"type": "text", "text": "here"}}, {{"type": "tool_result", "tool_use_id": "t1"}}]}}]"#
    ));
    error(&order, Code::ToolResultNotFirst, "/messages/2/content/1");
    let pending = request(&format!(
        r#"{tools}, "messages": [{{"role": "user", "content": "x"}}, {use_a}]"#
    ));
    warning(&pending, Code::ToolUseWithoutResult, "/messages/1/content/0");
}

#[test]
fn tools_and_tool_choice() {
    let tool = |t: &str| request(&format!(r#""tools": [{t}]"#));
    assert_eq!(
        error(
            &tool(r#"{"name": "get weather", "input_schema": {"type": "object"}}"#),
            Code::InvalidToolName,
            "/tools/0/name"
        ),
        "\"get weather\""
    );
    let long = "a".repeat(65);
    error(
        &tool(&format!(
            r#"{{"name": "{long}", "input_schema": {{"type": "object"}}}}"#
        )),
        Code::InvalidToolName,
        "/tools/0/name",
    );
    warning(
        &tool(r#"{"type": "web_search_20991231", "name": "search"}"#),
        Code::InvalidToolName,
        "/tools/0/name",
    );
    error(
        &tool(r#"{"type": "web_search_20250305", "name": "search"}"#),
        Code::InvalidToolName,
        "/tools/0/name",
    );
    error(
        &tool(r#"{"name": "a"}"#),
        Code::MissingField,
        "/tools/0/input_schema",
    );
    error(
        &tool(r#"{"name": "a", "input_schema": "object"}"#),
        Code::WrongType,
        "/tools/0/input_schema",
    );
    error(
        &tool(r#"{"name": "a", "input_schema": {"type": "string"}}"#),
        Code::InvalidInputSchema,
        "/tools/0/input_schema/type",
    );
    error(
        &tool(r#"{"name": "a", "input_schema": {"properties": {}}}"#),
        Code::InvalidInputSchema,
        "/tools/0/input_schema/type",
    );
    error(
        &tool(
            r#"{"name": "a", "input_schema": {"type": "object"}}, {"name": "a", "input_schema": {"type": "object"}}"#,
        ),
        Code::DuplicateToolName,
        "/tools/1/name",
    );
    let choice = request(
        r#""tools": [{"name": "get_weather", "input_schema": {"type": "object"}}], "tool_choice": {"type": "tool", "name": "get_wether"}"#,
    );
    assert_eq!(
        error(&choice, Code::ToolChoiceUnknownTool, "/tool_choice/name"),
        "\"get_wether\""
    );
    error(
        &request(r#""tool_choice": {"type": "tool", "name": "x"}"#),
        Code::ToolChoiceUnknownTool,
        "/tool_choice/name",
    );
}

#[test]
fn images() {
    let image = |source: &str| {
        request(&format!(
            r#""messages": [{{"role": "user", "content": [{{"type": "image", "source": {source}}}]}}]"#
        ))
    };
    let path = "/messages/0/content/0/source";
    error(
        &image(r#"{"type": "base64", "media_type": "image/bmp", "data": "Qk0="}"#),
        Code::InvalidImageMediaType,
        &format!("{path}/media_type"),
    );
    error(
        &image(
            r#"{"type": "base64", "media_type": "image/png", "data": "data:image/png;base64,iVBORw0KGgo="}"#,
        ),
        Code::InvalidImageData,
        &format!("{path}/data"),
    );
    error(
        &image(r#"{"type": "base64", "media_type": "image/png", "data": "iVBORw0K_Ggo="}"#),
        Code::InvalidImageData,
        &format!("{path}/data"),
    );
    error(
        &image(r#"{"type": "base64", "media_type": "image/jpeg", "data": "iVBORw0KGgo="}"#),
        Code::ImageMediaTypeMismatch,
        &format!("{path}/media_type"),
    );
    let big = "A".repeat(7 * 1024 * 1024);
    error(
        &image(&format!(
            r#"{{"type": "base64", "media_type": "image/png", "data": "{big}"}}"#
        )),
        Code::ImageTooLarge,
        &format!("{path}/data"),
    );
    error(
        &image(r#"{"type": "base64", "data": "iVBORw0KGgo="}"#),
        Code::MissingField,
        &format!("{path}/media_type"),
    );
    let many: Vec<String> = (0..101)
        .map(|_| {
            r#"{"type": "image", "source": {"type": "url", "url": "https://example.com/a.png"}}"#.to_string()
        })
        .collect();
    let body = request(&format!(
        r#""messages": [{{"role": "user", "content": [{}]}}]"#,
        many.join(",")
    ));
    error(&body, Code::TooManyImages, "/messages/0/content/100");
}

#[test]
fn documents_and_cache_breakpoints() {
    let doc = request(
        r#""messages": [{"role": "user", "content": [{"type": "document", "source": {"type": "base64", "media_type": "application/msword", "data": "AA=="}}]}]"#,
    );
    error(
        &doc,
        Code::InvalidDocument,
        "/messages/0/content/0/source/media_type",
    );
    let block = r#"{"type": "text", "text": "x", "cache_control": {"type": "ephemeral"}}"#;
    let five = [block; 5].join(",");
    let body = request(&format!(
        r#""messages": [{{"role": "user", "content": [{five}]}}]"#
    ));
    error(
        &body,
        Code::TooManyCacheBreakpoints,
        "/messages/0/content/4/cache_control",
    );
}

#[test]
fn mcp_servers() {
    let body = request(r#""mcp_servers": [{"type": "url", "url": "https://mcp.example.com", "token": "x"}]"#);
    error(&body, Code::MissingField, "/mcp_servers/0/name");
    warning(&body, Code::UnknownField, "/mcp_servers/0/token");
    error(
        &request(r#""mcp_servers": ["https://mcp.example.com"]"#),
        Code::WrongType,
        "/mcp_servers/0",
    );
}

#[test]
fn a_wrong_type_is_reported_once() {
    for (extra, path) in [
        (r#""cache_control": "ephemeral""#, "/cache_control"),
        (r#""model": null"#, "/model"),
        (r#""messages": [{"role": 1, "content": "x"}]"#, "/messages/0/role"),
        (
            r#""messages": [{"role": "user", "content": 1}]"#,
            "/messages/0/content",
        ),
        (
            r#""messages": [{"role": "user", "content": [{"type": "document", "source": "x"}]}]"#,
            "/messages/0/content/0/source",
        ),
    ] {
        let report = validate(&request(extra));
        let codes: Vec<Code> = report.diagnostics.iter().map(|d| d.code).collect();
        assert_eq!(codes, [Code::WrongType], "{extra}: {:#?}", report.diagnostics);
        assert_eq!(report.diagnostics[0].path, path);
    }
}

#[test]
fn diagnostics_come_in_text_order_with_consistent_positions() {
    let body = "{\n  \"model\": \"claude-sonnet-4-5\",\n  \"max_tokens\": -1,\n  \"temperature\": 3,\n  \"messages\": [{\"role\": \"bot\", \"content\": \"é\"}]\n}";
    let report = validate(body);
    let starts: Vec<usize> = report.diagnostics.iter().map(|d| d.span.start).collect();
    let mut sorted = starts.clone();
    sorted.sort_unstable();
    assert_eq!(starts, sorted);
    let temperature = report
        .diagnostics
        .iter()
        .find(|d| d.code == Code::TemperatureOutOfRange);
    assert_eq!(temperature.map(|d| (d.line, d.column)), Some((4, 18)));
    let role = report.diagnostics.iter().find(|d| d.code == Code::InvalidRole);
    assert_eq!(role.map(|d| (d.line, d.column)), Some((5, 25)));
    let lines = LineIndex::new(body);
    for d in &report.diagnostics {
        assert_eq!(lines.line_col(d.span.start), (d.line, d.column), "{d:?}");
    }
}
