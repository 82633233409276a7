use crate::causes::Cause;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The error family, from `error.type` or, without one, from the status or transport failure (ERRORS.md table).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "js", derive(tsify::Tsify))]
pub enum Kind {
    InvalidRequestError,
    AuthenticationError,
    BillingError,
    PermissionError,
    NotFoundError,
    TimeoutError,
    ConflictError,
    RequestTooLarge,
    RateLimitError,
    ApiError,
    OverloadedError,
    /// No HTTP status reached the caller: DNS, refused connection, reset.
    NetworkError,
    /// The browser refused to show the response (fetch's opaque `TypeError`).
    CorsBlocked,
    /// The caller gave up waiting.
    ClientTimeout,
    /// An `event: error` inside an SSE stream that began with 200.
    StreamError,
    Unknown,
}

/// Where the retry decision came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[cfg_attr(feature = "js", derive(tsify::Tsify))]
pub enum RetrySource {
    /// The ERRORS.md table (status, kind, cause).
    Policy,
    RetryAfter,
    RetryAfterMs,
    XShouldRetry,
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

/// A value pulled out of an error message: numbers stay numbers, ids stay lists.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
#[cfg_attr(feature = "js", derive(tsify::Tsify))]
pub enum FieldValue {
    Integer(i64),
    Number(f64),
    Text(String),
    List(Vec<String>),
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

/// What happened, why, how to fix it, and whether to retry. Field names are the public JSON API.
// `fields` is a plain object in JavaScript (triage-wasm serialises maps as objects), so declare it as a Record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
    /// The raw `error.message` (or the body's text when it had none).
    pub message: Option<String>,
    pub fields: BTreeMap<String, FieldValue>,
    pub rate_limit: RateLimits,
}
