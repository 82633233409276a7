//! Turn whatever came back from the Claude API — or didn't — into an [`Explanation`]: what happened, why, how
//! to fix it, and whether (and when) to retry.
//!
//! Entry points: [`explain_http`] (status, headers, body), [`explain_raw`] (`curl -i`/`curl -v` text, an SSE
//! stream, or a bare body), [`explain_transport`] (no response at all). None of them fails or panics:
//! anything unrecognised is explained from its status family, with the raw text kept.

mod advice;
pub mod api_key;
mod body;
pub mod causes;
mod explanation;
pub(crate) mod headers;
mod kinds;
mod rate_limit;
pub mod raw;
pub mod sdk_error;
mod sse;
pub(crate) mod text;

pub use causes::Cause;
pub use explanation::{Explanation, FieldValue, Kind, RateLimitWindow, RateLimits, RetryAdvice, RetrySource};
pub use sse::stream_event_carries_output;

use crate::names::named_enum;
use crate::redact;
use body::ErrorBody;
use causes::CauseRow;
use headers::Headers;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// What the caller knows beyond the response itself.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "js", derive(tsify::Tsify), serde(rename_all = "camelCase"))]
pub struct Context {
    /// The caller's clock (Unix epoch ms), used for an HTTP-date `retry-after` when the response has no
    /// `Date` header. The core never reads a clock itself.
    pub now_ms: Option<i64>,
    /// The API key that was sent, so an authentication error can say what looks wrong with it. Only a
    /// redacted form ever appears in the output.
    pub sent_key: Option<String>,
}

named_enum! {
    /// A request that got no HTTP response.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
    #[cfg_attr(feature = "js", derive(tsify::Tsify))]
    pub enum TransportFailure {
        /// DNS, refused or reset connection, TLS: fetch's `TypeError` outside a CORS case.
        Network = "network",
        /// The browser hid the response (fetch's opaque `TypeError` on a cross-origin call).
        CorsBlocked = "cors_blocked",
        /// The caller's timeout fired.
        Timeout = "timeout",
        /// The caller cancelled (an `AbortSignal`, a dropped future).
        Aborted = "aborted",
    }
}

/// Explains a response from its status, headers (any case, repeated allowed) and body text.
pub fn explain_http(status: u16, headers: &[(String, String)], body: &str, ctx: &Context) -> Explanation {
    explain_response(Some(status), headers, body, ctx)
}

/// Explains a pasted response: `curl -i` or `curl -v` output, an SSE stream, an error as an SDK or a log line
/// prints it (`Error code: 429 - {…}`, the Vercel AI SDK's `APICallError`), or a bare body (classified from its
/// `error.type`).
pub fn explain_raw(text: &str, ctx: &Context) -> Explanation {
    if let Some(response) = raw::split(text) {
        let sent = Some(response.request_headers.as_slice()).filter(|h| !h.is_empty());
        return explain_with(
            Some(response.status),
            &response.headers,
            &response.body,
            ctx,
            sent,
        );
    }
    if let Some(error) = sdk_error::api_call_error(text).filter(|_| !sse::looks_like_sse(text)) {
        return explain_response(error.status, &error.headers, &error.body, ctx);
    }
    match raw::logged(text).filter(|_| !sse::looks_like_sse(text)) {
        Some(logged) => explain_response(logged.status, &[], &logged.body, ctx),
        None => explain_response(None, &[], text, ctx),
    }
}

/// Like [`explain_http`], for a body whose status is unknown (`None`).
pub fn explain_response(
    status: Option<u16>,
    headers: &[(String, String)],
    body: &str,
    ctx: &Context,
) -> Explanation {
    explain_with(status, headers, body, ctx, None)
}

/// The shared path; `sent` holds the request's headers when the pasted text showed them (`curl -v`).
fn explain_with(
    status: Option<u16>,
    headers: &[(String, String)],
    body: &str,
    ctx: &Context,
    sent: Option<&[(String, String)]>,
) -> Explanation {
    // Keys leave the body before anything reads it, so no clipped message, salvaged fragment or embedded
    // gateway body can keep one; `finish` checks everything again on the way out.
    let body = redact::secrets(body);
    let body: &str = &body;
    let headers = Headers(headers);
    let success = status.is_none_or(|s| (200..300).contains(&s));
    let event_stream = headers
        .get("content-type")
        .is_some_and(|t| t.to_ascii_lowercase().contains("event-stream"));
    if success && (event_stream || sse::looks_like_sse(body)) {
        return explain_stream(status, headers, body, ctx);
    }
    let parsed = ErrorBody::parse(body);
    // An HTML page with a 200 is a failure too: a website or captive portal answered instead of the API.
    let says_error = parsed.error_type.is_some() || !parsed.codes.is_empty() || parsed.is_html;
    if status.is_some_and(|s| (200..300).contains(&s)) && !says_error {
        return no_error(
            status,
            headers,
            "The response has a success status and no error in its body.",
        );
    }
    let kind = kind_of(&parsed, status);
    let limits = headers.rate_limits();
    let row = if parsed.is_html {
        Some(causes::row_for(Cause::HtmlErrorPage))
    } else {
        recognise(&parsed, kind).or_else(|| {
            let from_headers = (kind == Kind::RateLimitError).then(|| rate_limit::exhausted(&limits));
            from_headers.flatten().map(causes::row_for)
        })
    };
    let mut explained = Explained::new(row, kind, status, parsed.message.as_deref());
    if let (Kind::Unknown, Some(s), Some(_)) = (kind, status, row) {
        explained
            .explanation
            .push_str(&format!(" Status {s} is {}.", kinds::status_family(s)));
    }
    if kind == Kind::AuthenticationError || row.is_some_and(|r| is_key_cause(r.cause)) {
        let sent_key = ctx
            .sent_key
            .as_deref()
            .or_else(|| sent.and_then(|h| key_in(Headers(h))));
        if let Some(request) = sent {
            explained.explanation.push_str(auth_header_note(Headers(request)));
        }
        explained.explanation.push_str(&key_note(sent_key));
    }
    if kind == Kind::RateLimitError || status == Some(429) {
        let cause = row.map_or(Cause::Unknown, |r| r.cause);
        if let Some(note) = rate_limit::describe(&limits, cause, headers.response_time(ctx.now_ms)) {
            explained.explanation.push(' ');
            explained.explanation.push_str(&note);
        }
    }
    let retry = advice::decide(
        kind,
        status,
        row.is_some_and(|r| r.never_retry),
        headers,
        ctx.now_ms,
    );
    explained.finish(status, kind, retry, headers, parsed, limits)
}

/// Explains a failure that produced no HTTP response; `message` is the error text the client saw.
pub fn explain_transport(failure: TransportFailure, message: &str) -> Explanation {
    let lower = message.to_ascii_lowercase();
    // `AbortSignal.timeout()` aborts with a TimeoutError: that is a timeout, not a cancellation.
    let timed_out = lower.contains("timeout") || lower.contains("timed out");
    let (kind, cause) = match failure {
        TransportFailure::Network => (Kind::NetworkError, Cause::NetworkError),
        TransportFailure::CorsBlocked => (Kind::CorsBlocked, Cause::CorsBlocked),
        TransportFailure::Timeout | TransportFailure::Aborted => (Kind::ClientTimeout, Cause::ClientTimeout),
    };
    let row = causes::row_for(cause);
    let mut explained = Explained::new(Some(row), kind, None, None);
    let cancelled = failure == TransportFailure::Aborted && !timed_out;
    if cancelled {
        explained.title = "Request cancelled".to_string();
        explained.explanation =
            "The caller aborted the request before a response arrived (an AbortSignal or a \
                                 cancelled task); nothing says the API failed."
                .to_string();
        explained.fix =
            "Nothing to fix if the cancellation was intended; otherwise find what aborted it.".to_string();
    }
    let opaque_fetch_error = [
        "failed to fetch",
        "load failed",
        "networkerror when attempting to fetch",
    ]
    .iter()
    .any(|m| lower.contains(m));
    if failure == TransportFailure::Network && opaque_fetch_error {
        explained.explanation.push_str(
            " In a browser this opaque error is also what a CORS rejection looks like: check the browser \
             console for a CORS message, the `anthropic-dangerous-direct-browser-access: true` header and \
             the base URL.",
        );
    }
    let mut retry = advice::decide(kind, None, false, Headers(&[]), None);
    retry.retryable &= !cancelled;
    let parsed = ErrorBody {
        message: (!message.is_empty()).then(|| text::clip(&redact::secrets(message), 2_000)),
        ..ErrorBody::default()
    };
    explained.finish(None, kind, retry, Headers(&[]), parsed, RateLimits::default())
}

/// The error family: the status's (what the transport and every client see), except that a bare 400, the
/// catch-all of proxies and relays, defers to a family the body names; without a mapped status, the body's
/// `error.type` (or a relay's `error.code`).
fn kind_of(parsed: &ErrorBody, status: Option<u16>) -> Kind {
    let named = parsed
        .error_type
        .iter()
        .chain(&parsed.codes)
        .find_map(|t| kinds::from_error_type(t));
    match status.and_then(kinds::from_status) {
        Some(Kind::InvalidRequestError) => named.unwrap_or(Kind::InvalidRequestError),
        Some(from_status) => from_status,
        None => named.unwrap_or(Kind::Unknown),
    }
}

fn recognise(parsed: &ErrorBody, kind: Kind) -> Option<&'static CauseRow> {
    let mut codes = parsed.codes.clone();
    codes.extend(parsed.error_type.clone());
    causes::recognise(parsed.message.as_deref().unwrap_or_default(), &codes, kind)
}

/// An SSE body after a 2xx (or without a status): an error event, a stream cut short, or a clean finish.
fn explain_stream(status: Option<u16>, headers: Headers<'_>, body: &str, ctx: &Context) -> Explanation {
    let summary = sse::read(body);
    let events = summary.events_before_error;
    let Some(error) = summary.error else {
        if summary.complete {
            return no_error(
                status,
                headers,
                "The stream finished normally with `message_stop`.",
            );
        }
        let mut retry = advice::decide(Kind::NetworkError, None, false, headers, ctx.now_ms);
        retry.after_ms = None;
        let mut explained = Explained::new(None, Kind::StreamError, status, None);
        explained.title = "Stream cut off before message_stop".to_string();
        explained.explanation = format!(
            "The stream ended after {events} event(s) without `message_stop` or an error event: the \
             connection closed early (a network drop, or a proxy or client timeout), so the output is \
             incomplete."
        );
        explained.fix =
            "Re-send the whole request and discard the partial output (a stream cannot be resumed); \
                         raise proxy and client idle timeouts if this repeats."
                .to_string();
        explained.cause = Cause::NetworkError;
        return explained.finish(
            status,
            Kind::StreamError,
            retry,
            headers,
            ErrorBody::default(),
            headers.rate_limits(),
        );
    };
    let inner_kind = error
        .error_type
        .as_deref()
        .and_then(kinds::from_error_type)
        .unwrap_or(Kind::Unknown);
    let row = recognise(&error, inner_kind);
    let mut explained = Explained::new(row, inner_kind, None, error.message.as_deref());
    explained.title = format!("{} (inside the stream)", explained.title);
    explained.explanation.push_str(&format!(
        " It arrived as an `event: error` inside the stream, after the 200 response and {events} event(s), \
         so the output so far is incomplete."
    ));
    explained.fix.push_str(
        " A retry must re-send the whole request and discard the partial output: a stream cannot be resumed.",
    );
    let retry = advice::decide(
        inner_kind,
        None,
        row.is_some_and(|r| r.never_retry),
        headers,
        ctx.now_ms,
    );
    explained.finish(
        status,
        Kind::StreamError,
        retry,
        headers,
        error,
        headers.rate_limits(),
    )
}

fn no_error(status: Option<u16>, headers: Headers<'_>, why: &str) -> Explanation {
    let mut explained = Explained::new(None, Kind::Unknown, status, None);
    explained.title = "No error".to_string();
    explained.explanation = format!("{why} Nothing failed.");
    explained.fix = "Nothing to fix.".to_string();
    let retry = RetryAdvice {
        retryable: false,
        after_ms: None,
        source: RetrySource::Policy,
    };
    explained.finish(
        status,
        Kind::Unknown,
        retry,
        headers,
        ErrorBody::default(),
        headers.rate_limits(),
    )
}

/// The credential a request carried: `x-api-key`, else a Bearer token.
fn key_in(request: Headers<'_>) -> Option<&str> {
    request.get("x-api-key").or_else(|| {
        let auth = request.get("authorization")?;
        auth.get(..7)
            .filter(|scheme| scheme.eq_ignore_ascii_case("bearer "))
            .and(auth.get(7..))
    })
}

/// Which credential header the request used, against what the Claude API and most relays expect.
fn auth_header_note(request: Headers<'_>) -> &'static str {
    match (
        request.get("x-api-key").is_some(),
        request.get("authorization").is_some(),
    ) {
        (true, false) => {
            " The request sent the key in `x-api-key`, which is what the Claude API reads; a reseller or \
             proxy may expect `Authorization: Bearer <key>` instead."
        }
        (false, true) => {
            " The request sent `Authorization` and no `x-api-key`: the Claude API reads API keys from \
             `x-api-key` (Bearer is for resellers, proxies and OAuth tokens)."
        }
        (true, true) => {
            " The request sent both `x-api-key` and `Authorization`; send only the one this endpoint expects."
        }
        (false, false) => " The request sent neither `x-api-key` nor `Authorization`.",
    }
}

fn is_key_cause(cause: Cause) -> bool {
    matches!(cause, Cause::MissingApiKey | Cause::InvalidApiKey)
}

/// What looks wrong with the key that was sent, redacted; empty when the caller did not say.
fn key_note(sent_key: Option<&str>) -> String {
    let Some(key) = sent_key else {
        return String::new();
    };
    let findings = api_key::check(key);
    if findings.is_empty() {
        return format!(
            " The key sent ({}) is well-formed, so it is probably revoked, from another workspace or \
             provider, or meant for a different base URL.",
            api_key::redact(key)
        );
    }
    let problems: Vec<String> = findings.into_iter().map(|f| f.message).collect();
    format!(
        " About the key sent ({}): {}",
        api_key::redact(key),
        problems.join(" ")
    )
}

/// The person-facing parts of an explanation while it is being put together.
struct Explained {
    cause: Cause,
    title: String,
    explanation: String,
    fix: String,
    fields: BTreeMap<String, FieldValue>,
}

impl Explained {
    /// From the cause row when there is one, else from the family (and the status class for unknown ones),
    /// quoting the server's message so nothing is lost.
    fn new(row: Option<&'static CauseRow>, kind: Kind, status: Option<u16>, message: Option<&str>) -> Self {
        if let Some(row) = row {
            let fields = row.extract(message.unwrap_or_default());
            return Explained {
                cause: row.cause,
                title: row.title.to_string(),
                explanation: row.explain(&fields),
                fix: row.fix.to_string(),
                fields,
            };
        }
        let family = kinds::row(kind);
        let (title, mut explanation) = match (kind, status) {
            (Kind::Unknown, Some(s)) => (
                format!("HTTP {s}: {}", family.title.to_ascii_lowercase()),
                format!(
                    "Status {s} is {}. {}",
                    kinds::status_family(s),
                    family.explanation
                ),
            ),
            _ => (family.title.to_string(), family.explanation.to_string()),
        };
        if let Some(m) = message.map(str::trim).filter(|m| !m.is_empty()) {
            explanation.push_str(&format!(" The server said: \"{}\"", text::clip(m, 300)));
        }
        Explained {
            cause: Cause::Unknown,
            title,
            explanation,
            fix: family.fix.to_string(),
            fields: BTreeMap::new(),
        }
    }

    fn finish(
        self,
        status: Option<u16>,
        kind: Kind,
        retry: RetryAdvice,
        headers: Headers<'_>,
        parsed: ErrorBody,
        rate_limit: RateLimits,
    ) -> Explanation {
        Explanation {
            status,
            kind,
            cause: self.cause,
            title: self.title,
            explanation: self.explanation,
            fix: self.fix,
            retry,
            request_id: headers
                .first(&["request-id", "x-request-id"])
                .map(str::to_string)
                .or(parsed.request_id),
            organization_id: headers.get("anthropic-organization-id").map(str::to_string),
            message: parsed.message,
            fields: self.fields,
            rate_limit,
        }
        .without_secrets()
    }
}
