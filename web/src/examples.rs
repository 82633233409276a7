//! Example requests for the editor: one valid, then one per family of diagnostics (JSON syntax, shape, messages,
//! model limits, sampling, thinking, tools, tool pairing, images and documents, streaming and size, stop
//! sequences and caching).

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
        name: "Valid streamed request",
        body: r#"{
  "model": "claude-sonnet-4-5",
  "max_tokens": 1024,
  "stream": true,
  "messages": [
    {"role": "user", "content": "Say hello."}
  ]
}"#,
    },
    Example {
        name: "JSON syntax: trailing comma, max_tokens as a string",
        body: r#"{
  "model": "claude-sonnet-4-5",
  "max_tokens": "1024",
  "messages": [
    {"role": "user", "content": "Say hello."},
  ]
}"#,
    },
    Example {
        name: "Shape: a missing field, a misspelt one, a wrong type",
        body: r#"{
  "model": "claude-sonnet-4-5",
  "max_token": 1024,
  "metadata": "user-42",
  "messages": [
    {"role": "user", "content": "Say hello."}
  ]
}"#,
    },
    Example {
        name: "Messages: system prompt inside messages, empty content",
        body: r#"{
  "model": "claude-sonnet-4-5",
  "max_tokens": 1024,
  "messages": [
    {"role": "system", "content": "You are terse."},
    {"role": "user", "content": ""},
    {"role": "user", "content": "Say hello."}
  ]
}"#,
    },
    Example {
        name: "Model: a misspelt name (a warning: Send stays allowed)",
        body: r#"{
  "model": "claude-3-5-sonet",
  "max_tokens": 1024,
  "messages": [{"role": "user", "content": "Say hello."}]
}"#,
    },
    Example {
        name: "Model: max_tokens above the model's limit",
        body: r#"{
  "model": "claude-3-haiku-20240307",
  "max_tokens": 8192,
  "messages": [{"role": "user", "content": "Say hello."}]
}"#,
    },
    Example {
        name: "Sampling: temperature out of range, with top_p, top_k",
        body: r#"{
  "model": "claude-sonnet-4-5",
  "max_tokens": 1024,
  "temperature": 1.5,
  "top_p": 0.9,
  "top_k": -1,
  "messages": [{"role": "user", "content": "Say hello."}]
}"#,
    },
    Example {
        name: "Thinking: budget too small, with temperature",
        body: r#"{
  "model": "claude-sonnet-4-5",
  "max_tokens": 4000,
  "temperature": 0.5,
  "thinking": {"type": "enabled", "budget_tokens": 512},
  "messages": [{"role": "user", "content": "Prove it."}]
}"#,
    },
    Example {
        name: "Tools: bad name, duplicate, tool_choice for an unknown tool",
        body: r#"{
  "model": "claude-sonnet-4-5",
  "max_tokens": 1024,
  "tools": [
    {"name": "get weather", "input_schema": {"type": "object"}},
    {"name": "calc", "input_schema": {"type": "object"}},
    {"name": "calc", "input_schema": {"type": "object"}}
  ],
  "tool_choice": {"type": "tool", "name": "search"},
  "messages": [{"role": "user", "content": "2+2?"}]
}"#,
    },
    Example {
        name: "Tool pairing: tool_use without its tool_result",
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
        name: "Images: unsupported media type, data that is not that type",
        body: r#"{
  "model": "claude-sonnet-4-5",
  "max_tokens": 1024,
  "messages": [{"role": "user", "content": [
    {"type": "image", "source": {"type": "base64", "media_type": "image/bmp", "data": "Qk0="}},
    {"type": "image", "source": {"type": "base64", "media_type": "image/png", "data": "/9j/4AAQSkZJRg=="}},
    {"type": "text", "text": "What is this?"}
  ]}]
}"#,
    },
    Example {
        name: "Streaming and size: a long answer without stream",
        body: r#"{
  "model": "claude-opus-4-1",
  "max_tokens": 32000,
  "messages": [{"role": "user", "content": "Write a long story."}]
}"#,
    },
    Example {
        name: "Stop sequences and caching: empty stop sequence, five cache breakpoints",
        body: r#"{
  "model": "claude-sonnet-4-5",
  "max_tokens": 1024,
  "stop_sequences": [""],
  "system": [
    {"type": "text", "text": "a", "cache_control": {"type": "ephemeral"}},
    {"type": "text", "text": "b", "cache_control": {"type": "ephemeral"}},
    {"type": "text", "text": "c", "cache_control": {"type": "ephemeral"}}
  ],
  "messages": [{"role": "user", "content": [
    {"type": "text", "text": "d", "cache_control": {"type": "ephemeral"}},
    {"type": "text", "text": "e", "cache_control": {"type": "ephemeral"}}
  ]}]
}"#,
    },
];
