//! What happens to every request before and after its endpoint: request id, CORS, scenario selection,
//! body limits, auth, rate limits, scripted failures, capacity, and the common reply headers and log line.

use std::sync::Arc;
use std::time::Duration;

use axum::body::{to_bytes, Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Uri};
use axum::middleware::Next;
use axum::response::Response;
use axum::Extension;
use futures_util::stream;
use serde_json::Value;
use tokio::time::Instant;

use crate::auth::{self, KeyId};
use crate::errors::{self, ApiError, Rejection};
use crate::ratelimit::{self, Snapshot, Usage, ORGANIZATION_ID};
use crate::scenarios::{self, Rates, Scenario};
use crate::validate;
use crate::{cors, log, RequestContext, SharedState};

/// How long `hang-up` waits after the partial body so the client surely reads it before the drop.
const HANG_UP_PAUSE: Duration = Duration::from_millis(50);

/// A reply and what the common headers and the log line need to know about it.
struct Outcome {
    response: Response,
    scenario: &'static str,
    key: Option<KeyId>,
    snapshot: Option<Snapshot>,
}

impl Outcome {
    fn early(response: Response, scenario: &'static str, key: Option<KeyId>) -> Outcome {
        Outcome {
            response,
            scenario,
            key,
            snapshot: None,
        }
    }
}

pub async fn handle(State(state): State<SharedState>, request: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = request.method().clone();
    let path = request.uri().path().to_string();
    let origin = request.headers().get(header::ORIGIN).cloned();
    let request_id = state.ids.request_id();
    let outcome = if cors::is_preflight(&method, request.headers()) {
        Outcome::early(cors::preflight(request.headers()), "-", None)
    } else {
        process(&state, request, next, &request_id).await
    };
    let mut response = outcome.response;
    let snapshot = outcome
        .snapshot
        .unwrap_or_else(|| state.limiter.peek(outcome.key, state.clock.now()));
    let out = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(&request_id) {
        out.insert("request-id", value);
    }
    out.insert(
        "anthropic-organization-id",
        HeaderValue::from_static(ORGANIZATION_ID),
    );
    for (name, value) in ratelimit::headers(&snapshot, &state.clock) {
        if let Ok(value) = HeaderValue::from_str(&value) {
            out.insert(name, value);
        }
    }
    if let Some(origin) = &origin {
        cors::allow(out, origin);
    }
    if !state.config.quiet {
        eprintln!(
            "{}",
            log::line(
                method.as_str(),
                &path,
                outcome.scenario,
                response.status().as_u16(),
                started.elapsed(),
                &request_id
            )
        );
    }
    response
}

async fn process(state: &SharedState, request: Request, next: Next, request_id: &str) -> Outcome {
    let error = |error: ApiError| errors::respond(&error, request_id);
    let selection = scenarios::select(request.uri(), request.headers());
    let chosen = match selection.scenario {
        Ok(scenario) => scenario,
        Err(name) => {
            return Outcome::early(
                error(ApiError::not_found(scenarios::unknown_scenario_message(&name))),
                "?",
                None,
            )
        }
    };
    let (mut parts, body) = request.into_parts();
    if let Some(uri) = api_uri(&parts.uri, &selection.api_path) {
        parts.uri = uri;
    }
    let key = match auth::authenticate(&parts.headers, state.config.auth) {
        Ok(key) => key,
        Err(failure) => return Outcome::early(error(failure), chosen.name(), None),
    };
    let body = match read_body(state, &parts.headers, body).await {
        Ok(body) => body,
        Err(failure) => return Outcome::early(error(failure), chosen.name(), Some(key)),
    };
    let json: Option<Value> = if body.is_empty() {
        None
    } else {
        validate::parse_body(&body).ok()
    };
    let now = state.clock.now();
    let snapshot = match state.limiter.admit(key, cost(json.as_ref()), now) {
        Ok(snapshot) => snapshot,
        Err(refusal) => {
            let ratelimit::Refusal {
                error: failure,
                snapshot,
            } = *refusal;
            return Outcome {
                response: error(failure),
                scenario: chosen.name(),
                key: Some(key),
                snapshot: Some(snapshot),
            };
        }
    };
    let scenario = match chosen {
        Scenario::Random => match Rates::from_headers(&parts.headers) {
            Ok(rates) => rates.pick(state.ids.draw()),
            Err(message) => {
                let response = error(ApiError::invalid_request(message));
                return Outcome {
                    response,
                    scenario: chosen.name(),
                    key: Some(key),
                    snapshot: Some(snapshot),
                };
            }
        },
        other => other,
    };
    let finish = |response: Response, snapshot: Snapshot| Outcome {
        response,
        scenario: scenario.name(),
        key: Some(key),
        snapshot: Some(snapshot),
    };
    if let Some(scripted) = scripted_failure(state, scenario, key, &parts.uri, &parts.headers, body.len()) {
        let snapshot = if scenario == Scenario::RateLimited {
            snapshot.requests_exhausted(state.clock.now())
        } else {
            snapshot
        };
        let response = match scripted {
            Scripted::Error(failure) => error(failure),
            Scripted::Html502 => errors::html_502(),
        };
        return finish(response, snapshot);
    }
    if scenario == Scenario::Slow {
        tokio::time::sleep(scenarios::delay(&parts.headers)).await;
    }
    let _permit = match &state.capacity {
        Some(capacity) => match Arc::clone(capacity).try_acquire_owned() {
            Ok(permit) => Some(permit),
            Err(_) => return finish(error(ApiError::overloaded()), snapshot),
        },
        None => None,
    };
    if state.config.service_ms > 0 {
        tokio::time::sleep(Duration::from_millis(state.config.service_ms)).await;
    }
    let context = RequestContext {
        request_id: request_id.to_string(),
        scenario,
        key,
        body: body.clone(),
        json: json.map(Arc::new),
    };
    parts.extensions.insert(context);
    let response = next.run(Request::from_parts(parts, Body::from(body))).await;
    let response = match scenario {
        Scenario::HangUp => hang_up(response).await,
        Scenario::TruncatedJson => truncated(response).await,
        _ => response,
    };
    finish(response, snapshot)
}

/// The request URI without the `/s/{scenario}` prefix, query kept.
fn api_uri(uri: &Uri, api_path: &str) -> Option<Uri> {
    let path_and_query = match uri.query() {
        Some(query) => format!("{api_path}?{query}"),
        None => api_path.to_string(),
    };
    Uri::builder().path_and_query(path_and_query).build().ok()
}

/// The body, refused above the size limit (413) or when the client is too slow to send it (408).
async fn read_body(state: &SharedState, headers: &HeaderMap, body: Body) -> Result<Bytes, ApiError> {
    let limit = state.config.body_limit;
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.parse::<u64>().ok());
    if declared.is_some_and(|length| length > limit as u64) {
        return Err(ApiError::request_too_large());
    }
    match tokio::time::timeout(state.config.body_timeout(), to_bytes(body, limit)).await {
        Ok(Ok(bytes)) => Ok(bytes),
        Ok(Err(failure)) if is_length_limit(&failure) => Err(ApiError::request_too_large()),
        Ok(Err(_)) => Err(ApiError::invalid_request("The request body could not be read")),
        Err(_) => Err(ApiError::new(408, "timeout_error", "Request timed out")),
    }
}

fn is_length_limit(error: &axum::Error) -> bool {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(error);
    while let Some(current) = source {
        if current.to_string().contains("length limit exceeded") {
            return true;
        }
        source = current.source();
    }
    false
}

/// What a request costs against its key's limits: one request, its estimated input tokens, and its
/// `max_tokens` as the output reservation.
fn cost(json: Option<&Value>) -> Usage {
    let input_tokens = json.map_or(0, validate::estimate_input_tokens);
    let output_tokens = json
        .and_then(|body| body.get("max_tokens"))
        .and_then(Value::as_u64)
        .unwrap_or(0);
    Usage {
        requests: 1,
        input_tokens,
        output_tokens,
    }
}

enum Scripted {
    Error(ApiError),
    Html502,
}

/// The failure a scenario answers with before any work is done, if it is one of those.
fn scripted_failure(
    state: &SharedState,
    scenario: Scenario,
    key: KeyId,
    uri: &Uri,
    headers: &HeaderMap,
    body_len: usize,
) -> Option<Scripted> {
    let failure = match scenario {
        Scenario::Overloaded => ApiError::overloaded(),
        Scenario::OverloadedThenOk => {
            if state.count_call(scenario, key) > scenarios::overloaded_calls(uri, headers) {
                return None;
            }
            ApiError::overloaded()
        }
        Scenario::RateLimited => {
            // The requests bucket is empty in this story: the next request refills in one interval.
            let wait = ratelimit::unit_interval(state.config.rpm);
            ratelimit::rate_limit_error(state.config.rpm, "requests", wait)
        }
        Scenario::SpendLimit => ApiError::spend_limit_reached(),
        Scenario::CreditLow => ApiError::credit_balance_too_low(),
        Scenario::InsufficientBalance => ApiError::insufficient_balance(),
        Scenario::ServerError => ApiError::server_error(),
        Scenario::Html502 => return Some(Scripted::Html502),
        Scenario::GatewayTimeout => ApiError::gateway_timeout(),
        Scenario::RequestTooLarge if body_len > scenarios::scripted_body_limit(headers) => {
            ApiError::request_too_large()
        }
        _ => return None,
    };
    Some(Scripted::Error(failure))
}

/// Sends the status, the headers (with the full length) and half the body, then drops the connection.
async fn hang_up(response: Response) -> Response {
    let (mut parts, body) = response.into_parts();
    let bytes = to_bytes(body, usize::MAX).await.unwrap_or_default();
    let half = bytes.slice(..bytes.len() / 2);
    if let Ok(length) = HeaderValue::from_str(&bytes.len().to_string()) {
        parts.headers.insert(header::CONTENT_LENGTH, length);
    }
    // Some(Some(half)): send it; Some(None): pause, then fail the body so the connection is dropped.
    let chunks = stream::unfold(Some(Some(half)), |step| async move {
        match step? {
            Some(half) => Some((Ok::<Bytes, std::io::Error>(half), Some(None))),
            None => {
                tokio::time::sleep(HANG_UP_PAUSE).await;
                let reset = std::io::Error::new(std::io::ErrorKind::ConnectionReset, "scripted hang-up");
                Some((Err(reset), None))
            }
        }
    });
    Response::from_parts(parts, Body::from_stream(chunks))
}

/// The reply with its body cut in half: valid HTTP, invalid JSON.
async fn truncated(response: Response) -> Response {
    let (mut parts, body) = response.into_parts();
    let bytes = to_bytes(body, usize::MAX).await.unwrap_or_default();
    parts.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(parts, Body::from(bytes.slice(..bytes.len() / 2)))
}

/// Unknown paths, as the API answers them.
pub async fn not_found(Extension(context): Extension<RequestContext>) -> Rejection {
    context.reject(ApiError::not_found("Not Found"))
}

pub async fn method_not_allowed(Extension(context): Extension<RequestContext>) -> Rejection {
    context.reject(ApiError::new(405, "invalid_request_error", "Method Not Allowed"))
}
