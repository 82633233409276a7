//! The retry policy on any sequence of failures, with any configuration: decisions respect the deadline, the
//! budget never goes negative, and the same seed gives the same decisions.
#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use std::collections::BTreeMap;
use triage_core::response::{RateLimits, RetryAdvice, RetrySource};
use triage_core::retry::{BudgetConfig, OverloadConfig, RetryConfig, RetryPolicy, Strategy};
use triage_core::{Cause, Explanation, Kind};
use triage_fuzz::check_decision;

#[derive(Arbitrary, Debug)]
struct Failure {
    status: Option<u16>,
    kind: u8,
    cause: u8,
    retryable: bool,
    after_ms: Option<u64>,
    source: u8,
    output_delivered: bool,
    /// What happened between this failure and the next: a success resets the streak.
    then_success: bool,
}

#[derive(Arbitrary, Debug)]
struct Input {
    strategy: u8,
    base_ms: u64,
    cap_ms: u64,
    max_attempts: u32,
    deadline_ms: Option<u64>,
    max_wait_ms: u64,
    budget: (f64, f64, f64, f64, f64),
    overload: (u32, u64, u32),
    seed: u64,
    failures: Vec<Failure>,
}

fn pick<T: Copy>(all: &[T], i: u8) -> T {
    all[usize::from(i) % all.len()]
}

fn explanation(f: &Failure) -> Explanation {
    Explanation {
        status: f.status,
        kind: pick(&Kind::ALL, f.kind),
        cause: pick(&Cause::ALL, f.cause),
        title: String::new(),
        explanation: String::new(),
        fix: String::new(),
        retry: RetryAdvice {
            retryable: f.retryable,
            after_ms: f.after_ms,
            source: pick(&RetrySource::ALL, f.source),
        },
        request_id: None,
        organization_id: None,
        message: None,
        fields: BTreeMap::new(),
        rate_limit: RateLimits::default(),
    }
}

fn run(config: &RetryConfig, seed: u64, failures: &[Failure]) -> Vec<String> {
    let mut policy = RetryPolicy::new(config.clone(), seed);
    let mut decisions = Vec::new();
    let mut attempt = 0;
    let mut elapsed_ms = 0u64;
    for failure in failures.iter().take(200) {
        attempt += 1;
        let decision = policy.decide(
            &explanation(failure),
            attempt,
            elapsed_ms,
            failure.output_delivered,
        );
        check_decision(config, elapsed_ms, &decision);
        elapsed_ms = elapsed_ms.saturating_add(decision.delay_ms);
        decisions.push(format!("{decision:?}"));
        if !decision.retry || failure.then_success {
            if failure.then_success {
                policy.record_success();
            }
            policy.record_call();
            attempt = 0;
            elapsed_ms = 0;
        }
    }
    decisions
}

fuzz_target!(|input: Input| {
    let (capacity, retry_cost, overload_retry_cost, success_refill, per_call) = input.budget;
    let config = RetryConfig {
        strategy: pick(&Strategy::ALL, input.strategy),
        base_ms: input.base_ms,
        cap_ms: input.cap_ms,
        max_attempts: input.max_attempts,
        deadline_ms: input.deadline_ms,
        max_wait_ms: input.max_wait_ms,
        budget: BudgetConfig {
            capacity,
            retry_cost,
            overload_retry_cost,
            success_refill,
            per_call,
        },
        overload: OverloadConfig {
            after_consecutive: input.overload.0,
            base_ms: input.overload.1,
            max_attempts: input.overload.2,
        },
    };
    let first = run(&config, input.seed, &input.failures);
    assert_eq!(
        first,
        run(&config, input.seed, &input.failures),
        "same seed, different decisions"
    );
});
