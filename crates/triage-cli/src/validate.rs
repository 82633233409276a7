//! `triage validate`: check a Messages request body before sending it.

use crate::input::{print_json, read_input, usage_error};
use crate::snippet::{render, render_unplaced, Source};
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use triage_core::request::{check_api_key, validate_bytes, Diagnostic, Report, Severity};

#[derive(clap::Args)]
pub struct Args {
    /// The request body (JSON). `-` reads stdin, as does nothing when the body is piped in.
    #[arg(value_name = "FILE|-")]
    input: Option<PathBuf>,
    /// Name of the environment variable holding the API key to send, to check its format too (warnings
    /// only; only a redacted form is ever printed). An unset variable counts as an empty key.
    #[arg(long, value_name = "VAR")]
    key_env: Option<String>,
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
    let mut report = validate_bytes(&bytes);
    // The key's warnings come after the body's: they point at no text in it.
    let key_diagnostics = args.key_env.as_deref().map(|var| {
        let key = std::env::var(var).unwrap_or_default();
        (format!("${var}"), check_api_key(&key))
    });
    if args.json {
        if let Some((_, key)) = key_diagnostics {
            report.diagnostics.extend(key);
        }
        print_json(&report);
    } else {
        // Invalid UTF-8 is reported at its first bad byte; everything before it is shown as it is.
        let text = String::from_utf8_lossy(&bytes);
        let (var, key) = key_diagnostics.unwrap_or_default();
        print!("{}", human(&report, &key, &var, &Source::new(&name, &text)));
    }
    if report.ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

/// The body's diagnostics with their source lines, then the key's (`var` names where the key came from).
fn human(report: &Report, key: &[Diagnostic], var: &str, source: &Source) -> String {
    let mut out = String::new();
    for d in &report.diagnostics {
        out.push_str(&render(d, source));
        out.push('\n');
    }
    for d in key {
        out.push_str(&render_unplaced(d, var));
        out.push('\n');
    }
    let count = |severity| {
        report
            .diagnostics
            .iter()
            .chain(key)
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
