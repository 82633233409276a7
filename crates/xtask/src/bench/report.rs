//! Issue 26, the one scoreboard: every bench's figures folded into `target/bench/report.json` (schema in the
//! README, "Benchmarks") by crates/xtask/bench/report/report.mjs — Node reads and writes JSON natively, so
//! xtask needs no JSON crate for it.

use crate::process::{cmd, exec};
use std::path::Path;

/// The simulator's tables (100 clients, seed 1, every policy) for each model: printed, and as JSON
/// (`triage simulate --json`) in `target/bench/simulate-<model>.json` for the report. The simulation is seeded, so
/// both runs give the same table; `triage` is the release CLI the bench already built.
pub fn simulator(root: &Path, triage: &str, models: &[&str]) -> Result<(), String> {
    for model in models {
        println!("  model: {model} (100 clients, seed 1)");
        let args = [
            "simulate",
            "--model",
            model,
            "--clients",
            "100",
            "--policy",
            "all",
            "--seed",
            "1",
        ];
        exec(cmd(triage, &args, root))?;
        let file = root.join(format!("target/bench/simulate-{model}.json"));
        let mut c = cmd(triage, &args, root);
        c.arg("--json")
            .stdout(std::fs::File::create(&file).map_err(|e| format!("{}: {e}", file.display()))?);
        exec(c)?;
    }
    Ok(())
}

pub fn write(root: &Path) -> Result<(), String> {
    println!("==> report: target/bench/report.json");
    let mut node = cmd("node", &["report.mjs"], &root.join("crates/xtask/bench/report"));
    node.env("BENCH_DIR", root.join("target/bench"))
        .env("NPM_DIR", root.join("dist/npm"))
        .env("PLAYGROUND_DIR", root.join("dist/playground"));
    exec(node)
}
