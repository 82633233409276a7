//! CORS: preflights are answered for any origin, and every reply to a request with an `Origin` can be read
//! by the page, errors included, so the playground can show them.

use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

/// Headers a page needs to read to explain an error and pace its retries.
const EXPOSED: &str = "request-id, retry-after, retry-after-ms, x-should-retry, anthropic-organization-id, \
     anthropic-ratelimit-requests-limit, anthropic-ratelimit-requests-remaining, \
     anthropic-ratelimit-requests-reset, anthropic-ratelimit-tokens-limit, anthropic-ratelimit-tokens-remaining, \
     anthropic-ratelimit-tokens-reset, anthropic-ratelimit-input-tokens-limit, \
     anthropic-ratelimit-input-tokens-remaining, anthropic-ratelimit-input-tokens-reset, \
     anthropic-ratelimit-output-tokens-limit, anthropic-ratelimit-output-tokens-remaining, \
     anthropic-ratelimit-output-tokens-reset";

/// Request headers allowed when a preflight does not list its own.
const ALLOWED: &str = "x-api-key, authorization, anthropic-version, anthropic-beta, \
     anthropic-dangerous-direct-browser-access, content-type, x-mock-scenario, x-mock-n, x-mock-delay-ms, \
     x-mock-rates, x-mock-body-limit";

pub fn is_preflight(method: &axum::http::Method, headers: &HeaderMap) -> bool {
    method == axum::http::Method::OPTIONS && headers.contains_key(header::ORIGIN)
}

/// The answer to an `OPTIONS` preflight: any origin, the requested headers (the SDKs send their own
/// `x-stainless-*` ones), for a day.
pub fn preflight(headers: &HeaderMap) -> Response {
    let requested = headers
        .get(header::ACCESS_CONTROL_REQUEST_HEADERS)
        .cloned()
        .unwrap_or(HeaderValue::from_static(ALLOWED));
    let mut response = StatusCode::NO_CONTENT.into_response();
    let out = response.headers_mut();
    out.insert(
        header::ACCESS_CONTROL_ALLOW_METHODS,
        HeaderValue::from_static("GET, POST, OPTIONS"),
    );
    out.insert(header::ACCESS_CONTROL_ALLOW_HEADERS, requested);
    out.insert(header::ACCESS_CONTROL_MAX_AGE, HeaderValue::from_static("86400"));
    response
}

/// Makes a reply readable by the page at `origin`.
pub fn allow(out: &mut HeaderMap, origin: &HeaderValue) {
    out.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin.clone());
    out.insert(
        header::ACCESS_CONTROL_EXPOSE_HEADERS,
        HeaderValue::from_static(EXPOSED),
    );
    out.insert(header::VARY, HeaderValue::from_static("Origin"));
}
