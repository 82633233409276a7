//! Building the `claude-triage` npm package from crates/triage-wasm.
//!
//! cargo builds each wasm (one per entry point, see [`WASMS`]) and the pinned wasm-bindgen writes its
//! `--target web` glue, wasm-opt 132 from crates/xtask/tools shrinks them, and the hand-written layer in
//! crates/triage-wasm/js completes the package in dist/npm, which `npm pack` turns into
//! dist/claude-triage-<version>.tgz. wasm-pack would do the first two steps only, after a several-minute install
//! on a fresh machine, so xtask calls cargo and wasm-bindgen itself, as trunk does for the playground.

use crate::process::{cmd, exec, output};
use std::fs;
use std::path::{Path, PathBuf};

const CRATE_DIR: &str = "crates/triage-wasm";

/// One wasm of the package: wasm-bindgen's out-name (its files are `<name>.js`, `<name>_bg.wasm` and `<name>.d.ts`)
/// and the crate features that choose its exports.
pub struct Wasm {
    pub out_name: &'static str,
    pub features: &'static str,
}

/// The main entry's wasm, and the simulator's: `claude-triage/simulate` loads its own, so apps that only
/// validate, explain and retry do not download the simulator.
pub const WASMS: &[Wasm] = &[
    Wasm {
        out_name: "triage_wasm",
        features: "exports-core",
    },
    Wasm {
        out_name: "triage_sim",
        features: "exports-simulate",
    },
];

/// What `crates/triage-wasm/js` contributes, copied as is (package.json is a template, see [`package_json`]).
const JS_FILES: &[&str] = &[
    "api.js",
    "browser.js",
    "node.js",
    "explain.js",
    "fetch.js",
    "gate.js",
    "fleet.js",
    "fleet.lua",
    "redis.js",
    "redis.d.ts",
    "tabs.js",
    "stream.js",
    "usage.js",
    "index.d.ts",
    "simulate-browser.js",
    "simulate-node.js",
    "simulate.d.ts",
    "README.md",
];
/// The package.json template's version, replaced by the workspace's.
const VERSION_PLACEHOLDER: &str = "0.0.0-workspace";

/// wasm-bindgen's output for one wasm: its `.js`, `.d.ts` and the unoptimised `_bg.wasm`, name section included.
fn staging_dir(root: &Path, wasm: &Wasm) -> PathBuf {
    root.join("target/npm-wasm-bindgen").join(wasm.out_name)
}

/// Where cargo leaves the crate's wasm; both feature sets write it, so each is bound before the next is built.
fn cargo_wasm(root: &Path) -> PathBuf {
    root.join("target/wasm32-unknown-unknown/release-npm/triage_wasm.wasm")
}

/// The package as `npm pack` packs it.
fn package_dir(root: &Path) -> PathBuf {
    root.join("dist/npm")
}

/// Where wasm-bindgen leaves a wasm before wasm-opt.
pub fn staged_wasm(root: &Path, wasm: &Wasm) -> PathBuf {
    staging_dir(root, wasm).join(format!("{}_bg.wasm", wasm.out_name))
}

/// Where the built package keeps a wasm.
pub fn packaged_wasm(root: &Path, wasm: &Wasm) -> PathBuf {
    package_dir(root).join(format!("{}_bg.wasm", wasm.out_name))
}

pub fn build(root: &Path) -> Result<PathBuf, String> {
    let package = package_dir(root);
    for wasm in WASMS {
        build_wasm(root, &staging_dir(root, wasm), wasm)?;
    }
    recreate_dir(&package)?;
    for wasm in WASMS {
        let from = |suffix: &str| staging_dir(root, wasm).join(format!("{}{suffix}", wasm.out_name));
        let to = |suffix: &str| package.join(format!("{}{suffix}", wasm.out_name));
        optimise(root, &staged_wasm(root, wasm), &packaged_wasm(root, wasm))?;
        copy(&from(".js"), &to(".js"))?;
        write(&to(".d.ts"), &without_dispose(&read(&from(".d.ts"))?))?;
    }
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

fn build_wasm(root: &Path, out_dir: &Path, wasm: &Wasm) -> Result<(), String> {
    exec(cmd(
        "cargo",
        &[
            "build",
            "-p",
            "triage-wasm",
            "--lib",
            "--target",
            "wasm32-unknown-unknown",
            "--profile",
            "release-npm",
            "--no-default-features",
            "--features",
            wasm.features,
        ],
        root,
    ))?;
    let input = cargo_wasm(root).to_string_lossy().into_owned();
    let out = out_dir.to_string_lossy().into_owned();
    exec(cmd(
        "wasm-bindgen",
        &[
            "--target",
            "web",
            "--typescript",
            "--out-dir",
            &out,
            "--out-name",
            wasm.out_name,
            &input,
        ],
        root,
    ))
}

/// `-O3`, as the `release-npm` profile (Cargo.toml says why), with the features the Rust wasm32 target emits by
/// default (binaryen would refuse them otherwise).
/// `--converge` repeats the passes while the module still shrinks (about 0.7 KB of gzip, twice the time).
/// `--low-memory-unused` lets binaryen fold constant address offsets (about 1 KB of gzip): true of Rust's layout,
/// whose stack sits first and grows down towards address 0, so the low 1 KB is only reached by the last 1 KB of a
/// 1 MB stack.
fn optimise(root: &Path, input: &Path, output_path: &Path) -> Result<(), String> {
    optimise_with(root, input, output_path, &["--strip-debug"])
}

/// [`optimise`] with the name section kept, for the size report: the same passes, so the same code.
pub fn optimise_keeping_names(root: &Path, input: &Path, output_path: &Path) -> Result<(), String> {
    optimise_with(root, input, output_path, &["--debuginfo"])
}

fn optimise_with(root: &Path, input: &Path, output_path: &Path, names: &[&str]) -> Result<(), String> {
    let input = input.to_string_lossy().into_owned();
    let output_arg = output_path.to_string_lossy().into_owned();
    let mut args = vec![
        "-O3",
        "--converge",
        "--low-memory-unused",
        "--enable-bulk-memory",
        "--enable-nontrapping-float-to-int",
        "--enable-sign-ext",
        "--enable-mutable-globals",
        "--enable-reference-types",
        "--enable-multivalue",
        "--strip-producers",
    ];
    args.extend_from_slice(names);
    args.extend_from_slice(&[&input, "-o", &output_arg]);
    exec(cmd("wasm-opt", &args, root))
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
    let wasm_files = WASMS
        .iter()
        .flat_map(|w| [format!("{}_bg.wasm", w.out_name), format!("{}.js", w.out_name)]);
    for name in wasm_files.chain(["explain.js".into(), "fetch.js".into()]) {
        let path = package.join(&name);
        let raw = fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
        let gzip = gzip_size(&path).map_or_else(|| "?".to_string(), |n| n.to_string());
        println!("    {name:<24} {raw:>8} B / {gzip:>7} B");
    }
}

/// `gzip -9`'s size of a file, from the system's `gzip`, when there is one.
pub fn gzip_size(path: &Path) -> Option<u64> {
    let dir = path.parent().unwrap_or(path);
    output(cmd(
        "sh",
        &["-c", &format!("gzip -9 -c '{}' | wc -c", path.display())],
        dir,
    ))
    .and_then(|s| s.trim().parse::<u64>().ok())
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
