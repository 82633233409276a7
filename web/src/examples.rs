//! Example requests for the editor: one valid, and the mistakes people make most.

pub struct Example {
    pub name: &'static str,
    pub body: &'static str,
}

pub const EXAMPLES: &[Example] = &[
    Example {
        name: "Valid request",
        body: r#"{
  "model": "claude-sonnet-4-5",
  "max_tokens": 1024,
  "system": "You are terse.",
  "messages": [
    {"role": "user", "content": "Say hello."}
  ]
}"#,
    },
    Example {
        name: "System prompt inside messages",
        body: r#"{
  "model": "claude-sonnet-4-5",
  "max_tokens": 1024,
  "messages": [
    {"role": "system", "content": "You are terse."},
    {"role": "user", "content": "Say hello."}
  ]
}"#,
    },
    Example {
        name: "Trailing comma, max_tokens as a string",
        body: r#"{
  "model": "claude-sonnet-4-5",
  "max_tokens": "1024",
  "messages": [
    {"role": "user", "content": "Say hello."},
  ]
}"#,
    },
    Example {
        name: "tool_use without its tool_result",
        body: r#"{
  "model": "claude-sonnet-4-5",
  "max_tokens": 1024,
  "tools": [{"name": "calc", "input_schema": {"type": "object"}}],
  "messages": [
    {"role": "user", "content": "2+2?"},
    {"role": "assistant", "content": [{"type": "tool_use", "id": "toolu_01", "name": "calc", "input": {}}]},
    {"role": "user", "content": "well?"}
  ]
}"#,
    },
    Example {
        name: "Thinking budget too small",
        body: r#"{
  "model": "claude-sonnet-4-5",
  "max_tokens": 4000,
  "thinking": {"type": "enabled", "budget_tokens": 512},
  "messages": [{"role": "user", "content": "Prove it."}]
}"#,
    },
];
