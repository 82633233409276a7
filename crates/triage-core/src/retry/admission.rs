//! Adaptive admission: how many requests one client may have in flight, learned from the server's answers, and
//! the fair queue of requests waiting for a permit.
//!
//! Why a window and not only backoff: when many calls share one client, each one sleeping its own jittered
//! backoff leaves the server idle between sleeps (too slow) or sends all of them at once (too many 529s). A
//! client that holds requests back in a queue and sends as many as the server has room for keeps the server busy
//! with none turned away.
//!
//! Why AIMD on 529s (TCP Reno/CUBIC's family), not a latency-driven limit (Vegas, Gradient2, Envoy's adaptive
//! concurrency): the Claude API does not queue excess work, it refuses it at once with 529 `overloaded_error`, so
//! latency does not rise as the server fills and carries no signal, while a 529 says exactly "too many". The
//! window starts small and doubles each round trip (slow start) until the first 529, halves then (the overshoot
//! of a doubling is at most 2x), and afterwards grows by one request per window of successes and shrinks to
//! [`AdmissionConfig::decrease`] of itself on a 529. A window shrinks at most once per round of sends: 529s for
//! requests sent before the last decrease say nothing new.
//!
//! The server can also state its limits: a 429 pauses every send until the retry policy's time (which is
//! `retry-after` plus the policy's seeded spread, so clients told the same time do not return together), and
//! `anthropic-ratelimit-requests-remaining` caps the window until its reset. An empty window (`remaining: 0`) does
//! not pause here: the policy's pacing (`pace`) waits for it when asked to, and a 429 says so anyway. A 529 that the shrunk window would not hold back (a lone caller, or a window already
//! at its minimum) pauses every send for the retry policy's overload backoff instead of looping on the server.
//!
//! Pure and without randomness: the caller passes the time and owns the state.

use crate::response::RateLimits;
use serde::{Deserialize, Serialize};
use std::collections::VecDeque;

/// How the window moves. Defaults measured with the simulator's shared-client model and `cargo xtask bench`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "js", derive(tsify::Tsify), serde(rename_all = "camelCase"))]
#[serde(default)]
pub struct AdmissionConfig {
    /// Requests in flight before anything is learned.
    pub initial_window: f64,
    pub min_window: f64,
    pub max_window: f64,
    /// The window after a 529, as a share of itself (once slow start has ended; slow start halves it).
    pub decrease: f64,
    /// Requests waiting beyond this are refused at once rather than queued without bound.
    pub max_queue: u32,
}

impl Default for AdmissionConfig {
    fn default() -> Self {
        AdmissionConfig {
            initial_window: 4.0,
            min_window: 1.0,
            max_window: 256.0,
            decrease: 0.7,
            max_queue: 100_000,
        }
    }
}

/// A request's place in the queue.
pub type Ticket = u64;

/// The right to send one request; give it back with [`Admission::complete`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "js", derive(tsify::Tsify), serde(rename_all = "camelCase"))]
pub struct Permit {
    /// A [`Ticket`] (spelt out so the TypeScript type is a number).
    pub ticket: u64,
    /// Send order: tells a 529 for a request sent before the last decrease from one sent after.
    pub seq: u64,
}

/// How a sent request ended, as far as admission cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Any answer that is not an overload or rate limit (an error the server produced under no pressure counts).
    Done,
    /// A 529 or a stream's `overloaded_error`; `backoff_ms` is the pause when the window does not hold the retry
    /// back.
    Overloaded { backoff_ms: u64 },
    /// A 429: nothing is sent until `retry_at_ms` (epoch ms): the retry policy's time, spread included.
    RateLimited { retry_at_ms: i64 },
    /// Aborted, or failed without reaching the server: no signal either way.
    Abandoned,
}

/// Why a request could not be queued.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// Every send is paused past the request's deadline.
    PausedPastDeadline { paused_until_ms: i64 },
    /// [`AdmissionConfig::max_queue`] requests are already waiting.
    QueueFull,
}

/// What changed at a [`Admission::poll`]: who may send now, whose deadline passed while waiting, and when to poll
/// again if nothing else happens first.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "js", derive(tsify::Tsify), serde(rename_all = "camelCase"))]
pub struct Poll {
    pub granted: Vec<Permit>,
    /// [`Ticket`]s.
    pub expired: Vec<u64>,
    pub wake_at_ms: Option<i64>,
}

/// The numbers `onAttempt` reports and the playground draws.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "js", derive(tsify::Tsify), serde(rename_all = "camelCase"))]
pub struct AdmissionView {
    pub window: f64,
    pub in_flight: u32,
    pub queued: u32,
    pub paused_until_ms: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Waiter {
    ticket: Ticket,
    /// When the logical call first arrived: a retry keeps its place ahead of calls that came later.
    order_ms: i64,
    deadline_ms: Option<i64>,
}

/// One client's admission state. Serialisable, so it can be stored and shared (a fleet's store applies it).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Admission {
    config: AdmissionConfig,
    window: f64,
    /// Below it the window doubles per round trip; at and above it, it grows by one per round trip.
    slow_start_until: f64,
    in_flight: u32,
    next_seq: u64,
    /// Sends numbered below this were made before the last decrease.
    recovery_seq: u64,
    next_ticket: Ticket,
    paused_until_ms: i64,
    /// `anthropic-ratelimit-requests-remaining` as a cap on the window, until its reset (epoch ms).
    requests_cap: Option<(f64, i64)>,
    /// Ordered by (`order_ms`, `ticket`).
    queue: VecDeque<Waiter>,
}

impl Admission {
    pub fn new(config: AdmissionConfig) -> Self {
        let config = sane(config);
        Admission {
            window: config.initial_window,
            slow_start_until: config.max_window,
            config,
            in_flight: 0,
            next_seq: 0,
            recovery_seq: 0,
            next_ticket: 0,
            paused_until_ms: i64::MIN,
            requests_cap: None,
            queue: VecDeque::new(),
        }
    }

    /// Queues a request. `order_ms` is when its logical call arrived (`now_ms` for a first attempt; a retry passes
    /// its call's, so it goes ahead of later calls); `deadline_ms` is when it stops being worth sending.
    pub fn enqueue(
        &mut self,
        now_ms: i64,
        order_ms: i64,
        deadline_ms: Option<i64>,
    ) -> Result<Ticket, Refusal> {
        if let Some(deadline) = deadline_ms {
            if self.paused_until_ms > now_ms && self.paused_until_ms > deadline {
                return Err(Refusal::PausedPastDeadline {
                    paused_until_ms: self.paused_until_ms,
                });
            }
        }
        if self.queue.len() >= self.config.max_queue as usize {
            return Err(Refusal::QueueFull);
        }
        let ticket = self.next_ticket;
        self.next_ticket += 1;
        let waiter = Waiter {
            ticket,
            order_ms,
            deadline_ms,
        };
        let at = self
            .queue
            .partition_point(|w| (w.order_ms, w.ticket) <= (order_ms, ticket));
        self.queue.insert(at, waiter);
        Ok(ticket)
    }

    /// Takes a waiting request out of the queue (its caller gave up). `false` if it was not waiting.
    pub fn cancel(&mut self, ticket: Ticket) -> bool {
        match self.queue.iter().position(|w| w.ticket == ticket) {
            Some(at) => {
                self.queue.remove(at);
                true
            }
            None => false,
        }
    }

    /// Hands out permits in queue order while the window has room and nothing pauses sending, and drops the
    /// waiters whose deadline has passed.
    pub fn poll(&mut self, now_ms: i64) -> Poll {
        let mut poll = Poll::default();
        self.queue.retain(|w| {
            let expired = w.deadline_ms.is_some_and(|d| d <= now_ms);
            if expired {
                poll.expired.push(w.ticket);
            }
            !expired
        });
        if self.requests_cap.is_some_and(|(_, reset)| reset <= now_ms) {
            self.requests_cap = None;
        }
        let paused = self.paused_until_ms > now_ms;
        while !paused && (self.in_flight as f64) < self.allowed().floor() {
            let Some(waiter) = self.queue.pop_front() else {
                break;
            };
            self.in_flight += 1;
            poll.granted.push(Permit {
                ticket: waiter.ticket,
                seq: self.next_seq,
            });
            self.next_seq += 1;
        }
        let wake_for_pause = (paused && !self.queue.is_empty()).then_some(self.paused_until_ms);
        let wake_for_deadline = self.queue.iter().filter_map(|w| w.deadline_ms).min();
        // Only a cap that holds a waiter back needs a wake-up at its reset.
        let wake_for_cap = self
            .requests_cap
            .filter(|(cap, _)| !self.queue.is_empty() && self.in_flight as f64 >= cap.floor())
            .map(|(_, reset)| reset);
        poll.wake_at_ms = [wake_for_pause, wake_for_deadline, wake_for_cap]
            .into_iter()
            .flatten()
            .min();
        poll
    }

    /// A sent request came back: its permit returns and the window learns from how it ended.
    pub fn complete(&mut self, permit: Permit, outcome: Outcome, now_ms: i64) {
        self.in_flight = self.in_flight.saturating_sub(1);
        match outcome {
            Outcome::Done => self.grow(),
            Outcome::Overloaded { backoff_ms } => self.shrink(permit, backoff_ms, now_ms),
            Outcome::RateLimited { retry_at_ms } => {
                self.paused_until_ms = self.paused_until_ms.max(retry_at_ms);
            }
            Outcome::Abandoned => {}
        }
    }

    /// `anthropic-ratelimit-requests-remaining` bounds the window directly: no more requests in flight than the
    /// server's window has left, until its reset.
    pub fn observe_limits(&mut self, limits: &RateLimits) {
        if let Some(requests) = &limits.requests {
            if let (Some(remaining), Some(reset)) = (requests.remaining, requests.reset_at_ms) {
                self.requests_cap = Some(((remaining as f64).max(self.config.min_window), reset));
            }
        }
    }

    pub fn view(&self, now_ms: i64) -> AdmissionView {
        AdmissionView {
            window: self.window,
            in_flight: self.in_flight,
            queued: self.queue.len() as u32,
            paused_until_ms: (self.paused_until_ms > now_ms).then_some(self.paused_until_ms),
        }
    }

    /// The window, after any cap the server's headers set.
    fn allowed(&self) -> f64 {
        match self.requests_cap {
            Some((cap, _)) => self.window.min(cap),
            None => self.window,
        }
    }

    fn grow(&mut self) {
        let step = if self.window < self.slow_start_until {
            1.0
        } else {
            1.0 / self.window
        };
        self.window = (self.window + step).min(self.config.max_window);
    }

    fn shrink(&mut self, permit: Permit, backoff_ms: u64, now_ms: i64) {
        if permit.seq >= self.recovery_seq && self.window > self.config.min_window {
            let factor = if self.window < self.slow_start_until {
                0.5
            } else {
                self.config.decrease
            };
            self.window = (self.window * factor).max(self.config.min_window);
            self.slow_start_until = self.window;
            self.recovery_seq = self.next_seq;
        }
        if (self.in_flight as f64) < self.allowed().floor() {
            // The window does not hold this retry back (a lone caller, or a window already at its minimum):
            // the server is full even so, so every send waits the retry policy's backoff rather than loop on it.
            let until = now_ms.saturating_add(backoff_ms as i64);
            self.paused_until_ms = self.paused_until_ms.max(until);
        }
    }
}

/// Numbers from callers (JSON, JavaScript): bounds that make sense whatever was given.
fn sane(config: AdmissionConfig) -> AdmissionConfig {
    let positive = |v: f64, fallback: f64| if v.is_finite() && v >= 1.0 { v } else { fallback };
    let min_window = positive(config.min_window, 1.0);
    let max_window = positive(config.max_window, 256.0).max(min_window);
    AdmissionConfig {
        min_window,
        max_window,
        initial_window: positive(config.initial_window, 4.0).clamp(min_window, max_window),
        decrease: if config.decrease.is_finite() && config.decrease > 0.0 && config.decrease < 1.0 {
            config.decrease
        } else {
            0.7
        },
        ..config
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn admission() -> Admission {
        Admission::new(AdmissionConfig::default())
    }

    fn send_all(a: &mut Admission, n: usize, now: i64) -> Vec<Permit> {
        for _ in 0..n {
            a.enqueue(now, now, None).unwrap();
        }
        a.poll(now).granted
    }

    #[test]
    fn slow_start_doubles_per_round_then_halves_at_the_first_overload() {
        let mut a = admission();
        let first = send_all(&mut a, 40, 0);
        assert_eq!(first.len(), 4);
        for p in first {
            a.complete(p, Outcome::Done, 200);
        }
        let second = a.poll(200).granted;
        assert_eq!(second.len(), 8);
        let (head, tail) = second.split_at(4);
        for p in tail {
            a.complete(*p, Outcome::Overloaded { backoff_ms: 1_000 }, 201);
        }
        assert_eq!(
            a.view(201).window,
            4.0,
            "one decrease for the whole round: 8 halved"
        );
        for p in head {
            a.complete(*p, Outcome::Done, 400);
        }
        // Past slow start: about +1 per window of successes (1/4 + 1/4.25 + …).
        let window = a.view(400).window;
        assert!((4.9..5.0).contains(&window), "{window}");
    }

    #[test]
    fn queue_order_is_arrival_order_and_retries_keep_their_place() {
        let mut a = Admission::new(AdmissionConfig {
            initial_window: 1.0,
            ..AdmissionConfig::default()
        });
        let early = a.enqueue(0, 0, None).unwrap();
        let later = a.enqueue(10, 10, None).unwrap();
        let retry_of_earlier_call = a.enqueue(20, 5, None).unwrap();
        let order: Vec<Ticket> = (0..3)
            .map(|i| {
                let p = a.poll(30 + i).granted[0];
                a.complete(p, Outcome::Abandoned, 30 + i);
                p.ticket
            })
            .collect();
        assert_eq!(order, [early, retry_of_earlier_call, later]);
    }

    #[test]
    fn overload_at_the_minimum_window_pauses_everyone_for_the_backoff() {
        let mut a = Admission::new(AdmissionConfig {
            initial_window: 1.0,
            ..AdmissionConfig::default()
        });
        let p = send_all(&mut a, 3, 0)[0];
        a.complete(p, Outcome::Overloaded { backoff_ms: 1_500 }, 10);
        let poll = a.poll(11);
        assert!(poll.granted.is_empty());
        assert_eq!(poll.wake_at_ms, Some(1_510));
        assert_eq!(a.poll(1_510).granted.len(), 1);
    }

    #[test]
    fn rate_limits_pause_and_cap() {
        use crate::response::{RateLimitWindow, RateLimits};
        let mut a = admission();
        let p = send_all(&mut a, 10, 0);
        assert_eq!(p.len(), 4);
        a.complete(p[0], Outcome::RateLimited { retry_at_ms: 5_000 }, 100);
        let paused_until = a.view(100).paused_until_ms.unwrap();
        assert_eq!(paused_until, 5_000);
        assert!(a.poll(4_999).granted.is_empty());
        // Past the pause: the requests window has 1 left until 20 s, so at most 1 in flight.
        for permit in &p[1..] {
            a.complete(*permit, Outcome::Done, 200);
        }
        let limits = RateLimits {
            requests: Some(RateLimitWindow {
                limit: Some(50),
                remaining: Some(1),
                reset_at_ms: Some(20_000),
                ..RateLimitWindow::default()
            }),
            ..RateLimits::default()
        };
        a.observe_limits(&limits);
        assert_eq!(a.poll(paused_until).granted.len(), 1);
        assert!(a.poll(paused_until + 1).granted.is_empty());
        assert_eq!(a.poll(20_000).wake_at_ms, None);
    }

    #[test]
    fn deadlines_expire_waiters_and_refuse_what_a_pause_would_outlast() {
        let mut a = Admission::new(AdmissionConfig {
            initial_window: 1.0,
            ..AdmissionConfig::default()
        });
        let running = send_all(&mut a, 1, 0)[0];
        let waiting = a.enqueue(0, 0, Some(500)).unwrap();
        assert_eq!(a.poll(100).wake_at_ms, Some(500));
        assert_eq!(a.poll(500).expired, [waiting]);
        a.complete(running, Outcome::Overloaded { backoff_ms: 10_000 }, 600);
        assert_eq!(
            a.enqueue(700, 700, Some(5_000)),
            Err(Refusal::PausedPastDeadline {
                paused_until_ms: 10_600
            })
        );
    }
}
