//! `triage-mock-load`: the mock under load, as `cargo xtask bench load` runs it. Starts the given
//! `triage-mock` binary, runs the load alone and beside slowloris clients, prints the figures, writes them
//! as JSON, and fails when an invariant broke (see `triage_mock::load`).

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::Parser;
use triage_mock::load::{self, Options};

#[derive(Debug, Parser)]
#[command(
    name = "triage-mock-load",
    about = "Load and slowloris clients against a triage-mock binary"
)]
struct Args {
    /// The triage-mock binary to start (on 127.0.0.1, a free port).
    #[arg(long)]
    mock: PathBuf,
    /// Where the mock's request log goes.
    #[arg(long, default_value = "target/bench/load-mock.log")]
    log: PathBuf,
    #[arg(long, default_value_t = 10_000)]
    requests: usize,
    #[arg(long, default_value_t = 200)]
    connections: usize,
    /// Slowloris clients of each kind (slow headers, slow body) beside the second run.
    #[arg(long, default_value_t = 50)]
    slowloris: usize,
    /// The mock's header and body timeouts, in seconds.
    #[arg(long, default_value_t = 2)]
    timeout_s: u64,
    /// Slowloris pace: milliseconds per byte.
    #[arg(long, default_value_t = 1000)]
    byte_ms: u64,
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Write the report here as JSON.
    #[arg(long)]
    json: Option<PathBuf>,
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = Args::parse();
    if let Some(dir) = args.log.parent() {
        let _ = std::fs::create_dir_all(dir);
    }
    let options = Options {
        mock: args.mock,
        log: args.log,
        requests: args.requests,
        connections: args.connections,
        slow_headers: args.slowloris,
        slow_bodies: args.slowloris,
        timeout_s: args.timeout_s,
        byte_interval: Duration::from_millis(args.byte_ms),
        seed: args.seed,
    };
    let report = match load::run(&options).await {
        Ok(report) => report,
        Err(error) => {
            eprintln!("triage-mock-load: {error}");
            return ExitCode::FAILURE;
        }
    };
    println!("{report}");
    if let Some(path) = &args.json {
        if let Some(dir) = path.parent() {
            let _ = std::fs::create_dir_all(dir);
        }
        let json = serde_json::to_string_pretty(&report).unwrap_or_default();
        if let Err(error) = std::fs::write(path, json + "\n") {
            eprintln!("triage-mock-load: cannot write {}: {error}", path.display());
            return ExitCode::FAILURE;
        }
        println!("  figures in {}", path.display());
    }
    let problems = report.problems();
    if problems.is_empty() {
        ExitCode::SUCCESS
    } else {
        for problem in problems {
            eprintln!("triage-mock-load: {problem}");
        }
        ExitCode::FAILURE
    }
}
