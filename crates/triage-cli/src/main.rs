//! `triage`: the claude-triage core in a terminal. Exit codes: 0 fine, 1 problems found, 2 usage or I/O error.

mod estimate;
mod explain;
mod input;
mod schedule;
mod simulate;
mod snippet;
mod validate;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "triage",
    version,
    about = "Catch Claude API errors before sending; explain the ones that still happen."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check a Messages request body the way the API would, before sending it.
    Validate(validate::Args),
    /// Explain an error response (bare body, `curl -i` output, or an SSE stream).
    Explain(explain::Args),
    /// Estimate a request's input tokens, worst-case output and cost before sending it.
    Estimate(estimate::Args),
    /// Show the retry decisions for consecutive failures of one kind.
    Schedule(schedule::Args),
    /// Compare retry strategies in a seeded contention simulation.
    Simulate(simulate::Args),
}

fn main() -> ExitCode {
    restore_default_sigpipe();
    match Cli::parse().command {
        Command::Validate(args) => validate::run(args),
        Command::Explain(args) => explain::run(args),
        Command::Estimate(args) => estimate::run(args),
        Command::Schedule(args) => schedule::run(args),
        Command::Simulate(args) => simulate::run(args),
    }
}

/// Rust ignores SIGPIPE, so `triage … | head` would make every print fail (and `println!` panic). Like other
/// Unix tools, end quietly instead when the reader goes away.
fn restore_default_sigpipe() {
    #[cfg(unix)]
    // SAFETY: called first thing in main, before any other thread exists; SIG_DFL is a valid disposition.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}
