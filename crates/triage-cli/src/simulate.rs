//! `triage simulate`: compare retry strategies in the seeded contention simulator.

use crate::input::{print_json, usage_error};
use std::process::ExitCode;
use triage_core::retry::Strategy;
use triage_core::sim::{simulate, Model, SimOptions, SimResult, MAX_CLIENTS};

#[derive(clap::Args)]
pub struct Args {
    /// `occ` (writers contending for one row), `overload` (shared key: 429 rate limit, 529 capacity) or
    /// `shared` (one app's callers through one shared client, 529 capacity).
    #[arg(long, value_parser = ["occ", "overload", "shared"])]
    model: String,
    /// Number of clients, each needing one success (shared model: concurrent callers of the one client).
    #[arg(long, default_value_t = 100)]
    clients: u32,
    /// Shared model: calls each caller makes, one after another.
    #[arg(long, default_value_t = 1)]
    calls: u32,
    /// A strategy (none, constant, exponential, full_jitter, equal_jitter, decorrelated_jitter, triage,
    /// adaptive) or `all`.
    #[arg(long, default_value = "all")]
    policy: String,
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Overload model: requests in flight before the server answers 529.
    #[arg(long)]
    capacity: Option<u32>,
    /// Overload model: the shared key's requests per minute.
    #[arg(long)]
    rpm: Option<u32>,
    /// Overload model: mean service time of an accepted request (ms).
    #[arg(long)]
    service_ms: Option<u64>,
    /// Print `{"results": [...]}` instead of a table.
    #[arg(long)]
    json: bool,
}

#[derive(serde::Serialize)]
struct Output<'a> {
    results: &'a [SimResult],
}

pub fn run(args: Args) -> ExitCode {
    match options(&args) {
        Ok(options) => {
            let results = simulate(&options);
            if args.json {
                print_json(&Output { results: &results });
            } else {
                print!("{}", table(&results));
            }
            ExitCode::SUCCESS
        }
        Err(message) => usage_error(message),
    }
}

fn options(args: &Args) -> Result<SimOptions, String> {
    let model = Model::from_name(&args.model).ok_or_else(|| format!("unknown --model {:?}", args.model))?;
    if args.clients == 0 || args.clients > MAX_CLIENTS {
        return Err(format!(
            "--clients must be between 1 and {MAX_CLIENTS}, got {}",
            args.clients
        ));
    }
    let strategies = match args.policy.as_str() {
        "all" => Vec::new(),
        name => vec![Strategy::from_name(name).ok_or_else(|| {
            format!(
                "unknown --policy {name:?}; expected all or one of {}",
                Strategy::ALL.map(Strategy::as_str).join(", ")
            )
        })?],
    };
    let defaults = SimOptions::default();
    let positive = |name: &str, value: Option<u64>, default: u64| match value {
        Some(0) => Err(format!("--{name} must be positive")),
        Some(v) => Ok(v),
        None => Ok(default),
    };
    Ok(SimOptions {
        model,
        clients: args.clients,
        strategies,
        seed: args.seed,
        capacity: positive(
            "capacity",
            args.capacity.map(u64::from),
            u64::from(defaults.capacity),
        )? as u32,
        rpm: positive("rpm", args.rpm.map(u64::from), u64::from(defaults.rpm))? as u32,
        service_ms: positive("service-ms", args.service_ms, defaults.service_ms)?,
        calls_per_client: positive("calls", Some(u64::from(args.calls)), 1)?.min(u64::from(u32::MAX)) as u32,
    })
}

fn table(results: &[SimResult]) -> String {
    let headers = [
        "policy", "success", "calls", "wasted", "p50 ms", "p99 ms", "wall ms",
    ];
    let rows: Vec<[String; 7]> = results
        .iter()
        .map(|r| {
            [
                r.policy.as_str().to_string(),
                format!("{:.1}%", r.success_rate * 100.0),
                r.calls.to_string(),
                r.wasted_calls.to_string(),
                r.completion_ms_p50.to_string(),
                r.completion_ms_p99.to_string(),
                r.wall_ms.to_string(),
            ]
        })
        .collect();
    let mut widths = headers.map(str::len);
    for row in &rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.len());
        }
    }
    let mut out = String::new();
    let mut line = |cells: [&str; 7]| {
        let mut text = format!("{:<w$}", cells[0], w = widths[0]);
        for (cell, width) in cells.iter().zip(widths).skip(1) {
            text.push_str(&format!("  {cell:>width$}"));
        }
        out.push_str(text.trim_end());
        out.push('\n');
    };
    line(headers);
    for row in &rows {
        line(row.each_ref().map(String::as_str));
    }
    out
}
