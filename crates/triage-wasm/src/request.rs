//! `validate`: a request body, as text or as an object, to a [`Report`].

use crate::convert::{into_error, to_js};
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
        None => request::validate(&stringify(&request)?),
    };
    to_js("validate", &report)
}

fn stringify(value: &JsValue) -> Result<String, JsError> {
    if !value.is_object() {
        return Err(JsError::new(
            "validate: expected the request body as a string or an object",
        ));
    }
    let text = js_sys::JSON::stringify(value).map_err(|_| {
        JsError::new("validate: the request object cannot be turned into JSON (a cycle or a BigInt?)")
    })?;
    text.as_string()
        .ok_or_else(|| into_error("validate", "JSON.stringify returned nothing"))
}
