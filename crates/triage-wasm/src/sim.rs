//! `simulate`: the seeded contention simulator, one result row per retry strategy.

use crate::convert::{from_js, to_js};
use triage_core::sim::{self, SimOptions, SimResult};
use tsify::Ts;
use wasm_bindgen::prelude::*;

/// Runs the contention model once per strategy with the same seed. Options left out take their defaults
/// (overload model, 100 clients, every strategy).
#[wasm_bindgen]
pub fn simulate(options: Option<Ts<SimOptions>>) -> Result<Vec<Ts<SimResult>>, JsError> {
    let options = options
        .map(|o| from_js("simulate", o))
        .transpose()?
        .unwrap_or_default();
    sim::simulate(&options)
        .iter()
        .map(|r| to_js("simulate", r))
        .collect()
}
