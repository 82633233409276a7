//! The two conversions every export uses, and the one way errors cross into JavaScript.

use crate::de;
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::fmt::Display;
use tsify::{Ts, Tsify};
use wasm_bindgen::{JsError, JsValue};

/// A JavaScript `Error` whose message names the export and what went wrong.
pub fn into_error(context: &str, error: impl Display) -> JsError {
    JsError::new(&format!("{context}: {error}"))
}

/// Maps become plain objects (the declared types say `Record`), `None` becomes `undefined`.
pub fn to_js<T: Tsify + Serialize>(context: &str, value: &T) -> Result<Ts<T>, JsError> {
    let serializer = serde_wasm_bindgen::Serializer::new().serialize_maps_as_objects(true);
    let js = value.serialize(&serializer).map_err(|e| into_error(context, e))?;
    Ok(Ts::new_unchecked(js))
}

pub fn from_js<T: Tsify + DeserializeOwned>(context: &str, value: Ts<T>) -> Result<T, JsError> {
    value_from_js(context, &value.into())
}

/// Any JavaScript value through `JSON.stringify` (see [`crate::de`] for why).
pub fn value_from_js<T: DeserializeOwned>(context: &str, value: &JsValue) -> Result<T, JsError> {
    de::from_json(&json_text(context, value)?).map_err(|e| into_error(context, e))
}

/// `JSON.stringify(value)`, or an error for what JSON cannot hold (cycles, BigInt, `undefined`, functions).
pub fn json_text(context: &str, value: &JsValue) -> Result<String, JsError> {
    js_sys::JSON::stringify(value)
        .ok()
        .and_then(|text| text.as_string())
        .ok_or_else(|| {
            into_error(
                context,
                "expected plain data that JSON can represent (no cycles or BigInt)",
            )
        })
}

/// A JavaScript number as whole milliseconds: fractions truncate, negatives and NaN become 0, huge values
/// saturate (Rust's float-to-int casts saturate; they never trap).
pub fn millis(value: f64) -> u64 {
    value as u64
}

/// A JavaScript number as epoch milliseconds (may be negative).
pub fn epoch_millis(value: f64) -> i64 {
    value as i64
}
