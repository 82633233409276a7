//! `explainResponse`, `explainRaw`, `explainTransport` and `rateLimits`: whatever came back, or didn't, to an
//! [`Explanation`].

use crate::convert::{epoch_millis, from_js, to_js};
use crate::inputs;
use crate::read::{At, Result};
use triage_core::response::{self, Context, Explanation, RateLimits, TransportFailure};
use tsify::{Ts, Tsify};
use wasm_bindgen::prelude::*;

/// A response as plain data, e.g. from a log or a test. `body` is the raw text (JSON, HTML, SSE).
#[derive(Tsify)]
#[serde(rename_all = "camelCase")]
pub struct HttpResponse {
    pub status: u16,
    /// Names in any case. Repeated headers: join their values with `", "`, as `Headers` does.
    #[tsify(optional, type = "Record<string, string>")]
    pub headers: Vec<(String, String)>,
    #[tsify(optional)]
    pub body: String,
}

impl HttpResponse {
    pub(crate) fn read(at: &At) -> Result<Self> {
        Ok(HttpResponse {
            status: at.need("status")?.u16()?,
            headers: at.optional("headers", inputs::headers)?.unwrap_or_default(),
            body: at.optional("body", At::string)?.unwrap_or_default(),
        })
    }
}

/// What the caller knows beyond the response itself.
#[derive(Tsify)]
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
    fn read(at: &At) -> Result<Context> {
        let context = ExplainContext {
            now_ms: at.optional("nowMs", At::f64)?,
            sent_key: at.optional("sentKey", At::string)?,
        };
        Ok(Context {
            now_ms: context.now_ms.map(epoch_millis),
            sent_key: context.sent_key,
        })
    }
}

fn context(value: Option<Ts<ExplainContext>>, export: &str) -> std::result::Result<Context, JsError> {
    match value {
        Some(context) => from_js(export, &context.into(), ExplainContext::read),
        None => Ok(Context::default()),
    }
}

/// Explains a response from its status, headers and body text.
#[wasm_bindgen(js_name = explainResponse)]
pub fn explain_response(
    response: Ts<HttpResponse>,
    context: Option<Ts<ExplainContext>>,
) -> std::result::Result<Ts<Explanation>, JsError> {
    let HttpResponse {
        status,
        headers,
        body,
    } = from_js("explainResponse", &response.into(), HttpResponse::read)?;
    let context = self::context(context, "explainResponse")?;
    let explanation = response::explain_http(status, &headers, &body, &context);
    to_js("explainResponse", &explanation)
}

/// Explains pasted text: `curl -i` or `curl -v` output, an SSE stream, or a bare error body.
#[wasm_bindgen(js_name = explainRaw)]
pub fn explain_raw(
    text: &str,
    context: Option<Ts<ExplainContext>>,
) -> std::result::Result<Ts<Explanation>, JsError> {
    let context = self::context(context, "explainRaw")?;
    to_js("explainRaw", &response::explain_raw(text, &context))
}

/// Explains a request that got no HTTP response; `message` is the error text the client saw.
#[wasm_bindgen(js_name = explainTransport)]
pub fn explain_transport(
    kind: Ts<TransportFailure>,
    message: &str,
) -> std::result::Result<Ts<Explanation>, JsError> {
    let failure = from_js("explainTransport", &kind.into(), inputs::transport_failure)?;
    to_js("explainTransport", &response::explain_transport(failure, message))
}

/// The `anthropic-ratelimit-*` windows in a set of response headers (for `RetryPolicy.pace`), read the same way
/// an explanation reads them.
#[wasm_bindgen(js_name = rateLimits)]
pub fn rate_limits(
    #[wasm_bindgen(unchecked_param_type = "Record<string, string>")] headers: JsValue,
) -> std::result::Result<Ts<RateLimits>, JsError> {
    let headers = from_js("rateLimits", &headers, inputs::headers)?;
    // A success status with an empty body is explained as "no error", with the headers' limits read.
    let explanation = response::explain_http(200, &headers, "", &Context::default());
    to_js("rateLimits", &explanation.rate_limit)
}

/// Whether one stream event (its `event:` name and `data:` text) shows the caller output: createFetch reads a
/// stream ahead until then, and an error before it is retried by sending the request again.
#[wasm_bindgen(js_name = streamEventCarriesOutput)]
pub fn stream_event_carries_output(name: &str, data: &str) -> bool {
    let payload = triage_core::json::parse(data).ok();
    response::stream_event_carries_output(name, payload.as_ref())
}
