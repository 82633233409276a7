//! Issue 26, the one scoreboard: every bench's figures folded into `target/bench/report.json` (schema in the
//! README, "Benchmarks") by crates/xtask/bench/report/report.mjs — Node reads and writes JSON natively, so
//! xtask needs no JSON crate for it.

use crate::process::{cmd, exec};
use std::path::Path;

/// The simulator's tables as JSON (`triage simulate --json`), one file per model, for the report; `triage` is
/// the release CLI the bench already built.
pub fn simulator_tables(root: &Path, triage: &str, models: &[&str]) -> Result<(), String> {
    for model in models {
        let file = root.join(format!("target/bench/simulate-{model}.json"));
        let mut c = cmd(
            triage,
            &[
                "simulate",
                "--model",
                model,
                "--clients",
                "100",
                "--policy",
                "all",
                "--seed",
                "1",
                "--json",
            ],
            root,
        );
        c.stdout(std::fs::File::create(&file).map_err(|e| format!("{}: {e}", file.display()))?);
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
