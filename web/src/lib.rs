//! The claude-triage playground: compose a Messages request with live validation, send it (to triage-mock by
//! default), and see each failure explained with a retry timeline; explain a pasted error; compare retry
//! policies in the simulator (a worker of its own); export the request as code. Everything is computed by
//! triage-core.

mod app;
mod components;
mod examples;
mod explain_samples;
mod hooks;
pub mod services;
pub mod sim_protocol;
pub mod state;

pub use app::App;
pub use state::{HistoryEntry, Raw};
