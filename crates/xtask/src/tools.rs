//! Pinned tools, installed on first use and skipped when the installed version already matches.
//!
//! Everything comes from the registries this project may use (crates.io, npm, Debian); nothing is downloaded
//! from elsewhere, which is why wasm-opt comes from npm's binaryen instead of a download by wasm-pack or trunk.

use crate::process::{cmd, exec, output};
use std::path::{Path, PathBuf};

pub struct CargoTool {
    pub krate: &'static str,
    pub bin: &'static str,
    pub version: &'static str,
    /// wasm-bindgen-cli's lock file names a crate version the registry mirror here lacks; the others need theirs.
    pub locked: bool,
    /// More `cargo install` flags.
    pub install_flags: &'static [&'static str],
}

pub const WASM_BINDGEN: CargoTool = CargoTool {
    krate: "wasm-bindgen-cli",
    bin: "wasm-bindgen",
    version: "0.2.130",
    locked: false,
    // Kept optimised: the test runner processes multi-megabyte debug test wasm on every wasm test run.
    install_flags: &[],
};
pub const TRUNK: CargoTool = CargoTool {
    krate: "trunk",
    bin: "trunk",
    version: "0.21.14",
    locked: true,
    // Unoptimised and without its TLS and update-check features (it runs offline, so it downloads nothing). The
    // default release install was most of a fresh clone's first e2e stage (12.1 min); this one took 4.0 min on
    // the same busy 2-core machine, and a release playground build with it took 47 s: its own work is small next
    // to cargo's and wasm-opt's.
    install_flags: &["--debug", "--no-default-features"],
};

const WASM_TARGET: &str = "wasm32-unknown-unknown";

/// `crates/xtask/tools`: the npm project pinning build tools (binaryen's wasm-opt).
fn npm_tools_dir(root: &Path) -> PathBuf {
    root.join("crates/xtask/tools")
}

/// PATH with the pinned npm build tools first, so binaryen 132's wasm-opt wins over any older system copy.
pub fn path_env(dir: &Path) -> String {
    let root = dir
        .ancestors()
        .find(|d| d.join("crates/xtask/tools").is_dir())
        .unwrap_or(dir);
    let bin = npm_tools_dir(root).join("node_modules/.bin");
    let cargo_bin = std::env::var("CARGO_HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|_| PathBuf::from(std::env::var("HOME").unwrap_or_default()).join(".cargo"))
        .join("bin");
    let old = std::env::var("PATH").unwrap_or_default();
    format!("{}:{}:{old}", bin.display(), cargo_bin.display())
}

pub fn ensure_wasm_target(root: &Path) -> Result<(), String> {
    let installed = output(cmd("rustup", &["target", "list", "--installed"], root)).unwrap_or_default();
    if installed.lines().any(|l| l.trim() == WASM_TARGET) {
        println!("  ✓ rust target {WASM_TARGET}");
        return Ok(());
    }
    println!("  installing rust target {WASM_TARGET}…");
    exec(cmd("rustup", &["target", "add", WASM_TARGET], root))
}

pub fn ensure_cargo_tool(root: &Path, tool: &CargoTool) -> Result<(), String> {
    let found = output(cmd(tool.bin, &["--version"], root)).unwrap_or_default();
    if found
        .split_whitespace()
        .any(|w| w.trim_start_matches('v') == tool.version)
    {
        println!("  ✓ {} {}", tool.bin, tool.version);
        return Ok(());
    }
    println!(
        "  installing {} {} (one-time, takes minutes)…",
        tool.krate, tool.version
    );
    let mut args = vec!["install", tool.krate, "--version", tool.version];
    if tool.locked {
        args.push("--locked");
    }
    args.extend_from_slice(tool.install_flags);
    exec(cmd("cargo", &args, root))
}

/// Installs an npm project's exact dependencies from its lock file, unless they are already in place.
pub fn ensure_npm_project(dir: &Path) -> Result<(), String> {
    let lock = dir.join("package-lock.json");
    let marker = dir.join("node_modules/.package-lock.json");
    let fresh = match (std::fs::metadata(&lock), std::fs::metadata(&marker)) {
        (Ok(l), Ok(m)) => m.modified().ok() >= l.modified().ok(),
        _ => false,
    };
    if fresh {
        println!("  ✓ npm dependencies in {}", dir.display());
        return Ok(());
    }
    let args: &[&str] = if lock.exists() {
        &["ci", "--no-audit", "--no-fund"]
    } else {
        &["install", "--no-audit", "--no-fund"]
    };
    exec(cmd("npm", args, dir))
}

pub fn ensure_wasm_opt(root: &Path) -> Result<(), String> {
    ensure_npm_project(&npm_tools_dir(root))
}

/// Everything a wasm build needs: the target, wasm-bindgen-cli and wasm-opt.
pub fn ensure_wasm_toolchain(root: &Path) -> Result<(), String> {
    ensure_wasm_target(root)?;
    ensure_cargo_tool(root, &WASM_BINDGEN)?;
    ensure_wasm_opt(root)
}
