//! `cargo xtask <command>`: the project's only entry points. Each one sets up what it needs itself.

mod bench;
mod catalogue;
mod dist;
mod fuzz;
mod npm;
mod process;
mod serve;
mod size;
mod system;
mod test;
mod tools;

use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "usage: cargo xtask <command>

commands:
  serve   set up tools, start triage-mock (127.0.0.1:8787) and the playground (127.0.0.1:8080)
  test    run every check: fmt, clippy, native tests, fuzz smoke, catalogue --check, wasm tests (Node, Chromium),
          npm package, e2e
  bench   run the benchmarks: npm wasm size (part by part), validate, retry strategies, fleet, mock load
  bench validate
          only validate against JSON.parse (native and the packed wasm in Node) and explain per response;
          every bench run writes target/bench/report.json
  bench load
          only the mock under load: 10,000 requests x 200 connections, with and without slowloris clients
  bench fleet
          only the fleet: 4 processes x 10 concurrent x 30 calls on one key, with the Redis coordinator and without
  fuzz [target...] [--seconds N] [--runs N]
          run the cargo-fuzz targets in fuzz/ (default: all, 60 s each), replaying fuzz/corpus first
  dist    build the npm package and the static playground into dist/
  catalogue [--check]
          regenerate triage-core's request catalogue (request/catalogue/sdk.rs) from the pinned
          @anthropic-ai/sdk's type declarations; --check only compares and fails if the file is stale";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let root = workspace_root();
    let result = match args.first().map(String::as_str) {
        Some("serve") => serve::run(&root),
        Some("test") => test::run(&root, &args[1..]),
        Some("bench") => bench::run(&root, &args[1..]),
        Some("dist") => dist::run(&root),
        Some("fuzz") => fuzz::run(&root, &args[1..]),
        Some("catalogue") => catalogue::run(&root, &args[1..]),
        Some("-h" | "--help" | "help") => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: {e}");
            ExitCode::FAILURE
        }
    }
}

fn workspace_root() -> PathBuf {
    let manifest_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest_dir
        .ancestors()
        .nth(2)
        .expect("crates/xtask lives two levels below the root")
        .to_path_buf()
}
