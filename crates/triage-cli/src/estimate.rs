//! `triage estimate`: input tokens, worst-case output and cost of a request before it is sent.

use crate::input::{print_json, read_input, usage_error};
use clap::Args as ClapArgs;
use std::path::PathBuf;
use std::process::ExitCode;
use triage_core::estimate::{self, Estimate, EstimateOptions, PartKind};
use triage_core::usage::usd;

#[derive(ClapArgs)]
pub struct Args {
    /// Request body (JSON); `-` or nothing reads standard input.
    file: Option<PathBuf>,
    /// Your remaining balance in USD: warns when the request's worst case exceeds it or comes near.
    #[arg(long, value_name = "USD")]
    balance: Option<f64>,
    /// Price it as a Message Batches request (half price).
    #[arg(long)]
    batch: bool,
    /// Print JSON: {"input_tokens": {"estimate", "low", "high"}, "max_output_tokens", "cost_usd": {"low",
    /// "high"}, "warnings": [...]} (plus the model, the parts and notes).
    #[arg(long)]
    json: bool,
}

pub fn run(args: Args) -> ExitCode {
    if args.balance.is_some_and(|b| !b.is_finite() || b < 0.0) {
        return usage_error("--balance must be a non-negative number of USD");
    }
    let (name, bytes) = match read_input(args.file.as_deref()) {
        Ok(input) => input,
        Err(e) => return usage_error(e),
    };
    let Ok(text) = String::from_utf8(bytes) else {
        return usage_error(format!("{name} is not UTF-8 text"));
    };
    let options = EstimateOptions {
        balance_usd: args.balance,
        batch: args.batch,
    };
    let estimate = match estimate::estimate(&text, &options) {
        Ok(e) => e,
        Err(e) => {
            return usage_error(format!(
                "{name}: {} (run `triage validate` for details)",
                e.message
            ))
        }
    };
    if args.json {
        print_json(&estimate);
    } else {
        print!("{}", human(&estimate));
    }
    if estimate.warnings.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

/// The readable form.
pub fn human(e: &Estimate) -> String {
    let t = e.input_tokens;
    let mut out = format!(
        "input tokens   ~{} (between {} and {})\n",
        group(t.estimate),
        group(t.low),
        group(t.high)
    );
    for part in &e.parts {
        let name = match part.kind {
            PartKind::Text => "text",
            PartKind::Images => "images",
            PartKind::Documents => "documents",
            PartKind::Tools => "tool definitions",
            PartKind::ToolPrompt => "tool-use system prompt",
            PartKind::Structure => "message framing",
        };
        out.push_str(&format!(
            "  {name:<24} ~{} ({}–{})\n",
            group(part.tokens.estimate),
            group(part.tokens.low),
            group(part.tokens.high)
        ));
    }
    out.push_str(&format!(
        "output tokens  up to {} (max_tokens)\n",
        group(e.max_output_tokens)
    ));
    match (&e.cost_usd, &e.model) {
        (Some(cost), Some(model)) => out.push_str(&format!(
            "cost           ${} to ${} at {model}'s list price\n",
            usd(cost.low),
            usd(cost.high)
        )),
        _ => out.push_str("cost           unknown (no price for this model)\n"),
    }
    for note in &e.notes {
        out.push_str(&format!("note: {note}\n"));
    }
    for w in &e.warnings {
        out.push_str(&format!("warning[{}]: {}\n", w.code.as_str(), w.message));
    }
    out.push_str("An estimate: POST /v1/messages/count_tokens gives the exact input count.\n");
    out
}

/// `12,345`.
fn group(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}
