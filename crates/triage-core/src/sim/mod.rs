//! A deterministic, seeded contention simulator for comparing retry strategies: simulated time only (a
//! discrete-event queue), every run bounded by the clients' attempt limits.

mod net;
mod occ;
mod overload;
mod queue;
mod responses;
mod shared;
mod stats;

use crate::names::named_enum;
use crate::retry::Strategy;
use serde::{Deserialize, Serialize};

pub use stats::SimResult;

/// The most clients one run simulates (the OCC model's work grows with the square of it).
pub const MAX_CLIENTS: u32 = 1_000;

named_enum! {
    #[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[cfg_attr(feature = "js", derive(tsify::Tsify))]
    pub enum Model {
        /// Optimistic-concurrency writers contending for one row (the AWS backoff simulator).
        Occ = "occ",
        /// A shared key's requests-per-minute limit (429) in front of a server with limited capacity (529).
        #[default]
        Overload = "overload",
        /// One app's calls through one shared client, against a server with limited capacity (529).
        Shared = "shared",
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "js", derive(tsify::Tsify), serde(rename_all = "camelCase"))]
#[serde(default)]
pub struct SimOptions {
    pub model: Model,
    /// Clamped to [`MAX_CLIENTS`].
    pub clients: u32,
    /// The strategies to compare; empty means all of them.
    pub strategies: Vec<Strategy>,
    pub seed: u64,
    /// Overload model: requests in flight before the server answers 529.
    pub capacity: u32,
    /// Overload model: the shared key's requests per minute.
    pub rpm: u32,
    /// Overload and shared models: mean time to serve an accepted request (ms).
    pub service_ms: u64,
    /// Shared model: calls each client makes, one after another.
    pub calls_per_client: u32,
}

impl Default for SimOptions {
    fn default() -> Self {
        SimOptions {
            model: Model::Overload,
            clients: 100,
            strategies: Vec::new(),
            seed: 1,
            capacity: 10,
            rpm: 300,
            service_ms: 1_000,
            calls_per_client: 1,
        }
    }
}

/// Runs the model once per strategy with the same seed, so every strategy meets the same network.
pub fn simulate(options: &SimOptions) -> Vec<SimResult> {
    let options = SimOptions {
        clients: options.clients.min(MAX_CLIENTS),
        ..options.clone()
    };
    // A client of the occ and overload models has one call at a time, so no queue forms and `adaptive` runs as
    // `triage` there; its row is kept so every model lists the same strategies.
    let strategies: &[Strategy] = if options.strategies.is_empty() {
        &Strategy::ALL
    } else {
        &options.strategies
    };
    strategies
        .iter()
        .map(|&strategy| match options.model {
            Model::Occ => occ::run(strategy, options.clients, options.seed),
            Model::Overload => overload::run(strategy, &options),
            Model::Shared => shared::run(strategy, &options),
        })
        .collect()
}
