//! Readers for the core types the exports take, in their JavaScript (camelCase) spelling. They accept what the
//! core's derived `Deserialize` accepts (fields left out take their defaults, unknown fields are ignored), plus
//! `null` wherever a field may be left out.
//!
//! Each reader belongs to the exports that take its type, and is compiled only with their feature.

use crate::read::{At, Result};
use triage_core::retry::Strategy;
#[cfg(feature = "exports-simulate")]
use triage_core::sim::{Model, SimOptions};
#[cfg(feature = "exports-core")]
use triage_core::{
    response::{Explanation, Kind, RateLimitWindow, RateLimits, RetryAdvice, RetrySource, TransportFailure},
    retry::{
        AdmissionConfig, BudgetConfig, OverloadConfig, PolicyState, RetryBudget, RetryConfig, RetryPolicy,
        Rng,
    },
    Cause,
};

#[cfg(feature = "exports-core")]
pub fn retry_config(at: &At) -> Result<RetryConfig> {
    let mut c = RetryConfig::default();
    at.set("strategy", &mut c.strategy, |v| v.named(Strategy::from_name))?;
    at.set("baseMs", &mut c.base_ms, At::u64)?;
    at.set("capMs", &mut c.cap_ms, At::u64)?;
    at.set("maxAttempts", &mut c.max_attempts, At::u32)?;
    c.deadline_ms = at.optional("deadlineMs", At::u64)?;
    at.set("maxWaitMs", &mut c.max_wait_ms, At::u64)?;
    at.set("budget", &mut c.budget, budget_config)?;
    at.set("overload", &mut c.overload, overload_config)?;
    Ok(c)
}

#[cfg(feature = "exports-core")]
fn budget_config(at: &At) -> Result<BudgetConfig> {
    let mut c = BudgetConfig::default();
    at.set("capacity", &mut c.capacity, At::f64)?;
    at.set("retryCost", &mut c.retry_cost, At::f64)?;
    at.set("overloadRetryCost", &mut c.overload_retry_cost, At::f64)?;
    at.set("successRefill", &mut c.success_refill, At::f64)?;
    at.set("perCall", &mut c.per_call, At::f64)?;
    Ok(c)
}

#[cfg(feature = "exports-core")]
pub fn admission_config(at: &At) -> Result<AdmissionConfig> {
    let mut c = AdmissionConfig::default();
    at.set("initialWindow", &mut c.initial_window, At::f64)?;
    at.set("minWindow", &mut c.min_window, At::f64)?;
    at.set("maxWindow", &mut c.max_window, At::f64)?;
    at.set("decrease", &mut c.decrease, At::f64)?;
    at.set("maxQueue", &mut c.max_queue, At::u32)?;
    Ok(c)
}

#[cfg(feature = "exports-core")]
fn overload_config(at: &At) -> Result<OverloadConfig> {
    let mut c = OverloadConfig::default();
    at.set("afterConsecutive", &mut c.after_consecutive, At::u32)?;
    at.set("baseMs", &mut c.base_ms, At::u64)?;
    at.set("maxAttempts", &mut c.max_attempts, At::u32)?;
    Ok(c)
}

/// `RetryPolicy.toJSON()` output: every state field is required, as a snapshot always has them.
#[cfg(feature = "exports-core")]
pub fn policy_snapshot(at: &At) -> Result<RetryPolicy> {
    let config = retry_config(&at.need("config")?)?;
    let state = at.need("state")?;
    let rng = state.need("rng")?;
    let seed = (u64::from(rng.need("hi")?.u32()?) << 32) | u64::from(rng.need("lo")?.u32()?);
    Ok(RetryPolicy {
        config,
        state: PolicyState {
            budget: RetryBudget {
                tokens: state.need("budget")?.need("tokens")?.f64()?,
            },
            consecutive_overloads: state.need("consecutiveOverloads")?.u32()?,
            rng: Rng::new(seed),
            last_delay_ms: state.need("lastDelayMs")?.u64()?,
        },
    })
}

/// What a retry decision reads from an explanation: `status`, `kind`, `cause` and `retry`. The text fields are
/// not needed, so an explanation trimmed to these four works too.
#[cfg(feature = "exports-core")]
pub fn failure(at: &At) -> Result<Explanation> {
    let retry = at.need("retry")?;
    Ok(Explanation {
        status: at.optional("status", At::u16)?,
        kind: at.need("kind")?.named(Kind::from_name)?,
        cause: at.need("cause")?.named(Cause::from_name)?,
        title: String::new(),
        explanation: String::new(),
        fix: String::new(),
        retry: RetryAdvice {
            retryable: retry.need("retryable")?.bool()?,
            after_ms: retry.optional("afterMs", At::u64)?,
            source: retry.need("source")?.named(RetrySource::from_name)?,
        },
        request_id: None,
        organization_id: None,
        message: None,
        fields: Default::default(),
        rate_limit: RateLimits::default(),
    })
}

#[cfg(feature = "exports-core")]
pub fn rate_limits(at: &At) -> Result<RateLimits> {
    Ok(RateLimits {
        requests: at.optional("requests", rate_limit_window)?,
        tokens: at.optional("tokens", rate_limit_window)?,
        input_tokens: at.optional("inputTokens", rate_limit_window)?,
        output_tokens: at.optional("outputTokens", rate_limit_window)?,
    })
}

#[cfg(feature = "exports-core")]
fn rate_limit_window(at: &At) -> Result<RateLimitWindow> {
    Ok(RateLimitWindow {
        limit: at.optional("limit", At::u64)?,
        remaining: at.optional("remaining", At::u64)?,
        reset: at.optional("reset", At::string)?,
        reset_at_ms: at.optional("resetAtMs", At::i64)?,
    })
}

#[cfg(feature = "exports-core")]
pub fn transport_failure(at: &At) -> Result<TransportFailure> {
    at.named(TransportFailure::from_name)
}

/// Header names and values, as a plain object of strings (repeated headers joined with `", "`, as `Headers`
/// does).
#[cfg(feature = "exports-core")]
pub fn headers(at: &At) -> Result<Vec<(String, String)>> {
    at.members()?
        .map(|(name, value)| Ok((name.to_string(), value.string()?)))
        .collect()
}

#[cfg(feature = "exports-simulate")]
pub fn sim_options(at: &At) -> Result<SimOptions> {
    let mut o = SimOptions::default();
    at.set("model", &mut o.model, |v| v.named(Model::from_name))?;
    at.set("clients", &mut o.clients, At::u32)?;
    at.set("strategies", &mut o.strategies, |v| {
        v.items()?.map(|s| s.named(Strategy::from_name)).collect()
    })?;
    at.set("seed", &mut o.seed, At::u64)?;
    at.set("capacity", &mut o.capacity, At::u32)?;
    at.set("rpm", &mut o.rpm, At::u32)?;
    at.set("serviceMs", &mut o.service_ms, At::u64)?;
    at.set("callsPerClient", &mut o.calls_per_client, At::u32)?;
    Ok(o)
}

#[cfg(all(test, feature = "exports-core"))]
mod round_trip;
