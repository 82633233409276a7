//! claude-triage core: validate a Claude Messages request before it is sent, explain a failure after, and decide
//! when (and whether) to retry.
//!
//! Pure by design: no I/O, no clock, no global RNG. Callers pass the time (`now_ms`) and seeds, so the same code
//! gives the same answers natively, in wasm and in tests.
//!
//! Public types derive serde with stable snake_case names: they are the JSON the CLI prints and the playground
//! reads. With the `js` feature (wasm only) the same types also emit TypeScript and use camelCase field names.

mod base64;
pub mod display;
pub mod estimate;
pub mod json;
pub mod models;
mod names;
pub mod redact;
pub mod request;
pub mod response;
pub mod retry;
pub mod sim;
mod sort;
pub mod time;
pub mod usage;

pub use json::Span;
pub use request::{validate, Code, Diagnostic, Report, Severity};
pub use response::{causes, Cause};
pub use response::{Explanation, Kind};
