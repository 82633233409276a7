//! `validate`: a request body, as text or as an object, to a [`Report`].

use crate::convert::{json_text, to_js};
use triage_core::request::{self, Report};
use tsify::Ts;
use wasm_bindgen::prelude::*;

/// Validates a Messages API request body. Give the text you are about to send to get spans, lines and columns
/// in it; an object is serialised with `JSON.stringify` first, so positions refer to that text.
#[wasm_bindgen]
pub fn validate(
    #[wasm_bindgen(unchecked_param_type = "string | object")] request: JsValue,
) -> Result<Ts<Report>, JsError> {
    let report = match request.as_string() {
        Some(text) => request::validate(&text),
        None if request.is_object() => request::validate(&json_text("validate", &request)?),
        None => {
            return Err(JsError::new(
                "validate: expected the request body as a string or an object",
            ))
        }
    };
    to_js("validate", &report)
}
