//! `triage schedule`: the retry decisions for consecutive failures of one kind, as a timeline or JSON.

use crate::explain::{now_ms, parse_header};
use crate::input::{print_json, usage_error};
use std::process::ExitCode;
use triage_core::display::duration;
use triage_core::response::{self, Context, Explanation};
use triage_core::retry::{schedule, Decision, RetryConfig, Strategy, MAX_TIMELINE};
use triage_core::time::format_rfc3339;

#[derive(clap::Args)]
pub struct Args {
    /// The HTTP status of the failure (e.g. 429, 500, 529).
    #[arg(long)]
    status: u16,
    /// A response header, `name: value` (repeatable): `retry-after`, `x-should-retry`, rate-limit headers.
    #[arg(short = 'H', long = "header", value_name = "NAME: VALUE")]
    headers: Vec<String>,
    /// none, constant, exponential, full_jitter, equal_jitter, decorrelated_jitter or triage.
    #[arg(long, default_value = "triage")]
    policy: String,
    /// How many consecutive failures to plan for.
    #[arg(long, default_value_t = 10)]
    attempts: u32,
    /// Give up rather than sleep past this many ms after the first send.
    #[arg(long)]
    deadline_ms: Option<u64>,
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Print `{"decisions": [...]}` instead of a timeline.
    #[arg(long)]
    json: bool,
}

#[derive(serde::Serialize)]
struct Output<'a> {
    decisions: &'a [Decision],
}

pub fn run(args: Args) -> ExitCode {
    let now = now_ms();
    let (explanation, config) = match inputs(&args, now) {
        Ok(inputs) => inputs,
        Err(message) => return usage_error(message),
    };
    let decisions = schedule(&explanation, &config, args.seed, args.attempts);
    if args.json {
        print_json(&Output {
            decisions: &decisions,
        });
    } else {
        print!("{}", timeline(&explanation, &config, &decisions, now));
    }
    ExitCode::SUCCESS
}

/// `now` is the wall clock (epoch ms): the failure is taken to have just happened.
fn inputs(args: &Args, now: Option<i64>) -> Result<(Explanation, RetryConfig), String> {
    if !(100..=599).contains(&args.status) {
        return Err(format!(
            "--status must be an HTTP status (100-599), got {}",
            args.status
        ));
    }
    if args.attempts == 0 || args.attempts > MAX_TIMELINE {
        return Err(format!(
            "--attempts must be between 1 and {MAX_TIMELINE}, got {}",
            args.attempts
        ));
    }
    let strategy = Strategy::from_name(&args.policy).ok_or_else(|| {
        format!(
            "unknown --policy {:?}; expected one of {}",
            args.policy,
            Strategy::ALL.map(Strategy::as_str).join(", ")
        )
    })?;
    let headers = args
        .headers
        .iter()
        .map(|h| parse_header(h))
        .collect::<Result<Vec<_>, _>>()?;
    let ctx = Context {
        now_ms: now,
        ..Context::default()
    };
    let explanation = response::explain_http(args.status, &headers, "", &ctx);
    let config = RetryConfig {
        strategy,
        deadline_ms: args.deadline_ms,
        ..RetryConfig::default()
    };
    Ok((explanation, config))
}

fn timeline(
    explanation: &Explanation,
    config: &RetryConfig,
    decisions: &[Decision],
    now: Option<i64>,
) -> String {
    let status = explanation
        .status
        .map_or_else(String::new, |s| format!("HTTP {s} "));
    let mut out = format!(
        "{status}{} · policy {} · retry advice: {}\n",
        explanation.kind.as_str(),
        config.strategy.as_str(),
        advice(explanation),
    );
    out.push_str("attempt  wait       send at      budget  decision\n");
    for d in decisions {
        let (wait, at) = if d.retry {
            (
                duration(d.delay_ms),
                d.retry_at_ms.map_or_else(String::new, duration),
            )
        } else {
            ("-".to_string(), String::new())
        };
        let verdict = if d.retry { "retry" } else { "give up" };
        let mut line = format!(
            "{:<7}  {wait:<9}  {at:<11}  {:>6.1}  {verdict} ({})",
            d.attempt,
            d.budget_left,
            d.reason.as_str()
        );
        if let (false, Some(at)) = (d.retry, d.retry_at_ms) {
            line.push_str(&format!(", retry allowed at {}", duration(at)));
            if let Some(wall) = now.and_then(|now| i64::try_from(at).ok()?.checked_add(now)) {
                line.push_str(&format!(" ({})", format_rfc3339(wall)));
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

fn advice(e: &Explanation) -> String {
    match (e.retry.retryable, e.retry.after_ms) {
        (false, _) => "do not retry".to_string(),
        (true, Some(after)) => format!("retry, not before {}", duration(after)),
        (true, None) => "retry".to_string(),
    }
}
