//! `simulate`: the seeded contention simulator, one result row per retry strategy.

use crate::convert::{from_js, json_to_js};
use crate::inputs;
use triage_core::sim::{self, SimOptions};
use tsify::Ts;
use wasm_bindgen::prelude::*;

/// Runs the contention model once per strategy with the same seed. Options left out take their defaults
/// (overload model, 100 clients, every strategy).
#[wasm_bindgen(unchecked_return_type = "SimResult[]")]
pub fn simulate(options: Option<Ts<SimOptions>>) -> Result<JsValue, JsError> {
    let options = match options {
        Some(options) => from_js("simulate", &options.into(), inputs::sim_options)?,
        None => SimOptions::default(),
    };
    json_to_js("simulate", &sim::simulate(&options))
}
