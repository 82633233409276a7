//! Issue 26, validate speed: seeded agent transcripts (75 KB and 10 MB, see [`transcript`]) validated natively
//! (release build, in process) and in Node from the packed npm package beside `JSON.parse` on the same text.
//! Figures in `target/bench/validate.json`: native MB/s and peak heap, the wasm's MB/s, validate/JSON.parse
//! and wasm/native, each per size; and `explain` per response vector beside `JSON.parse` of its body.

use super::transcript;
use crate::process::{cmd, exec};
use std::path::{Path, PathBuf};

/// The seed of every generated transcript: change it and the figures are no longer comparable with the README.
const SEED: u64 = 26;

/// Writes the transcripts under `target/bench/inputs`; returns `(name, file)` pairs.
pub fn inputs(root: &Path) -> Result<Vec<(&'static str, PathBuf)>, String> {
    let dir = root.join("target/bench/inputs");
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    transcript::SIZES
        .iter()
        .map(|&(name, messages)| {
            let file = dir.join(format!("transcript-{name}.json"));
            std::fs::write(&file, transcript::transcript(messages, SEED))
                .map_err(|e| format!("{}: {e}", file.display()))?;
            Ok((name, file))
        })
        .collect()
}

/// Native figures: one JSON line per input, from the `validate_speed` example built in release.
pub fn native(root: &Path, inputs: &[(&str, PathBuf)]) -> Result<(), String> {
    let out = root.join("target/bench/validate-native.jsonl");
    let mut args = vec![
        "run",
        "--release",
        "-q",
        "-p",
        "triage-core",
        "--example",
        "validate_speed",
        "--",
    ];
    let files: Vec<String> = inputs
        .iter()
        .map(|(_, f)| f.to_string_lossy().into_owned())
        .collect();
    args.extend(files.iter().map(String::as_str));
    let mut c = cmd("cargo", &args, root);
    let file = std::fs::File::create(&out).map_err(|e| format!("{}: {e}", out.display()))?;
    c.stdout(file);
    exec(c)?;
    let lines = std::fs::read_to_string(&out).map_err(|e| e.to_string())?;
    for line in lines.lines() {
        println!("  native {line}");
    }
    Ok(())
}

/// The Node figures, from the packed package.
pub fn wasm(root: &Path, tarball: &Path, inputs: &[(&str, PathBuf)]) -> Result<(), String> {
    let dir = root.join("crates/xtask/bench/validate");
    let pairs: Vec<String> = inputs
        .iter()
        .map(|(name, f)| format!("{name}={}", f.display()))
        .collect();
    let mut node = cmd("node", &["run.mjs"], &dir);
    node.env("CLAUDE_TRIAGE_TARBALL", tarball)
        .env("VALIDATE_INPUTS", pairs.join(","))
        .env("VALIDATE_JSON", root.join("target/bench/validate-wasm.json"))
        .env("RESPONSE_VECTORS", root.join("tests/vectors/responses.json"));
    exec(node)
}

pub fn run(root: &Path, tarball: &Path) -> Result<(), String> {
    println!("==> validate: seeded agent transcripts, native and in Node beside JSON.parse");
    let inputs = inputs(root)?;
    native(root, &inputs)?;
    wasm(root, tarball, &inputs)
}
