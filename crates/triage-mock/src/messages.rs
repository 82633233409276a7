//! `POST /v1/messages` (a JSON Message, or the SSE event sequence when `stream: true`) and
//! `POST /v1/messages/count_tokens`.

use std::time::Duration;

use axum::body::Body;
use axum::extract::State;
use axum::http::{header, HeaderMap, Uri};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use futures_util::{stream, StreamExt};
use serde::Serialize;
use serde_json::json;

use crate::errors::{ApiError, Rejection};
use crate::scenarios::{self, Scenario};
use crate::validate::{self, Endpoint, ValidRequest};
use crate::{AppState, RequestContext, SharedState};

/// What the mock model says; long enough to stream in several deltas.
const REPLY: &str =
    "Hello from triage-mock! This is a scripted reply: no model ran, and no credits were spent.";
/// The stream-error scenario fails after this many text deltas.
const DELTAS_BEFORE_STREAM_ERROR: usize = 1;
/// How long `stream-cut-early` waits after its last event before it cuts the connection, so the client
/// surely has the event before the drop (and the event is flushed even with `--stream-gap-ms 0`).
const CUT_PAUSE: Duration = Duration::from_millis(50);

/// The events of a failing stream per scenario, in order, as `event:` names (for a reply with text, that
/// is `max_tokens` ≥ 1). A complete stream is `message_start, content_block_start, ping`, one
/// `content_block_delta` per four words of the reply, then `content_block_stop, message_delta,
/// message_stop`. Every event is one `event:`/`data:` pair, written as one body chunk, so a client can
/// count what it received against these.
pub const FAILING_STREAMS: &[(Scenario, &[&str])] = &[
    (
        Scenario::StreamError,
        &[
            "message_start",
            "content_block_start",
            "ping",
            "content_block_delta",
            "error",
        ],
    ),
    (
        Scenario::StreamErrorEarlyThenOk,
        &["message_start", "ping", "error"],
    ),
    (
        Scenario::StreamErrorAfterPing,
        &["message_start", "ping", "error"],
    ),
    // Then the connection is cut.
    (Scenario::StreamCutEarly, &["message_start"]),
];

/// How a stream ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ending {
    /// The whole reply, through `message_stop`.
    Complete,
    /// `message_start, content_block_start, ping`, this many deltas, then an overloaded `error` event.
    ErrorAfterDeltas(usize),
    /// `message_start, ping`, then an overloaded `error` event: no content block is opened.
    ErrorBeforeContent,
    /// `message_start`, then the body fails so the connection is cut.
    CutAfterStart,
}

/// `POST /v1/messages`.
///
/// `stream-error-early-then-ok` and `stream-cut-early` count every valid call here per key (streamed or
/// not; invalid bodies and other endpoints do not count); the first N fail, then they answer as `ok`.
/// A call that does not stream cannot fail mid-stream: a failing one gets the overload a stream would have
/// hit, 529 overloaded_error, as `stream-error` and `overloaded-then-ok` answer.
pub async fn create(
    State(state): State<SharedState>,
    Extension(context): Extension<RequestContext>,
    uri: Uri,
    headers: HeaderMap,
) -> Result<Response, Rejection> {
    let request = checked(&context, Endpoint::Create).map_err(|error| context.reject(error))?;
    let ending = match context.scenario {
        Scenario::StreamError => Ending::ErrorAfterDeltas(DELTAS_BEFORE_STREAM_ERROR),
        Scenario::StreamErrorAfterPing => Ending::ErrorBeforeContent,
        scenario @ (Scenario::StreamErrorEarlyThenOk | Scenario::StreamCutEarly) => {
            let failing =
                state.count_call(scenario, context.key) <= scenarios::stream_failures(&uri, &headers);
            match (failing, scenario) {
                (false, _) => Ending::Complete,
                (true, Scenario::StreamCutEarly) => Ending::CutAfterStart,
                (true, _) => Ending::ErrorBeforeContent,
            }
        }
        _ => Ending::Complete,
    };
    let reply = Reply::new(&state, &request);
    Ok(match (request.stream, ending) {
        (true, ending) => sse(
            reply.events(ending),
            state.stream_gap(),
            ending == Ending::CutAfterStart,
        ),
        (false, Ending::Complete) => {
            ([(header::CONTENT_TYPE, "application/json")], reply.json()).into_response()
        }
        (false, _) => return Err(context.reject(ApiError::overloaded())),
    })
}

/// `POST /v1/messages/count_tokens`.
pub async fn count_tokens(
    Extension(context): Extension<RequestContext>,
) -> Result<Json<serde_json::Value>, Rejection> {
    let request = checked(&context, Endpoint::CountTokens).map_err(|error| context.reject(error))?;
    Ok(Json(json!({ "input_tokens": request.input_tokens })))
}

/// The body parsed and validated; under `invalid-request` a valid body still gets a 400.
fn checked(context: &RequestContext, endpoint: Endpoint) -> Result<ValidRequest, ApiError> {
    let body = match &context.json {
        Some(body) => body,
        None => {
            return Err(validate::parse_body(&context.body)
                .err()
                .unwrap_or_else(not_an_object))
        }
    };
    let request = validate::validate(body, endpoint)?;
    if context.scenario == Scenario::InvalidRequest {
        return Err(scripted_prompt_too_long(&request));
    }
    Ok(request)
}

fn not_an_object() -> ApiError {
    ApiError::invalid_request("body: Input should be a valid dictionary or object to extract fields from")
}

/// `invalid-request` with a body that has nothing wrong: the scripted failure is a context overflow, worded
/// as the API words it, as if the prompt were 200,000 tokens longer.
fn scripted_prompt_too_long(request: &ValidRequest) -> ApiError {
    let limit = crate::models::find(&request.model).map_or(200_000, |model| model.context_window);
    ApiError::invalid_request(format!(
        "prompt is too long: {} tokens > {limit} maximum",
        request.input_tokens + limit
    ))
}

/// The events as an SSE body, `gap` apart (the first at once), so a client sees text arrive over time;
/// one chunk per event. With `cut`, after the last event and a pause the body fails, so the server drops
/// the connection without the chunked body's final chunk.
fn sse(events: Vec<String>, gap: Duration, cut: bool) -> Response {
    let paced = stream::iter(events.into_iter().enumerate()).then(move |(index, event)| async move {
        if index > 0 && !gap.is_zero() {
            tokio::time::sleep(gap).await;
        }
        Ok::<String, std::io::Error>(event)
    });
    let cut = stream::iter(cut.then_some(())).then(move |()| async move {
        tokio::time::sleep(gap.max(CUT_PAUSE)).await;
        Err(std::io::Error::new(
            std::io::ErrorKind::ConnectionReset,
            "scripted stream cut",
        ))
    });
    let headers = [
        (header::CONTENT_TYPE, "text/event-stream; charset=utf-8"),
        (header::CACHE_CONTROL, "no-cache"),
    ];
    (headers, Body::from_stream(paced.chain(cut))).into_response()
}

/// One reply, shaped as a JSON Message or as SSE events. Structs rather than `json!` so that fields come
/// in the API's order.
struct Reply {
    id: String,
    model: String,
    text: String,
    stop_reason: &'static str,
    input_tokens: u64,
    output_tokens: u64,
}

#[derive(Serialize)]
struct Message<'a> {
    id: &'a str,
    #[serde(rename = "type")]
    kind: &'static str,
    role: &'static str,
    model: &'a str,
    content: Vec<TextBlock<'a>>,
    stop_reason: Option<&'static str>,
    stop_sequence: Option<&'static str>,
    usage: MessageUsage,
}

#[derive(Serialize)]
struct TextBlock<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    text: &'a str,
}

#[derive(Serialize)]
struct MessageUsage {
    input_tokens: u64,
    cache_creation_input_tokens: u64,
    cache_read_input_tokens: u64,
    output_tokens: u64,
    service_tier: &'static str,
}

/// The `data:` of each SSE event; serde's internal tag puts `type` first, as the API does.
#[derive(Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
enum Event<'a> {
    MessageStart {
        message: Message<'a>,
    },
    ContentBlockStart {
        index: u32,
        content_block: TextBlock<'a>,
    },
    Ping,
    ContentBlockDelta {
        index: u32,
        delta: TextBlock<'a>,
    },
    ContentBlockStop {
        index: u32,
    },
    MessageDelta {
        delta: StopDelta,
        usage: OutputUsage,
    },
    MessageStop,
    Error {
        error: StreamError,
    },
}

#[derive(Serialize)]
struct StopDelta {
    stop_reason: &'static str,
    stop_sequence: Option<&'static str>,
}

#[derive(Serialize)]
struct OutputUsage {
    output_tokens: u64,
}

#[derive(Serialize)]
struct StreamError {
    #[serde(rename = "type")]
    kind: &'static str,
    message: &'static str,
}

impl Event<'_> {
    fn name(&self) -> &'static str {
        match self {
            Event::MessageStart { .. } => "message_start",
            Event::ContentBlockStart { .. } => "content_block_start",
            Event::Ping => "ping",
            Event::ContentBlockDelta { .. } => "content_block_delta",
            Event::ContentBlockStop { .. } => "content_block_stop",
            Event::MessageDelta { .. } => "message_delta",
            Event::MessageStop => "message_stop",
            Event::Error { .. } => "error",
        }
    }

    fn write_to(&self, out: &mut Vec<String>) {
        // Serializing these plain structs cannot fail.
        let data = serde_json::to_string(self).unwrap_or_default();
        out.push(format!("event: {}\ndata: {data}\n\n", self.name()));
    }
}

impl Reply {
    /// The scripted text, cut to `max_tokens` (four characters a token) like a real reply that hits it.
    fn new(state: &AppState, request: &ValidRequest) -> Reply {
        let full_tokens = (REPLY.chars().count() as u64).div_ceil(4);
        let (text, stop_reason) = if request.max_tokens >= full_tokens {
            (REPLY.to_string(), "end_turn")
        } else {
            let chars = usize::try_from(request.max_tokens.saturating_mul(4)).unwrap_or(usize::MAX);
            (REPLY.chars().take(chars).collect(), "max_tokens")
        };
        Reply {
            id: state.ids.message_id(),
            model: request.model.clone(),
            output_tokens: (text.chars().count() as u64).div_ceil(4),
            text,
            stop_reason,
            input_tokens: request.input_tokens,
        }
    }

    /// The Message; `streaming` gives its opening state for `message_start`.
    fn message(&self, streaming: bool) -> Message<'_> {
        let content = if streaming || self.text.is_empty() {
            Vec::new()
        } else {
            vec![text(&self.text)]
        };
        Message {
            id: &self.id,
            kind: "message",
            role: "assistant",
            model: &self.model,
            content,
            stop_reason: (!streaming).then_some(self.stop_reason),
            stop_sequence: None,
            usage: MessageUsage {
                input_tokens: self.input_tokens,
                cache_creation_input_tokens: 0,
                cache_read_input_tokens: 0,
                output_tokens: if streaming { 1 } else { self.output_tokens },
                service_tier: "standard",
            },
        }
    }

    fn json(&self) -> String {
        serde_json::to_string(&self.message(false)).unwrap_or_default()
    }

    /// The SSE sequence for `ending`: message_start, content_block_start, ping, content_block_delta…,
    /// content_block_stop, message_delta, message_stop when complete; see [`Ending`] and
    /// [`FAILING_STREAMS`] for the others.
    fn events(&self, ending: Ending) -> Vec<String> {
        let mut out = Vec::new();
        Event::MessageStart {
            message: self.message(true),
        }
        .write_to(&mut out);
        let deltas = match ending {
            Ending::CutAfterStart => return out,
            Ending::ErrorBeforeContent => {
                Event::Ping.write_to(&mut out);
                overloaded().write_to(&mut out);
                return out;
            }
            Ending::ErrorAfterDeltas(deltas) => deltas,
            Ending::Complete => usize::MAX,
        };
        Event::ContentBlockStart {
            index: 0,
            content_block: text(""),
        }
        .write_to(&mut out);
        Event::Ping.write_to(&mut out);
        let words: Vec<&str> = self.text.split_inclusive(' ').collect();
        for chunk in words.chunks(4).take(deltas) {
            let piece = chunk.concat();
            let delta = TextBlock {
                kind: "text_delta",
                text: &piece,
            };
            Event::ContentBlockDelta { index: 0, delta }.write_to(&mut out);
        }
        if ending != Ending::Complete {
            overloaded().write_to(&mut out);
            return out;
        }
        Event::ContentBlockStop { index: 0 }.write_to(&mut out);
        let delta = StopDelta {
            stop_reason: self.stop_reason,
            stop_sequence: None,
        };
        Event::MessageDelta {
            delta,
            usage: OutputUsage {
                output_tokens: self.output_tokens,
            },
        }
        .write_to(&mut out);
        Event::MessageStop.write_to(&mut out);
        out
    }
}

/// The API's mid-stream overload: `{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}`.
fn overloaded() -> Event<'static> {
    Event::Error {
        error: StreamError {
            kind: "overloaded_error",
            message: "Overloaded",
        },
    }
}

fn text(text: &str) -> TextBlock<'_> {
    TextBlock { kind: "text", text }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(events: &[String]) -> Vec<&str> {
        events
            .iter()
            .filter_map(|event| event.strip_prefix("event: ")?.split('\n').next())
            .collect()
    }

    #[test]
    fn failing_streams_are_the_documented_sequences() {
        let reply = Reply {
            id: "msg_01test".to_string(),
            model: "claude-sonnet-4-5".to_string(),
            text: REPLY.to_string(),
            stop_reason: "end_turn",
            input_tokens: 8,
            output_tokens: 23,
        };
        let ending = |scenario| match scenario {
            Scenario::StreamError => Ending::ErrorAfterDeltas(DELTAS_BEFORE_STREAM_ERROR),
            Scenario::StreamCutEarly => Ending::CutAfterStart,
            _ => Ending::ErrorBeforeContent,
        };
        for (scenario, expected) in FAILING_STREAMS {
            let events = reply.events(ending(*scenario));
            assert_eq!(names(&events), *expected, "{scenario:?}");
            assert!(events.iter().all(|event| event.ends_with("\n\n")));
        }
        let complete = reply.events(Ending::Complete);
        assert_eq!(names(&complete).last(), Some(&"message_stop"));
    }
}
