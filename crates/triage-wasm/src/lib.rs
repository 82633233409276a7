//! claude-triage for JavaScript: the wasm-bindgen boundary over `triage-core`, and nothing else.
//!
//! Every export does three things: convert its arguments from JavaScript, call the core, convert the result back.
//! Types and their TypeScript declarations come from the core (tsify, camelCase); the only types declared here
//! describe inputs that exist because of JavaScript (a response given as an object, a request given as either
//! text or an object). Errors become JavaScript `Error`s through [`convert::into_error`]; nothing here panics.
//!
//! The hand-written JavaScript layer (`explain`, `createFetch`) lives in `js/` and is packaged by `cargo xtask
//! dist`.

// wasm-bindgen code only means something on wasm32; elsewhere the crate is empty so that native workspace builds
// do not turn on the core's JavaScript naming.
#![cfg(target_arch = "wasm32")]

mod convert;
mod inputs;
mod read;
mod request;
mod response;
mod retry;
mod ser;
mod sim;

pub use request::validate;
pub use response::{
    explain_raw, explain_response, explain_transport, rate_limits, ExplainContext, HttpResponse,
};
pub use retry::{schedule, JsRetryPolicy};
pub use sim::simulate;

/// talc instead of the standard library's dlmalloc: as fast, and about 2 KB smaller in the gzipped wasm.
// SAFETY: wasm32 without threads, which is what `TalckWasm` assumes: nothing else touches the heap concurrently.
#[global_allocator]
static ALLOCATOR: talc::TalckWasm = unsafe { talc::TalckWasm::new_global() };
