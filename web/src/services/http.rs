//! One HTTP exchange with the API through the browser's fetch.

use crate::state::{AuthStyle, Connection};
use gloo_net::http::{Method, RequestBuilder};
use triage_core::response::TransportFailure;
use web_sys::RequestMode;

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
    .map_err(|e| network(e, "the request could not be built"))?;
    let response = match request.send().await {
        Ok(response) => response,
        Err(error) => return Err(unanswered(connection, path, error).await),
    };
    let headers = response.headers().entries().collect();
    let status = response.status();
    // Headers arrived, so this is the connection dropping mid-body, never CORS.
    let body = response
        .text()
        .await
        .map_err(|e| network(e, "the connection dropped while the body arrived"))?;
    Ok(Answer {
        status,
        headers,
        body,
    })
}

/// fetch rejects with the same opaque `TypeError` for a refused connection and for a CORS refusal. A `no-cors`
/// probe of the same URL tells them apart: it resolves whenever the server answers at all (the page just can't
/// read the answer), and rejects only when nothing answers.
async fn unanswered(connection: &Connection, path: &str, error: gloo_net::Error) -> NoAnswer {
    let probe = RequestBuilder::new(&connection.endpoint(path))
        .mode(RequestMode::NoCors)
        .send()
        .await;
    if probe.is_ok() {
        NoAnswer {
            failure: TransportFailure::CorsBlocked,
            message: format!(
                "{error} (the server answered a no-cors probe, so the browser withheld its answer)"
            ),
        }
    } else {
        network(
            error,
            "a no-cors probe got no answer either: the server is unreachable",
        )
    }
}

fn network(error: gloo_net::Error, what: &str) -> NoAnswer {
    NoAnswer {
        failure: TransportFailure::Network,
        message: format!("{error} ({what})"),
    }
}
