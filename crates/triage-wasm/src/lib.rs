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

#[cfg(feature = "exports-core")]
mod admission;
mod convert;
mod inputs;
// The cursor's primitives are shared, and a wasm with only some of the exports reads with only some of them; the
// default build (every export) still reports any that nothing uses.
#[cfg(feature = "exports-core")]
mod estimate;
#[cfg(feature = "exports-core")]
mod fleet;
#[cfg_attr(
    not(all(feature = "exports-core", feature = "exports-simulate")),
    allow(dead_code)
)]
mod read;
#[cfg(feature = "exports-core")]
mod request;
#[cfg(feature = "exports-core")]
mod response;
#[cfg(feature = "exports-core")]
mod retry;
mod ser;
#[cfg(feature = "exports-simulate")]
mod sim;
#[cfg(feature = "exports-core")]
mod usage;

#[cfg(feature = "exports-core")]
pub use admission::JsAdmission;
#[cfg(feature = "exports-core")]
pub use estimate::estimate;
#[cfg(feature = "exports-core")]
pub use fleet::fleet_step;
#[cfg(feature = "exports-core")]
pub use request::validate;
#[cfg(feature = "exports-core")]
pub use response::{
    explain_raw, explain_response, explain_transport, rate_limits, ExplainContext, HttpResponse,
};
#[cfg(feature = "exports-core")]
pub use retry::{schedule, JsRetryPolicy};
#[cfg(feature = "exports-simulate")]
pub use sim::simulate;
#[cfg(feature = "exports-core")]
pub use usage::JsUsage;

/// talc instead of the standard library's dlmalloc: about 2 KB smaller in the gzipped wasm, for about 10 % more time
/// validating a 12 MB body (measured side by side in Node).
// SAFETY: wasm32 without threads, which is what `TalckWasm` assumes: nothing else touches the heap concurrently.
#[global_allocator]
static ALLOCATOR: talc::TalckWasm = unsafe { talc::TalckWasm::new_global() };
