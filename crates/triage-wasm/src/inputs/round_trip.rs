//! Every reader against the writer: each input type is filled with values that differ from its defaults in
//! every field, written as the exports write it, and read back. A key the reader misspells (or forgets) would
//! otherwise fall back to the default without a word.

use super::*;
use crate::read::{from_json, At};
use crate::ser::to_json;
use serde::Serialize;
use serde_json::Value;
use std::collections::BTreeMap;
use wasm_bindgen_test::wasm_bindgen_test;

fn json<T: Serialize>(value: &T) -> Value {
    serde_json::from_str(&to_json(value).expect("writes")).expect("valid JSON")
}

/// Fails on any leaf of `value` that equals the same leaf of `default`, naming its path, so a new field left at
/// its default in these tests is caught too.
fn assert_every_field_differs(path: &str, value: &Value, default: &Value) {
    match (value, default) {
        (Value::Object(fields), Value::Object(defaults)) => {
            for (key, field) in fields {
                let here = format!("{path}.{key}");
                // A field left out by default (`None`) differs whatever its value.
                if let Some(d) = defaults.get(key) {
                    assert_every_field_differs(&here, field, d);
                }
            }
            for key in defaults.keys() {
                assert!(
                    fields.contains_key(key),
                    "{path}.{key} is missing from the test value"
                );
            }
        }
        _ => assert_ne!(value, default, "{path} is left at its default"),
    }
}

/// Writes `value`, reads it back with `read`, and compares what was written each time.
fn round_trip<T: Serialize>(value: &T, read: impl FnOnce(&At) -> crate::read::Result<T>) {
    let text = to_json(value).expect("writes");
    let back = from_json(&text, read).unwrap_or_else(|e| panic!("{text} does not read back: {e}"));
    assert_eq!(json(&back), json(value), "{text} read back differently");
}

fn full_retry_config() -> RetryConfig {
    RetryConfig {
        strategy: Strategy::DecorrelatedJitter,
        base_ms: 250,
        cap_ms: 12_000,
        max_attempts: 3,
        deadline_ms: Some(45_000),
        max_wait_ms: 9_000,
        budget: BudgetConfig {
            capacity: 7.5,
            retry_cost: 1.5,
            overload_retry_cost: 3.25,
            success_refill: 0.3,
            per_call: 0.05,
        },
        overload: OverloadConfig {
            after_consecutive: 4,
            base_ms: 2_500,
            max_attempts: 2,
        },
    }
}

#[wasm_bindgen_test]
fn retry_config_reads_back_every_field() {
    let config = full_retry_config();
    assert_every_field_differs("config", &json(&config), &json(&RetryConfig::default()));
    round_trip(&config, retry_config);
}

#[wasm_bindgen_test]
fn admission_config_reads_back_every_field() {
    let config = AdmissionConfig {
        initial_window: 2.5,
        min_window: 2.0,
        max_window: 64.0,
        decrease: 0.5,
        max_queue: 17,
    };
    assert_every_field_differs("admission", &json(&config), &json(&AdmissionConfig::default()));
    round_trip(&config, admission_config);
}

#[wasm_bindgen_test]
fn policy_snapshot_reads_back_every_field() {
    let fresh = RetryPolicy::new(RetryConfig::default(), 1);
    let policy = RetryPolicy {
        config: full_retry_config(),
        state: PolicyState {
            budget: RetryBudget { tokens: 3.5 },
            consecutive_overloads: 2,
            // Both halves of the seed set, so a swapped or dropped half shows.
            rng: Rng::new(0x1234_5678_9abc_def0),
            last_delay_ms: 1_234,
        },
    };
    assert_every_field_differs("policy", &json(&policy), &json(&fresh));
    round_trip(&policy, policy_snapshot);
}

#[wasm_bindgen_test]
fn failure_reads_back_what_a_decision_needs() {
    let explanation = Explanation {
        status: Some(529),
        kind: *Kind::ALL.last().unwrap(),
        cause: *Cause::ALL.last().unwrap(),
        title: String::new(),
        explanation: String::new(),
        fix: String::new(),
        retry: RetryAdvice {
            retryable: true,
            after_ms: Some(1_500),
            source: *RetrySource::ALL.last().unwrap(),
        },
        request_id: None,
        organization_id: None,
        message: None,
        fields: BTreeMap::new(),
        rate_limit: RateLimits::default(),
    };
    round_trip(&explanation, failure);
}

#[wasm_bindgen_test]
fn rate_limits_read_back_every_window_and_field() {
    let window = |n: u64| RateLimitWindow {
        limit: Some(n),
        remaining: Some(n / 2),
        reset: Some(format!("2026-12-02T12:00:{:02}Z", n % 60)),
        reset_at_ms: Some(1_796_212_800_000 + n as i64),
    };
    let limits = RateLimits {
        requests: Some(window(50)),
        tokens: Some(window(90_000)),
        input_tokens: Some(window(40_000)),
        output_tokens: Some(window(8_000)),
    };
    assert_every_field_differs("rateLimit", &json(&limits), &json(&RateLimits::default()));
    round_trip(&limits, rate_limits);
}

#[wasm_bindgen_test]
fn every_transport_failure_reads_back() {
    for failure in TransportFailure::ALL {
        round_trip(&failure, transport_failure);
    }
}

#[wasm_bindgen_test]
fn headers_read_back_as_name_value_pairs() {
    let headers: BTreeMap<&str, &str> = [("retry-after", "3"), ("x-should-retry", "true")].into();
    let text = to_json(&headers).expect("writes");
    let back = from_json(&text, super::headers).expect("reads");
    let expected: Vec<(String, String)> = headers
        .iter()
        .map(|(n, v)| (n.to_string(), v.to_string()))
        .collect();
    assert_eq!(back, expected);
}

#[cfg(feature = "exports-simulate")]
#[wasm_bindgen_test]
fn sim_options_read_back_every_field() {
    let options = SimOptions {
        model: Model::Shared,
        clients: 12,
        strategies: vec![Strategy::Exponential, Strategy::Adaptive],
        seed: 42,
        capacity: 3,
        rpm: 120,
        service_ms: 250,
        calls_per_client: 5,
    };
    assert_every_field_differs("options", &json(&options), &json(&SimOptions::default()));
    round_trip(&options, sim_options);
}
