//! `triage explain`: what an error response means, how to fix it, and whether to retry.

use crate::input::{print_json, read_input, usage_error};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{SystemTime, UNIX_EPOCH};
use triage_core::display;
use triage_core::response::{self, raw, Context, Explanation, RateLimitWindow, RetrySource};

/// Width the human card's paragraphs are wrapped to.
const CARD_WIDTH: usize = 100;

#[derive(clap::Args)]
pub struct Args {
    /// The response: a bare body, `curl -i` / `curl -v` output, an SSE stream, or an error line as an SDK or
    /// a log prints it. `-` or nothing reads stdin.
    input: Option<PathBuf>,
    /// The HTTP status; the input is then read as the body alone.
    #[arg(long)]
    status: Option<u16>,
    /// A response header, `name: value` (repeatable).
    #[arg(short = 'H', long = "header", value_name = "NAME: VALUE")]
    headers: Vec<String>,
    /// Name of the environment variable holding the API key that was sent, to check it on a 401 (only a
    /// redacted form is ever printed).
    #[arg(long, value_name = "VAR")]
    key_env: Option<String>,
    /// Print the explanation as JSON.
    #[arg(long)]
    json: bool,
}

pub fn run(args: Args) -> ExitCode {
    let headers = match args
        .headers
        .iter()
        .map(|h| parse_header(h))
        .collect::<Result<Vec<_>, _>>()
    {
        Ok(headers) => headers,
        Err(message) => return usage_error(message),
    };
    let (_, bytes) = match read_input(args.input.as_deref()) {
        Ok(input) => input,
        Err(message) => return usage_error(message),
    };
    // Bytes the core cannot read as UTF-8 are still explained: a broken body is itself a clue.
    let text = String::from_utf8_lossy(&bytes);
    let ctx = Context {
        now_ms: now_ms(),
        sent_key: args.key_env.as_deref().and_then(|var| std::env::var(var).ok()),
    };
    let explanation = match (args.status, headers.is_empty()) {
        (Some(status), _) => response::explain_http(status, &headers, &text, &ctx),
        (None, true) => response::explain_raw(&text, &ctx),
        // Headers given for pasted text: add them to the text's own, or pair them with a bare body.
        (None, false) => match raw::split(&text) {
            Some(mut raw) => {
                raw.headers.extend(headers);
                response::explain_http(raw.status, &raw.headers, &raw.body, &ctx)
            }
            None => response::explain_response(None, &headers, &text, &ctx),
        },
    };
    if args.json {
        print_json(&explanation);
    } else {
        print!("{}", card(&explanation));
    }
    ExitCode::SUCCESS
}

/// `name: value` → the pair; anything else is a usage error.
pub(crate) fn parse_header(text: &str) -> Result<(String, String), String> {
    let (name, value) = text
        .split_once(':')
        .ok_or_else(|| format!("bad -H '{text}': expected 'name: value'"))?;
    let name = name.trim();
    if name.is_empty() || name.contains(char::is_whitespace) {
        return Err(format!(
            "bad -H '{text}': the header name must be one word before the ':'"
        ));
    }
    Ok((name.to_string(), value.trim().to_string()))
}

pub(crate) fn now_ms() -> Option<i64> {
    let elapsed = SystemTime::now().duration_since(UNIX_EPOCH).ok()?;
    i64::try_from(elapsed.as_millis()).ok()
}

/// The short human card: title, what happened, fix, retry advice, limits, request id.
fn card(e: &Explanation) -> String {
    let status = e
        .status
        .map_or_else(|| "no status".to_string(), |s| format!("HTTP {s}"));
    let mut out = format!(
        "{}\n{status} · {} · {}\n\n",
        e.title,
        e.kind.as_str(),
        e.cause.as_str()
    );
    out.push_str(&paragraph("What happened", &e.explanation));
    out.push_str(&paragraph("Fix", &e.fix));
    out.push_str(&paragraph("Retry", &retry_line(e)));
    let limits = [
        ("requests", &e.rate_limit.requests),
        ("tokens", &e.rate_limit.tokens),
        ("input tokens", &e.rate_limit.input_tokens),
        ("output tokens", &e.rate_limit.output_tokens),
    ];
    let windows: Vec<String> = limits
        .iter()
        .filter_map(|(name, w)| w.as_ref().map(|w| window_line(name, w)))
        .collect();
    if !windows.is_empty() {
        out.push_str(&paragraph("Rate limits", &windows.join("; ")));
    }
    if !e.fields.is_empty() {
        let fields: Vec<String> = e.fields.iter().map(|(k, v)| format!("{k}={v}")).collect();
        // "; " because a list value is itself written with ", ".
        out.push_str(&paragraph("Details", &fields.join("; ")));
    }
    if let Some(message) = &e.message {
        out.push_str(&paragraph("Message", &format!("\"{message}\"")));
    }
    if let Some(id) = &e.request_id {
        out.push_str(&paragraph("Request id", id));
    }
    if let Some(org) = &e.organization_id {
        out.push_str(&paragraph("Organization", org));
    }
    out
}

fn retry_line(e: &Explanation) -> String {
    let source = match e.retry.source {
        RetrySource::Policy => "by policy",
        RetrySource::RetryAfter => "the server's retry-after",
        RetrySource::RetryAfterMs => "the server's retry-after-ms",
        RetrySource::XShouldRetry => "the server's x-should-retry",
    };
    match (e.retry.retryable, e.retry.after_ms) {
        (false, _) => format!("no ({source})."),
        (true, Some(ms)) => format!("yes, not sooner than {} ({source}).", display::duration(ms)),
        (true, None) => format!("yes, with backoff ({source})."),
    }
}

fn window_line(name: &str, w: &RateLimitWindow) -> String {
    let count = match (w.remaining, w.limit) {
        (Some(r), Some(l)) => format!("{r}/{l} left"),
        (Some(r), None) => format!("{r} left"),
        (None, Some(l)) => format!("limit {l}"),
        (None, None) => "?".to_string(),
    };
    match &w.reset {
        Some(reset) => format!("{name} {count}, resets {reset}"),
        None => format!("{name} {count}"),
    }
}

/// `Label: text`, wrapped at [`CARD_WIDTH`] with continuation lines indented under the text.
fn paragraph(label: &str, text: &str) -> String {
    let indent = " ".repeat(label.len() + 2);
    let mut out = format!("{label}:");
    let mut column = out.len();
    for word in text.split_whitespace() {
        if column + 1 + word.chars().count() > CARD_WIDTH && column > indent.len() {
            out.push('\n');
            out.push_str(&indent);
            column = indent.len();
        } else {
            out.push(' ');
            column += 1;
        }
        out.push_str(word);
        column += word.chars().count();
    }
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_syntax() {
        assert_eq!(
            parse_header("Retry-After: 20"),
            Ok(("Retry-After".into(), "20".into()))
        );
        assert_eq!(parse_header("x-empty:"), Ok(("x-empty".into(), String::new())));
        assert!(parse_header("no colon").is_err());
        assert!(parse_header("two words: x").is_err());
        assert!(parse_header(": x").is_err());
    }

    #[test]
    fn paragraphs_wrap_under_their_label() {
        let text = "word ".repeat(40);
        let wrapped = paragraph("Fix", &text);
        assert!(wrapped.lines().all(|l| l.chars().count() <= CARD_WIDTH));
        assert!(wrapped.lines().skip(1).all(|l| l.starts_with("     word")));
    }
}
