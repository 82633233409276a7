//! `fleetStep`: one event applied to the shared pacing state of one key (see `triage_core::retry::fleet`).
//!
//! State, event, config and verdict cross as JSON text in the core's own snake_case spelling, not the camelCase
//! of the other exports: it is the form a store keeps the state in (Redis holds this text and its Lua script
//! reads and writes it; the tabs coordinator keeps it in localStorage), so nothing re-spells it on the way.

use crate::convert::{epoch_millis, into_error};
use serde::Serialize;
use triage_core::retry::fleet::{self, Event, FleetConfig, FleetState, Verdict};
use wasm_bindgen::prelude::*;

#[derive(Serialize)]
struct Stepped {
    state: FleetState,
    verdict: Verdict,
}

/// Applies `event` (JSON) at `nowMs` to `state` (JSON, or `undefined` for a key nothing has used yet) under
/// `config` (JSON). Returns `{"state":…,"verdict":…}` as JSON text. A state that is not a fleet state (another
/// version's, or damaged) is an error, never a guess.
#[wasm_bindgen(js_name = fleetStep)]
pub fn fleet_step(
    state: Option<String>,
    event: &str,
    #[wasm_bindgen(js_name = nowMs)] now_ms: f64,
    config: &str,
) -> Result<String, JsError> {
    let config: FleetConfig = serde_json::from_str(config).map_err(|e| into_error("fleetStep: config", e))?;
    let state = match state {
        Some(text) => serde_json::from_str(&text).map_err(|e| into_error("fleetStep: state", e))?,
        None => FleetState::new(&config),
    };
    let event: Event = serde_json::from_str(event).map_err(|e| into_error("fleetStep: event", e))?;
    let (state, verdict) = fleet::step(&state, &event, epoch_millis(now_ms), &config);
    serde_json::to_string(&Stepped { state, verdict }).map_err(|e| into_error("fleetStep", e))
}
