//! `cargo xtask test`: every check the project has, in order, with one summary line per stage at the end.
//!
//! `cargo xtask test <stage>...` runs only the named stages (names as in the summary). Before any stage runs, the
//! machine is checked for what the chosen stages need (see [`crate::system`]).

use crate::process::{cmd, exec};
use crate::system::{self, Package, CHROMEDRIVER, CHROMIUM, CXX, REDIS};
use crate::{dist, npm, tools};
use std::path::{Path, PathBuf};
use std::time::Instant;

struct Stage {
    name: &'static str,
    run: fn(&Path) -> Result<(), String>,
    /// Debian packages the stage needs on the machine.
    packages: &'static [&'static Package],
    /// Whether it runs Node.js (npm tools, JavaScript tests, wasm-bindgen's Node runner).
    node: bool,
}

const STAGES: &[Stage] = &[
    Stage {
        name: "fmt",
        run: fmt,
        packages: &[],
        node: false,
    },
    Stage {
        name: "clippy",
        run: clippy,
        packages: &[],
        node: false,
    },
    Stage {
        name: "native",
        run: native,
        packages: &[],
        node: false,
    },
    Stage {
        name: "fuzz",
        run: fuzz_smoke,
        packages: &[&CXX],
        node: false,
    },
    Stage {
        name: "catalogue",
        run: catalogue,
        packages: &[],
        node: true,
    },
    Stage {
        name: "wasm-node",
        run: wasm_node,
        packages: &[],
        node: true,
    },
    Stage {
        name: "wasm-chromium",
        run: wasm_chromium,
        packages: &[&CHROMIUM, &CHROMEDRIVER],
        node: true,
    },
    Stage {
        name: "mock-sdk",
        run: mock_sdk,
        packages: &[],
        node: true,
    },
    Stage {
        name: "npm",
        run: npm_package,
        packages: &[&CHROMIUM, &REDIS],
        node: true,
    },
    Stage {
        name: "e2e",
        run: e2e,
        packages: &[&CHROMIUM],
        node: true,
    },
];

pub fn run(root: &Path, only: &[String]) -> Result<(), String> {
    if let Some(unknown) = only.iter().find(|o| !STAGES.iter().any(|s| s.name == o.as_str())) {
        let names: Vec<_> = STAGES.iter().map(|s| s.name).collect();
        return Err(format!("unknown stage `{unknown}`; stages: {}", names.join(", ")));
    }
    let chosen: Vec<&Stage> = STAGES
        .iter()
        .filter(|s| only.is_empty() || only.iter().any(|o| o == s.name))
        .collect();
    preflight(root, &chosen)?;
    let mut summary = Vec::new();
    for stage in chosen {
        println!("\n==> {}", stage.name);
        let started = Instant::now();
        let outcome = (stage.run)(root);
        summary.push((stage.name, outcome, started.elapsed().as_secs_f64()));
    }
    println!("\n==> summary");
    let mut failed = 0;
    for (name, outcome, secs) in &summary {
        let (word, note) = match outcome {
            Ok(()) => ("PASS", String::new()),
            Err(e) => {
                failed += 1;
                ("FAIL", format!(" — {e}"))
            }
        };
        println!("  {word}  {name:<14} {secs:>7.1}s{note}");
    }
    if failed > 0 {
        Err(format!("{failed} stage(s) failed"))
    } else {
        Ok(())
    }
}

/// Everything the chosen stages need from the machine, installed or asked for before the first build.
fn preflight(root: &Path, stages: &[&Stage]) -> Result<(), String> {
    println!("==> checking the machine");
    let mut packages: Vec<&Package> = Vec::new();
    for p in stages.iter().flat_map(|s| s.packages.iter().copied()) {
        if !packages.iter().any(|q| q.apt == p.apt) {
            packages.push(p);
        }
    }
    system::ensure_packages(root, &packages)?;
    if stages.iter().any(|s| s.node) {
        system::ensure_node(root)?;
    }
    let mut components = Vec::new();
    if stages.iter().any(|s| s.name == "fmt") {
        components.push("rustfmt");
    }
    if stages.iter().any(|s| s.name == "clippy") {
        components.push("clippy");
    }
    system::ensure_rust_components(root, &components)?;
    if stages
        .iter()
        .any(|s| !["fmt", "native", "catalogue"].contains(&s.name))
    {
        tools::ensure_wasm_target(root)?;
    }
    Ok(())
}

fn fmt(root: &Path) -> Result<(), String> {
    exec(cmd("cargo", &["fmt", "--all", "--check"], root))
}

fn clippy(root: &Path) -> Result<(), String> {
    exec(cmd(
        "cargo",
        &["clippy", "--workspace", "--all-targets", "--", "-D", "warnings"],
        root,
    ))?;
    tools::ensure_wasm_target(root)?;
    clippy_wasm(root, &["-p", "triage-wasm", "-p", "triage-web", "--all-targets"])?;
    // The npm package's wasm files are built with one feature each: each must be clean on its own.
    for wasm in npm::WASMS {
        clippy_wasm(
            root,
            &[
                "-p",
                "triage-wasm",
                "--no-default-features",
                "--features",
                wasm.features,
            ],
        )?;
    }
    Ok(())
}

/// Clippy on the wasm target, warnings as errors, for the packages and features in `args`.
fn clippy_wasm(root: &Path, args: &[&str]) -> Result<(), String> {
    let mut all = vec!["clippy", "--target", "wasm32-unknown-unknown"];
    all.extend_from_slice(args);
    all.extend(["--", "-D", "warnings"]);
    exec(cmd("cargo", &all, root))
}

fn native(root: &Path) -> Result<(), String> {
    exec(cmd("cargo", &["test", "--workspace"], root))
}

/// Every fuzz target replays its corpus (the regression inputs) and fuzzes briefly: long runs are
/// `cargo xtask fuzz`'s job.
fn fuzz_smoke(root: &Path) -> Result<(), String> {
    crate::fuzz::fuzz(root, crate::fuzz::TARGETS, SMOKE_SECONDS, None).map(|_| ())
}

const SMOKE_SECONDS: u64 = 15;

/// The generated request catalogue is what the pinned SDK's type declarations give.
fn catalogue(root: &Path) -> Result<(), String> {
    crate::catalogue::run(root, &["--check".to_string()])
}

/// wasm-bindgen tests of the wasm boundary and the playground, in Node or in headless Chromium.
fn wasm_tests(root: &Path, browser: bool) -> Result<(), String> {
    tools::ensure_wasm_toolchain(root)?;
    let mut packages = vec!["-p", "triage-wasm"];
    if browser {
        // Yew components need a DOM.
        packages.extend(["-p", "triage-web"]);
    }
    let mut args = vec!["test", "--target", "wasm32-unknown-unknown"];
    args.extend(packages);
    let mut c = cmd("cargo", &args, root);
    c.env(
        "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER",
        "wasm-bindgen-test-runner",
    );
    if browser {
        let driver = CHROMEDRIVER.path().ok_or("chromedriver not found")?;
        c.env("CHROMEDRIVER", driver).env("WASM_BINDGEN_USE_BROWSER", "1");
    }
    exec(c)
}

fn wasm_node(root: &Path) -> Result<(), String> {
    wasm_tests(root, false)
}

fn wasm_chromium(root: &Path) -> Result<(), String> {
    wasm_tests(root, true)
}

/// The official `@anthropic-ai/sdk` against triage-mock.
fn mock_sdk(root: &Path) -> Result<(), String> {
    let mock = dist::mock(root)?;
    let dir = node_project(root, "crates/triage-mock/tests/sdk")?;
    let mut c = cmd("node", &["--test"], &dir);
    c.env("TRIAGE_MOCK_BIN", mock);
    exec(c)
}

/// The packed npm tarball, installed into a scratch project as a user would.
fn npm_package(root: &Path) -> Result<(), String> {
    let tarball = dist::npm_package(root)?;
    let mock = dist::mock(root)?;
    let dir = node_project(root, "tests/npm")?;
    let chromium = CHROMIUM.path().ok_or("chromium not found")?;
    let redis = REDIS.path().ok_or("redis-server not found")?;
    let mut c = cmd("node", &["run-tests.mjs"], &dir);
    c.env("CLAUDE_TRIAGE_TARBALL", &tarball)
        .env("CHROMIUM", chromium)
        .env("REDIS_SERVER", redis)
        .env("TRIAGE_MOCK_BIN", mock);
    exec(c)
}

/// Playwright against the built playground and triage-mock.
fn e2e(root: &Path) -> Result<(), String> {
    let site = dist::playground(root)?;
    let mock = dist::mock(root)?;
    let dir = node_project(root, "tests/e2e")?;
    let chromium = CHROMIUM.path().ok_or("chromium not found")?;
    let mut c = cmd("npx", &["playwright", "test"], &dir);
    c.env("PLAYGROUND_DIR", site)
        .env("TRIAGE_MOCK_BIN", mock)
        .env("CHROMIUM", chromium);
    exec(c)
}

/// A Node project of the repository, with its pinned packages installed.
fn node_project(root: &Path, folder: &str) -> Result<PathBuf, String> {
    let dir = root.join(folder);
    tools::ensure_npm_project(&dir)?;
    Ok(dir)
}
