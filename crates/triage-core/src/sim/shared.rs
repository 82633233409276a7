//! One app, one shared client: `clients` concurrent callers each make `calls_per_client` calls one after another
//! through a single retry policy (and, for `adaptive`, a single [`Admission`] window), against a server that holds
//! `capacity` requests in flight and answers 529 beyond that. No rate limit: this is the overload a single busy
//! process meets, the scenario `cargo xtask bench` runs against triage-mock.
//!
//! Without admission every caller sleeps the policy's delay itself, as the fetch of one caller would; with it,
//! calls wait in the window's queue and a 529 shrinks the window instead of putting a sleeper to bed.

use super::net::Net;
use super::queue::EventQueue;
use super::responses::failure;
use super::stats::{SimResult, Tally};
use super::SimOptions;
use crate::response::{Cause, Explanation, Kind, RateLimits};
use crate::retry::{Admission, AdmissionConfig, Outcome, Permit, RetryPolicy, Rng, Strategy};

#[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Event {
    /// A caller starts its next call.
    Start { caller: usize },
    /// A request reaches the server.
    Arrive { caller: usize, seq: Option<u64> },
    /// An accepted request finishes and frees its slot.
    Done { caller: usize, seq: Option<u64> },
    /// The answer reaches the caller.
    Answer {
        caller: usize,
        seq: Option<u64>,
        ok: bool,
    },
    /// A sleeping caller sends again (no admission).
    Resend { caller: usize },
    /// The admission window asked to be polled again.
    Wake,
}

#[derive(Default)]
struct Caller {
    calls_left: u32,
    call_started_us: u64,
    attempts: u32,
    ticket: Option<u64>,
}

pub fn run(strategy: Strategy, options: &SimOptions) -> SimResult {
    let net = Net {
        mean_us: 1_000.0,
        sd_us: 200.0,
    };
    let service_us = options.service_ms.clamp(1, super::overload::MAX_SERVICE_MS) * 1000;
    let capacity = options.capacity.max(1);
    let calls_per_client = options.calls_per_client.max(1);
    let mut rng = Rng::new(options.seed);
    // The defaults, as the overload model uses them: `triage` and `adaptive` are measured as shipped.
    let mut policy = RetryPolicy::new(super::overload::config(strategy), options.seed ^ 0x5EED_5EED);
    let mut admission = (strategy == Strategy::Adaptive).then(|| Admission::new(AdmissionConfig::default()));
    let mut callers: Vec<Caller> = (0..options.clients)
        .map(|_| Caller {
            calls_left: calls_per_client,
            ..Caller::default()
        })
        .collect();
    let mut queue = EventQueue::new();
    for caller in 0..callers.len() {
        queue.push(0, Event::Start { caller });
    }
    let mut in_flight = 0u32;
    let mut tally = Tally::default();
    let mut woken_at: Option<i64> = None;
    while let Some((now, event)) = queue.pop() {
        let now_ms = (now / 1000) as i64;
        match event {
            Event::Start { caller } => {
                let Some(c) = callers.get_mut(caller) else {
                    continue;
                };
                if c.calls_left == 0 {
                    continue;
                }
                c.calls_left -= 1;
                c.call_started_us = now;
                c.attempts = 0;
                policy.record_call();
                match admission.as_mut() {
                    Some(a) => c.ticket = a.enqueue(now_ms, now_ms, None).ok(),
                    None => queue.push(now + net.delay_us(&mut rng), Event::Arrive { caller, seq: None }),
                }
            }
            Event::Resend { caller } => {
                queue.push(now + net.delay_us(&mut rng), Event::Arrive { caller, seq: None });
            }
            Event::Arrive { caller, seq } => {
                tally.calls += 1;
                if in_flight >= capacity {
                    queue.push(
                        now + net.delay_us(&mut rng),
                        Event::Answer {
                            caller,
                            seq,
                            ok: false,
                        },
                    );
                } else {
                    in_flight += 1;
                    let service = rng.between(service_us / 2, service_us.saturating_mul(3) / 2);
                    queue.push(now.saturating_add(service), Event::Done { caller, seq });
                }
            }
            Event::Done { caller, seq } => {
                in_flight = in_flight.saturating_sub(1);
                queue.push(
                    now + net.delay_us(&mut rng),
                    Event::Answer {
                        caller,
                        seq,
                        ok: true,
                    },
                );
            }
            Event::Answer { caller, seq, ok } => {
                let Some(c) = callers.get_mut(caller) else {
                    continue;
                };
                c.attempts += 1;
                let permit = seq.map(|seq| Permit {
                    ticket: c.ticket.unwrap_or_default(),
                    seq,
                });
                if ok {
                    policy.record_success();
                    tally.completed(now, now.saturating_sub(c.call_started_us));
                    if let (Some(a), Some(p)) = (admission.as_mut(), permit) {
                        a.complete(p, Outcome::Done, now_ms);
                    }
                    queue.push(now, Event::Start { caller });
                } else {
                    tally.wasted_calls += 1;
                    let elapsed_ms = now.saturating_sub(c.call_started_us) / 1000;
                    let decision = policy.decide(&overloaded(), c.attempts, elapsed_ms, false);
                    if let (Some(a), Some(p)) = (admission.as_mut(), permit) {
                        a.complete(
                            p,
                            Outcome::Overloaded {
                                backoff_ms: decision.delay_ms,
                            },
                            now_ms,
                        );
                    }
                    if !decision.retry {
                        queue.push(now, Event::Start { caller });
                    } else if let Some(a) = admission.as_mut() {
                        let order_ms = (c.call_started_us / 1000) as i64;
                        c.ticket = a.enqueue(now_ms, order_ms, None).ok();
                    } else {
                        queue.push(now + decision.delay_ms * 1000, Event::Resend { caller });
                    }
                }
            }
            Event::Wake => woken_at = None,
        }
        if let Some(a) = admission.as_mut() {
            let poll = a.poll(now_ms);
            for permit in poll.granted {
                let caller = callers.iter().position(|c| c.ticket == Some(permit.ticket));
                if let Some(caller) = caller {
                    queue.push(
                        now + net.delay_us(&mut rng),
                        Event::Arrive {
                            caller,
                            seq: Some(permit.seq),
                        },
                    );
                }
            }
            if let Some(wake) = poll.wake_at_ms.filter(|&w| woken_at.is_none_or(|at| w < at)) {
                woken_at = Some(wake);
                queue.push((wake.max(0) as u64) * 1000, Event::Wake);
            }
        }
    }
    let total_calls = options.clients.saturating_mul(calls_per_client);
    tally.finish(strategy, total_calls)
}

fn overloaded() -> Explanation {
    failure(
        529,
        Kind::OverloadedError,
        Cause::Overloaded,
        None,
        RateLimits::default(),
    )
}
