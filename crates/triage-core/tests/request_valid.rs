//! Zero false errors: realistic valid requests get no error and no unknown-field warning.

use triage_core::request::{validate, Code, Diagnostic, Severity};

/// Diagnostics that would wrongly complain about a valid request.
fn complaints(body: &str) -> Vec<Diagnostic> {
    validate(body)
        .diagnostics
        .into_iter()
        .filter(|d| {
            d.severity == Severity::Error || matches!(d.code, Code::UnknownField | Code::UnknownValue)
        })
        .collect()
}

fn assert_clean(name: &str, body: &str) {
    let found = complaints(body);
    assert!(found.is_empty(), "{name}: {found:#?}");
}

#[test]
fn tool_use_round_trip_with_parallel_calls_and_errors() {
    assert_clean(
        "parallel tools",
        r#"{
  "model": "claude-sonnet-4-5-20250929",
  "max_tokens": 2048,
  "system": "You are a travel agent.",
  "tools": [
    {"name": "get_weather", "description": "Weather", "input_schema": {"type": "object",
      "properties": {"city": {"type": "string"}}, "required": ["city"]}, "cache_control": {"type": "ephemeral"}},
    {"type": "custom", "name": "get-time", "input_schema": {"type": "object", "properties": {}},
      "strict": true, "defer_loading": false, "input_examples": [{"tz": "UTC"}], "eager_input_streaming": true,
      "allowed_callers": ["direct"]}
  ],
  "tool_choice": {"type": "auto", "disable_parallel_tool_use": false},
  "messages": [
    {"role": "user", "content": "Weather and time in Paris?"},
    {"role": "assistant", "content": [
      {"type": "text", "text": "Let me check."},
      {"type": "tool_use", "id": "toolu_01", "name": "get_weather", "input": {"city": "Paris"}},
      {"type": "tool_use", "id": "toolu_02", "name": "get-time", "input": {}, "caller": {"type": "direct"}}
    ]},
    {"role": "user", "content": [
      {"type": "tool_result", "tool_use_id": "toolu_01", "content": [{"type": "text", "text": "18C"}]},
      {"type": "tool_result", "tool_use_id": "toolu_02", "content": "error: timeout", "is_error": true},
      {"type": "text", "text": "Thanks"}
    ]},
    {"role": "assistant", "content": "It is 18C."},
    {"role": "user", "content": "And tomorrow?"}
  ]
}"#,
    );
}

#[test]
fn tool_results_split_over_consecutive_user_messages() {
    assert_clean(
        "merged turns",
        r#"{"model": "claude-opus-4-1", "max_tokens": 1000, "tools": [{"name": "a", "input_schema": {"type": "object"}}],
  "messages": [
    {"role": "user", "content": "go"},
    {"role": "assistant", "content": [{"type": "tool_use", "id": "t1", "name": "a", "input": {}}]},
    {"role": "assistant", "content": [{"type": "tool_use", "id": "t2", "name": "a", "input": {}}]},
    {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "t1"}]},
    {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "t2", "content": ""}]}
  ]}"#,
    );
}

#[test]
fn server_tools_with_results_in_history() {
    assert_clean(
        "server tools",
        r#"{
  "model": "claude-opus-4-7",
  "max_tokens": 8000,
  "stream": true,
  "tools": [
    {"type": "web_search_20250305", "name": "web_search", "max_uses": 5, "allowed_domains": ["example.com"],
     "user_location": {"type": "approximate", "city": "Paris", "country": "FR"}},
    {"type": "web_fetch_20250910", "name": "web_fetch", "max_content_tokens": 10000, "citations": {"enabled": true}},
    {"type": "code_execution_20250825", "name": "code_execution"},
    {"type": "bash_20250124", "name": "bash"},
    {"type": "text_editor_20250728", "name": "str_replace_based_edit_tool", "max_characters": 10000},
    {"type": "text_editor_20250124", "name": "str_replace_editor"},
    {"type": "computer_20251124", "name": "computer", "display_width_px": 1024, "display_height_px": 768,
     "enable_zoom": true},
    {"type": "memory_20250818", "name": "memory"},
    {"type": "tool_search_tool_regex_20251119", "name": "tool_search_tool_regex"},
    {"type": "tool_search_tool_bm25", "name": "tool_search_tool_bm25"},
    {"type": "mcp_toolset", "mcp_server_name": "docs", "default_config": {"enabled": true}}
  ],
  "mcp_servers": [{"type": "url", "url": "https://mcp.example.com/sse", "name": "docs",
                   "authorization_token": "FAKE-token"}],
  "container": "container_011CQ",
  "messages": [
    {"role": "user", "content": "Search the news"},
    {"role": "assistant", "content": [
      {"type": "server_tool_use", "id": "srvtoolu_1", "name": "web_search", "input": {"query": "news"}},
      {"type": "web_search_tool_result", "tool_use_id": "srvtoolu_1", "content": [
        {"type": "web_search_result", "url": "https://example.com", "title": "Example",
         "encrypted_content": "EqgfCioIARgB", "page_age": "1 day"}]},
      {"type": "text", "text": "Here is the news.", "citations": [
        {"type": "web_search_result_location", "url": "https://example.com", "title": "Example",
         "encrypted_index": "Eo8BCioI", "cited_text": "News"}]},
      {"type": "server_tool_use", "id": "srvtoolu_2", "name": "code_execution", "input": {"code": "print(1)"}},
      {"type": "code_execution_tool_result", "tool_use_id": "srvtoolu_2", "content": {
        "type": "code_execution_result", "stdout": "1", "stderr": "", "return_code": 0, "content": []}},
      {"type": "mcp_tool_use", "id": "mcptoolu_1", "name": "search", "server_name": "docs", "input": {}},
      {"type": "mcp_tool_result", "tool_use_id": "mcptoolu_1", "content": [{"type": "text", "text": "ok"}]}
    ]},
    {"role": "user", "content": [{"type": "container_upload", "file_id": "file_011"}, {"type": "text", "text": "More"}]}
  ]
}"#,
    );
}

#[test]
fn server_tool_versions_not_yet_catalogued_are_accepted() {
    assert_clean(
        "future version",
        r#"{"model": "claude-sonnet-5", "max_tokens": 1024, "tools": [{"type": "web_search_20991231",
            "name": "web_search"}, {"type": "code_execution_20991231", "name": "code_execution"}],
            "messages": [{"role": "user", "content": "x"}]}"#,
    );
}

#[test]
fn documents_pdfs_citations_and_search_results() {
    assert_clean(
        "documents",
        r#"{
  "model": "claude-sonnet-4-6",
  "max_tokens": 4096,
  "messages": [
    {"role": "user", "content": [
      {"type": "document", "source": {"type": "base64", "media_type": "application/pdf", "data": "JVBERi0xLjQK"},
       "title": "Report", "context": "Q3", "citations": {"enabled": true}, "cache_control": {"type": "ephemeral"}},
      {"type": "document", "source": {"type": "url", "url": "https://example.com/a.pdf"}},
      {"type": "document", "source": {"type": "file", "file_id": "file_abc"}},
      {"type": "document", "source": {"type": "text", "media_type": "text/plain", "data": "Plain text."},
       "citations": {"enabled": true}},
      {"type": "document", "source": {"type": "content", "content": [{"type": "text", "text": "Chunk 1"},
       {"type": "text", "text": "Chunk 2"}]}},
      {"type": "search_result", "source": "https://kb.example.com/1", "title": "KB 1",
       "content": [{"type": "text", "text": "Answer."}], "citations": {"enabled": true}},
      {"type": "text", "text": "Summarise with citations."}
    ]},
    {"role": "assistant", "content": [
      {"type": "text", "text": "Revenue grew.", "citations": [
        {"type": "page_location", "cited_text": "grew", "document_index": 0, "document_title": "Report",
         "start_page_number": 1, "end_page_number": 2},
        {"type": "char_location", "cited_text": "Plain", "document_index": 3, "document_title": null,
         "start_char_index": 0, "end_char_index": 5},
        {"type": "search_result_location", "cited_text": "Answer.", "search_result_index": 0,
         "source": "https://kb.example.com/1", "title": "KB 1", "start_block_index": 0, "end_block_index": 0}]}
    ]},
    {"role": "user", "content": "And costs?"}
  ]
}"#,
    );
}

#[test]
fn thinking_with_signed_and_redacted_blocks_and_tools() {
    assert_clean(
        "thinking",
        r#"{
  "model": "claude-3-7-sonnet-20250219",
  "max_tokens": 20000,
  "stream": true,
  "thinking": {"type": "enabled", "budget_tokens": 16000},
  "temperature": 1,
  "tools": [{"name": "calc", "input_schema": {"type": "object"}}],
  "tool_choice": {"type": "auto"},
  "messages": [
    {"role": "user", "content": "2+2?"},
    {"role": "assistant", "content": [
      {"type": "thinking", "thinking": "Simple.", "signature": "EqQBCkYIARgCIkB"},
      {"type": "redacted_thinking", "data": "EmwKAhgBEgy3va3pzix"},
      {"type": "tool_use", "id": "toolu_9", "name": "calc", "input": {"expr": "2+2"}}
    ]},
    {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "toolu_9", "content": "4"}]}
  ]
}"#,
    );
}

#[test]
fn adaptive_thinking_output_config_and_new_top_level_fields() {
    assert_clean(
        "adaptive",
        r#"{
  "model": "claude-opus-4-7",
  "max_tokens": 16000,
  "stream": true,
  "thinking": {"type": "adaptive", "display": "omitted"},
  "output_config": {"effort": "xhigh", "format": {"type": "json_schema", "schema": {"type": "object"}},
                    "task_budget": {"type": "tokens", "total": 64000}},
  "cache_control": {"type": "ephemeral", "ttl": "1h"},
  "speed": "fast",
  "inference_geo": "us",
  "service_tier": "standard_only",
  "context_management": {"edits": [{"type": "clear_tool_uses_20250919"}]},
  "metadata": {"user_id": "3f1c9a"},
  "stop_sequences": ["</answer>", "\n\nHuman:"],
  "messages": [{"role": "user", "content": "Plan the migration."}]
}"#,
    );
}

#[test]
fn images_by_url_file_and_base64_of_every_type() {
    assert_clean(
        "images",
        r#"{
  "model": "claude-haiku-4-5",
  "max_tokens": 512,
  "messages": [{"role": "user", "content": [
    {"type": "image", "source": {"type": "url", "url": "https://example.com/cat.jpg"}},
    {"type": "image", "source": {"type": "file", "file_id": "file_img"}},
    {"type": "image", "source": {"type": "base64", "media_type": "image/png", "data": "iVBORw0KGgo="}},
    {"type": "image", "source": {"type": "base64", "media_type": "image/jpeg", "data": "/9j/4AAQSkZJRg=="}},
    {"type": "image", "source": {"type": "base64", "media_type": "image/gif", "data": "R0lGODlhAQABAAAAACw="}},
    {"type": "image", "source": {"type": "base64", "media_type": "image/webp", "data": "UklGRiQAAABXRUJQVlA4"},
     "cache_control": {"type": "ephemeral"}},
    {"type": "text", "text": "Compare these."}
  ]}]
}"#,
    );
}

#[test]
fn prefill_system_blocks_and_cache_breakpoints() {
    assert_clean(
        "prefill",
        r#"{
  "model": "claude-3-5-haiku-latest",
  "max_tokens": 0,
  "temperature": 0.2,
  "top_p": 0.9,
  "top_k": 40,
  "system": [{"type": "text", "text": "Answer in JSON.", "cache_control": {"type": "ephemeral", "ttl": "5m"}},
             {"type": "text", "text": "Be brief."}],
  "messages": [
    {"role": "user", "content": [{"type": "text", "text": "Hi", "cache_control": {"type": "ephemeral"}}]},
    {"role": "assistant", "content": "{\"answer\":"}
  ]
}"#,
    );
}

#[test]
fn empty_final_assistant_and_mid_conversation_system_message() {
    assert_clean(
        "empty prefill",
        r#"{"model": "claude-opus-4-8", "max_tokens": 100, "messages": [
    {"role": "user", "content": "Hi"},
    {"role": "system", "content": [{"type": "mid_conv_system", "content": [{"type": "text", "text": "Be formal."}]}]},
    {"role": "assistant", "content": ""}]}"#,
    );
}

#[test]
fn unknown_models_and_new_versions_are_warnings_only() {
    for body in [
        r#"{"model": "claude-opus-9", "max_tokens": 500000, "messages": [{"role": "user", "content": "x"}],
            "stream": true, "thinking": {"type": "enabled", "budget_tokens": 2000}}"#,
        r#"{"model": "my-proxy/claude", "max_tokens": 10, "temperature": 0.5, "top_p": 0.5,
            "messages": [{"role": "user", "content": "x"}]}"#,
    ] {
        let report = validate(body);
        assert!(report.ok, "{body}: {:#?}", report.diagnostics);
    }
}

#[test]
fn max_tokens_zero_is_a_warning() {
    let report = validate(
        r#"{"model": "claude-sonnet-4-5", "max_tokens": 0, "messages": [{"role": "user", "content": "x"}]}"#,
    );
    assert!(report.ok);
    assert!(report
        .diagnostics
        .iter()
        .any(|d| d.code == Code::MaxTokensNotPositiveInteger && d.severity == Severity::Warning));
}
