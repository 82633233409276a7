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
