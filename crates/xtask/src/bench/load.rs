//! Issue 25, the mock under load: 10,000 requests on 200 keep-alive connections (a seeded mix of every
//! scenario) against a release build of triage-mock running as its own process, alone and then beside 50
//! slow-header and 50 slow-body clients (a byte a second, against 2 s timeouts). Prints req/s, p50/p99 of
//! both runs and their ratio, the mock's RSS before/peak/after, and the machine; figures in
//! `target/bench/load.json`. The run fails if a request was lost, answered twice or not as scripted, if the
//! mock's log does not match the replies line for line, or if a slowloris attempt got through.

use crate::process::{cmd, exec};
use std::path::Path;

pub fn run(root: &Path) -> Result<(), String> {
    println!("==> triage-mock under load: 10,000 requests x 200 connections, alone and beside 100 slowloris clients");
    exec(cmd(
        "cargo",
        &["build", "--release", "-q", "-p", "triage-mock", "--bins"],
        root,
    ))?;
    let release = root.join("target/release");
    let bench = root.join("target/bench");
    let (mock, log, json) = (
        release.join("triage-mock"),
        bench.join("load-mock.log"),
        bench.join("load.json"),
    );
    let load = release.join("triage-mock-load");
    exec(cmd(
        &load.to_string_lossy(),
        &[
            "--mock",
            &mock.to_string_lossy(),
            "--requests",
            "10000",
            "--connections",
            "200",
            "--slowloris",
            "50",
            "--timeout-s",
            "2",
            "--log",
            &log.to_string_lossy(),
            "--json",
            &json.to_string_lossy(),
        ],
        root,
    ))
}
