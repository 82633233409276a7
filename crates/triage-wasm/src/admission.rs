//! `Admission`: one client's learned concurrency window and its queue (see `triage_core::retry::Admission`).
//! `createFetch` drives it; it only moves numbers, the decisions are the core's.

use crate::convert::{epoch_millis, from_js, millis, to_js};
use crate::inputs;
use triage_core::response::RateLimits;
use triage_core::retry::{self, AdmissionConfig, AdmissionView, Outcome, Permit, Poll, Refusal};
use tsify::{Ts, Tsify};
use wasm_bindgen::prelude::*;

/// `enqueue`'s answer: a ticket, or why the request cannot wait.
#[derive(Tsify, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Enqueued {
    #[tsify(optional)]
    pub ticket: Option<u64>,
    /// `paused_past_deadline` (every send is paused beyond the request's deadline) or `queue_full`.
    #[tsify(optional, type = "\"paused_past_deadline\" | \"queue_full\"")]
    pub refused: Option<&'static str>,
    #[tsify(optional)]
    pub paused_until_ms: Option<i64>,
}

/// A client's admission window. Keep one per client, shared by all its calls: it learns from all of them.
#[wasm_bindgen(js_name = Admission)]
pub struct JsAdmission(retry::Admission);

#[wasm_bindgen(js_class = Admission)]
impl JsAdmission {
    /// `config` fields left out take their defaults.
    #[wasm_bindgen(constructor)]
    pub fn new(config: Option<Ts<AdmissionConfig>>) -> Result<JsAdmission, JsError> {
        let config = match config {
            Some(config) => from_js("new Admission", &config.into(), inputs::admission_config)?,
            None => AdmissionConfig::default(),
        };
        Ok(JsAdmission(retry::Admission::new(config)))
    }

    /// Queues a request: `orderMs` is when its logical call arrived (a retry passes its call's, keeping its
    /// place), `deadlineMs` (epoch ms) when it stops being worth sending.
    pub fn enqueue(
        &mut self,
        #[wasm_bindgen(js_name = nowMs)] now_ms: f64,
        #[wasm_bindgen(js_name = orderMs)] order_ms: f64,
        #[wasm_bindgen(js_name = deadlineMs)] deadline_ms: Option<f64>,
    ) -> Result<Ts<Enqueued>, JsError> {
        let answer = match self.0.enqueue(
            epoch_millis(now_ms),
            epoch_millis(order_ms),
            deadline_ms.map(epoch_millis),
        ) {
            Ok(ticket) => Enqueued {
                ticket: Some(ticket),
                refused: None,
                paused_until_ms: None,
            },
            Err(Refusal::PausedPastDeadline { paused_until_ms }) => Enqueued {
                ticket: None,
                refused: Some("paused_past_deadline"),
                paused_until_ms: Some(paused_until_ms),
            },
            Err(Refusal::QueueFull) => Enqueued {
                ticket: None,
                refused: Some("queue_full"),
                paused_until_ms: None,
            },
        };
        to_js("Admission.enqueue", &answer)
    }

    /// Takes a waiting request out of the queue; false if it was not waiting.
    pub fn cancel(&mut self, ticket: f64) -> bool {
        self.0.cancel(millis(ticket))
    }

    /// Who may send now, whose deadline passed, and when to poll again.
    pub fn poll(&mut self, #[wasm_bindgen(js_name = nowMs)] now_ms: f64) -> Result<Ts<Poll>, JsError> {
        to_js("Admission.poll", &self.0.poll(epoch_millis(now_ms)))
    }

    /// A sent request came back. `outcome` is `done`, `overloaded` (`atMs`: the backoff if the window is already
    /// at its minimum), `rate_limited` (`atMs`: epoch ms of the server's retry time) or `abandoned`.
    pub fn complete(
        &mut self,
        ticket: f64,
        seq: f64,
        outcome: &str,
        #[wasm_bindgen(js_name = nowMs)] now_ms: f64,
        #[wasm_bindgen(js_name = atMs)] at_ms: Option<f64>,
    ) -> Result<(), JsError> {
        let at = at_ms.unwrap_or(0.0);
        let outcome = match outcome {
            "done" => Outcome::Done,
            "overloaded" => Outcome::Overloaded {
                backoff_ms: millis(at),
            },
            "rate_limited" => Outcome::RateLimited {
                retry_at_ms: epoch_millis(at),
            },
            "abandoned" => Outcome::Abandoned,
            other => {
                return Err(crate::convert::into_error(
                    "Admission.complete",
                    format!(
                        "unknown outcome `{other}`; expected done, overloaded, rate_limited or abandoned"
                    ),
                ))
            }
        };
        let permit = Permit {
            ticket: millis(ticket),
            seq: millis(seq),
        };
        self.0.complete(permit, outcome, epoch_millis(now_ms));
        Ok(())
    }

    /// `anthropic-ratelimit-requests-remaining` (from `rateLimits(headers)`) caps the window until its reset.
    #[wasm_bindgen(js_name = observeLimits)]
    pub fn observe_limits(
        &mut self,
        #[wasm_bindgen(js_name = rateLimits)] rate_limits: Ts<RateLimits>,
    ) -> Result<(), JsError> {
        let limits = from_js(
            "Admission.observeLimits",
            &rate_limits.into(),
            inputs::rate_limits,
        )?;
        self.0.observe_limits(&limits);
        Ok(())
    }

    /// The window, requests in flight and waiting, and any pause.
    pub fn view(&self, #[wasm_bindgen(js_name = nowMs)] now_ms: f64) -> Result<Ts<AdmissionView>, JsError> {
        to_js("Admission.view", &self.0.view(epoch_millis(now_ms)))
    }
}
