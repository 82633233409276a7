//! `triage validate`: check a Messages request body before sending it.

use crate::input::{print_json, read_input, usage_error};
use crate::snippet::{render, Source};
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use triage_core::request::{validate_bytes, Report, Severity};

#[derive(clap::Args)]
pub struct Args {
    /// The request body (JSON). `-` reads stdin, as does nothing when the body is piped in.
    #[arg(value_name = "FILE|-")]
    input: Option<PathBuf>,
    /// Print `{"ok": bool, "diagnostics": [...]}` instead of the human report.
    #[arg(long)]
    json: bool,
}

pub fn run(args: Args) -> ExitCode {
    // Waiting silently on a terminal looks like a hang; `-` still reads a typed body.
    if args.input.is_none() && std::io::stdin().is_terminal() {
        return usage_error("no request given: pass a FILE, pipe the body in, or use - to type it");
    }
    let (name, bytes) = match read_input(args.input.as_deref()) {
        Ok(input) => input,
        Err(message) => return usage_error(message),
    };
    let report = validate_bytes(&bytes);
    if args.json {
        print_json(&report);
    } else {
        // Invalid UTF-8 is reported at its first bad byte; everything before it is shown as it is.
        let text = String::from_utf8_lossy(&bytes);
        print!("{}", human(&report, &Source::new(&name, &text)));
    }
    if report.ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

fn human(report: &Report, source: &Source) -> String {
    let mut out = String::new();
    for d in &report.diagnostics {
        out.push_str(&render(d, source));
        out.push('\n');
    }
    let count = |severity| {
        report
            .diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    };
    let (errors, warnings) = (count(Severity::Error), count(Severity::Warning));
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    out.push_str(&match (errors, warnings) {
        (0, 0) => format!("ok: {} looks valid\n", source.name),
        (0, w) => format!("ok: {} is valid, with {}\n", source.name, plural(w, "warning")),
        (e, 0) => format!(
            "error: {} has {}: the API would reject it\n",
            source.name,
            plural(e, "error")
        ),
        (e, w) => format!(
            "error: {} has {} and {}: the API would reject it\n",
            source.name,
            plural(e, "error"),
            plural(w, "warning")
        ),
    });
    out
}
