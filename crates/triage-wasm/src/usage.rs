//! `Usage`: one client's usage snapshot (see `triage_core::usage`). `createFetch` feeds it every response; a page
//! can keep one of its own. It only converts: the folding, projections, warnings and pace are the core's.

use crate::convert::{epoch_millis, from_js, json_to_js, millis, to_js};
use crate::estimate::request_text;
use crate::response::HttpResponse;
use triage_core::estimate::{self, EstimateOptions};
use triage_core::usage::{Observation, UsageReport, UsageSnapshot};
use tsify::Ts;
use wasm_bindgen::prelude::*;

/// Everything the responses so far said about usage, limits and cost. Keep one per client, shared by its calls.
#[wasm_bindgen(js_name = Usage)]
pub struct JsUsage(UsageSnapshot);

#[wasm_bindgen(js_class = Usage)]
impl JsUsage {
    /// `balanceUsd`, when given, is the balance at the start: the report then says what remains and warns with
    /// `balance_near` before it runs out.
    #[wasm_bindgen(constructor)]
    pub fn new(#[wasm_bindgen(js_name = balanceUsd)] balance_usd: Option<f64>) -> JsUsage {
        JsUsage(UsageSnapshot::new(balance_usd))
    }

    /// Folds one response in: its limit headers, `retry-after`, and the `usage` in its body (a Message, or the
    /// SSE text of a stream). `maxTokens` is the request's (output limits count it up front); `model` prices a
    /// body that does not name one. `nowMs` is epoch milliseconds when the response arrived.
    pub fn observe(
        &mut self,
        response: Ts<HttpResponse>,
        #[wasm_bindgen(js_name = nowMs)] now_ms: f64,
        #[wasm_bindgen(js_name = maxTokens)] max_tokens: Option<f64>,
        model: Option<String>,
    ) -> Result<(), JsError> {
        let response = from_js("Usage.observe", &response.into(), HttpResponse::read)?;
        self.0.observe(&Observation {
            status: Some(response.status),
            headers: &response.headers,
            body: &response.body,
            now_ms: epoch_millis(now_ms),
            max_tokens: max_tokens.map(millis),
            model: model.as_deref(),
        });
        Ok(())
    }

    /// The rest of a stream that `observe` folded in when its first events arrived (`observedAtMs`: that call's
    /// `nowMs`; `model` as given to it). `rest` is the text of the later events: the last `message_delta`'s usage
    /// (the final output count) replaces what the start reported, in the totals, the cost and the pace.
    #[wasm_bindgen(js_name = observeStreamEnd)]
    pub fn observe_stream_end(
        &mut self,
        #[wasm_bindgen(js_name = observedAtMs)] observed_at_ms: f64,
        rest: &str,
        model: Option<String>,
    ) {
        self.0
            .observe_stream_end(epoch_millis(observed_at_ms), rest, model.as_deref());
    }

    /// The snapshot as of `nowMs`: totals, cost, each window with its projection, warnings, and `paceMs`, how long
    /// to hold the next send so no window runs dry before its reset.
    pub fn report(&self, #[wasm_bindgen(js_name = nowMs)] now_ms: f64) -> Result<Ts<UsageReport>, JsError> {
        to_js("Usage.report", &self.0.report(epoch_millis(now_ms)))
    }

    /// The warnings for sending `request` (a body, as text or an object) next: the report's, plus whether its
    /// estimated tokens fit what the windows have left and its worst-case cost what the balance has left.
    #[wasm_bindgen(unchecked_return_type = "Warning[]")]
    pub fn preflight(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string | object")] request: JsValue,
        #[wasm_bindgen(js_name = nowMs)] now_ms: f64,
    ) -> Result<JsValue, JsError> {
        let text = request_text("Usage.preflight", &request)?;
        // The balance is the snapshot's (what remains of it), not the estimate's.
        let options = EstimateOptions::default();
        let estimate = estimate::estimate(&text, &options)
            .map_err(|e| crate::convert::into_error("Usage.preflight", e.message))?;
        json_to_js(
            "Usage.preflight",
            &self.0.preflight(&estimate, epoch_millis(now_ms)),
        )
    }
}
