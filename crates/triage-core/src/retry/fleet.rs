//! Fleet pacing: the rate and overload state of one API key, shared by every process (or tab) that sends with it,
//! as a small serialisable state machine.
//!
//! It lives here, beside [`admission`](super::admission) and [`pacing`](super::pacing), because it is the same
//! window and the same rate knowledge, only held in a shared store instead of one process: a newcomer looking
//! for "how fast may I send" finds all three in `retry/`.
//!
//! # What it models
//! - **One bucket per dimension the API limits**: requests, input tokens and output tokens per minute. Output
//!   tokens are reserved up front from `max_tokens`, as the API counts them. A bucket is GCRA in its "debt" form:
//!   the debt drains continuously at the limit's rate and each send adds its cost, so "60 RPM" with the default
//!   burst holds 6 requests and then admits one per second, as ERRORS.md says the API may enforce it. A send
//!   bigger than the whole burst (a long prompt against a small burst) waits for an empty bucket and leaves it in
//!   debt; one bigger than the per-minute limit can never succeed and is refused.
//! - **The overload window**: [`Admission`](super::Admission)'s AIMD semantics (slow start doubling per round,
//!   then +1 per window of successes, decrease on a 529, at most one decrease per round of sends), counted in
//!   thousandths of a request.
//! - **A pause**: a 429's `retry-after`, or a 529 the window would not have held back, stops every send until
//!   `paused_until_ms`.
//!
//! # Why a pure function of integers
//! [`step`]`(state, event, now_ms, config) -> (state, verdict)` is the whole update, so a store can apply it
//! atomically (a Redis Lua script runs it in one `EVAL`) and the same event sequence gives the same state on every
//! client. Everything is integer arithmetic on milliseconds and token units, with every intermediate below 2^53:
//! Redis's Lua 5.1 has only doubles, which are exact on such integers, so a script can reproduce the Rust
//! bit for bit (its floor divisions need one correction step; there are four). A unit is
//! [`TICKS_PER_UNIT`] ticks and a limit of `L` per minute drains `L` ticks per millisecond, which keeps the refill
//! exact without fractions.
//!
//! Time comes in as `now_ms`. Clocks in a fleet disagree by a few milliseconds: an instant earlier than the one
//! the state last saw counts as no time passed, never as negative refill.
//!
//! The `-reset` headers are not used to set the buckets: the API's `reset` is when its bucket is full again, which
//! says how much is owed only if its capacity were known, and it is not. `-remaining` is: the server can send no
//! more than that right now, so the local bucket is never fuller.

use super::admission::AdmissionConfig;
use crate::response::{RateLimitWindow, RateLimits};
use serde::{Deserialize, Serialize};

/// Ticks in one unit (a request or a token): a limit per minute drains that many ticks per millisecond.
pub const TICKS_PER_UNIT: u64 = 60_000;
/// Limits and costs above this are clamped, so `units × TICKS_PER_UNIT` and `ms × limit` stay below 2^53.
pub const MAX_UNITS: u64 = 100_000_000;
/// A pause longer than this (an hour) is not believed.
const MAX_PAUSE_MS: u64 = 3_600_000;
/// Window sizes are counted in thousandths of a request.
const MILLI: u64 = 1_000;

/// The limits a fleet paces to, and how its window moves. Every client of one key should pass the same config;
/// the state holds only what was learned.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct FleetConfig {
    /// Requests per minute; `None` until a response's `-limit` header says.
    pub requests_per_minute: Option<u64>,
    pub input_tokens_per_minute: Option<u64>,
    pub output_tokens_per_minute: Option<u64>,
    /// The requests bucket holds this many milliseconds of refill (at least one unit): 6,000 lets 60 RPM
    /// burst 6, then send one a second.
    pub burst_ms: u64,
    /// The same for the token buckets; a whole minute by default (as triage-mock's `--token-burst-ms`).
    pub token_burst_ms: u64,
    /// Requests in flight before anything is learned.
    pub initial_window: u32,
    pub min_window: u32,
    pub max_window: u32,
    /// The window after a 529 once slow start has ended, in thousandths of itself.
    pub decrease_permille: u32,
}

impl Default for FleetConfig {
    fn default() -> Self {
        let admission = AdmissionConfig::default();
        FleetConfig {
            requests_per_minute: None,
            input_tokens_per_minute: None,
            output_tokens_per_minute: None,
            burst_ms: 6_000,
            token_burst_ms: 60_000,
            initial_window: admission.initial_window as u32,
            min_window: admission.min_window as u32,
            max_window: admission.max_window as u32,
            decrease_permille: (admission.decrease * 1000.0) as u32,
        }
    }
}

/// What one send costs: one request, its input tokens, and its `max_tokens`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cost {
    pub requests: u64,
    pub input_tokens: u64,
    pub output_tokens: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Dimension {
    Requests,
    InputTokens,
    OutputTokens,
}

/// One dimension's bucket: `debt` ticks owed as of `at_ms` (0 is a full bucket).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bucket {
    pub debt: u64,
    pub at_ms: i64,
    /// The limit a `-limit` header stated (0: none seen). The lower of it and the config's applies.
    pub learned_limit: u64,
}

/// One admitted send's claim on a slot of the window, until `until_ms`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Lease {
    pub seq: u64,
    pub until_ms: i64,
}

/// A lease lasts this long unless the reservation says: the longest a request is expected to take.
pub const DEFAULT_LEASE_MS: u64 = 600_000;
/// A lease longer than this (an hour) is cut to it.
const MAX_LEASE_MS: u64 = 3_600_000;

fn default_lease_ms() -> u64 {
    DEFAULT_LEASE_MS
}

/// The shared state of one key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FleetState {
    pub requests: Bucket,
    pub input_tokens: Bucket,
    pub output_tokens: Bucket,
    /// The overload window, in thousandths of a request.
    pub window_milli: u64,
    /// Below it the window doubles per round; at and above it, it grows by one per window of successes.
    pub slow_start_until_milli: u64,
    /// The sends admitted and not yet reported, each held until its lease ends: a process that dies mid-request
    /// gives its slot back when the lease does, instead of shrinking the fleet's window for good.
    pub leases: Vec<Lease>,
    pub next_seq: u64,
    /// Sends numbered below this were made before the last decrease.
    pub recovery_seq: u64,
    /// No send before this (0: no pause).
    pub paused_until_ms: i64,
}

impl FleetState {
    pub fn new(config: &FleetConfig) -> Self {
        let config = sane(config);
        FleetState {
            requests: Bucket::default(),
            input_tokens: Bucket::default(),
            output_tokens: Bucket::default(),
            window_milli: u64::from(config.initial_window) * MILLI,
            slow_start_until_milli: u64::from(config.max_window) * MILLI,
            leases: Vec::new(),
            next_seq: 0,
            recovery_seq: 0,
            paused_until_ms: 0,
        }
    }
}

/// How a sent request ended, as far as pacing cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Any answer that is not an overload or a rate limit.
    Success,
    /// A 529 (or a stream's `overloaded_error`); `backoff_ms` pauses everyone when the window does not hold the
    /// retry back.
    Overloaded { backoff_ms: u64 },
    /// A 429; `retry_after_ms` from `retry-after-ms`/`retry-after` (`Headers::retry_after`), if sent.
    RateLimited { retry_after_ms: Option<u64> },
}

/// What happened to the key.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Event {
    /// Asks to send a request that costs `cost`; a wait that ends past `deadline_ms` is refused instead. An
    /// admitted send holds its slot for `lease_ms` at most, if nothing reports how it ended.
    Reserve {
        cost: Cost,
        deadline_ms: Option<i64>,
        #[serde(default = "default_lease_ms")]
        lease_ms: u64,
    },
    /// What a response's `anthropic-ratelimit-*` headers said (`Observed::from(&RateLimits)`).
    ObserveLimits { limits: Observed },
    /// The send numbered `seq` came back: its slot returns and the window learns (even when its lease had
    /// ended: the outcome is still news).
    ObserveOutcome { seq: u64, outcome: Outcome },
    /// The send numbered `seq` ended without a signal (aborted, network error): its slot returns, nothing is
    /// learned, and its cost is not refunded (the API may have counted it).
    Release { seq: u64 },
}

/// One dimension's `-limit` and `-remaining`, as a response stated them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Seen {
    pub limit: Option<u64>,
    pub remaining: Option<u64>,
}

/// The rate-limit headers of one response, per dimension: only the numbers pacing uses, in the fleet's own
/// spelling, so a store's script reads them without knowing [`RateLimits`]' (camelCase in JavaScript).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Observed {
    pub requests: Option<Seen>,
    pub input_tokens: Option<Seen>,
    pub output_tokens: Option<Seen>,
}

impl From<&RateLimits> for Observed {
    fn from(limits: &RateLimits) -> Self {
        let seen = |w: &Option<RateLimitWindow>| {
            w.as_ref().map(|w| Seen {
                limit: w.limit,
                remaining: w.remaining,
            })
        };
        Observed {
            requests: seen(&limits.requests),
            // Older responses report one combined `tokens` window.
            input_tokens: seen(if limits.input_tokens.is_some() {
                &limits.input_tokens
            } else {
                &limits.tokens
            }),
            output_tokens: seen(&limits.output_tokens),
        }
    }
}

/// Why a wait.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WaitReason {
    Paused,
    Bucket { dimension: Dimension },
}

/// Why a reservation can never be granted as asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Refusal {
    /// The cost is more than the dimension allows in a whole minute.
    CostOverLimit { dimension: Dimension, limit: u64 },
    /// The wait would end after the deadline.
    PastDeadline { until_ms: i64 },
}

/// The answer to an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// Send now; report how it ended with this `seq`.
    Admit {
        seq: u64,
    },
    /// Nothing changed; ask again at `at_ms`, when this reservation will fit.
    WaitUntil {
        at_ms: i64,
        reason: WaitReason,
    },
    /// The window is full: ask again after a release or an outcome.
    WaitForRelease,
    Refuse {
        refusal: Refusal,
    },
    /// An observation was recorded.
    Noted,
}

/// The whole update. A reservation that is not admitted leaves the state exactly as it was.
pub fn step(state: &FleetState, event: &Event, now_ms: i64, config: &FleetConfig) -> (FleetState, Verdict) {
    let config = sane(config);
    let mut next = state.clone();
    let verdict = match event {
        Event::Reserve {
            cost,
            deadline_ms,
            lease_ms,
        } => reserve(&mut next, cost, *deadline_ms, *lease_ms, now_ms, &config),
        Event::ObserveLimits { limits } => {
            observe_limits(&mut next, limits, now_ms, &config);
            Verdict::Noted
        }
        Event::ObserveOutcome { seq, outcome } => {
            end_lease(&mut next, *seq);
            match *outcome {
                Outcome::Success => grow(&mut next, &config),
                Outcome::Overloaded { backoff_ms } => shrink(&mut next, *seq, backoff_ms, now_ms, &config),
                Outcome::RateLimited { retry_after_ms } => {
                    // Without a hint, one request's refill (or a second when the limit is unknown).
                    let interval = match limit(&next, Dimension::Requests, &config) {
                        0 => 1_000,
                        l => TICKS_PER_UNIT.div_ceil(l),
                    };
                    pause(&mut next, now_ms, retry_after_ms.unwrap_or(interval));
                }
            }
            Verdict::Noted
        }
        Event::Release { seq } => {
            end_lease(&mut next, *seq);
            Verdict::Noted
        }
    };
    (next, verdict)
}

/// The dimensions, their buckets and their costs, in one order everywhere.
const DIMENSIONS: [Dimension; 3] = [
    Dimension::Requests,
    Dimension::InputTokens,
    Dimension::OutputTokens,
];

fn bucket(state: &FleetState, dimension: Dimension) -> &Bucket {
    match dimension {
        Dimension::Requests => &state.requests,
        Dimension::InputTokens => &state.input_tokens,
        Dimension::OutputTokens => &state.output_tokens,
    }
}

fn bucket_mut(state: &mut FleetState, dimension: Dimension) -> &mut Bucket {
    match dimension {
        Dimension::Requests => &mut state.requests,
        Dimension::InputTokens => &mut state.input_tokens,
        Dimension::OutputTokens => &mut state.output_tokens,
    }
}

fn units(cost: &Cost, dimension: Dimension) -> u64 {
    let n = match dimension {
        Dimension::Requests => cost.requests,
        Dimension::InputTokens => cost.input_tokens,
        Dimension::OutputTokens => cost.output_tokens,
    };
    n.min(MAX_UNITS)
}

/// The limit per minute that applies (0: unknown, so unlimited).
pub fn limit(state: &FleetState, dimension: Dimension, config: &FleetConfig) -> u64 {
    let configured = match dimension {
        Dimension::Requests => config.requests_per_minute,
        Dimension::InputTokens => config.input_tokens_per_minute,
        Dimension::OutputTokens => config.output_tokens_per_minute,
    }
    .unwrap_or(0)
    .min(MAX_UNITS);
    let learned = bucket(state, dimension).learned_limit.min(MAX_UNITS);
    match (configured, learned) {
        (0, l) | (l, 0) => l,
        (c, l) => c.min(l),
    }
}

/// A bucket's capacity in units: its burst's refill, at least one unit, at most the minute's limit.
pub fn capacity(dimension: Dimension, limit: u64, config: &FleetConfig) -> u64 {
    let burst_ms = match dimension {
        Dimension::Requests => config.burst_ms,
        Dimension::InputTokens | Dimension::OutputTokens => config.token_burst_ms,
    };
    (limit * burst_ms / TICKS_PER_UNIT).clamp(1, limit.max(1))
}

/// The debt left at `now_ms` (no refill for an instant before the bucket's).
fn debt_at(bucket: &Bucket, limit: u64, now_ms: i64) -> u64 {
    let elapsed = now_ms.saturating_sub(bucket.at_ms).max(0) as u64;
    if elapsed >= bucket.debt.div_ceil(limit) {
        0
    } else {
        bucket.debt - elapsed * limit
    }
}

/// When `units` more fit in the bucket (`None`: now).
fn ready_at(
    dimension: Dimension,
    bucket: &Bucket,
    units: u64,
    limit: u64,
    config: &FleetConfig,
    now_ms: i64,
) -> Option<i64> {
    let capacity_ticks = capacity(dimension, limit, config) * TICKS_PER_UNIT;
    let target = capacity_ticks - (units * TICKS_PER_UNIT).min(capacity_ticks);
    if debt_at(bucket, limit, now_ms) <= target {
        return None;
    }
    Some(bucket.at_ms + (bucket.debt - target).div_ceil(limit) as i64)
}

fn reserve(
    state: &mut FleetState,
    cost: &Cost,
    deadline_ms: Option<i64>,
    lease_ms: u64,
    now_ms: i64,
    config: &FleetConfig,
) -> Verdict {
    let mut wait: Option<(i64, WaitReason)> =
        (state.paused_until_ms > now_ms).then_some((state.paused_until_ms, WaitReason::Paused));
    for dimension in DIMENSIONS {
        let limit = limit(state, dimension, config);
        let units = units(cost, dimension);
        if limit == 0 || units == 0 {
            continue;
        }
        if units > limit {
            return Verdict::Refuse {
                refusal: Refusal::CostOverLimit { dimension, limit },
            };
        }
        if let Some(at) = ready_at(dimension, bucket(state, dimension), units, limit, config, now_ms) {
            if wait.is_none_or(|(w, _)| at > w) {
                wait = Some((at, WaitReason::Bucket { dimension }));
            }
        }
    }
    if let Some((at_ms, reason)) = wait {
        if deadline_ms.is_some_and(|d| at_ms > d) {
            return Verdict::Refuse {
                refusal: Refusal::PastDeadline { until_ms: at_ms },
            };
        }
        return Verdict::WaitUntil { at_ms, reason };
    }
    if in_flight(state, now_ms) >= allowed(state) {
        return Verdict::WaitForRelease;
    }
    for dimension in DIMENSIONS {
        let limit = limit(state, dimension, config);
        let units = units(cost, dimension);
        if units == 0 {
            continue;
        }
        let b = bucket_mut(state, dimension);
        // With the limit still unknown nothing drains, but what was sent is counted, so the first `-limit` header
        // finds the burst already spent (see `observe_limits`).
        let debt = if limit == 0 {
            b.debt
        } else {
            debt_at(b, limit, now_ms)
        };
        b.debt = (debt + units * TICKS_PER_UNIT).min(MAX_UNITS * TICKS_PER_UNIT);
        b.at_ms = b.at_ms.max(now_ms);
    }
    let seq = state.next_seq;
    state.next_seq += 1;
    // Ended leases go only when a send is admitted, so a reservation that waits leaves the state as it was.
    state.leases.retain(|l| l.until_ms > now_ms);
    state.leases.push(Lease {
        seq,
        until_ms: now_ms.saturating_add(lease_ms.clamp(1, MAX_LEASE_MS) as i64),
    });
    Verdict::Admit { seq }
}

/// `-limit` becomes the learned limit; `-remaining` empties the bucket down to what the server has left.
fn observe_limits(state: &mut FleetState, limits: &Observed, now_ms: i64, config: &FleetConfig) {
    let windows = [
        (Dimension::Requests, limits.requests),
        (Dimension::InputTokens, limits.input_tokens),
        (Dimension::OutputTokens, limits.output_tokens),
    ];
    for (dimension, window) in windows {
        let Some(window) = window else { continue };
        let before = limit(state, dimension, config);
        if let Some(l) = window.limit.filter(|l| *l > 0) {
            bucket_mut(state, dimension).learned_limit = l.min(MAX_UNITS);
        }
        let limit = limit(state, dimension, config);
        if before == 0 && limit > 0 {
            // What was sent before any limit was known drains from its last send at the limit now learned, and
            // owes at most an empty bucket: a long run without headers does not turn into a long wait.
            let b = bucket_mut(state, dimension);
            b.debt = b.debt.min(capacity(dimension, limit, config) * TICKS_PER_UNIT);
        }
        let Some(remaining) = window.remaining else {
            continue;
        };
        if limit == 0 {
            continue;
        }
        let capacity = capacity(dimension, limit, config);
        let floor = (capacity - remaining.min(capacity)) * TICKS_PER_UNIT;
        let b = bucket_mut(state, dimension);
        let debt = debt_at(b, limit, now_ms);
        if floor > debt {
            b.debt = floor;
            b.at_ms = b.at_ms.max(now_ms);
        }
    }
}

/// Sends whose lease has not ended at `now_ms`.
pub fn in_flight(state: &FleetState, now_ms: i64) -> u64 {
    state.leases.iter().filter(|l| l.until_ms > now_ms).count() as u64
}

fn end_lease(state: &mut FleetState, seq: u64) {
    state.leases.retain(|l| l.seq != seq);
}

/// Requests the window lets be in flight (at least one).
fn allowed(state: &FleetState) -> u64 {
    (state.window_milli / MILLI).max(1)
}

fn pause(state: &mut FleetState, now_ms: i64, ms: u64) {
    let until = now_ms.saturating_add(ms.min(MAX_PAUSE_MS) as i64);
    state.paused_until_ms = state.paused_until_ms.max(until);
}

fn grow(state: &mut FleetState, config: &FleetConfig) {
    let step = if state.window_milli < state.slow_start_until_milli {
        MILLI
    } else {
        (MILLI * MILLI / state.window_milli).max(1)
    };
    state.window_milli = (state.window_milli + step).min(u64::from(config.max_window) * MILLI);
}

fn shrink(state: &mut FleetState, seq: u64, backoff_ms: u64, now_ms: i64, config: &FleetConfig) {
    let min = u64::from(config.min_window) * MILLI;
    if seq >= state.recovery_seq && state.window_milli > min {
        let permille = if state.window_milli < state.slow_start_until_milli {
            500
        } else {
            u64::from(config.decrease_permille)
        };
        state.window_milli = (state.window_milli * permille / MILLI).max(min);
        state.slow_start_until_milli = state.window_milli;
        state.recovery_seq = state.next_seq;
    }
    if in_flight(state, now_ms) < allowed(state) {
        // The window does not hold this retry back: the server is full even so, so every send waits.
        pause(state, now_ms, backoff_ms);
    }
}

/// Bounds that make sense whatever a caller (JSON, JavaScript) gave.
fn sane(config: &FleetConfig) -> FleetConfig {
    let min_window = config.min_window.clamp(1, 100_000);
    let max_window = config.max_window.clamp(min_window, 100_000);
    FleetConfig {
        burst_ms: config.burst_ms.clamp(1, 3_600_000),
        token_burst_ms: config.token_burst_ms.clamp(1, 3_600_000),
        min_window,
        max_window,
        initial_window: config.initial_window.clamp(min_window, max_window),
        decrease_permille: if (1..1000).contains(&config.decrease_permille) {
            config.decrease_permille
        } else {
            700
        },
        ..config.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const ONE: Cost = Cost {
        requests: 1,
        input_tokens: 0,
        output_tokens: 0,
    };

    fn rpm(n: u64) -> FleetConfig {
        FleetConfig {
            requests_per_minute: Some(n),
            max_window: 100_000,
            initial_window: 100_000,
            ..FleetConfig::default()
        }
    }

    fn reserve_at(state: &FleetState, cost: Cost, now: i64, config: &FleetConfig) -> (FleetState, Verdict) {
        step(
            state,
            &Event::Reserve {
                cost,
                deadline_ms: None,
                lease_ms: DEFAULT_LEASE_MS,
            },
            now,
            config,
        )
    }

    #[test]
    fn sixty_rpm_bursts_six_then_one_per_second() {
        let config = rpm(60);
        let mut state = FleetState::new(&config);
        for i in 0..6 {
            let (next, verdict) = reserve_at(&state, ONE, 1_000, &config);
            assert_eq!(verdict, Verdict::Admit { seq: i });
            state = next;
        }
        let (same, verdict) = reserve_at(&state, ONE, 1_000, &config);
        assert_eq!(same, state, "a wait changes nothing");
        assert_eq!(
            verdict,
            Verdict::WaitUntil {
                at_ms: 2_000,
                reason: WaitReason::Bucket {
                    dimension: Dimension::Requests
                }
            }
        );
        let (state, verdict) = reserve_at(&state, ONE, 2_000, &config);
        assert_eq!(verdict, Verdict::Admit { seq: 6 });
        assert!(matches!(
            reserve_at(&state, ONE, 2_999, &config).1,
            Verdict::WaitUntil { at_ms: 3_000, .. }
        ));
    }

    #[test]
    fn output_tokens_count_max_tokens_and_oversized_costs() {
        let config = FleetConfig {
            output_tokens_per_minute: Some(8_000),
            token_burst_ms: 6_000,
            ..FleetConfig::default()
        };
        let state = FleetState::new(&config);
        let cost = |output_tokens| Cost {
            requests: 1,
            input_tokens: 10,
            output_tokens,
        };
        // Burst 800 tokens; 4,096 fits only an empty bucket and leaves it in debt.
        let (state, verdict) = reserve_at(&state, cost(4_096), 0, &config);
        assert_eq!(verdict, Verdict::Admit { seq: 0 });
        let (_, verdict) = reserve_at(&state, cost(100), 0, &config);
        // Owed 4,096 of 800: the 100 fit once 3,396 have drained, at 8,000 a minute.
        assert!(
            matches!(verdict, Verdict::WaitUntil { at_ms: 25_470, .. }),
            "{verdict:?}"
        );
        let (_, verdict) = reserve_at(&state, cost(8_001), 0, &config);
        assert_eq!(
            verdict,
            Verdict::Refuse {
                refusal: Refusal::CostOverLimit {
                    dimension: Dimension::OutputTokens,
                    limit: 8_000
                }
            }
        );
    }

    #[test]
    fn headers_teach_the_limit_and_empty_the_bucket() {
        let config = FleetConfig::default();
        let state = FleetState::new(&config);
        let (state, _) = reserve_at(&state, ONE, 0, &config);
        let limits = RateLimits {
            requests: Some(RateLimitWindow {
                limit: Some(50),
                remaining: Some(0),
                ..RateLimitWindow::default()
            }),
            ..RateLimits::default()
        };
        let observe = Event::ObserveLimits {
            limits: Observed::from(&limits),
        };
        let (state, verdict) = step(&state, &observe, 100, &config);
        assert_eq!(verdict, Verdict::Noted);
        assert_eq!(limit(&state, Dimension::Requests, &config), 50);
        // A response with only the older combined `tokens` window speaks for input tokens.
        let older = RateLimits {
            tokens: Some(RateLimitWindow {
                limit: Some(40_000),
                remaining: Some(100),
                ..RateLimitWindow::default()
            }),
            ..RateLimits::default()
        };
        assert_eq!(
            Observed::from(&older).input_tokens,
            Some(Seen {
                limit: Some(40_000),
                remaining: Some(100)
            })
        );
        // Capacity 5; empty at 100 ms, one request refills in 1.2 s.
        assert!(matches!(
            reserve_at(&state, ONE, 100, &config).1,
            Verdict::WaitUntil { at_ms: 1_300, .. }
        ));
    }

    #[test]
    fn sends_before_the_limit_is_known_count_once_it_is() {
        let config = FleetConfig {
            initial_window: 1_000,
            max_window: 1_000,
            ..FleetConfig::default()
        };
        let mut state = FleetState::new(&config);
        for _ in 0..40 {
            state = reserve_at(&state, ONE, 0, &config).0;
        }
        // 600 RPM bursts 60: the header's `remaining` is the minute's (540 left), which says nothing of the burst.
        let observe = Event::ObserveLimits {
            limits: Observed {
                requests: Some(Seen {
                    limit: Some(600),
                    remaining: Some(540),
                }),
                ..Observed::default()
            },
        };
        state = step(&state, &observe, 0, &config).0;
        for _ in 0..20 {
            let (next, verdict) = reserve_at(&state, ONE, 0, &config);
            assert!(matches!(verdict, Verdict::Admit { .. }), "{verdict:?}");
            state = next;
        }
        assert!(matches!(
            reserve_at(&state, ONE, 0, &config).1,
            Verdict::WaitUntil { at_ms: 100, .. }
        ));
        // Without headers for a long time, the first one owes at most an empty bucket (60 at 600 RPM: 6 s).
        let mut state = FleetState::new(&config);
        for t in 0..900 {
            state = reserve_at(&state, ONE, t * 4_000, &config).0;
        }
        state = step(&state, &observe, 3_600_000, &config).0;
        assert_eq!(
            (state.requests.debt, state.requests.at_ms),
            (60 * TICKS_PER_UNIT, 3_596_000)
        );
    }

    #[test]
    fn overload_window_mirrors_admission() {
        let config = FleetConfig {
            initial_window: 1,
            ..FleetConfig::default()
        };
        let state = FleetState::new(&config);
        let (state, verdict) = reserve_at(&state, ONE, 0, &config);
        assert_eq!(verdict, Verdict::Admit { seq: 0 });
        assert_eq!(reserve_at(&state, ONE, 0, &config).1, Verdict::WaitForRelease);
        let overloaded = Event::ObserveOutcome {
            seq: 0,
            outcome: Outcome::Overloaded { backoff_ms: 1_500 },
        };
        let (state, _) = step(&state, &overloaded, 10, &config);
        assert_eq!(
            state.paused_until_ms, 1_510,
            "a lone caller's 529 pauses everyone"
        );
        assert!(matches!(
            reserve_at(&state, ONE, 11, &config).1,
            Verdict::WaitUntil {
                at_ms: 1_510,
                reason: WaitReason::Paused
            }
        ));
        let deadline = Event::Reserve {
            cost: ONE,
            deadline_ms: Some(1_000),
            lease_ms: DEFAULT_LEASE_MS,
        };
        assert_eq!(
            step(&state, &deadline, 11, &config).1,
            Verdict::Refuse {
                refusal: Refusal::PastDeadline { until_ms: 1_510 }
            }
        );
        let (state, verdict) = reserve_at(&state, ONE, 1_510, &config);
        assert_eq!(verdict, Verdict::Admit { seq: 1 });
        let (state, _) = step(
            &state,
            &Event::ObserveOutcome {
                seq: 1,
                outcome: Outcome::Success,
            },
            1_600,
            &config,
        );
        assert_eq!(
            state.window_milli,
            1_000 + 1_000,
            "slow start again from the minimum"
        );
        let (state, _) = step(
            &state,
            &Event::ObserveOutcome {
                seq: 9,
                outcome: Outcome::RateLimited {
                    retry_after_ms: Some(20_000),
                },
            },
            2_000,
            &config,
        );
        assert_eq!(state.paused_until_ms, 22_000);
    }

    #[test]
    fn a_lease_that_ends_gives_its_slot_back_and_a_late_outcome_still_teaches() {
        let config = FleetConfig {
            initial_window: 1,
            ..FleetConfig::default()
        };
        let reserve = |lease_ms| Event::Reserve {
            cost: ONE,
            deadline_ms: None,
            lease_ms,
        };
        let (state, verdict) = step(&FleetState::new(&config), &reserve(5_000), 0, &config);
        assert_eq!(verdict, Verdict::Admit { seq: 0 });
        // Its process died: nothing reports seq 0, and the window of one stays full until the lease ends.
        assert_eq!(
            step(&state, &reserve(5_000), 4_999, &config).1,
            Verdict::WaitForRelease
        );
        let (state, verdict) = step(&state, &reserve(5_000), 5_000, &config);
        assert_eq!(verdict, Verdict::Admit { seq: 1 });
        assert_eq!(
            state.leases,
            vec![Lease {
                seq: 1,
                until_ms: 10_000
            }],
            "the ended lease is gone"
        );
        // Seq 0 reports after all: it frees nothing (its slot went back) but the window still learns.
        let (state, _) = step(
            &state,
            &Event::ObserveOutcome {
                seq: 0,
                outcome: Outcome::Success,
            },
            5_001,
            &config,
        );
        assert_eq!(in_flight(&state, 5_001), 1);
        assert_eq!(state.window_milli, 2_000);
        // A lease asked for longer than an hour is cut to one.
        let (state, _) = step(&state, &reserve(u64::MAX), 6_000, &config);
        assert_eq!(state.leases[1].until_ms, 6_000 + 3_600_000);
    }

    #[test]
    fn a_reservation_without_a_lease_gets_the_default() {
        let event: Event = serde_json::from_str(
            r#"{"reserve":{"cost":{"requests":1,"input_tokens":0,"output_tokens":0},"deadline_ms":null}}"#,
        )
        .unwrap();
        assert!(matches!(
            event,
            Event::Reserve {
                lease_ms: DEFAULT_LEASE_MS,
                ..
            }
        ));
    }

    /// An event with a time step, for sequences.
    fn event() -> impl Strategy<Value = (u16, Event)> {
        let cost =
            (1u64..3, 0u64..3_000, 0u64..5_000).prop_map(|(requests, input_tokens, output_tokens)| Cost {
                requests,
                input_tokens,
                output_tokens,
            });
        let reserve = (cost, proptest::option::of(0i64..5_000), 1u64..20_000).prop_map(
            |(cost, deadline_ms, lease_ms)| Event::Reserve {
                cost,
                deadline_ms,
                lease_ms,
            },
        );
        let outcome = prop_oneof![
            Just(Outcome::Success),
            (0u64..3_000).prop_map(|backoff_ms| Outcome::Overloaded { backoff_ms }),
            proptest::option::of(0u64..10_000)
                .prop_map(|retry_after_ms| Outcome::RateLimited { retry_after_ms }),
        ];
        let seen = |limits: std::ops::Range<u64>, remaining: std::ops::Range<u64>| {
            proptest::option::of(
                (proptest::option::of(limits), proptest::option::of(remaining))
                    .prop_map(|(limit, remaining)| Seen { limit, remaining }),
            )
        };
        let observe = (
            seen(0..200, 0..40),
            seen(0..60_000, 0..5_000),
            seen(0..20_000, 0..5_000),
        )
            .prop_map(|(requests, input_tokens, output_tokens)| Event::ObserveLimits {
                limits: Observed {
                    requests,
                    input_tokens,
                    output_tokens,
                },
            });
        let event = prop_oneof![
            6 => reserve,
            2 => (0u64..64, outcome).prop_map(|(seq, outcome)| Event::ObserveOutcome { seq, outcome }),
            1 => (0u64..64).prop_map(|seq| Event::Release { seq }),
            1 => observe,
        ];
        (0u16..2_000, event)
    }

    /// The largest cost and longest pause [`event`] generates.
    const LARGEST: Cost = Cost {
        requests: 2,
        input_tokens: 3_000,
        output_tokens: 5_000,
    };

    fn fleet_config() -> FleetConfig {
        FleetConfig {
            requests_per_minute: Some(120),
            input_tokens_per_minute: Some(40_000),
            output_tokens_per_minute: Some(16_000),
            // Small token buckets, so sends bigger than the burst occur.
            token_burst_ms: 6_000,
            ..FleetConfig::default()
        }
    }

    /// Runs a sequence from a fresh state: every verdict with its time and event.
    fn run(events: &[(u16, Event)], config: &FleetConfig) -> Vec<(i64, Event, Verdict, FleetState)> {
        let mut state = FleetState::new(config);
        let mut now = 1_700_000_000_000i64;
        let mut out = Vec::new();
        for (dt, event) in events {
            now += i64::from(*dt);
            let (next, verdict) = step(&state, event, now, config);
            state = next;
            out.push((now, event.clone(), verdict, state.clone()));
        }
        out
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(500))]

        #[test]
        fn never_admits_beyond_bucket_and_refill(events in proptest::collection::vec(event(), 1..200)) {
            let config = fleet_config();
            let admitted: Vec<(i64, Cost)> = run(&events, &config)
                .into_iter()
                .filter_map(|(now, event, verdict, _)| match (event, verdict) {
                    (Event::Reserve { cost, .. }, Verdict::Admit { .. }) => Some((now, cost)),
                    _ => None,
                })
                .collect();
            for dimension in DIMENSIONS {
                let limit = limit(&FleetState::new(&config), dimension, &config);
                let capacity = capacity(dimension, limit, &config);
                let excess = admitted.iter().map(|(_, c)| units(c, dimension).saturating_sub(capacity)).max().unwrap_or(0);
                for i in 0..admitted.len() {
                    let mut sum = 0;
                    for j in i..admitted.len() {
                        sum += units(&admitted[j].1, dimension);
                        let span = (admitted[j].0 - admitted[i].0) as u64;
                        prop_assert!(
                            sum * TICKS_PER_UNIT <= (capacity + excess) * TICKS_PER_UNIT + span * limit,
                            "{dimension:?}: {sum} units in {span} ms"
                        );
                    }
                }
            }
        }

        #[test]
        fn waits_are_exact_monotone_and_bounded(events in proptest::collection::vec(event(), 1..120), probe in 0u64..1_000) {
            let config = fleet_config();
            for (now, event, verdict, state) in run(&events, &config) {
                let Verdict::WaitUntil { at_ms, reason } = verdict else { continue };
                let Event::Reserve { cost, .. } = event else { unreachable!() };
                if reason == WaitReason::Paused {
                    prop_assert_eq!(at_ms, state.paused_until_ms);
                } else {
                    // The bucket can owe its largest capacity (at the configured limit, before a header taught a
                    // lower one) plus one whole send (the generator's largest), drained at today's limit.
                    let bound = DIMENSIONS.iter().map(|d| {
                        let l = limit(&state, *d, &config);
                        let widest = limit(&FleetState::new(&config), *d, &config);
                        (capacity(*d, widest, &config) + units(&LARGEST, *d)) * TICKS_PER_UNIT / l + 1
                    }).max().unwrap() as i64;
                    prop_assert!(at_ms - now <= bound, "{at_ms} from {now}");
                }
                prop_assert!(at_ms > now, "{at_ms} from {now}");
                // Asking again before the time gives the same time; at it, no time-based wait.
                let again = now + (probe as i64) % (at_ms - now);
                let (_, later) = reserve_at(&state, cost, again, &config);
                prop_assert!(matches!(later, Verdict::WaitUntil { at_ms: a, .. } if a == at_ms), "{later:?}");
                let (_, at) = reserve_at(&state, cost, at_ms, &config);
                prop_assert!(matches!(at, Verdict::Admit { .. } | Verdict::WaitForRelease), "{at:?}");
            }
        }

        #[test]
        fn round_trips_mid_sequence_and_is_deterministic(events in proptest::collection::vec(event(), 2..120), cut in 0usize..120) {
            let config = fleet_config();
            let straight = run(&events, &config);
            prop_assert_eq!(&straight, &run(&events, &config));
            let cut = cut % events.len();
            let mut state = FleetState::new(&config);
            let mut now = 1_700_000_000_000i64;
            for (i, (dt, event)) in events.iter().enumerate() {
                if i == cut {
                    let json = serde_json::to_string(&state).unwrap();
                    state = serde_json::from_str(&json).unwrap();
                    let config_json = serde_json::to_string(&config).unwrap();
                    prop_assert_eq!(serde_json::from_str::<FleetConfig>(&config_json).unwrap(), config.clone());
                }
                now += i64::from(*dt);
                let event: Event = serde_json::from_str(&serde_json::to_string(event).unwrap()).unwrap();
                let (next, verdict) = step(&state, &event, now, &config);
                state = next;
                prop_assert_eq!(&verdict, &straight[i].2);
                prop_assert_eq!(&state, &straight[i].3);
            }
        }

        #[test]
        fn every_number_stays_exact_in_a_double(events in proptest::collection::vec(event(), 1..120)) {
            let config = fleet_config();
            for (_, _, _, state) in run(&events, &config) {
                for b in [state.requests, state.input_tokens, state.output_tokens] {
                    prop_assert!(b.debt < 1 << 53);
                }
            }
        }
    }
}
