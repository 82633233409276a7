//! `triage schedule`: the retry decisions for consecutive failures of one kind, as a timeline or JSON.

use crate::explain::{now_ms, parse_header};
use crate::input::{print_json, usage_error};
use std::process::ExitCode;
use triage_core::display::duration;
use triage_core::response::{self, Context, Explanation, Kind};
use triage_core::retry::{schedule, Decision, RetryConfig, RetryPolicy, Strategy, MAX_TIMELINE};
use triage_core::time::format_rfc3339;

#[derive(clap::Args)]
pub struct Args {
    /// The HTTP status of the failure (e.g. 429, 500, 529).
    #[arg(
        long,
        required_unless_present = "stream_error",
        conflicts_with = "stream_error"
    )]
    status: Option<u16>,
    /// Instead of a status: a stream that answered 200 and then sent `event: error` of this type
    /// (`overloaded_error`, `api_error`, ...).
    #[arg(long, value_name = "ERROR_TYPE")]
    stream_error: Option<String>,
    /// With --stream-error: text had already reached the caller when the error arrived.
    #[arg(long, requires = "stream_error")]
    after_output: bool,
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
    let decisions = if args.after_output {
        // Once output has been shown, the first decision already gives up: re-sending would duplicate it.
        vec![RetryPolicy::new(config.clone(), args.seed).decide(&explanation, 1, 0, true)]
    } else {
        schedule(&explanation, &config, args.seed, args.attempts)
    };
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
    if let Some(status) = args.status.filter(|s| !(100..=599).contains(s)) {
        return Err(format!("--status must be an HTTP status (100-599), got {status}"));
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
    let explanation = match (&args.stream_error, args.status) {
        (Some(error_type), _) => {
            let body = failed_stream(error_type, args.after_output)?;
            let mut headers = headers;
            headers.push(("content-type".into(), "text/event-stream".into()));
            response::explain_http(200, &headers, &body, &ctx)
        }
        (None, Some(status)) => response::explain_http(status, &headers, "", &ctx),
        (None, None) => return Err("give --status or --stream-error".to_string()),
    };
    let config = RetryConfig {
        strategy,
        deadline_ms: args.deadline_ms,
        ..RetryConfig::default()
    };
    Ok((explanation, config))
}

/// The SSE body of a stream that fails with `error_type`, after a text delta when `after_output`.
fn failed_stream(error_type: &str, after_output: bool) -> Result<String, String> {
    let known = Kind::from_name(error_type)
        .is_some_and(|k| !matches!(k, Kind::StreamError | Kind::NetworkError | Kind::Unknown));
    if !known {
        return Err(format!(
            "unknown --stream-error {error_type:?}; expected an API error type such as overloaded_error"
        ));
    }
    let mut body = String::from(
        "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_01\",\"type\":\"message\",\"role\":\"assistant\",\"content\":[]}}\n\n\
         event: ping\ndata: {\"type\":\"ping\"}\n\n",
    );
    if after_output {
        body.push_str(
            "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n\
             event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Hello\"}}\n\n",
        );
    }
    body.push_str(&format!(
        "event: error\ndata: {{\"type\":\"error\",\"error\":{{\"type\":\"{error_type}\",\"message\":\"{error_type}\"}}}}\n\n"
    ));
    Ok(body)
}

/// The rule for streams, printed under a stream's timeline because it is the part users get wrong.
const STREAM_RULE: &str = "\
stream rule: a stream that fails before any output reached the caller (only message_start or ping came)
  is retried by re-sending the whole request; createFetch does this itself, reading ahead to the first
  output event, so the caller sees one clean stream and no event twice. Once output has reached the
  caller it is never retried silently (re-sending would duplicate text): the error is passed through
  as the server sent it and reported as stream_output_delivered.
";

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
    if explanation.kind == Kind::StreamError {
        out.push_str(STREAM_RULE);
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
