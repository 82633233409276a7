//! One HTTP exchange with the API through the browser's fetch. The body is read chunk by chunk, so a streamed
//! reply can be shown as it arrives, and an `AbortSignal` ends it.

use crate::state::{AuthStyle, Connection};
use gloo_net::http::{Method, RequestBuilder};
use js_sys::{Reflect, Uint8Array};
use triage_core::response::TransportFailure;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortSignal, ReadableStreamDefaultReader, RequestMode};

pub const ANTHROPIC_VERSION: &str = "2023-06-01";

/// What came back, when something came back.
pub struct Answer {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
    /// The connection dropped after the headers: `body` is what arrived before.
    pub cut: bool,
}

impl Answer {
    pub fn is_event_stream(&self) -> bool {
        self.headers
            .iter()
            .any(|(k, v)| k.eq_ignore_ascii_case("content-type") && v.contains("event-stream"))
    }
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
    signal: Option<&AbortSignal>,
    on_body: &dyn Fn(&Answer),
) -> Result<Answer, NoAnswer> {
    let mut builder = RequestBuilder::new(&connection.endpoint(path))
        .method(method)
        .abort_signal(signal)
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
        Err(_) if signal.is_some_and(AbortSignal::aborted) => return Err(aborted()),
        Err(error) => return Err(unanswered(connection, path, error).await),
    };
    let mut answer = Answer {
        status: response.status(),
        headers: response.headers().entries().collect(),
        body: String::new(),
        cut: false,
    };
    let Some(reader) = response
        .body()
        .and_then(|b| b.get_reader().dyn_into::<ReadableStreamDefaultReader>().ok())
    else {
        return Ok(answer);
    };
    let mut bytes: Vec<u8> = Vec::new();
    loop {
        let chunk = match JsFuture::from(reader.read()).await {
            Ok(chunk) => chunk,
            Err(_) if signal.is_some_and(AbortSignal::aborted) => return Err(aborted()),
            // Headers arrived, so this is the connection dropping mid-body, never CORS.
            Err(_) => {
                answer.cut = true;
                break;
            }
        };
        let done = Reflect::get(&chunk, &"done".into())
            .ok()
            .and_then(|d| d.as_bool())
            .unwrap_or(true);
        if done {
            break;
        }
        if let Ok(value) = Reflect::get(&chunk, &"value".into()) {
            if let Ok(array) = value.dyn_into::<Uint8Array>() {
                bytes.extend(array.to_vec());
            }
        }
        // Decode what is whole so far; a character split across chunks waits for the next one.
        let whole = match std::str::from_utf8(&bytes) {
            Ok(s) => s.len(),
            Err(e) => e.valid_up_to(),
        };
        answer.body = String::from_utf8_lossy(&bytes[..whole]).into_owned();
        on_body(&answer);
    }
    answer.body = String::from_utf8_lossy(&bytes).into_owned();
    Ok(answer)
}

fn aborted() -> NoAnswer {
    NoAnswer {
        failure: TransportFailure::Aborted,
        message: "stopped".to_string(),
    }
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
