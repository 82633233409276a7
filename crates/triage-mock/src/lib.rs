//! triage-mock: a local Claude API with scripted failures, for the playground, tests and benchmarks.
//!
//! It speaks the API's shape: `POST /v1/messages` (JSON, or SSE with the real event sequence when
//! `"stream": true`), `POST /v1/messages/count_tokens`, `GET /v1/models`, `GET /v1/models/{id}`; every
//! reply carries `request-id` and the `anthropic-ratelimit-*` headers; errors use the API's exact body
//! `{"type":"error","error":{"type":…,"message":…},"request_id":…}` and wordings.
//!
//! # Running
//!
//! ```text
//! cargo run -p triage-mock -- [flags]
//! curl -s 127.0.0.1:8787/v1/models -H 'x-api-key: sk-ant-api03-test' -H 'anthropic-version: 2023-06-01'
//! curl -i 127.0.0.1:8787/s/overloaded/v1/messages -H 'x-api-key: sk-ant-api03-test' \
//!      -H 'anthropic-version: 2023-06-01' \
//!      -d '{"model":"claude-sonnet-5","max_tokens":64,"messages":[{"role":"user","content":"Hi"}]}'
//! ```
//!
//! The official SDKs work unchanged with `baseURL: "http://127.0.0.1:8787/s/<scenario>"` (tests/sdk runs
//! `@anthropic-ai/sdk` against every scenario). Library use: [`app`] gives the `Router`, [`serve`] runs it
//! on a listener until a shutdown future completes.
//!
//! | flag | default | meaning |
//! |---|---|---|
//! | `--addr` | `127.0.0.1:8787` | listen address; non-loopback refused unless `--allow-remote` |
//! | `--auth` | `either` | key from `x-api-key`, `bearer` (`Authorization: Bearer`, resellers) or either |
//! | `--capacity C` | unlimited | requests in flight; beyond it 529 overloaded_error |
//! | `--service-ms MS` | 0 | latency added to every successful request |
//! | `--stream-gap-ms MS` | 15 | pause between SSE events, so streams arrive over time |
//! | `--rpm R` / `--tpm T` / `--otpm O` | 100000 / 10M / 2M | per key per minute: requests, input tokens, output tokens (from `max_tokens`) |
//! | `--burst-ms MS` / `--token-burst-ms MS` | 6000 / 60000 | refill a key's requests / token buckets hold: `--rpm 60` sends 6 at once, then one a second |
//! | `--seed S` | 0 | seeds ids and the `random` scenario |
//! | `--body-limit BYTES` | 32 MB | larger bodies get 413 request_too_large |
//! | `--header-timeout-s`, `--body-timeout-s`, `--write-timeout-s` | 10, 30, 30 | slow-client limits |
//! | `--quiet` | off | no per-request log line on stderr |
//!
//! Every reply carries `anthropic-organization-id` and the 12 `anthropic-ratelimit-*` headers. Limits are token
//! buckets per key that refill continuously, as the API's do: `-remaining` is the minute's limit less what is
//! owed, `-reset` is when nothing is owed, and a burst beyond `--burst-ms` (requests) or `--token-burst-ms` of
//! refill is refused with the `retry-after` at which it would fit, even while `-remaining` is above zero ("60 RPM
//! may be enforced as 1 request per second"). `tokens` = input + output.
//! The log line on stderr is `method path scenario status ms id` (`id` is the reply's `request-id`), never a
//! key or a query.
//!
//! Keys must look like `sk-ant-…` (letters, digits, `-`, `_`); one containing `revoked` is refused. Requests
//! with an `Origin` need `anthropic-dangerous-direct-browser-access: true`, as with the real API; preflights
//! are answered for any origin and replies expose `request-id`, `retry-after`, `x-should-retry` and the rate
//! limit headers.
//!
//! # Scenarios
//!
//! Chosen by path prefix (`http://127.0.0.1:8787/s/{scenario}` works as an SDK base URL) or by the
//! `x-mock-scenario` header; default `ok`. Every success path validates the body as the API does (so a
//! bad body gets the real 400 or 404 in any scenario).
//!
//! | scenario | answer |
//! |---|---|
//! | `ok` | 200 Message (or SSE) |
//! | `invalid-request` | 400: the body's real validation error, or for a valid body "prompt is too long" |
//! | `overloaded` | 529 overloaded_error |
//! | `overloaded-then-ok` | 529 for the first N calls per key (`?n=` or `x-mock-n`, default 2), then ok |
//! | `rate-limited` | 429 rate_limit_error as if the requests bucket were empty: remaining 0, `retry-after` one request's refill |
//! | `spend-limit` | 429 with `details.error_code = enforced_spend_limit_reached`, no `retry-after` |
//! | `credit-low` | 400 "Your credit balance is too low…" |
//! | `insufficient-balance` | 402 billing_error |
//! | `server-error` | 500 api_error |
//! | `html-502` | 502 with a proxy's HTML page |
//! | `gateway-timeout` | 504 timeout_error |
//! | `slow` | ok after `x-mock-delay-ms` (default 2000, at most 60000) |
//! | `hang-up` | headers and half the body, then the connection is dropped |
//! | `truncated-json` | 200 with the body cut in half |
//! | `stream-error` | SSE with some text, then `event: error` overloaded_error (a non-streamed call gets 529) |
//! | `stream-error-early-then-ok` | SSE `message_start`, `ping`, then `event: error` overloaded_error, for the first N calls per key (`?n=` or `x-mock-n`, default 1), then a complete stream (a non-streamed call gets 529, then ok) |
//! | `stream-error-after-ping` | SSE `message_start`, `ping`, then `event: error` overloaded_error, every call (a non-streamed call gets 529) |
//! | `stream-cut-early` | SSE `message_start`, then the connection is cut mid-body (no `message_stop`, no final chunk), for the first N calls per key (as above, default 1), then a complete stream (a non-streamed call gets 529, then ok) |
//! | `request-too-large` | 413 for bodies above `x-mock-body-limit` bytes (default 0) |
//! | `random` | a seeded draw from `x-mock-rates` (default `529=0.2,429=0.1,500=0.05`; keys are statuses or scenario names), else ok |

use std::collections::HashMap;
use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Bytes;
use axum::routing::{get, post};
use axum::Router;
use serde_json::Value;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;

pub mod auth;
pub mod clock;
pub mod config;
pub mod cors;
pub mod errors;
pub mod ids;
pub mod load;
pub mod log;
pub mod messages;
pub mod models;
mod pipeline;
pub mod ratelimit;
pub mod scenarios;
mod server;
pub mod validate;

pub use config::Config;
pub use server::listen;

use auth::KeyId;
use errors::ApiError;
use scenarios::Scenario;

/// Everything the handlers share.
#[derive(Debug)]
pub struct AppState {
    pub config: Config,
    pub ids: ids::Ids,
    pub clock: clock::Clock,
    pub limiter: ratelimit::RateLimiter,
    /// Calls seen per scenario and key by the scenarios that fail a number of times, then recover
    /// (`overloaded-then-ok`, `stream-error-early-then-ok`, `stream-cut-early`); each scenario counts apart.
    pub call_counts: Mutex<HashMap<(Scenario, KeyId), u64>>,
    /// In-flight permits when `--capacity` is set.
    pub capacity: Option<Arc<Semaphore>>,
}

pub type SharedState = Arc<AppState>;

impl AppState {
    pub fn new(config: Config) -> AppState {
        let limits = ratelimit::Usage {
            requests: config.rpm,
            input_tokens: config.tpm,
            output_tokens: config.otpm,
        };
        AppState {
            ids: ids::Ids::new(config.seed),
            clock: clock::Clock::new(),
            limiter: ratelimit::RateLimiter::new(
                limits,
                ratelimit::Burst {
                    requests: Duration::from_millis(config.burst_ms),
                    tokens: Duration::from_millis(config.token_burst_ms),
                },
            ),
            call_counts: Mutex::new(HashMap::new()),
            capacity: config.capacity.map(|permits| Arc::new(Semaphore::new(permits))),
            config,
        }
    }

    /// Counts one more call by `key` under `scenario` and returns its number, from 1.
    pub fn count_call(&self, scenario: Scenario, key: KeyId) -> u64 {
        let mut counts = self
            .call_counts
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let seen = counts.entry((scenario, key)).or_insert(0);
        *seen += 1;
        *seen
    }

    /// The pause between SSE events.
    pub fn stream_gap(&self) -> std::time::Duration {
        std::time::Duration::from_millis(self.config.stream_gap_ms)
    }
}

/// What the pipeline learned about a request, handed to the endpoint handlers.
#[derive(Debug, Clone)]
pub struct RequestContext {
    pub request_id: String,
    pub scenario: Scenario,
    /// The caller, for the scenarios that count calls per key.
    pub key: KeyId,
    pub body: Bytes,
    /// The body parsed as JSON, when it is.
    pub json: Option<Arc<Value>>,
}

impl RequestContext {
    /// `error` as the answer to this request.
    pub fn reject(&self, error: ApiError) -> errors::Rejection {
        errors::Rejection {
            error,
            request_id: self.request_id.clone(),
        }
    }
}

/// The whole API: the pipeline (ids, CORS, scenarios, auth, limits, logging) around the endpoints.
pub fn app(config: Config) -> Router {
    let state: SharedState = Arc::new(AppState::new(config));
    let endpoints = Router::new()
        .route("/v1/messages", post(messages::create))
        .route("/v1/messages/count_tokens", post(messages::count_tokens))
        .route("/v1/models", get(models::list))
        .route("/v1/models/{id}", get(models::get))
        .fallback(pipeline::not_found)
        .method_not_allowed_fallback(pipeline::method_not_allowed)
        .with_state(state.clone());
    Router::new()
        .fallback_service(endpoints)
        .layer(axum::middleware::from_fn_with_state(state, pipeline::handle))
}

/// Serves `app(config)` on `listener` until `shutdown` completes, then lets open requests finish (for at
/// most ten seconds).
pub async fn serve(
    config: Config,
    listener: TcpListener,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let timeouts = server::Timeouts {
        header: config.header_timeout(),
        write: config.write_timeout(),
    };
    server::run(app(config), listener, timeouts, shutdown).await
}
