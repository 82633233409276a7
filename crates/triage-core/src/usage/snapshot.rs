//! One snapshot of everything the responses so far said about usage and limits, folded one response at a time,
//! and what it projects: at the observed pace, does a window run out before it resets?
//!
//! The limits are token buckets that refill continuously, `-reset` being when a bucket would be full again, so a
//! window refills at `(limit − remaining) / (reset − now)` (as in `retry::pacing`). The observed pace is this
//! client's own consumption over the last minute, counted by the API's rules (see [`Dimension::consumption`]). A
//! window runs out when the pace beats the refill: after `remaining / (pace − refill)`.

use super::block::{self, UsageBlock};
use super::limits::{self, Dimension, OtherLimit};
use super::warning::{balance_warnings, usd, Warning, WarningCode, BALANCE_NEAR_REQUESTS};
use crate::display;
use crate::estimate::{pricing, Estimate};
use crate::response::headers::Headers;
use crate::response::RateLimitWindow;
use serde::{Deserialize, Serialize};

/// The observed pace looks back this far: the limits are per minute.
pub const HORIZON_MS: i64 = 60_000;
/// At most this many recent requests are kept for the pace.
const MAX_RECENT: usize = 512;
/// Below this share of its limit a window warns.
const LOW_FRACTION: f64 = 0.10;

/// One response, as the caller saw it.
#[derive(Debug, Clone, Copy)]
pub struct Observation<'a> {
    /// `None` when no response arrived (it is not counted).
    pub status: Option<u16>,
    pub headers: &'a [(String, String)],
    pub body: &'a str,
    /// The caller's clock when the response arrived (Unix epoch ms).
    pub now_ms: i64,
    /// The request's `max_tokens`, which output limits count up front; without it the response's output tokens.
    pub max_tokens: Option<u64>,
    /// The request's model, for the price when the body does not name one.
    pub model: Option<&'a str>,
}

/// A window as last seen, its reset moved onto the caller's clock.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "js", derive(tsify::Tsify), serde(rename_all = "camelCase"))]
pub struct Window {
    pub dimension: Dimension,
    pub limit: Option<u64>,
    pub remaining: Option<u64>,
    /// The `-reset` header as sent.
    pub reset: Option<String>,
    /// The reset on the caller's clock: the header's time minus the response's `Date`, plus `observed_at_ms`, so a
    /// skewed clock does not move it.
    pub reset_at_ms: Option<i64>,
    pub observed_at_ms: i64,
}

/// What one request took, per dimension, for the pace.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "js", derive(tsify::Tsify), serde(rename_all = "camelCase"))]
pub struct Spend {
    pub at_ms: i64,
    pub usage: UsageBlock,
    pub max_tokens: Option<u64>,
}

/// Everything the responses so far said. Plain data: keep one per client, fold each response in, ask for a
/// [`UsageReport`] whenever the time changes.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "js", derive(tsify::Tsify), serde(rename_all = "camelCase"))]
#[serde(default)]
pub struct UsageSnapshot {
    /// Responses folded in (any status).
    pub requests: u64,
    /// Responses that reported usage (successes, streams that started).
    pub requests_with_usage: u64,
    pub totals: UsageBlock,
    /// List-price cost of the usage so far, for the responses whose model the price list has.
    pub cost_usd: f64,
    pub priced_requests: u64,
    /// The balance the caller gave at the start, in USD.
    pub balance_usd: Option<f64>,
    pub windows: Vec<Window>,
    pub other_limits: Vec<OtherLimit>,
    /// The last `retry-after`, as a time on the caller's clock.
    pub retry_not_before_ms: Option<i64>,
    pub last_model: Option<String>,
    /// Requests in the last [`HORIZON_MS`], oldest first.
    pub recent: Vec<Spend>,
}

/// A window's state now and where it is heading.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "js", derive(tsify::Tsify), serde(rename_all = "camelCase"))]
pub struct WindowReport {
    pub dimension: Dimension,
    pub limit: Option<u64>,
    pub remaining: Option<u64>,
    /// `1 − remaining / limit`, for a gauge.
    pub used_fraction: Option<f64>,
    pub reset_in_ms: Option<u64>,
    /// This client's pace over the last minute, per minute.
    pub rate_per_minute: f64,
    /// When the window runs out at that pace (allowing for its refill); `None` when it does not.
    pub runs_out_in_ms: Option<u64>,
    pub runs_out_before_reset: bool,
    /// The projection in words: "at this pace the input-tokens limit runs out in 12 s, before its reset in 40 s".
    pub projection: Option<String>,
}

/// The snapshot as of `now_ms`: totals, windows with projections, warnings, and how long to wait before the next
/// send to keep every window from running dry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "js", derive(tsify::Tsify), serde(rename_all = "camelCase"))]
pub struct UsageReport {
    pub requests: u64,
    pub totals: UsageBlock,
    pub cost_usd: f64,
    /// Responses from models without a price (their cost is not in `cost_usd`).
    pub unpriced_requests: u64,
    pub balance_remaining_usd: Option<f64>,
    pub windows: Vec<WindowReport>,
    pub other_limits: Vec<OtherLimit>,
    /// What is left of the last `retry-after`.
    pub retry_after_ms: Option<u64>,
    pub warnings: Vec<Warning>,
    /// Wait this long before the next send (0: send now).
    pub pace_ms: u64,
}

impl UsageSnapshot {
    pub fn new(balance_usd: Option<f64>) -> Self {
        UsageSnapshot {
            balance_usd,
            ..UsageSnapshot::default()
        }
    }

    /// Folds one response in.
    pub fn observe(&mut self, o: &Observation) {
        if o.status.is_none() {
            return;
        }
        self.requests += 1;
        let h = Headers(o.headers);
        let server_now = h.response_time(Some(o.now_ms)).unwrap_or(o.now_ms);
        for (dimension, w) in limits::windows(o.headers) {
            let window = Window {
                dimension,
                limit: w.limit,
                remaining: w.remaining,
                reset_at_ms: w.reset_at_ms.map(|at| o.now_ms + (at - server_now)),
                reset: w.reset,
                observed_at_ms: o.now_ms,
            };
            match self.windows.iter_mut().find(|x| x.dimension == dimension) {
                Some(old) => *old = window,
                None => self.windows.push(window),
            }
        }
        self.windows.sort_by_key(|w| w.dimension);
        for other in limits::other_limits(o.headers) {
            match self.other_limits.iter_mut().find(|x| x.family == other.family) {
                Some(old) => *old = other,
                None => self.other_limits.push(other),
            }
        }
        if let Some(after) = h.retry_after(Some(o.now_ms)) {
            self.retry_not_before_ms = Some(o.now_ms + after.ms as i64);
        }
        let usage = block::from_body(o.body);
        let (usage, body_model) = usage.unwrap_or_default();
        if usage != UsageBlock::default() {
            self.requests_with_usage += 1;
            self.totals.add(&usage);
        }
        let model = body_model.or_else(|| o.model.map(str::to_string));
        if let Some(cost) = model.as_deref().and_then(|m| list_price(m, &usage)) {
            self.cost_usd += cost;
            self.priced_requests += 1;
        }
        if model.is_some() {
            self.last_model = model;
        }
        self.recent.retain(|s| o.now_ms - s.at_ms < HORIZON_MS);
        if self.recent.len() >= MAX_RECENT {
            self.recent.remove(0);
        }
        self.recent.push(Spend {
            at_ms: o.now_ms,
            usage,
            max_tokens: o.max_tokens,
        });
    }

    /// The rest of a stream whose response [`observe`](Self::observe) folded in when its first events arrived
    /// (`observed_at_ms`: that observation's `now_ms`; `model` as given to it). `rest` is the text of the events
    /// after those: each `message_delta` carries the usage so far, so the final output count (and any other count
    /// it revises) replaces what the start reported, in the totals, the cost and the pace. Nothing changes when
    /// that request is no longer among the recent ones, or `rest` reports no usage.
    pub fn observe_stream_end(&mut self, observed_at_ms: i64, rest: &str, model: Option<&str>) {
        let Some(spend) = self.recent.iter_mut().rev().find(|s| s.at_ms == observed_at_ms) else {
            return;
        };
        let end = block::with_deltas(&spend.usage, rest);
        let growth = end.saturating_sub(&spend.usage);
        if growth == UsageBlock::default() {
            return;
        }
        spend.usage = end;
        self.totals.add(&growth);
        let model = model.map(str::to_string).or_else(|| self.last_model.clone());
        if let Some(cost) = model.as_deref().and_then(|m| list_price(m, &growth)) {
            self.cost_usd += cost;
        }
    }

    /// This client's consumption of `dimension` per ms, over the requests in the last minute: with one request, its
    /// cost spread over the minute; with more, what followed the first over the time since it.
    pub fn rate_per_ms(&self, dimension: Dimension, now_ms: i64) -> f64 {
        let recent: Vec<&Spend> = self
            .recent
            .iter()
            .filter(|s| now_ms - s.at_ms < HORIZON_MS)
            .collect();
        let cost = |s: &Spend| dimension.consumption(&s.usage, s.max_tokens) as f64;
        match recent.as_slice() {
            [] => 0.0,
            [one] => cost(one) / HORIZON_MS as f64,
            [first, rest @ ..] => {
                let spent: f64 = rest.iter().map(|s| cost(s)).sum();
                spent / (now_ms - first.at_ms).max(1_000) as f64
            }
        }
    }

    /// The average a request took from `dimension` lately.
    fn per_request(&self, dimension: Dimension) -> f64 {
        if self.recent.is_empty() {
            return 0.0;
        }
        let total: u64 = self
            .recent
            .iter()
            .map(|s| dimension.consumption(&s.usage, s.max_tokens))
            .sum();
        total as f64 / self.recent.len() as f64
    }

    pub fn window_report(&self, w: &Window, now_ms: i64) -> WindowReport {
        let reset_in_ms = w.reset_at_ms.map(|at| u64::try_from(at - now_ms).unwrap_or(0));
        let rate = self.rate_per_ms(w.dimension, now_ms);
        let refill = refill_per_ms(w, reset_in_ms);
        let runs_out_in_ms = match w.remaining {
            Some(remaining) if rate > refill => Some((remaining as f64 / (rate - refill)).ceil() as u64),
            _ => None,
        };
        let runs_out_before_reset = match (runs_out_in_ms, reset_in_ms) {
            (Some(out), Some(reset)) => out < reset,
            (Some(_), None) => true,
            _ => false,
        };
        let projection = runs_out_in_ms.map(|out| {
            let name = w.dimension.title();
            match reset_in_ms {
                Some(reset) if runs_out_before_reset => format!(
                    "at this pace the {name} limit runs out in {}, before its reset in {}",
                    display::duration(out),
                    display::duration(reset)
                ),
                Some(reset) => format!(
                    "at this pace the {name} limit would run out in {}, after its reset in {}",
                    display::duration(out),
                    display::duration(reset)
                ),
                None => format!(
                    "at this pace the {name} limit runs out in {}",
                    display::duration(out)
                ),
            }
        });
        WindowReport {
            dimension: w.dimension,
            limit: w.limit,
            remaining: w.remaining,
            used_fraction: match (w.limit, w.remaining) {
                (Some(limit), Some(remaining)) if limit > 0 => {
                    Some(1.0 - (remaining.min(limit) as f64 / limit as f64))
                }
                _ => None,
            },
            reset_in_ms,
            rate_per_minute: rate * 60_000.0,
            runs_out_in_ms,
            runs_out_before_reset,
            projection,
        }
    }

    /// The snapshot as of `now_ms`.
    pub fn report(&self, now_ms: i64) -> UsageReport {
        let windows: Vec<WindowReport> = self
            .windows
            .iter()
            .map(|w| self.window_report(w, now_ms))
            .collect();
        let mut warnings = Vec::new();
        for r in &windows {
            let low = matches!((r.limit, r.remaining), (Some(l), Some(rem)) if (rem as f64) < l as f64 * LOW_FRACTION);
            if !(low || r.runs_out_before_reset) {
                continue;
            }
            let message = match (&r.projection, r.remaining, r.limit) {
                (Some(p), _, _) if r.runs_out_before_reset => capitalised(p),
                (_, Some(rem), Some(limit)) => {
                    format!(
                        "The {} limit is nearly used up: {rem} of {limit} remain.",
                        r.dimension.title()
                    )
                }
                _ => format!("The {} limit is nearly used up.", r.dimension.title()),
            };
            warnings.push(Warning::new(code_for(r.dimension), message));
        }
        for other in self.other_limits.iter().filter(|o| o.warns()) {
            let status = other
                .fields
                .iter()
                .find(|(k, _)| k.ends_with("status"))
                .map_or("", |(_, v)| v.as_str());
            warnings.push(Warning::new(
                WarningCode::RateLimitNear,
                format!("The {} limits say {status}.", other.family),
            ));
        }
        let balance_remaining_usd = self.balance_usd.map(|b| b - self.cost_usd);
        if let (Some(remaining), true) = (balance_remaining_usd, self.priced_requests > 0) {
            let average = self.cost_usd / self.priced_requests as f64;
            if remaining <= 0.0 {
                warnings.push(Warning::new(
                    WarningCode::BalanceNear,
                    format!("The balance is used up: ${} spent so far.", usd(self.cost_usd)),
                ));
            } else if average * BALANCE_NEAR_REQUESTS > remaining {
                warnings.push(Warning::new(
                    WarningCode::BalanceNear,
                    format!(
                        "About ${} of the balance remains: {} more requests at the average so far (${} each).",
                        usd(remaining),
                        (remaining / average).floor(),
                        usd(average)
                    ),
                ));
            }
        }
        UsageReport {
            requests: self.requests,
            totals: self.totals.clone(),
            cost_usd: self.cost_usd,
            unpriced_requests: self.requests_with_usage.saturating_sub(self.priced_requests),
            balance_remaining_usd,
            pace_ms: self.pace_ms(&windows, now_ms),
            windows,
            other_limits: self.other_limits.clone(),
            retry_after_ms: self
                .retry_not_before_ms
                .and_then(|at| u64::try_from(at - now_ms).ok())
                .filter(|ms| *ms > 0),
            warnings,
        }
    }

    /// How long to hold the next send so no window runs dry before its reset: in a window projected to run out
    /// (or below its low-water mark), requests are spaced so that the remaining budget plus the refill lasts until
    /// the reset; never longer than the reset itself, and never shorter than a pending `retry-after`.
    fn pace_ms(&self, reports: &[WindowReport], now_ms: i64) -> u64 {
        let last_at = self.recent.last().map_or(now_ms, |s| s.at_ms);
        let mut delay = self
            .retry_not_before_ms
            .map_or(0, |at| u64::try_from(at - now_ms).unwrap_or(0));
        for (w, r) in self.windows.iter().zip(reports) {
            let low = matches!((r.limit, r.remaining), (Some(l), Some(rem)) if (rem as f64) < l as f64 * LOW_FRACTION);
            let (Some(remaining), Some(reset_in)) = (r.remaining, r.reset_in_ms) else {
                continue;
            };
            if !(low || r.runs_out_before_reset) || reset_in == 0 {
                continue;
            }
            let per_request = self.per_request(w.dimension);
            if per_request <= 0.0 {
                continue;
            }
            let sustainable = remaining as f64 / reset_in as f64 + refill_per_ms(w, Some(reset_in));
            let gap = if sustainable > 0.0 {
                (per_request / sustainable).ceil() as i64
            } else {
                reset_in as i64
            };
            let wait = u64::try_from(last_at + gap - now_ms).unwrap_or(0).min(reset_in);
            delay = delay.max(wait);
        }
        delay
    }

    /// The warnings for sending `estimate` next: the snapshot's own, plus whether its tokens fit what the windows
    /// have left and its worst-case cost what the balance has left.
    pub fn preflight(&self, estimate: &Estimate, now_ms: i64) -> Vec<Warning> {
        let report = self.report(now_ms);
        let mut warnings = report.warnings;
        let input = estimate.input_tokens.high;
        let output = estimate.max_output_tokens;
        for w in &report.windows {
            let Some(remaining) = w.remaining else {
                continue;
            };
            let need = match w.dimension {
                Dimension::Requests => 1,
                Dimension::Tokens => input + output,
                Dimension::InputTokens => input,
                Dimension::OutputTokens => output,
                // Priority Tier and fast mode apply only to requests that ask for them.
                _ => continue,
            };
            if need > remaining {
                warnings.push(Warning::new(
                    code_for(w.dimension),
                    format!(
                        "This request needs up to {need} {}, and {remaining} remain until the reset{}.",
                        w.dimension.title(),
                        w.reset_in_ms
                            .map(|ms| format!(" in {}", display::duration(ms)))
                            .unwrap_or_default()
                    ),
                ));
            }
        }
        if let (Some(cost), Some(remaining)) = (estimate.cost_usd, report.balance_remaining_usd) {
            warnings.extend(balance_warnings(cost.high, remaining));
        }
        dedupe(warnings)
    }
}

/// What `usage` costs at `model`'s list price, if the price list has the model.
fn list_price(model: &str, usage: &UsageBlock) -> Option<f64> {
    let price = pricing::find(model)?;
    let write_1h = usage
        .cache_creation_1h_input_tokens
        .min(usage.cache_creation_input_tokens);
    Some(price.cost(
        pricing::Billed {
            input: usage.input_tokens as f64,
            cache_write_5m: (usage.cache_creation_input_tokens - write_1h) as f64,
            cache_write_1h: write_1h as f64,
            cache_read: usage.cache_read_input_tokens as f64,
            output: usage.output_tokens as f64,
        },
        false,
    ))
}

fn refill_per_ms(w: &Window, reset_in_ms: Option<u64>) -> f64 {
    match (w.limit, w.remaining, reset_in_ms) {
        (Some(limit), Some(remaining), Some(reset)) if reset > 0 => {
            limit.saturating_sub(remaining) as f64 / reset as f64
        }
        _ => 0.0,
    }
}

fn code_for(dimension: Dimension) -> WarningCode {
    if dimension.is_requests() {
        WarningCode::RateLimitNear
    } else {
        WarningCode::TokensLimitNear
    }
}

fn capitalised(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => format!("{}{}.", first.to_ascii_uppercase(), chars.as_str()),
        None => String::new(),
    }
}

/// Keeps the first warning of each message (a window can warn for two reasons with one sentence).
fn dedupe(warnings: Vec<Warning>) -> Vec<Warning> {
    let mut out: Vec<Warning> = Vec::new();
    for w in warnings {
        if !out.iter().any(|o| o.message == w.message) {
            out.push(w);
        }
    }
    out
}

/// A window as the explanation reads it, for callers that hold one.
impl From<&Window> for RateLimitWindow {
    fn from(w: &Window) -> Self {
        RateLimitWindow {
            limit: w.limit,
            remaining: w.remaining,
            reset: w.reset.clone(),
            reset_at_ms: w.reset_at_ms,
        }
    }
}
