use super::causes::cause::Cause;
use crate::display;
use crate::names::named_enum;
use crate::redact;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

named_enum! {
    /// The error family, from `error.type` or, without one, from the status or transport failure (ERRORS.md
    /// table).
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[cfg_attr(feature = "js", derive(tsify::Tsify))]
    pub enum Kind {
        InvalidRequestError = "invalid_request_error",
        AuthenticationError = "authentication_error",
        BillingError = "billing_error",
        PermissionError = "permission_error",
        NotFoundError = "not_found_error",
        TimeoutError = "timeout_error",
        ConflictError = "conflict_error",
        RequestTooLarge = "request_too_large",
        RateLimitError = "rate_limit_error",
        ApiError = "api_error",
        OverloadedError = "overloaded_error",
        /// No HTTP status reached the caller: DNS, refused connection, reset.
        NetworkError = "network_error",
        /// The browser refused to show the response (fetch's opaque `TypeError`).
        CorsBlocked = "cors_blocked",
        /// The caller gave up waiting.
        ClientTimeout = "client_timeout",
        /// An `event: error` inside an SSE stream that began with 200.
        StreamError = "stream_error",
        Unknown = "unknown",
    }
}

named_enum! {
    /// Where the retry decision came from.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
    #[cfg_attr(feature = "js", derive(tsify::Tsify))]
    pub enum RetrySource {
        /// The ERRORS.md table (status, kind, cause).
        Policy = "policy",
        RetryAfter = "retry-after",
        RetryAfterMs = "retry-after-ms",
        XShouldRetry = "x-should-retry",
    }
}

/// Whether the server allows a retry, and not before when.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "js", derive(tsify::Tsify), serde(rename_all = "camelCase"))]
pub struct RetryAdvice {
    pub retryable: bool,
    /// The earliest the server allows a retry, in ms after the response: from `retry-after-ms`, `retry-after`
    /// seconds or an HTTP date. `None` when the server said nothing.
    pub after_ms: Option<u64>,
    pub source: RetrySource,
}

/// A value pulled out of an error message: numbers stay numbers, ids stay lists. Written, never read: nothing
/// takes an explanation's fields back in (the wasm readers skip them), so there is no `Deserialize`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
#[cfg_attr(feature = "js", derive(tsify::Tsify))]
pub enum FieldValue {
    Integer(i64),
    Number(f64),
    Text(String),
    List(Vec<String>),
}

/// The value as a person reads it, the same in an explanation, the CLI and the playground: `2.5`, `req_011`,
/// `toolu_01, toolu_02`.
impl fmt::Display for FieldValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FieldValue::Integer(n) => write!(f, "{n}"),
            FieldValue::Number(n) => f.write_str(&display::decimal(*n)),
            FieldValue::Text(s) => f.write_str(s),
            FieldValue::List(items) => f.write_str(&items.join(", ")),
        }
    }
}

/// One `anthropic-ratelimit-<dimension>-*` triple.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "js", derive(tsify::Tsify), serde(rename_all = "camelCase"))]
pub struct RateLimitWindow {
    pub limit: Option<u64>,
    pub remaining: Option<u64>,
    /// The `-reset` header as sent (RFC 3339).
    pub reset: Option<String>,
    /// `reset` as milliseconds since the Unix epoch, when it parses.
    pub reset_at_ms: Option<i64>,
}

/// Every rate-limit dimension the API reports.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "js", derive(tsify::Tsify), serde(rename_all = "camelCase"))]
pub struct RateLimits {
    pub requests: Option<RateLimitWindow>,
    pub tokens: Option<RateLimitWindow>,
    pub input_tokens: Option<RateLimitWindow>,
    pub output_tokens: Option<RateLimitWindow>,
}

/// What happened, why, how to fix it, and whether to retry. Field names are the public JSON API. Output only:
/// the wasm reads back the few fields a retry decision needs by hand (triage-wasm `inputs::failure`).
// `fields` is a plain object in JavaScript (triage-wasm serialises maps as objects), so declare it as a Record.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(
    feature = "js",
    derive(tsify::Tsify),
    tsify(hashmap_as_object),
    serde(rename_all = "camelCase")
)]
pub struct Explanation {
    /// HTTP status, or `None` when no response arrived (network, CORS, client timeout).
    pub status: Option<u16>,
    pub kind: Kind,
    pub cause: Cause,
    pub title: String,
    pub explanation: String,
    pub fix: String,
    pub retry: RetryAdvice,
    pub request_id: Option<String>,
    pub organization_id: Option<String>,
    /// The raw `error.message` (or the body's text when it had none), with anything key-shaped in its short
    /// form (`sk-ant-api…WXYZ`, see [`crate::redact`]): the raw message stays available only redacted.
    pub message: Option<String>,
    pub fields: BTreeMap<String, FieldValue>,
    pub rate_limit: RateLimits,
}

impl Explanation {
    /// Every text in the explanation with keys in their short form: the message and fields come from the body,
    /// the ids and resets from headers, and the sentences may quote either, so nothing is let through unchecked.
    pub(crate) fn without_secrets(mut self) -> Self {
        let clean = redact::secrets_owned;
        for text in [&mut self.title, &mut self.explanation, &mut self.fix] {
            *text = clean(std::mem::take(text));
        }
        for text in [&mut self.request_id, &mut self.organization_id, &mut self.message]
            .into_iter()
            .flatten()
        {
            *text = clean(std::mem::take(text));
        }
        for value in self.fields.values_mut() {
            match value {
                FieldValue::Text(text) => *text = clean(std::mem::take(text)),
                FieldValue::List(items) => {
                    for item in items {
                        *item = clean(std::mem::take(item));
                    }
                }
                FieldValue::Integer(_) | FieldValue::Number(_) => {}
            }
        }
        let windows = [
            &mut self.rate_limit.requests,
            &mut self.rate_limit.tokens,
            &mut self.rate_limit.input_tokens,
            &mut self.rate_limit.output_tokens,
        ];
        for reset in windows.into_iter().flatten().filter_map(|w| w.reset.as_mut()) {
            *reset = clean(std::mem::take(reset));
        }
        self
    }
}
