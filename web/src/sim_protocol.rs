//! The simulator worker's protocol: the page posts [`SimOptions`] as JSON text and gets the results back as JSON
//! text. Only the worker runs [`run`], so the page's own wasm carries neither the simulator nor `serde_json`.

use triage_core::sim::{simulate, SimOptions, SimResult};

/// The worker's first message: it is listening (anything posted before this is lost).
pub const READY: &str = "ready";

/// Runs a simulation; bad options give an `{"error": …}` object instead of a panic.
pub fn run(options_json: &str) -> String {
    match serde_json::from_str::<SimOptions>(options_json) {
        Ok(options) => {
            let results: Vec<SimResult> = simulate(&options);
            serde_json::to_string(&results).unwrap_or_else(|e| error(&e.to_string()))
        }
        Err(e) => error(&e.to_string()),
    }
}

fn error(message: &str) -> String {
    serde_json::json!({ "error": message }).to_string()
}
