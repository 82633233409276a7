//! Server-side validation of Messages requests with the API's own wordings. Written independently of
//! triage-core on purpose: the mock is the oracle the core's validator is checked against.

use serde_json::{Map, Value};

use crate::errors::ApiError;
use crate::models::{self, Model};

/// The endpoint a body was sent to; they accept different fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Endpoint {
    Create,
    CountTokens,
}

/// What the rest of the mock needs from a valid request.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidRequest {
    /// The model as the caller named it (an id or an alias).
    pub model: String,
    pub max_tokens: u64,
    pub stream: bool,
    pub input_tokens: u64,
}

/// The request catalogue triage-core generates from the official SDK's type declarations (`cargo xtask
/// catalogue`), included as a file rather than through a dependency on triage-core. Only its lists of field
/// names are used: which fields exist is data the mock and the core must share (both follow the SDK, and a
/// hand-kept copy here drifted), while every rule the mock applies stays written here, independently, so the
/// mock remains the oracle the core's rules are checked against.
#[allow(dead_code)]
#[path = "../../triage-core/src/request/catalogue/sdk.rs"]
mod sdk;

/// Fields the API accepts on `POST /v1/messages` that the SDK's types do not declare: `@anthropic-ai/sdk`
/// 1.x dropped the sampling parameters from its types, but the API still takes them.
pub const CREATE_EXTRA: &[&str] = &["temperature", "top_k", "top_p"];

/// Whether `POST /v1/messages` (or count_tokens) takes a body field; anything else is "Extra inputs". The
/// SDK's header parameters (`betas`, `user_profile_id`, `workspace_id`) are not body fields: the SDK takes
/// them out of the body and sends headers.
pub fn is_body_field(endpoint: Endpoint, name: &str) -> bool {
    match endpoint {
        Endpoint::Create => sdk::CREATE.iter().any(|m| m.name == name) || CREATE_EXTRA.contains(&name),
        Endpoint::CountTokens => sdk::COUNT_TOKENS.iter().any(|m| m.name == name),
    }
}

/// Every body field `endpoint` takes, for comparing catalogues.
pub fn body_fields(endpoint: Endpoint) -> Vec<&'static str> {
    match endpoint {
        Endpoint::Create => sdk::CREATE
            .iter()
            .map(|m| m.name)
            .chain(CREATE_EXTRA.iter().copied())
            .collect(),
        Endpoint::CountTokens => sdk::COUNT_TOKENS.iter().map(|m| m.name).collect(),
    }
}

const UNEXPECTED_SYSTEM_ROLE: &str =
    "messages: Unexpected role \"system\". The Messages API accepts a top-level \
     `system` parameter, not \"system\" as an input message role.";
const MAX_TOKENS_NOT_ABOVE_BUDGET: &str = "`max_tokens` must be greater than `thinking.budget_tokens`. Please \
     consult our documentation at https://docs.claude.com/en/docs/build-with-claude/extended-thinking#max-tokens-and-context-window-size";
const MIN_THINKING_BUDGET: u64 = 1024;

/// Parses a body, giving the API's 400 for text that is not JSON.
pub fn parse_body(body: &[u8]) -> Result<Value, ApiError> {
    serde_json::from_slice(body).map_err(|error| {
        let full = error.to_string();
        let reason = full.split(" at line ").next().unwrap_or(&full);
        let reason = API_JSON_REASONS
            .iter()
            .find(|(ours, _)| reason.starts_with(ours))
            .map_or(reason, |(_, theirs)| theirs);
        let (line, column) = (error.line(), error.column());
        let char_index = char_index(body, line, column);
        ApiError::invalid_request(format!(
            "The request body is not valid JSON: {reason}: line {line} column {column} (char {char_index})"
        ))
    })
}

/// The parser's wording where the API words the same problem differently.
const API_JSON_REASONS: &[(&str, &str)] = &[(
    "control character (\\u0000-\\u001F) found while parsing a string",
    "unexpected control character in string",
)];

/// The 0-based character offset of a 1-based line and column.
fn char_index(body: &[u8], line: usize, column: usize) -> usize {
    let text = String::from_utf8_lossy(body);
    let before: usize = text
        .split('\n')
        .take(line.saturating_sub(1))
        .map(|line| line.chars().count() + 1)
        .sum();
    before + column.saturating_sub(1)
}

/// Checks a parsed body the way the API does, in the order it reports problems.
pub fn validate(body: &Value, endpoint: Endpoint) -> Result<ValidRequest, ApiError> {
    let object = body.as_object().ok_or_else(|| {
        ApiError::invalid_request("body: Input should be a valid dictionary or object to extract fields from")
    })?;
    if let Some(extra) = object.keys().find(|key| !is_body_field(endpoint, key)) {
        return Err(ApiError::invalid_request(format!(
            "{extra}: Extra inputs are not permitted"
        )));
    }
    let model = required(object, "model")?
        .as_str()
        .ok_or_else(|| ApiError::invalid_request("model: Input should be a valid string"))?;
    let max_tokens = match endpoint {
        Endpoint::Create => max_tokens(required(object, "max_tokens")?)?,
        Endpoint::CountTokens => 0,
    };
    let messages = required(object, "messages")?
        .as_array()
        .ok_or_else(|| ApiError::invalid_request("messages: Input should be a valid list"))?;
    check_messages(messages)?;
    check_system(object.get("system"))?;
    check_tools(object.get("tools"))?;
    for field in ["temperature", "top_p"] {
        check_unit_interval(object, field)?;
    }
    let stream = match object.get("stream") {
        None | Some(Value::Null) => false,
        Some(Value::Bool(stream)) => *stream,
        Some(_) => {
            return Err(ApiError::invalid_request(
                "stream: Input should be a valid boolean",
            ))
        }
    };
    if endpoint == Endpoint::Create {
        check_thinking(object.get("thinking"), max_tokens)?;
    }
    let model_entry = models::find(model).ok_or_else(|| ApiError::not_found(format!("model: {model}")))?;
    let input_tokens = estimate_input_tokens(body);
    if endpoint == Endpoint::Create {
        check_limits(model_entry, max_tokens, input_tokens)?;
    }
    Ok(ValidRequest {
        model: model.to_string(),
        max_tokens,
        stream,
        input_tokens,
    })
}

/// The mock's token count (see `tokens`): deterministic, and independent of triage-core's estimator.
pub fn estimate_input_tokens(body: &Value) -> u64 {
    tokens::count(body)
}

#[path = "tokens.rs"]
mod tokens;

fn required<'a>(object: &'a Map<String, Value>, field: &str) -> Result<&'a Value, ApiError> {
    object
        .get(field)
        .ok_or_else(|| ApiError::invalid_request(format!("{field}: Field required")))
}

fn max_tokens(value: &Value) -> Result<u64, ApiError> {
    if let Some(n) = value.as_u64() {
        return Ok(n);
    }
    if value.as_i64().is_some() {
        return Err(ApiError::invalid_request(
            "max_tokens: Input should be greater than or equal to 0",
        ));
    }
    Err(ApiError::invalid_request(
        "max_tokens: Input should be a valid integer",
    ))
}

fn check_messages(messages: &[Value]) -> Result<(), ApiError> {
    if messages.is_empty() {
        return Err(ApiError::invalid_request(
            "messages: at least one message is required",
        ));
    }
    for (index, message) in messages.iter().enumerate() {
        let message = message.as_object().ok_or_else(|| {
            ApiError::invalid_request(format!("messages.{index}: Input should be a valid dictionary"))
        })?;
        match required(message, "role")
            .map_err(|_| field_required(index, "role"))?
            .as_str()
        {
            Some("user" | "assistant") => {}
            Some("system") => return Err(ApiError::invalid_request(UNEXPECTED_SYSTEM_ROLE)),
            _ => {
                return Err(ApiError::invalid_request(format!(
                    "messages.{index}.role: Input should be 'user' or 'assistant'"
                )))
            }
        }
        check_content(
            index,
            message
                .get("content")
                .ok_or_else(|| field_required(index, "content"))?,
        )?;
    }
    if messages.first().and_then(role) != Some("user") {
        return Err(ApiError::invalid_request(
            "messages: first message must use the \"user\" role",
        ));
    }
    check_tool_pairs(messages)?;
    if let Some(last) = messages
        .last()
        .filter(|message| role(message) == Some("assistant"))
    {
        if final_text(last).is_some_and(|text| text != text.trim_end()) {
            return Err(ApiError::invalid_request(
                "messages: final assistant content cannot end with trailing whitespace",
            ));
        }
    }
    Ok(())
}

fn field_required(index: usize, field: &str) -> ApiError {
    ApiError::invalid_request(format!("messages.{index}.{field}: Field required"))
}

fn role(message: &Value) -> Option<&str> {
    message.get("role").and_then(Value::as_str)
}

fn check_content(index: usize, content: &Value) -> Result<(), ApiError> {
    let blocks = match content {
        Value::String(text) => return check_text(text),
        Value::Array(blocks) => blocks,
        _ => {
            return Err(ApiError::invalid_request(format!(
                "messages.{index}.content: Input should be a valid string or a valid list"
            )))
        }
    };
    for (position, block) in blocks.iter().enumerate() {
        let kind = block.get("type").and_then(Value::as_str).ok_or_else(|| {
            ApiError::invalid_request(format!(
                "messages.{index}.content.{position}.type: Field required"
            ))
        })?;
        if kind == "image" {
            check_image_source(index, position, block)?;
        }
        if kind == "text" {
            let text = block.get("text").and_then(Value::as_str).ok_or_else(|| {
                ApiError::invalid_request(format!(
                    "messages.{index}.content.{position}.text: Field required"
                ))
            })?;
            check_text(text)?;
        }
    }
    Ok(())
}

/// The media types the API takes for a base64 image.
const IMAGE_MEDIA_TYPES: &[&str] = &["image/jpeg", "image/png", "image/gif", "image/webp"];

fn check_image_source(index: usize, position: usize, block: &Value) -> Result<(), ApiError> {
    let Some(source) = block
        .get("source")
        .filter(|source| source.get("type").and_then(Value::as_str) == Some("base64"))
    else {
        return Ok(());
    };
    match source.get("media_type").and_then(Value::as_str) {
        Some(media_type) if IMAGE_MEDIA_TYPES.contains(&media_type) => Ok(()),
        _ => Err(ApiError::invalid_request(format!(
            "messages.{index}.content.{position}.image.source.base64.media_type: Input should be \
             'image/jpeg', 'image/png', 'image/gif' or 'image/webp'"
        ))),
    }
}

/// A custom tool's name, as the API checks it (the pattern as its 400 quotes it).
fn check_tools(tools: Option<&Value>) -> Result<(), ApiError> {
    let tools = tools.and_then(Value::as_array).map_or(&[][..], Vec::as_slice);
    for (index, tool) in tools.iter().enumerate() {
        let custom = match tool.get("type") {
            None | Some(Value::Null) => true,
            Some(kind) => kind.as_str() == Some("custom"),
        };
        let Some(name) = tool.get("name").and_then(Value::as_str).filter(|_| custom) else {
            continue;
        };
        let valid = (1..=128).contains(&name.len())
            && name
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
        if !valid {
            return Err(ApiError::invalid_request(format!(
                "tools.{index}.custom.name: String should match pattern '^[a-zA-Z0-9_-]{{1,128}}$'"
            )));
        }
    }
    Ok(())
}

fn check_text(text: &str) -> Result<(), ApiError> {
    if text.is_empty() {
        Err(ApiError::invalid_request(
            "messages: text content blocks must be non-empty",
        ))
    } else if text.trim().is_empty() {
        Err(ApiError::invalid_request(
            "messages: text content blocks must contain non-whitespace text",
        ))
    } else {
        Ok(())
    }
}

/// The text an assistant message ends with, if it ends with text.
fn final_text(message: &Value) -> Option<&str> {
    match message.get("content")? {
        Value::String(text) => Some(text),
        Value::Array(blocks) => blocks.last()?.get("text")?.as_str(),
        _ => None,
    }
}

/// Every `tool_use` needs a `tool_result` in the next message, and every `tool_result` a `tool_use` in the
/// previous one.
fn check_tool_pairs(messages: &[Value]) -> Result<(), ApiError> {
    let ids = |message: &Value, kind: &str, field: &str| -> Vec<String> {
        let blocks = message
            .get("content")
            .and_then(Value::as_array)
            .map_or(&[][..], Vec::as_slice);
        blocks
            .iter()
            .filter(|block| block.get("type").and_then(Value::as_str) == Some(kind))
            .filter_map(|block| block.get(field).and_then(Value::as_str).map(str::to_string))
            .collect()
    };
    for (index, pair) in messages.windows(2).enumerate() {
        let (used, results) = (
            ids(&pair[0], "tool_use", "id"),
            ids(&pair[1], "tool_result", "tool_use_id"),
        );
        let unanswered: Vec<&str> = used
            .iter()
            .filter(|id| !results.contains(id))
            .map(String::as_str)
            .collect();
        if !unanswered.is_empty() {
            return Err(ApiError::invalid_request(format!(
                "messages.{}: `tool_use` ids were found without `tool_result` blocks immediately after: {}. \
                 Each `tool_use` block must have a corresponding `tool_result` block in the next message.",
                index + 1,
                unanswered.join(", ")
            )));
        }
        if let Some(stray) = results.iter().find(|id| !used.contains(id)) {
            return Err(ApiError::invalid_request(format!(
                "messages.{}: unexpected `tool_use_id` found in `tool_result` blocks: {stray}. Each \
                 `tool_result` block must have a corresponding `tool_use` block in the previous message.",
                index + 1
            )));
        }
    }
    if let Some(first) = messages.first() {
        if let Some(stray) = ids(first, "tool_result", "tool_use_id").first() {
            return Err(ApiError::invalid_request(format!(
                "messages.0: unexpected `tool_use_id` found in `tool_result` blocks: {stray}. Each \
                 `tool_result` block must have a corresponding `tool_use` block in the previous message."
            )));
        }
    }
    Ok(())
}

fn check_system(system: Option<&Value>) -> Result<(), ApiError> {
    match system {
        None | Some(Value::Null | Value::String(_) | Value::Array(_)) => Ok(()),
        Some(_) => Err(ApiError::invalid_request(
            "system: Input should be a valid string or a valid list",
        )),
    }
}

fn check_unit_interval(object: &Map<String, Value>, field: &str) -> Result<(), ApiError> {
    let Some(value) = object.get(field).filter(|value| !value.is_null()) else {
        return Ok(());
    };
    let number = value
        .as_f64()
        .ok_or_else(|| ApiError::invalid_request(format!("{field}: Input should be a valid number")))?;
    if number < 0.0 {
        Err(ApiError::invalid_request(format!(
            "{field}: Input should be greater than or equal to 0"
        )))
    } else if number > 1.0 {
        Err(ApiError::invalid_request(format!(
            "{field}: Input should be less than or equal to 1"
        )))
    } else {
        Ok(())
    }
}

fn check_thinking(thinking: Option<&Value>, max_tokens: u64) -> Result<(), ApiError> {
    let Some(thinking) =
        thinking.filter(|value| value.get("type").and_then(Value::as_str) == Some("enabled"))
    else {
        return Ok(());
    };
    let budget = thinking
        .get("budget_tokens")
        .ok_or_else(|| ApiError::invalid_request("thinking.enabled.budget_tokens: Field required"))?;
    let budget = budget.as_u64().ok_or_else(|| {
        ApiError::invalid_request("thinking.enabled.budget_tokens: Input should be a valid integer")
    })?;
    if budget < MIN_THINKING_BUDGET {
        return Err(ApiError::invalid_request(format!(
            "thinking.enabled.budget_tokens: Input should be greater than or equal to {MIN_THINKING_BUDGET}"
        )));
    }
    if max_tokens <= budget {
        return Err(ApiError::invalid_request(MAX_TOKENS_NOT_ABOVE_BUDGET));
    }
    Ok(())
}

fn check_limits(model: &Model, max_tokens: u64, input_tokens: u64) -> Result<(), ApiError> {
    if max_tokens > model.max_output_tokens {
        return Err(ApiError::invalid_request(format!(
            "max_tokens: {max_tokens} > {}, which is the maximum allowed number of output tokens for {}",
            model.max_output_tokens, model.id
        )));
    }
    if input_tokens > model.context_window {
        return Err(ApiError::invalid_request(format!(
            "prompt is too long: {input_tokens} tokens > {} maximum",
            model.context_window
        )));
    }
    if input_tokens + max_tokens > model.context_window {
        return Err(ApiError::invalid_request(format!(
            "input length and `max_tokens` exceed context limit: {input_tokens} + {max_tokens} > {}, decrease \
             input length or `max_tokens` and try again",
            model.context_window
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn message_of(body: Value) -> String {
        validate(&body, Endpoint::Create)
            .map(|_| String::new())
            .unwrap_or_else(|error| error.message)
    }

    fn base() -> Value {
        json!({"model": "claude-sonnet-4-5", "max_tokens": 100, "messages": [{"role": "user", "content": "Hi"}]})
    }

    fn with(field: &str, value: Value) -> Value {
        let mut body = base();
        body[field] = value;
        body
    }

    #[test]
    fn a_plain_request_passes() {
        let valid = validate(&base(), Endpoint::Create).unwrap();
        assert_eq!(valid.model, "claude-sonnet-4-5");
        assert!(!valid.stream);
        assert!(valid.input_tokens > 0);
        assert_eq!(message_of(with("max_tokens", json!(0))), "");
    }

    #[test]
    fn real_wordings() {
        let mut missing = base();
        missing.as_object_mut().unwrap().remove("max_tokens");
        assert_eq!(message_of(missing), "max_tokens: Field required");
        let system = with("messages", json!([{"role": "system", "content": "Be brief"}]));
        assert_eq!(message_of(system), UNEXPECTED_SYSTEM_ROLE);
        assert_eq!(
            message_of(with("messages", json!([]))),
            "messages: at least one message is required"
        );
        assert_eq!(
            message_of(with("response_format", json!({}))),
            "response_format: Extra inputs are not permitted"
        );
        assert_eq!(
            message_of(with("max_tokens", json!(128_001))),
            "max_tokens: 128001 > 64000, which is the maximum allowed number of output tokens for \
             claude-sonnet-4-5-20250929"
        );
        assert_eq!(
            message_of(with("max_tokens", json!(1.5))),
            "max_tokens: Input should be a valid integer"
        );
        assert_eq!(
            message_of(with("thinking", json!({"type": "enabled", "budget_tokens": 500}))),
            "thinking.enabled.budget_tokens: Input should be greater than or equal to 1024"
        );
        assert_eq!(
            message_of(with(
                "thinking",
                json!({"type": "enabled", "budget_tokens": 2000})
            )),
            MAX_TOKENS_NOT_ABOVE_BUDGET
        );
        assert_eq!(
            message_of(with("temperature", json!(1.5))),
            "temperature: Input should be less than or equal to 1"
        );
        let whitespace = with("messages", json!([{"role": "user", "content": "  "}]));
        assert_eq!(
            message_of(whitespace),
            "messages: text content blocks must contain non-whitespace text"
        );
        let trailing = with(
            "messages",
            json!([{"role": "user", "content": "Hi"}, {"role": "assistant", "content": "So "}]),
        );
        assert_eq!(
            message_of(trailing),
            "messages: final assistant content cannot end with trailing whitespace"
        );
    }

    #[test]
    fn fields_follow_the_sdk_catalogue() {
        for field in ["betas", "user_profile_id", "workspace_id"] {
            assert_eq!(
                message_of(with(field, json!("x"))),
                format!("{field}: Extra inputs are not permitted")
            );
        }
        assert_eq!(
            message_of(with("diagnostics", json!({"previous_message_id": "m"}))),
            ""
        );
        assert_eq!(message_of(with("fallbacks", json!("default"))), "");
        assert_eq!(message_of(with("fallback_credit_token", json!("x"))), "");
        assert_eq!(message_of(with("top_k", json!(5))), "");
    }

    #[test]
    fn tool_names_and_image_media_types() {
        let tools = json!([{"name": "ok"}, {"name": "get weather!", "input_schema": {"type": "object"}}]);
        assert_eq!(
            message_of(with("tools", tools)),
            "tools.1.custom.name: String should match pattern '^[a-zA-Z0-9_-]{1,128}$'"
        );
        assert_eq!(
            message_of(with(
                "tools",
                json!([{"type": "web_search_20250305", "name": "web search"}])
            )),
            ""
        );
        let image = json!([{"role": "user", "content": [{"type": "image",
            "source": {"type": "base64", "media_type": "image/bmp", "data": "Qk0="}}]}]);
        assert_eq!(
            message_of(with("messages", image)),
            "messages.0.content.0.image.source.base64.media_type: Input should be 'image/jpeg', \
             'image/png', 'image/gif' or 'image/webp'"
        );
    }

    #[test]
    fn unknown_model_is_a_404() {
        let error = validate(
            &with("model", json!("claude-3-5-sonnet-latestt")),
            Endpoint::Create,
        )
        .unwrap_err();
        assert_eq!(error.status.as_u16(), 404);
        assert_eq!(error.message, "model: claude-3-5-sonnet-latestt");
    }

    #[test]
    fn tool_use_needs_a_result_next() {
        let messages = json!([
            {"role": "user", "content": "weather?"},
            {"role": "assistant", "content": [{"type": "tool_use", "id": "toolu_01FAKE", "name": "w", "input": {}}]},
            {"role": "user", "content": "well?"}
        ]);
        assert_eq!(
            message_of(with("messages", messages)),
            "messages.2: `tool_use` ids were found without `tool_result` blocks immediately after: toolu_01FAKE. \
             Each `tool_use` block must have a corresponding `tool_result` block in the next message."
        );
    }

    #[test]
    fn invalid_json_names_line_column_and_char() {
        let error = parse_body(b"{\"model\": \"a\x01\"}").unwrap_err();
        assert_eq!(
            error.message,
            "The request body is not valid JSON: unexpected control character in string: line 1 column 13 (char 12)"
        );
        assert!(parse_body(b"")
            .unwrap_err()
            .message
            .starts_with("The request body is not valid JSON: "));
    }

    #[test]
    fn count_tokens_takes_no_max_tokens() {
        let body = json!({"model": "claude-haiku-4-5", "messages": [{"role": "user", "content": "Hi"}]});
        assert!(validate(&body, Endpoint::CountTokens).is_ok());
        assert_eq!(
            validate(&base(), Endpoint::CountTokens).unwrap_err().message,
            "max_tokens: Extra inputs are not permitted"
        );
    }
}
