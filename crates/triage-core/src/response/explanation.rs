use super::causes::cause::Cause;
use crate::display;
use crate::names::named_enum;
use serde::de::{self, EnumAccess, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};
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

/// A value pulled out of an error message: numbers stay numbers, ids stay lists.
// Deserialize is written out below; Serialize and the TypeScript type follow `untagged`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
#[cfg_attr(feature = "js", derive(tsify::Tsify))]
pub enum FieldValue {
    Integer(i64),
    Number(f64),
    Text(String),
    List(Vec<String>),
}

/// What a derived `untagged` Deserialize accepts, with its error, read in one pass: the derived one buffers the
/// value in serde's generic `Content` tree and retries each variant on it, which is several KB of wasm.
impl<'de> Deserialize<'de> for FieldValue {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(FieldValueVisitor)
    }
}

struct FieldValueVisitor;

impl FieldValueVisitor {
    fn no_match<T, E: de::Error>() -> Result<T, E> {
        Err(E::custom(
            "data did not match any variant of untagged enum FieldValue",
        ))
    }
}

impl<'de> Visitor<'de> for FieldValueVisitor {
    type Value = FieldValue;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an integer, a number, a string or a list of strings")
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<FieldValue, E> {
        Ok(FieldValue::Integer(v))
    }

    /// Beyond `i64` an integer is a `Number`, as the derived version's `Integer` attempt fails on it.
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<FieldValue, E> {
        Ok(i64::try_from(v).map_or(FieldValue::Number(v as f64), FieldValue::Integer))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<FieldValue, E> {
        Ok(FieldValue::Number(v))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<FieldValue, E> {
        Ok(FieldValue::Text(v.to_string()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<FieldValue, E> {
        Ok(FieldValue::Text(v))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<FieldValue, A::Error> {
        let mut items = Vec::new();
        loop {
            match seq.next_element::<String>() {
                Ok(Some(item)) => items.push(item),
                Ok(None) => return Ok(FieldValue::List(items)),
                Err(_) => return Self::no_match(),
            }
        }
    }

    // Every other kind of value matches no variant.

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<FieldValue, E> {
        Self::no_match()
    }

    fn visit_i128<E: de::Error>(self, _: i128) -> Result<FieldValue, E> {
        Self::no_match()
    }

    fn visit_u128<E: de::Error>(self, _: u128) -> Result<FieldValue, E> {
        Self::no_match()
    }

    fn visit_bytes<E: de::Error>(self, _: &[u8]) -> Result<FieldValue, E> {
        Self::no_match()
    }

    fn visit_none<E: de::Error>(self) -> Result<FieldValue, E> {
        Self::no_match()
    }

    fn visit_some<D: Deserializer<'de>>(self, _: D) -> Result<FieldValue, D::Error> {
        Self::no_match()
    }

    fn visit_unit<E: de::Error>(self) -> Result<FieldValue, E> {
        Self::no_match()
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, _: D) -> Result<FieldValue, D::Error> {
        Self::no_match()
    }

    fn visit_map<A: MapAccess<'de>>(self, _: A) -> Result<FieldValue, A::Error> {
        Self::no_match()
    }

    fn visit_enum<A: EnumAccess<'de>>(self, _: A) -> Result<FieldValue, A::Error> {
        Self::no_match()
    }
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

#[cfg(test)]
mod tests {
    use super::FieldValue as Ours;
    use serde::Deserialize;

    /// What `#[serde(untagged)]` would derive, to compare against (same name: it is in the error message).
    #[derive(Debug, Deserialize)]
    #[serde(untagged)]
    enum FieldValue {
        Integer(i64),
        Number(f64),
        Text(String),
        List(Vec<String>),
    }

    impl From<FieldValue> for Ours {
        fn from(d: FieldValue) -> Self {
            match d {
                FieldValue::Integer(n) => Ours::Integer(n),
                FieldValue::Number(n) => Ours::Number(n),
                FieldValue::Text(s) => Ours::Text(s),
                FieldValue::List(l) => Ours::List(l),
            }
        }
    }

    /// serde_json appends a position, which depends on where the error was raised.
    fn without_position(e: serde_json::Error) -> String {
        let text = e.to_string();
        text.split(" at line ").next().unwrap_or_default().to_string()
    }

    #[test]
    fn reads_what_the_derived_untagged_version_reads() {
        for json in [
            "0",
            "-7",
            "9223372036854775807",
            "9223372036854775808",
            "18446744073709551615",
            "-9223372036854775808",
            "1.5",
            "-0.0",
            "1e300",
            "\"req_011\"",
            "\"\"",
            "[]",
            "[\"a\",\"b\"]",
            "[\"a\",1]",
            "[null]",
            "[[\"a\"]]",
            "true",
            "null",
            "{}",
            "{\"a\":1}",
        ] {
            let ours = serde_json::from_str::<Ours>(json).map_err(without_position);
            let derived = serde_json::from_str::<FieldValue>(json)
                .map(Ours::from)
                .map_err(without_position);
            assert_eq!(ours, derived, "{json}");
        }
    }
}
