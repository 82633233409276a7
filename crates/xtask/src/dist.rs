//! `cargo xtask dist`: the npm package (tarball) and the static playground, both under `dist/`.

use crate::process::{cmd, exec};
use crate::{npm, tools};
use std::path::{Path, PathBuf};

pub fn run(root: &Path) -> Result<(), String> {
    let tarball = npm_package(root)?;
    let site = playground(root)?;
    println!("\nnpm package: {}", tarball.display());
    println!("playground:  {}", site.display());
    Ok(())
}

/// Builds, optimises and packs `claude-triage`; returns the tarball's path.
pub fn npm_package(root: &Path) -> Result<PathBuf, String> {
    tools::ensure_wasm_toolchain(root)?;
    npm::build(root)
}

/// Builds triage-mock (debug: the tests, benches and `serve` only need it to answer on loopback); returns the
/// binary's path.
pub fn mock(root: &Path) -> Result<PathBuf, String> {
    exec(cmd("cargo", &["build", "-p", "triage-mock"], root))?;
    Ok(root.join("target/debug/triage-mock"))
}

/// Builds the playground with trunk (release, wasm-opt from binaryen 132) into `dist/playground`.
pub fn playground(root: &Path) -> Result<PathBuf, String> {
    tools::ensure_wasm_toolchain(root)?;
    tools::ensure_cargo_tool(root, &tools::TRUNK)?;
    let out = root.join("dist/playground");
    let out_arg = out.to_string_lossy().into_owned();
    exec(cmd("trunk", &["build", "--release", "--dist", &out_arg], root))?;
    Ok(out)
}
