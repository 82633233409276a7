//! `cargo xtask fuzz [target...] [--seconds N] [--runs N]`: the cargo-fuzz targets in `fuzz/`, each replaying its
//! committed corpus (`fuzz/corpus/<target>`: seeds from the vectors, a minimised corpus and every input that once
//! crashed) and then fuzzing for a while. A crash leaves its input in `fuzz/artifacts/<target>` and fails the
//! command; once fixed, move that file into the corpus, where every later run replays it.
//!
//! Sanitizer: none. The core has no `unsafe`, so AddressSanitizer would find nothing libFuzzer's own panic and
//! timeout detection does not, at about half the speed.
//!
//! Toolchain: cargo-fuzz needs unstable flags. Nightly is used where it is installed; elsewhere the one stable
//! toolchain with `RUSTC_BOOTSTRAP=1`, since a fresh machine of this kind can fetch no second toolchain.

use crate::process::{cmd, describe};
use crate::tools::{self, CargoTool};
use std::path::Path;
use std::process::{Command, Stdio};

pub const TARGETS: &[&str] = &[
    "validate",
    "validate_structured",
    "explain_raw",
    "headers",
    "retry",
];

const CARGO_FUZZ: CargoTool = CargoTool {
    krate: "cargo-fuzz",
    bin: "cargo-fuzz",
    version: "0.13.2",
    locked: true,
    install_flags: &[],
};

/// What one target's run printed at the end.
pub struct Figures {
    pub target: &'static str,
    pub executions: u64,
    /// libFuzzer's `cov:`: code edges reached.
    pub coverage: u64,
    pub corpus: u64,
    pub per_second: u64,
}

pub fn run(root: &Path, args: &[String]) -> Result<(), String> {
    let mut targets = Vec::new();
    let mut seconds = 60;
    let mut runs = None;
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        match arg.as_str() {
            "--seconds" => seconds = number(rest.next(), "--seconds")?,
            "--runs" => runs = Some(number(rest.next(), "--runs")?),
            name => match TARGETS.iter().find(|t| **t == name) {
                Some(t) => targets.push(*t),
                None => {
                    return Err(format!(
                        "unknown fuzz target `{name}`; targets: {}",
                        TARGETS.join(", ")
                    ))
                }
            },
        }
    }
    if targets.is_empty() {
        targets = TARGETS.to_vec();
    }
    let figures = fuzz(root, &targets, seconds, runs)?;
    println!("\ntarget               executions   coverage   corpus   execs/s");
    for f in &figures {
        println!(
            "{:<20} {:>10}   {:>8}   {:>6}   {:>7}",
            f.target, f.executions, f.coverage, f.corpus, f.per_second
        );
    }
    Ok(())
}

fn number(value: Option<&String>, flag: &str) -> Result<u64, String> {
    value
        .and_then(|v| v.parse().ok())
        .ok_or_else(|| format!("{flag} needs a whole number"))
}

/// Builds every target once, then runs each for `seconds` (or `runs` executions), failing on the first crash.
/// The binaries run directly (not through `cargo fuzz run`, which would rebuild when the tree changed), with the
/// committed corpus as read-only seeds and `target/fuzz/corpus/<target>` taking what a run adds.
pub fn fuzz(
    root: &Path,
    targets: &[&'static str],
    seconds: u64,
    runs: Option<u64>,
) -> Result<Vec<Figures>, String> {
    tools::ensure_cargo_tool(root, &CARGO_FUZZ)?;
    let dir = root.join("fuzz");
    crate::process::exec(cargo_fuzz(&dir, &["build", "--sanitizer", "none"]))?;
    let host = crate::process::output(cmd("rustc", &["-vV"], root))
        .and_then(|v| {
            v.lines()
                .find_map(|l| Some(l.strip_prefix("host: ")?.to_string()))
        })
        .ok_or("cannot tell the host target from `rustc -vV`")?;
    let mut figures = Vec::new();
    for target in targets {
        let seeds = dir.join("corpus").join(target);
        let grown = root.join("target/fuzz/corpus").join(target);
        let artifacts = dir.join("artifacts").join(target);
        for d in [&seeds, &grown, &artifacts] {
            std::fs::create_dir_all(d).map_err(|e| format!("{}: {e}", d.display()))?;
        }
        let binary = dir.join("target").join(&host).join("release").join(target);
        let mut args = vec![
            grown.display().to_string(),
            seeds.display().to_string(),
            format!("-max_total_time={seconds}"),
            "-print_final_stats=1".to_string(),
            format!("-artifact_prefix={}/", artifacts.display()),
        ];
        if let Some(r) = runs {
            args.push(format!("-runs={r}"));
        }
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let mut c = cmd(&binary.display().to_string(), &args, &dir);
        let line = describe(&c);
        println!("  $ {line}");
        // libFuzzer reports on stderr; keep its last lines for the figures, and show them.
        let out = c
            .stdout(Stdio::inherit())
            .stderr(Stdio::piped())
            .output()
            .map_err(|e| format!("cannot start `{line}`: {e}"))?;
        let log = String::from_utf8_lossy(&out.stderr);
        for l in log
            .lines()
            .filter(|l| l.contains("DONE") || l.starts_with("stat::") || l.contains("panicked"))
        {
            println!("    {l}");
        }
        if !out.status.success() {
            let tail: Vec<&str> = log.lines().rev().take(40).collect();
            let tail: Vec<&str> = tail.into_iter().rev().collect();
            return Err(format!(
                "fuzz target `{target}` failed ({}); a crashing input is kept in {}:\n{}",
                out.status,
                artifacts.display(),
                tail.join("\n")
            ));
        }
        figures.push(figures_of(target, &log));
    }
    Ok(figures)
}

fn cargo_fuzz(dir: &Path, args: &[&str]) -> Command {
    let nightly = crate::process::output(cmd("rustup", &["toolchain", "list"], dir))
        .is_some_and(|list| list.lines().any(|l| l.starts_with("nightly")));
    let mut full = Vec::new();
    if nightly {
        full.push("+nightly");
    }
    full.push("fuzz");
    full.extend_from_slice(args);
    let mut c = cmd("cargo", &full, dir);
    if !nightly {
        c.env("RUSTC_BOOTSTRAP", "1");
    }
    c
}

/// Reads libFuzzer's `#N DONE cov: C ft: F corp: K/…` line and `stat::` lines.
fn figures_of(target: &'static str, log: &str) -> Figures {
    let stat = |name: &str| {
        log.lines()
            .find_map(|l| l.strip_prefix(name)?.trim().parse().ok())
            .unwrap_or(0)
    };
    let done = log.lines().rev().find(|l| l.contains("DONE")).unwrap_or_default();
    let after = |word: &str| {
        let mut words = done.split_whitespace();
        words.find(|w| *w == word);
        words
            .next()
            .and_then(|w| w.split('/').next()?.parse().ok())
            .unwrap_or(0)
    };
    Figures {
        target,
        executions: stat("stat::number_of_executed_units:"),
        coverage: after("cov:"),
        corpus: after("corp:"),
        per_second: stat("stat::average_exec_per_sec:"),
    }
}
