//! Error replies in the exact Anthropic shape:
//! `{"type":"error","error":{"type":…,"message":…},"request_id":…}`, with the real wordings.

use axum::http::{header, HeaderName, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use hyper::ext::ReasonPhrase;
use serde::Serialize;
use serde_json::{json, Value};

/// An error the mock answers with. The request id is filled in when the reply is written.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiError {
    pub status: StatusCode,
    pub kind: &'static str,
    pub message: String,
    pub details: Option<Value>,
    pub headers: Vec<(HeaderName, HeaderValue)>,
}

/// The status the API uses for overload; not in the `http` crate's table.
pub const OVERLOADED: u16 = 529;

pub const CREDIT_BALANCE_TOO_LOW: &str = "Your credit balance is too low to access the Anthropic API. \
     Please go to Plans & Billing to upgrade or purchase credits.";
pub const CORS_HEADER_MISSING: &str =
    "CORS requests must set 'anthropic-dangerous-direct-browser-access' header";

/// A proxy's HTML error page, as a CDN in front of the API sends it.
pub const HTML_502: &str = "<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head><body><center>\
     <h1>502 Bad Gateway</h1></center><hr><center>cloudflare</center></body></html>";

impl ApiError {
    pub fn new(status: u16, kind: &'static str, message: impl Into<String>) -> Self {
        ApiError {
            status: StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
            kind,
            message: message.into(),
            details: None,
            headers: Vec::new(),
        }
    }

    pub fn invalid_request(message: impl Into<String>) -> Self {
        ApiError::new(400, "invalid_request_error", message)
    }

    pub fn authentication(message: &str) -> Self {
        ApiError::new(401, "authentication_error", message)
    }

    pub fn not_found(message: impl Into<String>) -> Self {
        ApiError::new(404, "not_found_error", message)
    }

    pub fn overloaded() -> Self {
        ApiError::new(OVERLOADED, "overloaded_error", "Overloaded")
    }

    pub fn server_error() -> Self {
        ApiError::new(500, "api_error", "Internal server error")
    }

    pub fn gateway_timeout() -> Self {
        ApiError::new(504, "timeout_error", "Request timed out")
    }

    pub fn request_too_large() -> Self {
        ApiError::new(
            413,
            "request_too_large",
            "Request exceeds the maximum allowed number of bytes.",
        )
    }

    pub fn credit_balance_too_low() -> Self {
        ApiError::invalid_request(CREDIT_BALANCE_TOO_LOW)
    }

    pub fn insufficient_balance() -> Self {
        ApiError::new(
            402,
            "billing_error",
            "Insufficient balance. Please top up your account.",
        )
    }

    pub fn spend_limit_reached() -> Self {
        ApiError {
            details: Some(json!({ "error_code": "enforced_spend_limit_reached" })),
            ..ApiError::new(
                429,
                "rate_limit_error",
                "You have reached your organization's spend limit.",
            )
        }
    }

    pub fn with_header(mut self, name: &'static str, value: String) -> Self {
        if let Ok(value) = HeaderValue::from_str(&value) {
            self.headers.push((HeaderName::from_static(name), value));
        }
        self
    }

    /// The JSON body, with its fields in the API's order.
    pub fn body(&self, request_id: &str) -> String {
        let body = ErrorBody {
            kind: "error",
            error: ErrorDetail {
                kind: self.kind,
                message: &self.message,
                details: self.details.as_ref(),
            },
            request_id,
        };
        // Serializing strings and a Value into a String cannot fail.
        serde_json::to_string(&body).unwrap_or_default()
    }
}

#[derive(Serialize)]
struct ErrorBody<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    error: ErrorDetail<'a>,
    request_id: &'a str,
}

#[derive(Serialize)]
struct ErrorDetail<'a> {
    #[serde(rename = "type")]
    kind: &'a str,
    message: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    details: Option<&'a Value>,
}

/// An error as a handler returns it: the error and the id of the request it answers. Handlers return
/// `Result<_, Rejection>` and axum writes the reply through `IntoResponse`.
#[derive(Debug, Clone, PartialEq)]
pub struct Rejection {
    pub error: ApiError,
    pub request_id: String,
}

impl IntoResponse for Rejection {
    fn into_response(self) -> Response {
        respond(&self.error, &self.request_id)
    }
}

/// The JSON reply for an error, with its extra headers.
pub fn respond(error: &ApiError, request_id: &str) -> Response {
    let mut response = (
        error.status,
        [(header::CONTENT_TYPE, "application/json")],
        error.body(request_id),
    )
        .into_response();
    if error.status.canonical_reason().is_none() && error.status.as_u16() == OVERLOADED {
        // Without it the status line would read "529 <none>".
        response
            .extensions_mut()
            .insert(ReasonPhrase::from_static(b"Overloaded"));
    }
    for (name, value) in &error.headers {
        response.headers_mut().insert(name.clone(), value.clone());
    }
    response
}

/// The proxy's 502 page, in HTML as a CDN sends it.
pub fn html_502() -> axum::response::Response {
    use axum::response::IntoResponse;
    (
        StatusCode::BAD_GATEWAY,
        [(axum::http::header::CONTENT_TYPE, "text/html")],
        HTML_502,
    )
        .into_response()
}
