//! `RetryPolicy` (stateful: budget, overload mode, seeded jitter) and `schedule` (a whole timeline at once).

use crate::convert::{epoch_millis, from_js, json_to_js, millis, to_js};
use crate::inputs;
use triage_core::response::{Explanation, RateLimits};
use triage_core::retry::{self, Decision, Pacing, RetryConfig};
use tsify::Ts;
use wasm_bindgen::prelude::*;

/// Seeds arrive as JavaScript numbers; only whole numbers up to 2^53 survive that trip, which is plenty. Without
/// one, a policy draws its own: clients that share a seed would jitter in lockstep, which is what jitter is for
/// preventing.
fn seed_or_random(value: Option<f64>) -> u64 {
    millis(value.unwrap_or_else(|| js_sys::Math::random() * 9_007_199_254_740_992.0))
}

fn config_or_default(value: Option<Ts<RetryConfig>>, context: &str) -> Result<RetryConfig, JsError> {
    match value {
        Some(config) => from_js(context, &config.into(), inputs::retry_config),
        None => Ok(RetryConfig::default()),
    }
}

/// A client's retry policy. Keep one per client (not per request): its retry budget and overload mode only work
/// across requests. Deterministic for a given seed; `toJSON`/`fromJSON` continue a policy bit for bit.
#[wasm_bindgen(js_name = RetryPolicy)]
pub struct JsRetryPolicy(retry::RetryPolicy);

#[wasm_bindgen(js_class = RetryPolicy)]
impl JsRetryPolicy {
    /// `config` fields left out take their defaults (the `triage` strategy). Give a `seed` to replay decisions;
    /// without one the policy picks a random one.
    #[wasm_bindgen(constructor)]
    pub fn new(config: Option<Ts<RetryConfig>>, seed: Option<f64>) -> Result<JsRetryPolicy, JsError> {
        let config = config_or_default(config, "new RetryPolicy")?;
        Ok(JsRetryPolicy(retry::RetryPolicy::new(
            config,
            seed_or_random(seed),
        )))
    }

    /// After a failed attempt: retry (after `delayMs`) or give up, and why. `attempt` counts attempts made so
    /// far (1 after the first failure), `elapsedMs` is the time since the first send (0 when left out: no
    /// deadline has passed), and `outputDelivered` says whether a failed stream already showed output to the user
    /// (then re-sending would duplicate it; false when left out).
    pub fn decide(
        &mut self,
        explanation: Ts<Explanation>,
        attempt: u32,
        #[wasm_bindgen(js_name = elapsedMs)] elapsed_ms: Option<f64>,
        #[wasm_bindgen(js_name = outputDelivered)] output_delivered: Option<bool>,
    ) -> Result<Ts<Decision>, JsError> {
        let explanation = from_js("RetryPolicy.decide", &explanation.into(), inputs::failure)?;
        let decision = self.0.decide(
            &explanation,
            attempt,
            millis(elapsed_ms.unwrap_or(0.0)),
            output_delivered.unwrap_or(false),
        );
        to_js("RetryPolicy.decide", &decision)
    }

    /// Before a new call's first send: the call brings its share of the retry budget (`budget.perCall`).
    #[wasm_bindgen(js_name = recordCall)]
    pub fn record_call(&mut self) {
        self.0.record_call();
    }

    /// After a success: ends the overload streak and refills the budget a little.
    #[wasm_bindgen(js_name = recordSuccess)]
    pub fn record_success(&mut self) {
        self.0.record_success();
    }

    /// Before a send: how long to wait so it does not meet a 429, from the last response's rate-limit headers
    /// (`explanation.rateLimit` or `rateLimits(headers)`). `nowMs` is epoch milliseconds.
    pub fn pace(
        &self,
        #[wasm_bindgen(js_name = rateLimits)] rate_limits: Ts<RateLimits>,
        #[wasm_bindgen(js_name = nowMs)] now_ms: f64,
    ) -> Result<Ts<Pacing>, JsError> {
        let limits = from_js("RetryPolicy.pace", &rate_limits.into(), inputs::rate_limits)?;
        to_js("RetryPolicy.pace", &self.0.pace(&limits, epoch_millis(now_ms)))
    }

    /// The configuration and running state, for storing and replaying.
    #[wasm_bindgen(js_name = toJSON)]
    pub fn to_json(&self) -> Result<Ts<retry::RetryPolicy>, JsError> {
        to_js("RetryPolicy.toJSON", &self.0)
    }

    /// A policy restored from `toJSON()` output (or its `JSON.parse(JSON.stringify(…))`).
    #[wasm_bindgen(js_name = fromJSON)]
    pub fn from_json(snapshot: Ts<retry::RetryPolicy>) -> Result<JsRetryPolicy, JsError> {
        Ok(JsRetryPolicy(from_js(
            "RetryPolicy.fromJSON",
            &snapshot.into(),
            inputs::policy_snapshot,
        )?))
    }
}

/// The decisions for up to `attempts` consecutive failures like `explanation` (default 10), from a fresh policy,
/// assuming each retry fails again the moment it is sent. Stops at the first decision that gives up. Without a
/// `seed` the jitter is random.
#[wasm_bindgen(unchecked_return_type = "Decision[]")]
pub fn schedule(
    explanation: Ts<Explanation>,
    config: Option<Ts<RetryConfig>>,
    seed: Option<f64>,
    attempts: Option<u32>,
) -> Result<JsValue, JsError> {
    let explanation = from_js("schedule", &explanation.into(), inputs::failure)?;
    let config = config_or_default(config, "schedule")?;
    let decisions = retry::schedule(
        &explanation,
        &config,
        seed_or_random(seed),
        attempts.unwrap_or(10),
    );
    json_to_js("schedule", &decisions)
}
