//! `cargo xtask bench`: benchmarks that report ratios measured side by side in one run.

use crate::process::{cmd, exec};
use crate::{dist, size};
use std::path::Path;

pub fn run(root: &Path) -> Result<(), String> {
    println!("==> npm package: wasm sizes against the goal, and what each part costs");
    dist::npm_package(root)?;
    size::report(root)?;
    println!("==> retry strategies in the seeded contention simulator (both models, all strategies)");
    exec(cmd(
        "cargo",
        &["build", "--release", "-q", "-p", "triage-cli"],
        root,
    ))?;
    let triage = root.join("target/release/triage");
    let triage = triage.to_string_lossy();
    for model in ["occ", "overload"] {
        println!("  model: {model} (100 clients, seed 1)");
        exec(cmd(
            &triage,
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
            ],
            root,
        ))?;
    }
    Ok(())
}
