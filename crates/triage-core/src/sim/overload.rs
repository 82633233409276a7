//! An overload model closer to Claude: one API key shared by every client, a per-key requests-per-minute token
//! bucket answering 429 with `retry-after` and rate-limit headers, and a server with `capacity` requests in
//! flight answering 529 beyond it. Every client needs one success; all start within the first second, as after
//! an outage or a deploy.

use super::net::Net;
use super::queue::EventQueue;
use super::responses::failure;
use super::stats::{SimResult, Tally};
use super::SimOptions;
use crate::response::{Cause, Explanation, Kind, RateLimitWindow, RateLimits};
use crate::retry::{RetryConfig, RetryPolicy, Rng, Strategy};

/// Simulated time 0 as a wall-clock instant, for the epoch-ms rate-limit reset times.
const EPOCH_MS: i64 = 1_767_225_600_000;
/// The longest mean service time simulated (an hour); longer ones are clamped.
pub const MAX_SERVICE_MS: u64 = 3_600_000;
/// Clients start uniformly within this window.
const ARRIVAL_US: u64 = 1_000_000;

#[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Event {
    /// A request reaches the server.
    Arrive { client: usize },
    /// An accepted request finishes and frees its slot.
    Done { client: usize },
    /// A rejection (429 or 529) reaches the client, with the rate-limit window as the server saw it.
    Rejected {
        client: usize,
        rate_limited: bool,
        after_ms: u64,
        window: Window,
    },
    /// A success reaches the client.
    Succeeded { client: usize },
}

/// The requests window a response reports: what is left, and when the bucket is full again (simulated µs).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Window {
    remaining: u64,
    full_at_us: u64,
}

struct Client {
    policy: RetryPolicy,
    first_send_us: u64,
    attempts: u32,
}

/// Requests-per-minute as a continuously refilled token bucket, like the API's.
struct RateLimiter {
    limit: u64,
    tokens: f64,
    per_us: f64,
    updated_us: u64,
}

impl RateLimiter {
    fn new(rpm: u32) -> Self {
        let limit = u64::from(rpm.max(1));
        RateLimiter {
            limit,
            tokens: limit as f64,
            per_us: limit as f64 / 60_000_000.0,
            updated_us: 0,
        }
    }

    fn refill(&mut self, now_us: u64) {
        let elapsed = now_us.saturating_sub(self.updated_us) as f64;
        self.tokens = (self.tokens + elapsed * self.per_us).min(self.limit as f64);
        self.updated_us = now_us;
    }

    /// Takes a token, or says how long until one is available (µs).
    fn admit(&mut self, now_us: u64) -> Result<(), u64> {
        self.refill(now_us);
        if self.tokens >= 1.0 {
            self.tokens -= 1.0;
            return Ok(());
        }
        Err(((1.0 - self.tokens) / self.per_us).ceil() as u64)
    }

    /// The window after the last `admit`.
    fn window(&self) -> Window {
        let until_full = ((self.limit as f64 - self.tokens) / self.per_us).ceil() as u64;
        Window {
            remaining: self.tokens.max(0.0) as u64,
            full_at_us: self.updated_us.saturating_add(until_full),
        }
    }
}

/// The retry configuration every strategy runs with here: the defaults, so `triage` is measured as shipped.
pub fn config(strategy: Strategy) -> RetryConfig {
    RetryConfig {
        strategy,
        ..RetryConfig::default()
    }
}

pub fn run(strategy: Strategy, options: &SimOptions) -> SimResult {
    let net = Net {
        mean_us: 25_000.0,
        sd_us: 5_000.0,
    };
    let service_us = options.service_ms.clamp(1, MAX_SERVICE_MS) * 1000;
    let capacity = options.capacity.max(1);
    let mut rng = Rng::new(options.seed);
    let mut seeds = Rng::new(options.seed ^ 0x0E41_0ADE_0E41_0ADE);
    let mut clients: Vec<Client> = (0..options.clients)
        .map(|_| Client {
            policy: RetryPolicy::new(config(strategy), seeds.next_u64()),
            first_send_us: 0,
            attempts: 0,
        })
        .collect();
    let mut limiter = RateLimiter::new(options.rpm);
    let mut in_flight = 0u32;
    let mut queue = EventQueue::new();
    for (index, client) in clients.iter_mut().enumerate() {
        client.first_send_us = rng.between(0, ARRIVAL_US);
        queue.push(
            client.first_send_us + net.delay_us(&mut rng),
            Event::Arrive { client: index },
        );
    }
    let mut tally = Tally::default();
    while let Some((now, event)) = queue.pop() {
        match event {
            Event::Arrive { client } => {
                tally.calls += 1;
                let back = now.saturating_add(net.delay_us(&mut rng));
                let admitted = limiter.admit(now);
                let window = limiter.window();
                match admitted {
                    Err(next_us) => {
                        let after_ms = next_us.div_ceil(1_000_000) * 1000; // retry-after is whole seconds
                        queue.push(
                            back,
                            Event::Rejected {
                                client,
                                rate_limited: true,
                                after_ms,
                                window,
                            },
                        );
                    }
                    Ok(()) if in_flight >= capacity => {
                        queue.push(
                            back,
                            Event::Rejected {
                                client,
                                rate_limited: false,
                                after_ms: 0,
                                window,
                            },
                        );
                    }
                    Ok(()) => {
                        in_flight += 1;
                        let service = rng.between(service_us / 2, service_us.saturating_mul(3) / 2);
                        queue.push(now.saturating_add(service), Event::Done { client });
                    }
                }
            }
            Event::Done { client } => {
                in_flight = in_flight.saturating_sub(1);
                queue.push(
                    now.saturating_add(net.delay_us(&mut rng)),
                    Event::Succeeded { client },
                );
            }
            Event::Succeeded { client } => {
                if let Some(c) = clients.get_mut(client) {
                    c.policy.record_success();
                    tally.completed(now, now.saturating_sub(c.first_send_us));
                }
            }
            Event::Rejected {
                client,
                rate_limited,
                after_ms,
                window,
            } => {
                tally.wasted_calls += 1;
                let Some(c) = clients.get_mut(client) else {
                    continue;
                };
                c.attempts += 1;
                let limits = limits_seen(limiter.limit, window);
                let explanation = rejection(rate_limited, after_ms, limits);
                let elapsed_ms = now.saturating_sub(c.first_send_us) / 1000;
                let decision = c.policy.decide(&explanation, c.attempts, elapsed_ms, false);
                if !decision.retry {
                    continue;
                }
                let mut delay_ms = decision.delay_ms;
                if strategy == Strategy::Triage {
                    let now_ms = EPOCH_MS.saturating_add(i64::try_from(now / 1000).unwrap_or(i64::MAX));
                    delay_ms = delay_ms.max(c.policy.pace(&explanation.rate_limit, now_ms).delay_ms);
                }
                let send = now.saturating_add(delay_ms.saturating_mul(1000));
                queue.push(
                    send.saturating_add(net.delay_us(&mut rng)),
                    Event::Arrive { client },
                );
            }
        }
    }
    tally.finish(strategy, options.clients)
}

/// The `anthropic-ratelimit-requests-*` headers of a response, as the classifier would parse them.
fn limits_seen(limit: u64, window: Window) -> RateLimits {
    let reset_at_ms = EPOCH_MS.saturating_add(i64::try_from(window.full_at_us / 1000).unwrap_or(i64::MAX));
    let window = RateLimitWindow {
        limit: Some(limit),
        remaining: Some(window.remaining),
        reset: None,
        reset_at_ms: Some(reset_at_ms),
    };
    RateLimits {
        requests: Some(window),
        ..RateLimits::default()
    }
}

fn rejection(rate_limited: bool, after_ms: u64, limits: RateLimits) -> Explanation {
    if rate_limited {
        failure(
            429,
            Kind::RateLimitError,
            Cause::RateLimitRequests,
            Some(after_ms),
            limits,
        )
    } else {
        failure(529, Kind::OverloadedError, Cause::Overloaded, None, limits)
    }
}
