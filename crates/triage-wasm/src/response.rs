//! `explainResponse`, `explainRaw`, `explainTransport` and `rateLimits`: whatever came back, or didn't, to an
//! [`Explanation`].

use crate::convert::{epoch_millis, from_js, to_js, value_from_js};
use serde::Deserialize;
use std::collections::BTreeMap;
use triage_core::response::{self, Context, Explanation, RateLimits, TransportFailure};
use tsify::{Ts, Tsify};
use wasm_bindgen::prelude::*;

/// A response as plain data, e.g. from a log or a test. `body` is the raw text (JSON, HTML, SSE).
#[derive(Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct HttpResponse {
    pub status: u16,
    /// Names in any case. Repeated headers: join their values with `", "`, as `Headers` does.
    #[serde(default)]
    #[tsify(optional)]
    pub headers: BTreeMap<String, String>,
    #[serde(default)]
    #[tsify(optional)]
    pub body: String,
}

/// What the caller knows beyond the response itself.
#[derive(Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct ExplainContext {
    /// The caller's clock (Unix epoch ms), for an HTTP-date `retry-after` on a response without `Date`.
    #[tsify(optional)]
    pub now_ms: Option<f64>,
    /// The API key that was sent, so an authentication error can say what looks wrong with it (only a redacted
    /// form is ever shown).
    #[tsify(optional)]
    pub sent_key: Option<String>,
}

impl ExplainContext {
    fn into_core(self) -> Context {
        Context {
            now_ms: self.now_ms.map(epoch_millis),
            sent_key: self.sent_key,
        }
    }
}

fn context(value: Option<Ts<ExplainContext>>, export: &str) -> Result<Context, JsError> {
    Ok(value
        .map(|c| from_js(export, c))
        .transpose()?
        .map(ExplainContext::into_core)
        .unwrap_or_default())
}

fn header_pairs(headers: BTreeMap<String, String>) -> Vec<(String, String)> {
    headers.into_iter().collect()
}

/// Explains a response from its status, headers and body text.
#[wasm_bindgen(js_name = explainResponse)]
pub fn explain_response(
    response: Ts<HttpResponse>,
    context: Option<Ts<ExplainContext>>,
) -> Result<Ts<Explanation>, JsError> {
    let HttpResponse {
        status,
        headers,
        body,
    } = from_js("explainResponse", response)?;
    let context = self::context(context, "explainResponse")?;
    let explanation = response::explain_http(status, &header_pairs(headers), &body, &context);
    to_js("explainResponse", &explanation)
}

/// Explains pasted text: `curl -i` or `curl -v` output, an SSE stream, or a bare error body.
#[wasm_bindgen(js_name = explainRaw)]
pub fn explain_raw(text: &str, context: Option<Ts<ExplainContext>>) -> Result<Ts<Explanation>, JsError> {
    let context = self::context(context, "explainRaw")?;
    to_js("explainRaw", &response::explain_raw(text, &context))
}

/// Explains a request that got no HTTP response; `message` is the error text the client saw.
#[wasm_bindgen(js_name = explainTransport)]
pub fn explain_transport(kind: Ts<TransportFailure>, message: &str) -> Result<Ts<Explanation>, JsError> {
    let failure = from_js("explainTransport", kind)?;
    to_js("explainTransport", &response::explain_transport(failure, message))
}

/// The `anthropic-ratelimit-*` windows in a set of response headers (for `RetryPolicy.pace`), read the same way
/// an explanation reads them.
#[wasm_bindgen(js_name = rateLimits)]
pub fn rate_limits(
    #[wasm_bindgen(unchecked_param_type = "Record<string, string>")] headers: JsValue,
) -> Result<Ts<RateLimits>, JsError> {
    let headers: BTreeMap<String, String> = value_from_js("rateLimits", &headers)?;
    // A success status with an empty body is explained as "no error", with the headers' limits read.
    let explanation = response::explain_http(200, &header_pairs(headers), "", &Context::default());
    to_js("rateLimits", &explanation.rate_limit)
}
