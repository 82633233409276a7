//! Building the `claude-triage` npm package from crates/triage-wasm.
//!
//! wasm-pack builds the wasm and its `--target web` glue (no wasm-opt: it would download binaryen), wasm-opt 132
//! from crates/xtask/tools shrinks the wasm, and the hand-written layer in crates/triage-wasm/js completes the
//! package in dist/npm, which `npm pack` turns into dist/claude-triage-<version>.tgz.

use crate::process::{cmd, exec, output};
use std::fs;
use std::path::{Path, PathBuf};

const CRATE_DIR: &str = "crates/triage-wasm";
/// The glue and wasm file names: `<OUT_NAME>.js`, `<OUT_NAME>_bg.wasm`, `<OUT_NAME>.d.ts`.
const OUT_NAME: &str = "triage_wasm";
/// What `crates/triage-wasm/js` contributes, copied as is (package.json is a template, see [`package_json`]).
const JS_FILES: &[&str] = &[
    "api.js",
    "browser.js",
    "node.js",
    "explain.js",
    "fetch.js",
    "index.d.ts",
    "README.md",
];
/// The package.json template's version, replaced by the workspace's.
const VERSION_PLACEHOLDER: &str = "0.0.0-workspace";

pub fn build(root: &Path) -> Result<PathBuf, String> {
    let staging = root.join("target/npm-wasm-pack");
    let package = root.join("dist/npm");
    wasm_pack(root, &staging)?;
    recreate_dir(&package)?;
    optimise(
        root,
        &staging.join(format!("{OUT_NAME}_bg.wasm")),
        &package.join(format!("{OUT_NAME}_bg.wasm")),
    )?;
    copy(
        &staging.join(format!("{OUT_NAME}.js")),
        &package.join(format!("{OUT_NAME}.js")),
    )?;
    let types = read(&staging.join(format!("{OUT_NAME}.d.ts")))?;
    write(
        &package.join(format!("{OUT_NAME}.d.ts")),
        &without_dispose(&types),
    )?;
    let js = root.join(CRATE_DIR).join("js");
    for name in JS_FILES {
        copy(&js.join(name), &package.join(name))?;
    }
    for license in ["LICENSE-MIT", "LICENSE-APACHE"] {
        if root.join(license).exists() {
            copy(&root.join(license), &package.join(license))?;
        }
    }
    let template = read(&js.join("package.json"))?;
    write(&package.join("package.json"), &package_json(&template)?)?;
    report_sizes(&package);
    pack(root, &package)
}

fn wasm_pack(root: &Path, out_dir: &Path) -> Result<(), String> {
    let out = out_dir.to_string_lossy().into_owned();
    exec(cmd(
        "wasm-pack",
        &[
            "build",
            CRATE_DIR,
            "--target",
            "web",
            "--profile",
            "release-wasm",
            // Use the pinned wasm-bindgen on PATH, never a download; wasm-opt runs below.
            "--mode",
            "no-install",
            "--no-opt",
            "--no-pack",
            "--out-dir",
            &out,
            "--out-name",
            OUT_NAME,
        ],
        root,
    ))
}

/// `-Oz` with the features the Rust wasm32 target emits by default (binaryen would refuse them otherwise).
/// `--converge` repeats the passes while the module still shrinks (about 0.7 KB of gzip, twice the time).
fn optimise(root: &Path, input: &Path, output_path: &Path) -> Result<(), String> {
    let input = input.to_string_lossy().into_owned();
    let output_arg = output_path.to_string_lossy().into_owned();
    exec(cmd(
        "wasm-opt",
        &[
            "-Oz",
            "--converge",
            "--enable-bulk-memory",
            "--enable-nontrapping-float-to-int",
            "--enable-sign-ext",
            "--enable-mutable-globals",
            "--enable-reference-types",
            "--enable-multivalue",
            "--strip-debug",
            "--strip-producers",
            &input,
            "-o",
            &output_arg,
        ],
        root,
    ))
}

/// wasm-bindgen declares `[Symbol.dispose]()` on classes, which only type-checks with the `esnext.disposable`
/// lib; the declaration goes (calling `free()` is the documented way), so the types work with ES2022 libs too.
fn without_dispose(types: &str) -> String {
    types
        .lines()
        .filter(|l| l.trim() != "[Symbol.dispose](): void;")
        .map(|l| format!("{l}\n"))
        .collect()
}

fn package_json(template: &str) -> Result<String, String> {
    if !template.contains(VERSION_PLACEHOLDER) {
        return Err(format!(
            "{CRATE_DIR}/js/package.json: no \"{VERSION_PLACEHOLDER}\" version to fill in"
        ));
    }
    Ok(template.replace(VERSION_PLACEHOLDER, env!("CARGO_PKG_VERSION")))
}

/// Raw and gzip sizes of what a browser downloads; gzip from the system's `gzip`, when there is one.
fn report_sizes(package: &Path) {
    println!("  package sizes (raw / gzip -9):");
    for name in [
        format!("{OUT_NAME}_bg.wasm"),
        format!("{OUT_NAME}.js"),
        "explain.js".into(),
        "fetch.js".into(),
    ] {
        let path = package.join(&name);
        let raw = fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
        let gzip = output(cmd(
            "sh",
            &["-c", &format!("gzip -9 -c '{}' | wc -c", path.display())],
            package,
        ))
        .and_then(|s| s.trim().parse::<u64>().ok())
        .map_or_else(|| "?".to_string(), |n| n.to_string());
        println!("    {name:<24} {raw:>8} B / {gzip:>7} B");
    }
}

/// `npm pack` into dist/; returns the tarball's path (npm prints its file name last).
fn pack(root: &Path, package: &Path) -> Result<PathBuf, String> {
    let dist = root.join("dist");
    let dist_arg = dist.to_string_lossy().into_owned();
    let printed = output(cmd("npm", &["pack", "--pack-destination", &dist_arg], package))
        .ok_or("`npm pack` failed in dist/npm")?;
    let name = printed
        .lines()
        .rev()
        .map(str::trim)
        .find(|l| l.ends_with(".tgz"))
        .ok_or("`npm pack` named no tarball")?;
    let tarball = dist.join(name);
    println!("  packed {}", tarball.display());
    Ok(tarball)
}

fn recreate_dir(dir: &Path) -> Result<(), String> {
    if dir.exists() {
        fs::remove_dir_all(dir).map_err(|e| format!("cannot empty {}: {e}", dir.display()))?;
    }
    fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))
}

fn copy(from: &Path, to: &Path) -> Result<(), String> {
    fs::copy(from, to)
        .map(drop)
        .map_err(|e| format!("cannot copy {} to {}: {e}", from.display(), to.display()))
}

fn read(path: &Path) -> Result<String, String> {
    fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

fn write(path: &Path, text: &str) -> Result<(), String> {
    fs::write(path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))
}
