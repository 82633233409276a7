//! One HTTP exchange with the API through the browser's fetch.

use crate::state::{AuthStyle, Connection};
use gloo_net::http::{Method, RequestBuilder};
use triage_core::response::TransportFailure;

pub const ANTHROPIC_VERSION: &str = "2023-06-01";

/// What came back, when something came back.
pub struct Answer {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

/// Why nothing came back.
pub struct NoAnswer {
    pub failure: TransportFailure,
    pub message: String,
}

/// Sends `body` (or nothing, for GET) to `path` under the connection's base URL.
pub async fn exchange(
    connection: &Connection,
    method: Method,
    path: &str,
    body: Option<&str>,
) -> Result<Answer, NoAnswer> {
    let mut builder = RequestBuilder::new(&connection.endpoint(path))
        .method(method)
        .header("anthropic-version", ANTHROPIC_VERSION);
    let key = connection.api_key.as_str();
    if !key.is_empty() {
        builder = match connection.auth {
            AuthStyle::XApiKey => builder.header("x-api-key", key),
            AuthStyle::Bearer => builder.header("authorization", &format!("Bearer {key}")),
        };
    }
    if connection.browser_access {
        builder = builder.header("anthropic-dangerous-direct-browser-access", "true");
    }
    let request = match body {
        Some(text) => builder
            .header("content-type", "application/json")
            .body(text.to_string()),
        None => builder.build(),
    }
    .map_err(transport)?;
    let response = request.send().await.map_err(transport)?;
    let headers = response.headers().entries().collect();
    let status = response.status();
    let body = response.text().await.map_err(transport)?;
    Ok(Answer {
        status,
        headers,
        body,
    })
}

/// fetch rejects with an opaque `TypeError` for both a refused connection and a CORS refusal: the page cannot
/// tell them apart, so the explanation says "network or CORS" and names both fixes.
fn transport(error: gloo_net::Error) -> NoAnswer {
    NoAnswer {
        failure: TransportFailure::Network,
        message: error.to_string(),
    }
}
