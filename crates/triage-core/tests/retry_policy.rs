//! The retry policy: whether (ERRORS.md table, x-should-retry, streams), when (strategies, retry-after,
//! deadline), how much (budget, overload mode), and determinism.

use proptest::prelude::*;
use std::collections::BTreeMap;
use triage_core::response::{Explanation, Kind, RateLimits, RetryAdvice, RetrySource};
use triage_core::retry::{schedule, Decision, Reason, RetryConfig, RetryPolicy, Strategy as RetryStrategy};
use triage_core::Cause;

fn explanation(status: u16, kind: Kind, retryable: bool, after_ms: Option<u64>) -> Explanation {
    let source = if after_ms.is_some() {
        RetrySource::RetryAfter
    } else {
        RetrySource::Policy
    };
    Explanation {
        status: Some(status),
        kind,
        cause: Cause::Unknown,
        title: String::new(),
        explanation: String::new(),
        fix: String::new(),
        retry: RetryAdvice {
            retryable,
            after_ms,
            source,
        },
        request_id: None,
        organization_id: None,
        message: None,
        fields: BTreeMap::new(),
        rate_limit: RateLimits::default(),
    }
}

fn overloaded() -> Explanation {
    explanation(529, Kind::OverloadedError, true, None)
}

fn server_error() -> Explanation {
    explanation(500, Kind::ApiError, true, None)
}

fn config(strategy: RetryStrategy) -> RetryConfig {
    RetryConfig {
        strategy,
        ..RetryConfig::default()
    }
}

fn decide_once(e: &Explanation, config: RetryConfig) -> Decision {
    RetryPolicy::new(config, 1).decide(e, 1, 0, false)
}

#[test]
fn errors_that_must_not_be_retried_give_up_with_their_reason() {
    let bad_request = explanation(400, Kind::InvalidRequestError, false, None);
    let d = decide_once(&bad_request, RetryConfig::default());
    assert_eq!((d.retry, d.reason, d.delay_ms), (false, Reason::NotRetryable, 0));

    let mut told_not_to = server_error();
    told_not_to.retry = RetryAdvice {
        retryable: false,
        after_ms: None,
        source: RetrySource::XShouldRetry,
    };
    assert_eq!(
        decide_once(&told_not_to, RetryConfig::default()).reason,
        Reason::ShouldRetryFalse
    );

    assert_eq!(
        decide_once(&server_error(), config(RetryStrategy::None)).reason,
        Reason::RetriesDisabled
    );
}

#[test]
fn a_failed_stream_is_resent_only_when_no_output_was_delivered() {
    let stream = explanation(200, Kind::StreamError, true, None);
    let mut policy = RetryPolicy::new(RetryConfig::default(), 5);
    let delivered = policy.decide(&stream, 1, 0, true);
    assert_eq!(
        (delivered.retry, delivered.reason),
        (false, Reason::StreamOutputDelivered)
    );
    let nothing_yet = policy.decide(&stream, 1, 0, false);
    assert!(nothing_yet.retry, "{nothing_yet:?}");

    let overloaded_stream = Explanation {
        cause: Cause::Overloaded,
        ..stream
    };
    assert_eq!(
        policy.decide(&overloaded_stream, 1, 0, false).reason,
        Reason::OverloadBackoff
    );
}

#[test]
fn the_exponential_strategy_is_the_one_two_four_eight_advice() {
    let config = RetryConfig {
        strategy: RetryStrategy::Exponential,
        base_ms: 1000,
        max_attempts: 5,
        ..Default::default()
    };
    let delays: Vec<u64> = schedule(&server_error(), &config, 9, 10)
        .iter()
        .map(|d| d.delay_ms)
        .collect();
    assert_eq!(delays, [1000, 2000, 4000, 8000, 0]);
    let last = schedule(&server_error(), &config, 9, 10).pop().map(|d| d.reason);
    assert_eq!(last, Some(Reason::AttemptsExhausted));
}

#[test]
fn a_deadline_gives_up_before_the_sleep_that_would_cross_it() {
    let config = RetryConfig {
        strategy: RetryStrategy::Exponential,
        base_ms: 1000,
        deadline_ms: Some(5_000),
        ..Default::default()
    };
    let decisions = schedule(&server_error(), &config, 1, 10);
    let reasons: Vec<Reason> = decisions.iter().map(|d| d.reason).collect();
    assert_eq!(
        reasons,
        [Reason::Backoff, Reason::Backoff, Reason::DeadlineExceeded]
    );
    assert_eq!(decisions[1].retry_at_ms, Some(3_000));
}

#[test]
fn a_retry_after_longer_than_the_caller_accepts_gives_up_at_once_with_the_allowed_time() {
    let rate_limited = explanation(429, Kind::RateLimitError, true, Some(90_000));
    let d = RetryPolicy::new(RetryConfig::default(), 3).decide(&rate_limited, 2, 1_500, false);
    assert_eq!((d.retry, d.reason), (false, Reason::RetryAfterExceedsMaxWait));
    assert_eq!(d.retry_at_ms, Some(91_500));
}

#[test]
fn triage_spreads_clients_above_the_same_retry_after() {
    let rate_limited = explanation(429, Kind::RateLimitError, true, Some(2_000));
    let delays: Vec<u64> = (0..50)
        .map(|seed| {
            let d = RetryPolicy::new(RetryConfig::default(), seed).decide(&rate_limited, 1, 0, false);
            assert_eq!(d.reason, Reason::RetryAfter);
            d.delay_ms
        })
        .collect();
    assert!(delays.iter().all(|&d| (2_000..=2_500).contains(&d)), "{delays:?}");
    let distinct: std::collections::BTreeSet<u64> = delays.iter().copied().collect();
    assert!(distinct.len() > 25, "clients still return together: {distinct:?}");

    let textbook = decide_once(&rate_limited, config(RetryStrategy::FullJitter));
    assert_eq!((textbook.delay_ms, textbook.reason), (2_000, Reason::RetryAfter));
}

#[test]
fn overloads_back_off_from_the_slower_base_with_fewer_attempts_until_a_success() {
    let config = RetryConfig::default();
    let mut policy = RetryPolicy::new(config.clone(), 11);
    let decisions: Vec<Decision> = (1..=10)
        .map(|attempt| policy.decide(&overloaded(), attempt, 0, false))
        .collect();
    let retried: Vec<&Decision> = decisions.iter().filter(|d| d.retry).collect();
    assert_eq!(retried.len() as u32, config.overload.max_attempts - 1);
    assert!(retried.iter().all(|d| d.reason == Reason::OverloadBackoff));
    assert!(config.overload.max_attempts < config.max_attempts);
    assert_eq!(decisions[retried.len()].reason, Reason::AttemptsExhausted);

    // The streak outlives the request, and ends with a success.
    assert_eq!(
        policy.decide(&overloaded(), 1, 0, false).reason,
        Reason::OverloadBackoff
    );
    policy.record_success();
    let after_success = policy.decide(&server_error(), 1, 0, false);
    assert_eq!(after_success.reason, Reason::Backoff);
    assert!(after_success.delay_ms <= config.base_ms);
}

#[test]
fn an_empty_budget_stops_retries_and_successes_earn_it_back() {
    let mut config = RetryConfig::default();
    config.budget.capacity = 3.0;
    config.budget.success_refill = 1.0;
    let mut policy = RetryPolicy::new(config, 2);
    let spent: Vec<Reason> = (1..=4)
        .map(|attempt| policy.decide(&server_error(), attempt, 0, false).reason)
        .collect();
    assert_eq!(
        spent,
        [
            Reason::Backoff,
            Reason::Backoff,
            Reason::Backoff,
            Reason::BudgetExhausted
        ]
    );
    policy.record_success();
    let d = policy.decide(&server_error(), 1, 0, false);
    assert!(d.retry);
    assert_eq!(d.budget_left, 0.0);
}

#[test]
fn a_policy_restored_from_json_continues_bit_for_bit() {
    let mut policy = RetryPolicy::new(RetryConfig::default(), 77);
    policy.decide(&overloaded(), 1, 0, false);
    let mut restored: RetryPolicy = serde_json::from_str(&serde_json::to_string(&policy).unwrap()).unwrap();
    for attempt in 2..6 {
        assert_eq!(
            policy.decide(&overloaded(), attempt, 0, false),
            restored.decide(&overloaded(), attempt, 0, false)
        );
    }
}

#[test]
fn decisions_serialise_with_the_documented_names() {
    let d = decide_once(&overloaded(), RetryConfig::default());
    let json = serde_json::to_value(&d).unwrap();
    for key in [
        "attempt",
        "retry",
        "delay_ms",
        "reason",
        "budget_left",
        "retry_at_ms",
    ] {
        assert!(json.get(key).is_some(), "missing {key} in {json}");
    }
    assert_eq!(json["reason"], "overload_backoff");
    let config: RetryConfig = serde_json::from_str(r#"{"strategy":"full_jitter","max_attempts":3}"#).unwrap();
    assert_eq!(
        (config.strategy, config.max_attempts, config.base_ms),
        (RetryStrategy::FullJitter, 3, 500)
    );
}

fn any_strategy() -> impl Strategy<Value = RetryStrategy> {
    prop::sample::select(RetryStrategy::ALL.to_vec())
}

fn any_failure() -> impl Strategy<Value = Explanation> {
    (
        prop::sample::select(vec![429u16, 500, 503, 529]),
        prop::option::of(0u64..120_000),
    )
        .prop_map(|(status, after)| {
            let kind = match status {
                429 => Kind::RateLimitError,
                529 => Kind::OverloadedError,
                _ => Kind::ApiError,
            };
            explanation(status, kind, true, after)
        })
}

proptest! {
    #[test]
    fn full_jitter_stays_within_the_capped_exponential(
        base in 0u64..10_000, cap in 0u64..100_000, attempt in 1u32..40, seed: u64,
    ) {
        let config = RetryConfig { strategy: RetryStrategy::FullJitter, base_ms: base, cap_ms: cap, max_attempts: 100, ..Default::default() };
        let d = RetryPolicy::new(config, seed).decide(&server_error(), attempt, 0, false);
        let ceiling = base.saturating_mul(1u64 << (attempt - 1).min(63)).min(cap);
        prop_assert!(d.retry);
        prop_assert!(d.delay_ms <= ceiling, "{} > {}", d.delay_ms, ceiling);
    }

    #[test]
    fn no_strategy_retries_sooner_than_retry_after(
        strategy in any_strategy(), after in 0u64..60_000, attempt in 1u32..8, seed: u64,
    ) {
        let rate_limited = explanation(429, Kind::RateLimitError, true, Some(after));
        let d = RetryPolicy::new(config(strategy), seed).decide(&rate_limited, attempt, 0, false);
        if d.retry {
            prop_assert!(d.delay_ms >= after, "{} < {}", d.delay_ms, after);
        }
    }

    #[test]
    fn no_retry_sleeps_past_the_deadline(
        strategy in any_strategy(), failure in any_failure(), deadline in 0u64..120_000, seed: u64,
    ) {
        let config = RetryConfig { strategy, deadline_ms: Some(deadline), ..Default::default() };
        let decisions = schedule(&failure, &config, seed, 50);
        let mut elapsed = 0u64;
        for d in &decisions {
            if d.retry {
                elapsed += d.delay_ms;
                prop_assert!(elapsed <= deadline, "{elapsed} > {deadline}: {decisions:?}");
            }
        }
    }

    #[test]
    fn the_budget_never_goes_negative(
        events in prop::collection::vec(prop::option::of(any_failure()), 0..200), seed: u64,
    ) {
        let mut policy = RetryPolicy::new(RetryConfig::default(), seed);
        let mut attempt = 0;
        for event in events {
            match event {
                Some(failure) => {
                    attempt += 1;
                    let d = policy.decide(&failure, attempt, 0, false);
                    prop_assert!(d.budget_left >= 0.0);
                    if !d.retry { attempt = 0; }
                }
                None => { policy.record_success(); attempt = 0; }
            }
            prop_assert!(policy.state.budget.tokens >= 0.0);
        }
    }

    #[test]
    fn the_same_seed_gives_the_same_decisions(
        strategy in any_strategy(), failure in any_failure(), seed: u64,
    ) {
        let config = config(strategy);
        prop_assert_eq!(schedule(&failure, &config, seed, 20), schedule(&failure, &config, seed, 20));
    }
}
