//! `estimate`: a request body, as text or as an object, to an [`Estimate`] of its input tokens, worst-case output
//! and cost.

use crate::convert::{json_text, to_js};
use triage_core::estimate::{self, Estimate, EstimateOptions};
use tsify::Ts;
use wasm_bindgen::prelude::*;

/// Estimates a Messages API request before it is sent: input tokens as a band, `max_tokens` as the worst-case
/// output, and the list-price cost. `balanceUsd`, when given, adds the `balance_near` and
/// `estimated_cost_exceeds_balance` warnings. Throws for a body that is not a JSON object.
#[wasm_bindgen]
pub fn estimate(
    #[wasm_bindgen(unchecked_param_type = "string | object")] request: JsValue,
    #[wasm_bindgen(js_name = balanceUsd)] balance_usd: Option<f64>,
) -> Result<Ts<Estimate>, JsError> {
    let text = request_text("estimate", &request)?;
    let options = EstimateOptions {
        balance_usd,
        batch: false,
    };
    let estimate =
        estimate::estimate(&text, &options).map_err(|e| JsError::new(&format!("estimate: {}", e.message)))?;
    to_js("estimate", &estimate)
}

/// A request body given as text or as an object, as text.
pub(crate) fn request_text(context: &str, request: &JsValue) -> Result<String, JsError> {
    match request.as_string() {
        Some(text) => Ok(text),
        None if request.is_object() => json_text(context, request),
        None => Err(JsError::new(&format!(
            "{context}: expected the request body as a string or an object"
        ))),
    }
}
