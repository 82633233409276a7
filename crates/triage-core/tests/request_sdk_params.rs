//! Catalogue coverage: the official Python SDK's "create with all params" tests (GA and beta, anthropic-sdk-python
//! 2026-08-07, `tests/api_resources/{,beta/}test_messages.py`), as the JSON bodies they send. Every field must be
//! known. Those bodies set `temperature` and `top_p` together, which the API refuses for current models.

use triage_core::request::{validate, Code};

const GA: &str = r#"{
 "max_tokens": 1024,
 "messages": [
  {
   "content": "Hello, world",
   "role": "user"
  }
 ],
 "model": "claude-opus-4-6",
 "cache_control": {
  "type": "ephemeral",
  "ttl": "5m"
 },
 "container": "container",
 "inference_geo": "inference_geo",
 "metadata": {
  "user_id": "13803d75-b4b5-4c3e-b2a2-6f21399b021b"
 },
 "output_config": {
  "effort": "low",
  "format": {
   "schema": {
    "foo": "bar"
   },
   "type": "json_schema"
  }
 },
 "service_tier": "auto",
 "stop_sequences": [
  "string"
 ],
 "stream": false,
 "system": [
  {
   "text": "Today's date is 2024-06-01.",
   "type": "text",
   "cache_control": {
    "type": "ephemeral",
    "ttl": "5m"
   },
   "citations": [
    {
     "cited_text": "The grass is green. The sky is blue.",
     "document_index": 0,
     "document_title": "x",
     "end_char_index": 0,
     "start_char_index": 0,
     "type": "char_location"
    }
   ]
  }
 ],
 "temperature": 1,
 "thinking": {
  "type": "adaptive",
  "display": "summarized"
 },
 "tool_choice": {
  "type": "auto",
  "disable_parallel_tool_use": true
 },
 "tools": [
  {
   "input_schema": {
    "type": "object",
    "properties": {
     "location": "bar",
     "unit": "bar"
    },
    "required": [
     "location"
    ]
   },
   "name": "name",
   "allowed_callers": [
    "direct"
   ],
   "cache_control": {
    "type": "ephemeral",
    "ttl": "5m"
   },
   "defer_loading": true,
   "description": "Get the current weather in a given location",
   "eager_input_streaming": true,
   "input_examples": [
    {
     "foo": "bar"
    }
   ],
   "strict": true,
   "type": "custom"
  }
 ],
 "top_k": 5,
 "top_p": 0.7
}"#;

const BETA: &str = r#"{
 "max_tokens": 1024,
 "messages": [
  {
   "content": "Hello, world",
   "role": "user"
  }
 ],
 "model": "claude-opus-4-6",
 "cache_control": {
  "type": "ephemeral",
  "ttl": "5m"
 },
 "container": {
  "id": "id",
  "skills": [
   {
    "skill_id": "pdf",
    "type": "anthropic",
    "version": "latest"
   }
  ]
 },
 "context_management": {
  "edits": [
   {
    "type": "clear_tool_uses_20250919",
    "clear_at_least": {
     "type": "input_tokens",
     "value": 0
    },
    "clear_tool_inputs": true,
    "exclude_tools": [
     "string"
    ],
    "keep": {
     "type": "tool_uses",
     "value": 0
    },
    "trigger": {
     "type": "input_tokens",
     "value": 1
    }
   }
  ]
 },
 "diagnostics": {
  "previous_message_id": "previous_message_id"
 },
 "fallback_credit_token": "x",
 "fallbacks": "default",
 "inference_geo": "inference_geo",
 "mcp_servers": [
  {
   "name": "name",
   "type": "url",
   "url": "url",
   "authorization_token": "authorization_token",
   "tool_configuration": {
    "allowed_tools": [
     "string"
    ],
    "enabled": true
   }
  }
 ],
 "metadata": {
  "user_id": "13803d75-b4b5-4c3e-b2a2-6f21399b021b"
 },
 "output_config": {
  "effort": "low",
  "format": {
   "schema": {
    "foo": "bar"
   },
   "type": "json_schema"
  },
  "task_budget": {
   "total": 1024,
   "type": "tokens",
   "remaining": 0
  }
 },
 "service_tier": "auto",
 "speed": "standard",
 "stop_sequences": [
  "string"
 ],
 "stream": false,
 "system": [
  {
   "text": "Today's date is 2024-06-01.",
   "type": "text",
   "cache_control": {
    "type": "ephemeral",
    "ttl": "5m"
   },
   "citations": [
    {
     "cited_text": "The grass is green. The sky is blue.",
     "document_index": 0,
     "document_title": "x",
     "end_char_index": 0,
     "start_char_index": 0,
     "type": "char_location"
    }
   ]
  }
 ],
 "temperature": 1,
 "thinking": {
  "type": "adaptive",
  "display": "summarized"
 },
 "tool_choice": {
  "type": "auto",
  "disable_parallel_tool_use": true
 },
 "tools": [
  {
   "input_schema": {
    "type": "object",
    "properties": {
     "location": "bar",
     "unit": "bar"
    },
    "required": [
     "location"
    ]
   },
   "name": "name",
   "allowed_callers": [
    "direct"
   ],
   "cache_control": {
    "type": "ephemeral",
    "ttl": "5m"
   },
   "defer_loading": true,
   "description": "Get the current weather in a given location",
   "eager_input_streaming": true,
   "input_examples": [
    {
     "foo": "bar"
    }
   ],
   "strict": true,
   "type": "custom"
  }
 ],
 "top_k": 5,
 "top_p": 0.7
}"#;

#[test]
fn every_sdk_field_is_known() {
    for (name, body) in [("GA", GA), ("beta", BETA)] {
        let report = validate(body);
        let codes: Vec<Code> = report.diagnostics.iter().map(|d| d.code).collect();
        assert_eq!(
            codes,
            [Code::TemperatureAndTopP],
            "{name}: {:#?}",
            report.diagnostics
        );
    }
}

/// The request fields `@anthropic-ai/sdk` 1.15.0 added (the generated catalogue's source), as its `create` sends
/// them; and a browser toolset, which has no `name`.
#[test]
fn typescript_sdk_1_15_fields_are_known() {
    let body = r#"{
 "max_tokens": 1024,
 "messages": [{"content": "Hello, world", "role": "user"}],
 "model": "claude-opus-4-8",
 "billing_policy": {"type": "billing_policy", "bill_to": "user_profile"},
 "compaction": {"type": "summarize", "instructions": "Keep the numbers."},
 "thread": {"type": "create"},
 "tools": [{"type": "browser_toolset_20260801"}]
}"#;
    let report = validate(body);
    assert!(report.diagnostics.is_empty(), "{:#?}", report.diagnostics);
}

/// `user_profile_id` and `workspace_id` are parameters of the TypeScript SDK's `create`, but it takes them out of
/// the body and sends them as headers (`anthropic-user-profile-id`, `anthropic-workspace-id`), as it does
/// `betas`. The body the SDK sends has no such field, so no warning; one written into a raw body is still an
/// unknown field, with the header to use.
#[test]
fn sdk_header_parameters_are_not_body_fields() {
    let sent = r#"{"max_tokens": 1024, "messages": [{"content": "Hello, world", "role": "user"}],
 "model": "claude-opus-4-8", "metadata": {"user_id": "13803d75-b4b5-4c3e-b2a2-6f21399b021b"}}"#;
    assert!(validate(sent).diagnostics.is_empty());
    for (field, header) in [
        ("user_profile_id", "anthropic-user-profile-id"),
        ("workspace_id", "anthropic-workspace-id"),
    ] {
        let raw = sent.replacen('{', &format!("{{\"{field}\": \"x\", "), 1);
        let report = validate(&raw);
        let [d] = report.diagnostics.as_slice() else {
            panic!("{field}: {:#?}", report.diagnostics)
        };
        assert_eq!(d.code, Code::UnknownField);
        assert_eq!(d.path, format!("/{field}"));
        assert!(d.hint.as_deref().unwrap_or_default().contains(header), "{d:#?}");
    }
}
