//! Optimistic-concurrency contention, after the AWS "Exponential Backoff and Jitter" simulator: every client
//! reads the version of one row, then writes it back conditionally; the write fails if another client's write
//! landed in between, and the client backs off and starts over with a fresh read. Only writes count as calls.

use super::net::Net;
use super::queue::EventQueue;
use super::responses::failure;
use super::stats::{SimResult, Tally};
use crate::response::{Cause, Kind, RateLimits};
use crate::retry::{RetryConfig, RetryPolicy, Rng, Strategy};

#[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Event {
    /// A read reaches the server.
    Read { client: usize },
    /// A conditional write reaches the server, carrying the version the client read.
    Write { client: usize, version: u64 },
    /// The write's answer reaches the client.
    WriteAnswer { client: usize, ok: bool },
}

/// The AWS simulator's parameters: 10 ms ± 2 ms one-way, backoff base 5 ms (its `2^n·base` starts at 10 ms
/// for the first retry, which is our `base·2^(n-1)` with base 10 ms), cap 2 s, no attempt limit that matters.
pub fn config(strategy: Strategy) -> RetryConfig {
    RetryConfig {
        strategy,
        base_ms: 10,
        cap_ms: 2_000,
        max_attempts: 10_000,
        ..RetryConfig::default()
    }
}

pub fn run(strategy: Strategy, clients: u32, seed: u64) -> SimResult {
    let net = Net {
        mean_us: 10_000.0,
        sd_us: 2_000.0,
    };
    let mut rng = Rng::new(seed);
    let mut seeds = Rng::new(seed ^ 0x5EED_0CC0_5EED_0CC0);
    let mut policies: Vec<(RetryPolicy, u32)> = (0..clients)
        .map(|_| (RetryPolicy::new(config(strategy), seeds.next_u64()), 0))
        .collect();
    let conflict = failure(
        409,
        Kind::ConflictError,
        Cause::Unknown,
        None,
        RateLimits::default(),
    );
    let mut queue = EventQueue::new();
    for client in 0..policies.len() {
        queue.push(net.delay_us(&mut rng), Event::Read { client });
    }
    let mut version = 0u64;
    let mut tally = Tally::default();
    while let Some((now, event)) = queue.pop() {
        match event {
            Event::Read { client } => {
                let at = now
                    .saturating_add(net.delay_us(&mut rng))
                    .saturating_add(net.delay_us(&mut rng));
                queue.push(at, Event::Write { client, version });
            }
            Event::Write {
                client,
                version: read,
            } => {
                tally.calls += 1;
                let ok = read == version;
                if ok {
                    version += 1;
                } else {
                    tally.wasted_calls += 1;
                }
                queue.push(
                    now.saturating_add(net.delay_us(&mut rng)),
                    Event::WriteAnswer { client, ok },
                );
            }
            Event::WriteAnswer { client, ok } => {
                let Some((policy, attempts)) = policies.get_mut(client) else {
                    continue;
                };
                *attempts += 1;
                if ok {
                    tally.completed(now, now);
                    continue;
                }
                let decision = policy.decide(&conflict, *attempts, now / 1000, false);
                if decision.retry {
                    let wait = net
                        .delay_us(&mut rng)
                        .saturating_add(decision.delay_ms.saturating_mul(1000));
                    let at = now.saturating_add(wait);
                    queue.push(at, Event::Read { client });
                }
            }
        }
    }
    tally.finish(strategy, clients)
}
