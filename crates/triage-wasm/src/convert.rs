//! The two conversions every export uses, and the one way errors cross into JavaScript.

use crate::read::{self, At};
use crate::ser;
use serde::Serialize;
use std::fmt::Display;
#[cfg(feature = "exports-core")]
use tsify::{Ts, Tsify};
use wasm_bindgen::{JsError, JsValue};

/// A JavaScript `Error` whose message names the export and what went wrong.
pub fn into_error(context: &str, error: impl Display) -> JsError {
    let message = format!("{context}: {error}");
    // A reader quotes what it could not read (``unknown value `…` ``), which may be a key passed by mistake. Only
    // where keys can arrive: the simulator's wasm stays without the redaction code.
    #[cfg(feature = "exports-core")]
    let message = triage_core::redact::secrets_owned(message);
    JsError::new(&message)
}

/// A result as a plain JavaScript object: JSON text from [`ser`], then `JSON.parse`.
#[cfg(feature = "exports-core")]
pub fn to_js<T: Tsify + Serialize>(context: &str, value: &T) -> Result<Ts<T>, JsError> {
    json_to_js(context, value).map(Ts::new_unchecked)
}

/// Any serialisable value as plain JavaScript data (for results declared by hand, such as arrays).
pub fn json_to_js<T: Serialize + ?Sized>(context: &str, value: &T) -> Result<JsValue, JsError> {
    let text = ser::to_json(value).map_err(|e| into_error(context, e))?;
    js_sys::JSON::parse(&text).map_err(|_| into_error(context, "the result did not parse as JSON"))
}

/// Reads an argument with `read` (from [`crate::inputs`]); errors name the export and the path to the value.
pub fn from_js<T>(
    context: &str,
    value: &JsValue,
    read: impl FnOnce(&At) -> read::Result<T>,
) -> Result<T, JsError> {
    read::from_json(&json_text(context, value)?, read).map_err(|e| into_error(context, e))
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
#[cfg(feature = "exports-core")]
pub fn millis(value: f64) -> u64 {
    value as u64
}

/// A JavaScript number as epoch milliseconds (may be negative).
#[cfg(feature = "exports-core")]
pub fn epoch_millis(value: f64) -> i64 {
    value as i64
}
