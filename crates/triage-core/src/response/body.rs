//! Reading an error body, whatever its shape: the Claude API's own, a reseller's or proxy's JSON, an HTML
//! page, plain text, or a truncated JSON document.

use super::{kinds, text};
use crate::json::{self, Node};

/// Longest message or page text kept, in characters: enough to explain, not enough to flood a terminal.
const MAX_MESSAGE_CHARS: usize = 2_000;

/// What an error body says, in the few fields that matter.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ErrorBody {
    /// `error.type` (`overloaded_error`, or a reseller's `insufficient_quota`…).
    pub error_type: Option<String>,
    /// `error.message`, a top-level `message`/`detail`, the page title of an HTML body, or plain text.
    pub message: Option<String>,
    pub request_id: Option<String>,
    /// Machine codes: `error.details.error_code`, `error.code`, a top-level `code`, `error.status`.
    pub codes: Vec<String>,
    /// The body is an HTML page (a proxy's or CDN's), not an API answer.
    pub is_html: bool,
}

impl ErrorBody {
    pub fn parse(body: &str) -> ErrorBody {
        let trimmed = body.trim();
        if trimmed.is_empty() {
            return ErrorBody::default();
        }
        if looks_like_html(trimmed) {
            return ErrorBody {
                message: html_title(trimmed).map(|t| text::clip(&t, MAX_MESSAGE_CHARS)),
                is_html: true,
                ..ErrorBody::default()
            };
        }
        match json::parse(trimmed) {
            Ok(node) => wrapped_anthropic_error(&node).unwrap_or_else(|| from_json(&node)),
            Err(_) if trimmed.starts_with('{') => salvage(trimmed),
            Err(_) => ErrorBody {
                error_type: named_error_type(trimmed),
                message: Some(text::clip(trimmed, MAX_MESSAGE_CHARS)),
                ..ErrorBody::default()
            },
        }
    }
}

fn from_json(root: &Node) -> ErrorBody {
    // Google's front ends (Vertex AI) wrap the error object in a one-element array.
    let root = root.as_array().and_then(|items| items.first()).unwrap_or(root);
    let error = root.get("error");
    let string = |node: Option<&Node>| node.and_then(Node::as_str).map(str::to_string);
    let mut codes = Vec::new();
    let code_nodes = [
        error
            .and_then(|e| e.get("details"))
            .and_then(|d| d.get("error_code")),
        error.and_then(|e| e.get("code")),
        error.and_then(|e| e.get("status")),
        root.get("code"),
        root.get("error_code"),
    ];
    for node in code_nodes.into_iter().flatten() {
        match (node.as_str(), node.as_number().and_then(|n| n.as_i64())) {
            (Some(s), _) if !s.is_empty() => codes.push(s.to_string()),
            (_, Some(n)) => codes.push(n.to_string()),
            _ => {}
        }
    }
    // `{"error": "text"}` and `{"message": …}` / `{"detail": …}` are common proxy shapes.
    let message = string(error.and_then(|e| e.get("message")))
        .or_else(|| string(error))
        .or_else(|| string(root.get("message")))
        .or_else(|| string(root.get("detail")))
        .or_else(|| string(root.get("msg")))
        .map(|m| text::clip(&m, MAX_MESSAGE_CHARS));
    ErrorBody {
        // Some clients log the error object flattened: `{"type": "invalid_request_error", "message": …}`.
        error_type: string(error.and_then(|e| e.get("type")))
            .or_else(|| string(root.get("type")).filter(|t| t != "error" && t.ends_with("_error"))),
        message,
        request_id: string(root.get("request_id")),
        codes,
        is_html: false,
    }
}

/// An Anthropic error carried inside an OpenAI-compatible gateway's envelope: OpenRouter puts the provider's
/// body, as text, in `error.metadata.raw`; LiteLLM writes it into its message
/// (`litellm.RateLimitError: AnthropicException - {"type":"error",…}`). The inner error names the real cause, so
/// it wins; the gateway's own codes (its status, `provider_name`'s code) are kept after the inner ones.
fn wrapped_anthropic_error(root: &Node) -> Option<ErrorBody> {
    // The OpenAI SDK's `APIError.error` is the envelope's `error` object alone.
    let error = root.get("error").unwrap_or(root);
    let outer = from_json(root);
    let raw = error
        .get("metadata")
        .and_then(|m| m.get("raw"))
        .and_then(Node::as_str);
    let inner = raw.and_then(anthropic_error_in).or_else(|| {
        error
            .get("message")
            .and_then(Node::as_str)
            .and_then(anthropic_error_in)
    })?;
    let mut codes = inner.codes;
    for code in outer.codes {
        if !codes.contains(&code) {
            codes.push(code);
        }
    }
    Some(ErrorBody {
        error_type: inner.error_type,
        message: inner.message.or(outer.message),
        request_id: inner.request_id.or(outer.request_id),
        codes,
        is_html: false,
    })
}

/// The Anthropic error in a text that embeds its body (`… - {"type":"error","error":{…}}`), possibly cut off or
/// with a tail glued on: only an error type the API itself uses counts, so a gateway's own JSON is not mistaken
/// for one.
fn anthropic_error_in(text: &str) -> Option<ErrorBody> {
    let start = text.find('{')?;
    let embedded = text.get(start..)?;
    let end = embedded.rfind('}').map_or(embedded.len(), |i| i + 1);
    let inner = match json::parse(embedded.get(..end)?) {
        Ok(node) => from_json(&node),
        Err(_) => salvage(embedded),
    };
    inner
        .error_type
        .as_deref()
        .is_some_and(|t| kinds::from_error_type(t).is_some())
        .then_some(inner)
}

/// A plain-text line that names an error type (`HTTP 401 authentication_error: Invalid bearer token`).
fn named_error_type(line: &str) -> Option<String> {
    line.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .find(|word| word.ends_with("_error") && kinds::from_error_type(word).is_some())
        .map(str::to_string)
}

/// A cut-off JSON body, a body with a log line's tail glued on, or a Python `repr` of one (single quotes)
/// still names its error type and message: read the strings that made it through.
fn salvage(body: &str) -> ErrorBody {
    let types = string_values(body, "type");
    ErrorBody {
        error_type: types.into_iter().rfind(|t| t != "error"),
        message: string_values(body, "message")
            .into_iter()
            .next()
            .map(|m| text::clip(&m, MAX_MESSAGE_CHARS)),
        request_id: string_values(body, "request_id").into_iter().next(),
        codes: ["error_code", "code"]
            .iter()
            .flat_map(|key| string_values(body, key))
            .collect(),
        is_html: false,
    }
}

/// The string values of every `"key": "…"` (or `'key': '…'`) in possibly broken JSON, in order; a string cut
/// off by the end is kept.
fn string_values(body: &str, key: &str) -> Vec<String> {
    let mut values = Vec::new();
    for (at, _) in body.match_indices(key) {
        let Some(quote @ ('"' | '\'')) = body.get(..at).and_then(|before| before.chars().next_back()) else {
            continue;
        };
        let Some(rest) = body
            .get(at + key.len()..)
            .and_then(|after| after.strip_prefix(quote))
        else {
            continue;
        };
        let mut value = rest
            .trim_start()
            .strip_prefix(':')
            .map(str::trim_start)
            .unwrap_or_default()
            .chars();
        if let Some(open @ ('"' | '\'')) = value.next() {
            values.push(unescape_prefix(value.as_str(), open));
        }
    }
    values
}

/// The content of a string up to its closing quote (or the end of the text), with simple escapes undone.
fn unescape_prefix(s: &str, quote: char) -> String {
    let mut out = String::new();
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        match c {
            _ if c == quote => break,
            '\\' => match chars.next() {
                Some('n') => out.push('\n'),
                Some('t') => out.push('\t'),
                Some(other) => out.push(other),
                None => break,
            },
            _ => out.push(c),
        }
    }
    out
}

fn looks_like_html(body: &str) -> bool {
    let head = text::clip(body, 200).to_ascii_lowercase();
    head.starts_with("<!doctype html")
        || head.starts_with("<html")
        || head.contains("<head")
        || head.contains("<body")
}

/// `<title>` of the page, else its first `<h1>`, with tags stripped and whitespace collapsed.
fn html_title(page: &str) -> Option<String> {
    ["title", "h1"].iter().find_map(|tag| {
        let open = text::find_ci(page, &format!("<{tag}"))?;
        let content_start = open + page.get(open..)?.find('>')? + 1;
        let content = page.get(content_start..)?;
        let end = text::find_ci(content, &format!("</{tag}")).unwrap_or(content.len());
        let inner = strip_tags(content.get(..end)?);
        let collapsed = inner.split_whitespace().collect::<Vec<_>>().join(" ");
        (!collapsed.is_empty()).then_some(collapsed)
    })
}

fn strip_tags(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn anthropic_shape() {
        let body = ErrorBody::parse(
            r#"{"type":"error","error":{"type":"rate_limit_error","message":"m",
                "details":{"error_code":"enforced_spend_limit_reached"}},"request_id":"req_1"}"#,
        );
        assert_eq!(body.error_type.as_deref(), Some("rate_limit_error"));
        assert_eq!(body.message.as_deref(), Some("m"));
        assert_eq!(body.request_id.as_deref(), Some("req_1"));
        assert_eq!(body.codes, ["enforced_spend_limit_reached"]);
    }

    #[test]
    fn reseller_shapes() {
        let body = ErrorBody::parse(
            r#"{"code": "INSUFFICIENT_BALANCE", "message": "Insufficient account balance"}"#,
        );
        assert_eq!(body.codes, ["INSUFFICIENT_BALANCE"]);
        assert_eq!(body.message.as_deref(), Some("Insufficient account balance"));
        let body =
            ErrorBody::parse(r#"{"error":{"message":"quota","type":"insufficient_quota","code":429}}"#);
        assert_eq!(body.error_type.as_deref(), Some("insufficient_quota"));
        assert_eq!(body.codes, ["429"]);
        assert_eq!(
            ErrorBody::parse(r#"{"error":"Unauthorized"}"#).message.as_deref(),
            Some("Unauthorized")
        );
        let vertex = ErrorBody::parse(
            r#"[{"error":{"code":429,"message":"Quota exceeded","status":"RESOURCE_EXHAUSTED"}}]"#,
        );
        assert_eq!(vertex.message.as_deref(), Some("Quota exceeded"));
        assert_eq!(vertex.codes, ["429", "RESOURCE_EXHAUSTED"]);
    }

    #[test]
    fn gateway_envelopes_yield_the_inner_anthropic_error() {
        let openrouter = ErrorBody::parse(
            r#"{"error":{"message":"Provider returned error","code":529,"metadata":{"raw":"{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"},\"request_id\":\"req_011CX\"}","provider_name":"Anthropic"}},"user_id":"user_1"}"#,
        );
        assert_eq!(openrouter.error_type.as_deref(), Some("overloaded_error"));
        assert_eq!(openrouter.message.as_deref(), Some("Overloaded"));
        assert_eq!(openrouter.request_id.as_deref(), Some("req_011CX"));
        assert_eq!(openrouter.codes, ["529"]);
        let litellm = ErrorBody::parse(
            r#"{"error":{"message":"litellm.RateLimitError: AnthropicException - {\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\",\"message\":\"This request would exceed the rate limit for your organization of 50 requests per minute.\"}}. Received Model Group=claude-sonnet-4-5","type":null,"param":null,"code":"429"}}"#,
        );
        assert_eq!(litellm.error_type.as_deref(), Some("rate_limit_error"));
        assert!(litellm
            .message
            .unwrap()
            .starts_with("This request would exceed the rate limit"));
        assert_eq!(litellm.codes, ["429"]);
        let flattened = ErrorBody::parse(
            r#"{"message":"Provider returned error","code":429,"metadata":{"raw":"{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\",\"message\":\"slow down\"}}"}}"#,
        );
        assert_eq!(flattened.error_type.as_deref(), Some("rate_limit_error"));
        assert_eq!(flattened.codes, ["429"]);
        // A gateway's own error, with no Anthropic body inside, reads as before.
        let own = ErrorBody::parse(
            r#"{"error":{"message":"No endpoints found for {model}","code":404,"metadata":{"raw":"{}"}}}"#,
        );
        assert_eq!(own.message.as_deref(), Some("No endpoints found for {model}"));
        assert_eq!(own.error_type, None);
    }

    #[test]
    fn truncated_json_is_salvaged() {
        let body =
            ErrorBody::parse(r#"{"type":"error","error":{"type":"overloaded_error","message":"Overlo"#);
        assert_eq!(body.error_type.as_deref(), Some("overloaded_error"));
        assert_eq!(body.message.as_deref(), Some("Overlo"));
    }

    #[test]
    fn python_repr_and_glued_tails_are_salvaged() {
        let body = ErrorBody::parse(
            "{'type': 'error', 'error': {'details': {'error_code': 'enforced_spend_limit_reached'}, 'type': \
             'rate_limit_error', 'message': \"You have reached your organization's spend limit.\"}}",
        );
        assert_eq!(body.error_type.as_deref(), Some("rate_limit_error"));
        assert_eq!(
            body.message.as_deref(),
            Some("You have reached your organization's spend limit.")
        );
        assert_eq!(body.codes, ["enforced_spend_limit_reached"]);
        let body = ErrorBody::parse(
            r#"{"error":{"type":"authentication_error","message":"x"}} · Please run /login"#,
        );
        assert_eq!(body.error_type.as_deref(), Some("authentication_error"));
        let line = ErrorBody::parse("HTTP 401 authentication_error: Invalid bearer token");
        assert_eq!(line.error_type.as_deref(), Some("authentication_error"));
    }

    #[test]
    fn html_and_text() {
        let body = ErrorBody::parse("<html><body><h1>503 Service <b>Unavailable</b></h1></body></html>");
        assert!(body.is_html);
        assert_eq!(body.message.as_deref(), Some("503 Service Unavailable"));
        let body = ErrorBody::parse("upstream connect error or disconnect/reset before headers");
        assert!(!body.is_html);
        assert_eq!(
            body.message.as_deref(),
            Some("upstream connect error or disconnect/reset before headers")
        );
        assert_eq!(ErrorBody::parse(" \n"), ErrorBody::default());
    }
}
