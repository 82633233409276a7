//! Reading the input file (or stdin), and the usage-error exit path shared by every subcommand.

use std::io::Read;
use std::path::Path;
use std::process::ExitCode;
use triage_core::redact;

/// Exit code for usage and I/O errors.
pub const USAGE_ERROR: u8 = 2;

/// Reads `path` as bytes; `None` or `-` reads stdin. Bytes, not a `String`: invalid UTF-8 is reported by the
/// core as a diagnostic, not turned into an I/O error here.
pub fn read_input(path: Option<&Path>) -> Result<(String, Vec<u8>), String> {
    match path {
        None => read_stdin(),
        Some(p) if p.as_os_str() == "-" => read_stdin(),
        Some(p) => std::fs::read(p)
            .map(|bytes| (p.display().to_string(), bytes))
            .map_err(|e| format!("cannot read {}: {e}", p.display())),
    }
}

fn read_stdin() -> Result<(String, Vec<u8>), String> {
    let mut bytes = Vec::new();
    std::io::stdin()
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read standard input: {e}"))?;
    Ok(("<stdin>".to_string(), bytes))
}

/// Prints `triage: <message>` to stderr and returns the usage-error exit code. The message may quote an argument
/// (`bad -H 'x-api-key sk-ant-…'`), so keys in it are shown in their short form.
pub fn usage_error(message: impl std::fmt::Display) -> ExitCode {
    eprintln!("triage: {}", redact::secrets(&message.to_string()));
    ExitCode::from(USAGE_ERROR)
}

/// Prints a value as pretty JSON on stdout.
pub fn print_json<T: serde::Serialize>(value: &T) {
    match serde_json::to_string_pretty(value) {
        Ok(s) => println!("{s}"),
        Err(e) => eprintln!("triage: cannot serialise output: {e}"),
    }
}
