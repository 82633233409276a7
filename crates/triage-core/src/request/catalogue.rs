//! What a Messages request may contain: fields, block types, tool types and enumerated values.
//!
//! Taken from the official SDKs' request types (anthropic-sdk-python `types/message_create_params.py`, the
//! `*_param.py` block and tool types and their `beta/` twins, 2026-08-07), union of the GA and beta shapes so a
//! beta request is not flagged. Anything not listed is a warning, never an error: the API grows every month.

use super::checker::Types;

#[derive(Debug, Clone, Copy)]
pub struct Field {
    pub name: &'static str,
    pub types: Types,
}

const fn f(name: &'static str, types: Types) -> Field {
    Field { name, types }
}

const S: Types = Types::STRING;
const N: Types = Types::NUMBER;
const B: Types = Types::BOOL;
const O: Types = Types::OBJECT;
const A: Types = Types::ARRAY;
const ANY: Types = Types::ANY;
/// Optional fields: the API treats `null` as absent.
const fn opt(t: Types) -> Types {
    t.or(Types::NULL)
}

/// Top-level request fields. `model`, `max_tokens` and `messages` are required and checked separately.
pub const REQUEST: &[Field] = &[
    f("model", S),
    f("max_tokens", N),
    f("messages", A),
    f("system", opt(S.or(A))),
    f("metadata", opt(O)),
    f("stop_sequences", opt(A)),
    f("stream", opt(B)),
    f("temperature", opt(N)),
    f("top_p", opt(N)),
    f("top_k", opt(N)),
    f("thinking", opt(O)),
    f("tool_choice", opt(O)),
    f("tools", opt(A)),
    f("cache_control", opt(O)),
    f("container", opt(S.or(O))),
    f("context_management", opt(O)),
    f("inference_geo", opt(S)),
    f("mcp_servers", opt(A)),
    f("output_config", opt(O)),
    f("output_format", opt(O)),
    f("service_tier", opt(S)),
    f("speed", opt(S)),
    f("diagnostics", ANY),
    f("fallbacks", ANY),
    f("fallback_credit_token", ANY),
];

/// Things people put in the body that belong elsewhere, with where they go.
pub const MISPLACED: &[(&str, &str)] = &[
    (
        "betas",
        "Send betas in the `anthropic-beta` header, not in the body.",
    ),
    (
        "anthropic_beta",
        "Send betas in the `anthropic-beta` header, not in the body.",
    ),
    (
        "anthropic-beta",
        "Send betas in the `anthropic-beta` header, not in the body.",
    ),
    (
        "anthropic_version",
        "Send the version in the `anthropic-version` header, not in the body.",
    ),
    (
        "anthropic-version",
        "Send the version in the `anthropic-version` header, not in the body.",
    ),
    (
        "api_key",
        "Send the key in the `x-api-key` header, never in the body.",
    ),
    (
        "x-api-key",
        "Send the key in the `x-api-key` header, never in the body.",
    ),
    (
        "max_tokens_to_sample",
        "That is the old Text Completions API: use `max_tokens`.",
    ),
    (
        "prompt",
        "That is the old Text Completions API: send `messages` instead.",
    ),
    (
        "max_completion_tokens",
        "That is OpenAI's name: the Messages API calls it `max_tokens`.",
    ),
    (
        "frequency_penalty",
        "The Messages API has no frequency penalty; remove it.",
    ),
    (
        "presence_penalty",
        "The Messages API has no presence penalty; remove it.",
    ),
    (
        "response_format",
        "The Messages API uses `output_config.format` for structured output.",
    ),
    (
        "n",
        "The Messages API returns one completion per request; remove `n`.",
    ),
    ("seed", "The Messages API has no seed; remove it."),
    (
        "logprobs",
        "The Messages API does not return log probabilities; remove it.",
    ),
    ("user", "Use `metadata.user_id` for an end-user id."),
    (
        "functions",
        "Tools go in `tools`, each with `name`, `description` and `input_schema`.",
    ),
    (
        "tool_config",
        "Tools go in `tools`; the choice goes in `tool_choice`.",
    ),
];

pub const MESSAGE: &[Field] = &[f("role", S), f("content", S.or(A))];

pub const METADATA: &[Field] = &[f("user_id", opt(S))];

pub const CACHE_CONTROL: &[Field] = &[f("type", S), f("ttl", opt(S))];
pub const CACHE_TYPES: &[&str] = &["ephemeral"];
pub const CACHE_TTLS: &[&str] = &["5m", "1h"];

pub const SERVICE_TIERS: &[&str] = &["auto", "standard_only"];
pub const SPEEDS: &[&str] = &["standard", "fast"];

pub const OUTPUT_CONFIG: &[Field] = &[f("effort", opt(S)), f("format", opt(O)), f("task_budget", opt(O))];
pub const EFFORTS: &[&str] = &["low", "medium", "high", "xhigh", "max"];

/// An entry of `mcp_servers`: `type`, `name` and `url` are required.
pub const MCP_SERVER: &[Field] = &[
    f("type", S),
    f("name", S),
    f("url", S),
    f("authorization_token", opt(S)),
    f("tool_configuration", opt(O)),
];
pub const MCP_SERVER_TYPES: &[&str] = &["url"];

pub const THINKING_TYPES: &[&str] = &["enabled", "disabled", "adaptive"];
pub const THINKING_DISPLAYS: &[&str] = &["summarized", "omitted"];
pub const THINKING_ENABLED: &[Field] = &[f("type", S), f("budget_tokens", N), f("display", opt(S))];
pub const THINKING_ADAPTIVE: &[Field] = &[f("type", S), f("display", opt(S))];
pub const THINKING_DISABLED: &[Field] = &[f("type", S)];

pub const TOOL_CHOICE_TYPES: &[&str] = &["auto", "any", "tool", "none"];
pub const TOOL_CHOICE: &[Field] = &[f("type", S), f("name", S), f("disable_parallel_tool_use", opt(B))];

/// A content block type: the members it must and may have (besides `type`).
#[derive(Debug, Clone, Copy)]
pub struct Block {
    pub kind: &'static str,
    pub required: &'static [&'static str],
    pub optional: &'static [&'static str],
}

const fn block(
    kind: &'static str,
    required: &'static [&'static str],
    optional: &'static [&'static str],
) -> Block {
    Block {
        kind,
        required,
        optional,
    }
}

const CC: &[&str] = &["cache_control"];
const SERVER_RESULT: &[&str] = &["cache_control", "caller"];

/// Every content block a request may carry, user and assistant turns alike (assistant blocks from a previous
/// response are sent back as they came).
pub const BLOCKS: &[Block] = &[
    block("text", &["text"], &["cache_control", "citations"]),
    block("image", &["source"], CC),
    block(
        "document",
        &["source"],
        &["cache_control", "citations", "context", "title"],
    ),
    block(
        "search_result",
        &["content", "source", "title"],
        &["cache_control", "citations"],
    ),
    block("thinking", &["thinking", "signature"], &[]),
    block("redacted_thinking", &["data"], &[]),
    block("tool_use", &["id", "name", "input"], &["cache_control", "caller"]),
    block(
        "tool_result",
        &["tool_use_id"],
        &["cache_control", "content", "is_error"],
    ),
    block(
        "server_tool_use",
        &["id", "name", "input"],
        &["cache_control", "caller"],
    ),
    block(
        "web_search_tool_result",
        &["tool_use_id", "content"],
        SERVER_RESULT,
    ),
    block(
        "web_fetch_tool_result",
        &["tool_use_id", "content"],
        SERVER_RESULT,
    ),
    block("code_execution_tool_result", &["tool_use_id", "content"], CC),
    block("bash_code_execution_tool_result", &["tool_use_id", "content"], CC),
    block(
        "text_editor_code_execution_tool_result",
        &["tool_use_id", "content"],
        CC,
    ),
    block("tool_search_tool_result", &["tool_use_id", "content"], CC),
    block("advisor_tool_result", &["tool_use_id", "content"], CC),
    block("mcp_tool_use", &["id", "name", "input", "server_name"], CC),
    block(
        "mcp_tool_result",
        &["tool_use_id"],
        &["cache_control", "content", "is_error"],
    ),
    block("container_upload", &["file_id"], CC),
    block(
        "compaction",
        &[],
        &["cache_control", "content", "encrypted_content"],
    ),
    block("mid_conv_system", &["content"], CC),
    block("tool_addition", &["tool"], CC),
    block("tool_removal", &["tool"], CC),
    block("fallback", &["to"], &["trigger"]),
    block("tool_reference", &["tool_name"], CC),
];

pub fn block_spec(kind: &str) -> Option<&'static Block> {
    BLOCKS.iter().find(|b| b.kind == kind)
}

pub fn block_kinds() -> impl Iterator<Item = &'static str> {
    BLOCKS.iter().map(|b| b.kind)
}

/// A tool type family: `web_search` covers `web_search_20250305`, `web_search_20260209` and versions to come.
#[derive(Debug, Clone, Copy)]
pub struct Tool {
    pub family: &'static str,
    /// The names the API requires for this type; empty when the caller chooses the name.
    pub names: &'static [&'static str],
    /// The versions the catalogue knows (from the SDKs); a name is enforced only for these, since a newer
    /// version may rename its tool (as `text_editor_20250429` did).
    pub versions: &'static [&'static str],
    pub fields: &'static [&'static str],
}

const COMMON: [&str; 5] = [
    "type",
    "allowed_callers",
    "cache_control",
    "defer_loading",
    "strict",
];

macro_rules! fields {
    ($($extra:literal),* $(,)?) => {
        &[COMMON[0], COMMON[1], COMMON[2], COMMON[3], COMMON[4], "name", $($extra),*]
    };
}

pub const CUSTOM_TOOL: Tool = Tool {
    family: "custom",
    names: &[],
    versions: &[],
    fields: fields![
        "description",
        "input_schema",
        "input_examples",
        "eager_input_streaming"
    ],
};

pub const TOOLS: &[Tool] = &[
    Tool {
        family: "web_search",
        names: &["web_search"],
        versions: &[
            "web_search_20250305",
            "web_search_20260209",
            "web_search_20260318",
        ],
        fields: fields![
            "allowed_domains",
            "blocked_domains",
            "max_uses",
            "user_location",
            "response_inclusion"
        ],
    },
    Tool {
        family: "web_fetch",
        names: &["web_fetch"],
        versions: &[
            "web_fetch_20250910",
            "web_fetch_20260209",
            "web_fetch_20260309",
            "web_fetch_20260318",
        ],
        fields: fields![
            "allowed_domains",
            "blocked_domains",
            "max_uses",
            "max_content_tokens",
            "citations",
            "use_cache",
            "response_inclusion",
        ],
    },
    Tool {
        family: "code_execution",
        names: &["code_execution"],
        versions: &[
            "code_execution_20250522",
            "code_execution_20250825",
            "code_execution_20260120",
            "code_execution_20260521",
        ],
        fields: fields![],
    },
    Tool {
        family: "bash",
        names: &["bash"],
        versions: &["bash_20241022", "bash_20250124"],
        fields: fields!["input_examples"],
    },
    Tool {
        family: "text_editor",
        names: &["str_replace_based_edit_tool", "str_replace_editor"],
        versions: &[
            "text_editor_20241022",
            "text_editor_20250124",
            "text_editor_20250429",
            "text_editor_20250728",
        ],
        fields: fields!["input_examples", "max_characters"],
    },
    Tool {
        family: "computer",
        names: &["computer"],
        versions: &["computer_20241022", "computer_20250124", "computer_20251124"],
        fields: fields![
            "display_width_px",
            "display_height_px",
            "display_number",
            "enable_zoom",
            "input_examples"
        ],
    },
    Tool {
        family: "memory",
        names: &["memory"],
        versions: &["memory_20250818"],
        fields: fields!["input_examples"],
    },
    Tool {
        family: "tool_search_tool_bm25",
        names: &["tool_search_tool_bm25"],
        versions: &["tool_search_tool_bm25_20251119", "tool_search_tool_bm25"],
        fields: fields![],
    },
    Tool {
        family: "tool_search_tool_regex",
        names: &["tool_search_tool_regex"],
        versions: &["tool_search_tool_regex_20251119", "tool_search_tool_regex"],
        fields: fields![],
    },
    Tool {
        family: "advisor",
        names: &["advisor"],
        versions: &["advisor_20260301"],
        fields: fields!["model", "max_tokens", "max_uses", "caching"],
    },
    Tool {
        family: "mcp_toolset",
        names: &[],
        versions: &["mcp_toolset"],
        fields: &[
            "type",
            "mcp_server_name",
            "cache_control",
            "configs",
            "default_config",
        ],
    },
];

/// The family of a tool `type`: the type without its `_YYYYMMDD` version suffix.
pub fn tool_family(kind: &str) -> &str {
    match kind.rsplit_once('_') {
        Some((family, date)) if date.len() == 8 && date.bytes().all(|b| b.is_ascii_digit()) => family,
        _ => kind,
    }
}

pub fn tool_spec(kind: &str) -> Option<&'static Tool> {
    let family = tool_family(kind);
    TOOLS.iter().find(|t| t.family == family)
}

pub const IMAGE_MEDIA_TYPES: &[&str] = &["image/jpeg", "image/png", "image/gif", "image/webp"];
pub const IMAGE_SOURCE_TYPES: &[&str] = &["base64", "url", "file"];
pub const DOCUMENT_SOURCE_TYPES: &[&str] = &["base64", "text", "content", "url", "file"];

/// Members of an image or document `source`, by source type.
pub fn source_fields(kind: &str) -> &'static [Field] {
    const DATA: &[Field] = &[f("type", S), f("media_type", S), f("data", S)];
    const URL: &[Field] = &[f("type", S), f("url", S)];
    const FILE: &[Field] = &[f("type", S), f("file_id", S)];
    const CONTENT: &[Field] = &[f("type", S), f("content", S.or(A))];
    const TYPE: &[Field] = &[f("type", S)];
    match kind {
        "base64" | "text" => DATA,
        "url" => URL,
        "file" => FILE,
        "content" => CONTENT,
        _ => TYPE,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versioned_tool_types_share_a_family() {
        assert_eq!(tool_family("web_search_20250305"), "web_search");
        assert_eq!(tool_family("web_search_20991231"), "web_search");
        assert_eq!(tool_family("tool_search_tool_bm25"), "tool_search_tool_bm25");
        assert_eq!(tool_family("text_editor_20250728"), "text_editor");
        assert!(tool_spec("code_execution_20991231").is_some());
        assert!(tool_spec("teleport_20250101").is_none());
    }
}
