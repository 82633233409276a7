//! The claude-triage playground: compose a Messages request with live validation, send it (to triage-mock by
//! default), and see each failure explained with a retry timeline. Everything is computed by triage-core.

mod app;
mod components;
mod examples;
mod services;
mod state;

pub use app::App;
