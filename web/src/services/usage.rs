//! The usage panel's logic, pure: every response the page receives folded into the core's `UsageSnapshot`, the
//! "my balance" field read without ever failing, and the composer's estimate line. The balance stays in memory.

use crate::state::Attempt;
use triage_core::estimate::{estimate, Estimate, EstimateOptions};
use triage_core::usage::{usd, Observation, UsageSnapshot, Warning, WindowReport};

/// Larger balances are refused rather than carried through the arithmetic.
pub const BALANCE_MAX_USD: f64 = 1e9;

/// What the panel keeps between renders.
#[derive(Clone, PartialEq, Default, Debug)]
pub struct Usage {
    pub snapshot: UsageSnapshot,
    /// The balance field as typed.
    pub balance_text: String,
    /// Why the typed balance is not used, when it is not.
    pub balance_error: Option<String>,
}

/// The request a send was for, as far as the usage counts need it.
#[derive(Clone, PartialEq, Default, Debug)]
pub struct Sent {
    pub model: Option<String>,
    pub max_tokens: Option<u64>,
}

impl Sent {
    pub fn of(estimate: Option<&Estimate>) -> Sent {
        estimate.map_or_else(Sent::default, |e| Sent {
            model: e.model.clone(),
            max_tokens: Some(e.max_output_tokens),
        })
    }
}

impl Usage {
    /// Folds in one attempt's answer, received at `now_ms` (Unix epoch ms). Attempts without an answer (a network
    /// error) are not counted, as the core says.
    pub fn observe(&mut self, attempt: &Attempt, now_ms: i64, sent: &Sent) {
        let Some(raw) = attempt.raw.as_deref() else {
            return;
        };
        self.snapshot.observe(&Observation {
            status: attempt.status,
            headers: &raw.headers,
            body: raw.usage_body(),
            now_ms,
            max_tokens: sent.max_tokens,
            model: sent.model.as_deref(),
        });
    }

    /// Reads the balance field; garbage or an absurd number leaves no balance and says why.
    pub fn set_balance(&mut self, text: String) {
        let parsed = parse_balance(&text);
        self.snapshot.balance_usd = parsed.clone().ok().flatten();
        self.balance_error = parsed.err();
        self.balance_text = text;
    }

    /// The warnings to show now: the snapshot's own (windows, balance left), and with a request estimate, whether
    /// it fits what the windows and the balance have left.
    pub fn warnings(&self, estimate: Option<&Estimate>, now_ms: i64) -> Vec<Warning> {
        match estimate {
            Some(e) => self.snapshot.preflight(e, now_ms),
            None => self.snapshot.report(now_ms).warnings,
        }
    }
}

/// `""` → no balance; `"5"`, `"$12.50"`, `" 0.01 "` → that many dollars; anything else, negative, or beyond
/// [`BALANCE_MAX_USD`] → why not.
pub fn parse_balance(text: &str) -> Result<Option<f64>, String> {
    let t = text.trim();
    let t = t.strip_prefix('$').unwrap_or(t).trim();
    if t.is_empty() {
        return Ok(None);
    }
    let valid =
        t.chars().all(|c| c.is_ascii_digit() || c == '.') && t.chars().filter(|c| *c == '.').count() <= 1;
    match t.parse::<f64>() {
        Ok(n) if valid && n.is_finite() && n <= BALANCE_MAX_USD => Ok(Some(n)),
        Ok(n) if valid && n.is_finite() => Err(format!("At most ${} here.", usd(BALANCE_MAX_USD))),
        _ => Err("A dollar amount, like 5 or 12.50.".into()),
    }
}

/// The request's estimate, as the composer shows it; `Err` when the text is not a request object.
pub fn estimate_of(text: &str) -> Result<Estimate, String> {
    estimate(
        text,
        &EstimateOptions {
            balance_usd: None,
            batch: false,
        },
    )
    .map_err(|e| e.message)
}

/// `1234567` → `1,234,567`.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// "~1,234 input tokens (1,100–1,400), up to 1,024 output, $0.002–$0.019".
pub fn estimate_line(e: &Estimate) -> String {
    let t = &e.input_tokens;
    let band = if t.low == t.high {
        String::new()
    } else {
        format!(" ({}–{})", thousands(t.low), thousands(t.high))
    };
    let cost = match (e.cost_usd, e.model.as_deref()) {
        (Some(c), _) => format!("${}–${}", usd(c.low), usd(c.high)),
        (None, Some(model)) => format!("no list price for {model}"),
        (None, None) => "no model, no price".into(),
    };
    format!(
        "~{} input tokens{band}, up to {} output, {cost}",
        thousands(t.estimate),
        thousands(e.max_output_tokens)
    )
}

/// Seconds left, for a live countdown: `12.3 s`, `2 min 05 s`.
pub fn countdown(ms: u64) -> String {
    if ms < 60_000 {
        format!("{}.{} s", ms / 1000, ms % 1000 / 100)
    } else if ms < 3_600_000 {
        format!("{} min {:02} s", ms / 60_000, ms % 60_000 / 1000)
    } else {
        format!("{} h {:02} min", ms / 3_600_000, ms % 3_600_000 / 60_000)
    }
}

/// How full a gauge is, 0–100 (none when the window's limit is unknown).
pub fn gauge_percent(w: &WindowReport) -> Option<u32> {
    w.used_fraction
        .filter(|f| f.is_finite())
        .map(|f| (f.clamp(0.0, 1.0) * 100.0).round() as u32)
}

/// "3 of 50 left" / "remaining unknown".
pub fn gauge_text(w: &WindowReport) -> String {
    match (w.remaining, w.limit) {
        (Some(rem), Some(limit)) => format!("{} of {} left", thousands(rem), thousands(limit)),
        (Some(rem), None) => format!("{} left", thousands(rem)),
        _ => "remaining unknown".into(),
    }
}
