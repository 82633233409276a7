//! Properties of adaptive admission and the retry budget over arbitrary event sequences: the window stays within
//! its bounds, nothing is granted twice, a caller is never overtaken by a later one, the same inputs give the same
//! grants, and the budget never goes negative.

use proptest::prelude::*;
use triage_core::response::{Cause, Explanation, Kind};
use triage_core::retry::{Admission, AdmissionConfig, Outcome, Permit, RetryConfig, RetryPolicy};

#[derive(Debug, Clone)]
enum Op {
    /// A new call arrives.
    Call {
        deadline_in_ms: Option<u16>,
    },
    /// Time passes, then the queue is polled.
    Tick {
        ms: u16,
    },
    /// The `index`-th running request (mod their count) ends so.
    End {
        index: usize,
        outcome: u8,
        ms: u16,
    },
    Cancel {
        index: usize,
    },
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        3 => proptest::option::of(0u16..5_000).prop_map(|deadline_in_ms| Op::Call { deadline_in_ms }),
        2 => (0u16..3_000).prop_map(|ms| Op::Tick { ms }),
        4 => (any::<usize>(), 0u8..4, 0u16..5_000).prop_map(|(index, outcome, ms)| Op::End { index, outcome, ms }),
        1 => any::<usize>().prop_map(|index| Op::Cancel { index }),
    ]
}

fn config() -> impl Strategy<Value = AdmissionConfig> {
    (1.0f64..8.0, 1.0f64..3.0, 4.0f64..64.0, 0.1f64..0.95).prop_map(|(initial, min, max, decrease)| {
        AdmissionConfig {
            initial_window: initial,
            min_window: min,
            max_window: max,
            decrease,
            ..AdmissionConfig::default()
        }
    })
}

/// Runs the ops; returns every grant in order (ticket, seq) and checks the invariants on the way.
fn run(config: &AdmissionConfig, ops: &[Op]) -> Vec<(u64, u64)> {
    let mut a = Admission::new(config.clone());
    let mut now: i64 = 1_000;
    let mut running: Vec<Permit> = Vec::new();
    let mut waiting: Vec<u64> = Vec::new();
    let mut grants = Vec::new();
    let mut granted_so_far = std::collections::BTreeSet::new();
    for op in ops {
        match op {
            Op::Call { deadline_in_ms } => {
                let deadline = deadline_in_ms.map(|d| now + i64::from(d));
                if let Ok(ticket) = a.enqueue(now, now, deadline) {
                    waiting.push(ticket);
                }
            }
            Op::Tick { ms } => now += i64::from(*ms),
            Op::End { index, outcome, ms } => {
                if !running.is_empty() {
                    let permit = running.remove(index % running.len());
                    let outcome = match outcome {
                        0 => Outcome::Done,
                        1 => Outcome::Overloaded {
                            backoff_ms: u64::from(*ms),
                        },
                        2 => Outcome::RateLimited {
                            retry_at_ms: now + i64::from(*ms),
                        },
                        _ => Outcome::Abandoned,
                    };
                    a.complete(permit, outcome, now);
                }
            }
            Op::Cancel { index } => {
                if !waiting.is_empty() {
                    let ticket = waiting.remove(index % waiting.len());
                    a.cancel(ticket);
                }
            }
        }
        let poll = a.poll(now);
        // The poll drops expired waiters before it grants.
        for ticket in &poll.expired {
            waiting.retain(|t| t != ticket);
        }
        for permit in &poll.granted {
            assert!(
                granted_so_far.insert(permit.ticket),
                "ticket {} granted twice",
                permit.ticket
            );
            // First attempts arrive with the clock, so queue order is ticket order: no later caller goes first.
            assert!(
                waiting.first() == Some(&permit.ticket),
                "ticket {} overtook {:?}",
                permit.ticket,
                waiting.first()
            );
            waiting.remove(0);
            running.push(*permit);
            grants.push((permit.ticket, permit.seq));
        }
        if let Some(wake) = poll.wake_at_ms {
            assert!(wake > now, "a wake-up in the past: {wake} at {now}");
        }
        let view = a.view(now);
        let (min, max) = (
            config.min_window.max(1.0),
            config.max_window.max(config.min_window.max(1.0)),
        );
        assert!(
            view.window >= min && view.window <= max,
            "window {} outside [{min}, {max}]",
            view.window
        );
        assert_eq!(view.in_flight as usize, running.len());
        assert_eq!(view.queued as usize, waiting.len());
        assert!(
            f64::from(view.in_flight) <= max,
            "{} in flight over the max window {max}",
            view.in_flight
        );
    }
    grants
}

proptest! {
    #[test]
    fn admission_invariants_hold(config in config(), ops in proptest::collection::vec(op(), 0..300)) {
        let first = run(&config, &ops);
        prop_assert_eq!(first, run(&config, &ops));
    }

    #[test]
    fn the_budget_never_goes_negative(events in proptest::collection::vec(0u8..4, 0..400), seed in any::<u64>()) {
        let mut policy = RetryPolicy::new(RetryConfig::default(), seed);
        let overloaded = overloaded();
        let mut attempt = 1;
        for event in events {
            match event {
                0 => policy.record_call(),
                1 => policy.record_success(),
                _ => {
                    let decision = policy.decide(&overloaded, attempt, 0, false);
                    attempt = if decision.retry { attempt + 1 } else { 1 };
                    prop_assert!(decision.budget_left >= 0.0);
                }
            }
            prop_assert!(policy.state.budget.tokens >= 0.0);
            prop_assert!(policy.state.budget.tokens <= policy.config.budget.capacity);
        }
    }
}

fn overloaded() -> Explanation {
    let body = r#"{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}"#;
    let e = triage_core::response::explain_http(529, &[], body, &Default::default());
    assert_eq!((e.kind, e.cause), (Kind::OverloadedError, Cause::Overloaded));
    e
}
