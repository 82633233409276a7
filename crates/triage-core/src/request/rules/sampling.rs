//! `max_tokens`, the sampling parameters, `stop_sequences`, and when streaming is needed.

use crate::json::borrowed::Node;
use crate::json::Path;
use crate::models::Model;
use crate::request::checker::Checker;
use crate::request::diagnostic::Code;
use crate::request::types::Types;

/// The SDKs refuse a non-streaming request expected to run past 10 minutes, estimating one hour per 128,000
/// output tokens: `3600 * max_tokens / 128000 > 600`.
const NONSTREAMING_MAX_TOKENS: i64 = 21_333;

/// Checks sampling and returns `max_tokens` when it is a valid integer.
pub fn check(root: &Node, c: &mut Checker, model: Option<&Model>) -> Option<i64> {
    let max_tokens = max_tokens(root, c, model);
    range(root, c, "temperature", Code::TemperatureOutOfRange);
    range(root, c, "top_p", Code::TopPOutOfRange);
    top_k(root, c);
    temperature_and_top_p(root, c, model);
    stop_sequences(root, c);
    if let Some(n) = max_tokens {
        streaming(root, c, model, n);
    }
    max_tokens
}

fn max_tokens(root: &Node, c: &mut Checker, model: Option<&Model>) -> Option<i64> {
    let node = root.get("max_tokens")?;
    let path = Path::root().key("max_tokens");
    let number = node.as_number()?;
    let hint = "Set max_tokens to a whole number of output tokens, e.g. 1024.";
    let Some(n) = number.as_i64().filter(|&n| n >= 0) else {
        c.error(
            Code::MaxTokensNotPositiveInteger,
            &path,
            node.span(),
            format!("max_tokens must be a positive integer, not {}.", c.source(node)),
            hint,
        );
        return None;
    };
    if n == 0 {
        c.warn(
            Code::MaxTokensNotPositiveInteger,
            &path,
            node.span(),
            "max_tokens is 0: the API only reads the prompt (cache pre-warming) and returns no content."
                .to_string(),
            "Fine for warming the prompt cache; otherwise set the number of tokens you want back.",
        );
    }
    if let Some(model) = model.filter(|m| n > i64::from(m.max_output_tokens)) {
        c.error(
            Code::MaxTokensExceedsModelLimit,
            &path,
            node.span(),
            format!(
                "max_tokens: {n} > {}, the maximum number of output tokens for {}.",
                model.max_output_tokens, model.id
            ),
            format!("Lower max_tokens to at most {}.", model.max_output_tokens),
        );
    }
    Some(n)
}

/// `key` must lie in [0, 1].
fn range(root: &Node, c: &mut Checker, key: &str, code: Code) {
    let Some(node) = root.get(key) else {
        return;
    };
    let Some(v) = node.as_f64() else {
        return;
    };
    if !(0.0..=1.0).contains(&v) {
        let v = c.source(node);
        c.error(
            code,
            &Path::root().key(key),
            node.span(),
            format!("{key} is {v}; it must be between 0 and 1."),
            format!(
                "Use a {key} between 0.0 and 1.0 (the Claude API's range is narrower than OpenAI's 0–2)."
            ),
        );
    }
}

fn top_k(root: &Node, c: &mut Checker) {
    let Some(node) = root.get("top_k") else {
        return;
    };
    let Some(number) = node.as_number() else {
        return;
    };
    let path = Path::root().key("top_k");
    match number.as_i64() {
        None => c.error(
            Code::WrongType,
            &path,
            node.span(),
            format!("top_k must be an integer, not {}.", c.source(node)),
            "Use a whole number of candidate tokens, e.g. 40.",
        ),
        Some(k) if k < 0 => c.error(
            Code::TopKOutOfRange,
            &path,
            node.span(),
            format!("top_k is {k}; it cannot be negative."),
            "Use a positive top_k, or leave it out (most uses should).",
        ),
        Some(_) => {}
    }
}

fn temperature_and_top_p(root: &Node, c: &mut Checker, model: Option<&Model>) {
    let set = |key| root.get(key).filter(|n| !n.is_null());
    let (Some(_), Some(top_p)) = (set("temperature"), set("top_p")) else {
        return;
    };
    let path = Path::root().key("top_p");
    let message = "temperature and top_p are both set; newer models accept only one of them.".to_string();
    let hint = "Keep one: usually temperature alone.";
    match model {
        Some(m) if m.exclusive_temperature_top_p => {
            c.error(Code::TemperatureAndTopP, &path, top_p.span(), message, hint)
        }
        Some(_) => {}
        None => c.warn(Code::TemperatureAndTopP, &path, top_p.span(), message, hint),
    }
}

fn stop_sequences(root: &Node, c: &mut Checker) {
    let path = Path::root().key("stop_sequences");
    let Some(items) = root.get("stop_sequences").and_then(Node::as_array) else {
        return;
    };
    for (i, item) in items.iter().enumerate() {
        let at = path.index(i);
        if !c.expect(item, &at, Types::STRING) {
            continue;
        }
        if item.as_string().is_some_and(|s| s.is_blank()) {
            c.error(
                Code::InvalidStopSequence,
                &at,
                item.span(),
                "A stop sequence must contain non-whitespace characters.".to_string(),
                "Remove it: an empty or whitespace-only stop sequence is rejected.",
            );
        }
    }
}

fn streaming(root: &Node, c: &mut Checker, model: Option<&Model>, max_tokens: i64) {
    if root.get("stream").and_then(Node::as_bool) == Some(true) {
        return;
    }
    let model_limit = model
        .and_then(|m| m.max_nonstreaming_tokens)
        .filter(|&limit| max_tokens > i64::from(limit));
    if max_tokens <= NONSTREAMING_MAX_TOKENS && model_limit.is_none() {
        return;
    }
    let Some(node) = root.get("max_tokens") else {
        return;
    };
    c.warn(
        Code::StreamingRequired,
        &Path::root().key("max_tokens"),
        node.span(),
        format!(
            "max_tokens {max_tokens} without streaming: a response this long may take more than 10 minutes, \
             and the official SDKs refuse to send it."
        ),
        "Set \"stream\": true (and read the events), or lower max_tokens.",
    );
}
