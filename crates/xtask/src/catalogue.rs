//! `cargo xtask catalogue [--check]`: the request catalogue generated from the official TypeScript SDK.
//!
//! `crates/xtask/catalogue` pins `@anthropic-ai/sdk` and `typescript`; its `generate.mjs` reads the SDK's `.d.ts`
//! files with the compiler API and prints Rust, which rustfmt formats the way `cargo fmt` would. Without
//! `--check` the result is written to [`GENERATED`]; with it, nothing is written and a difference from the
//! committed file is an error with a summary of the lines that differ.

use crate::process::{cmd, describe};
use crate::tools;
use std::io::Write;
use std::path::Path;
use std::process::Stdio;

/// The generated file, relative to the workspace root. triage-mock includes it too.
pub const GENERATED: &str = "crates/triage-core/src/request/catalogue/sdk.rs";

/// At most this many differing lines are shown by `--check`.
const SHOWN: usize = 40;

pub fn run(root: &Path, args: &[String]) -> Result<(), String> {
    let check = match args {
        [] => false,
        [flag] if flag == "--check" => true,
        _ => return Err("usage: cargo xtask catalogue [--check]".into()),
    };
    let generated = generate(root)?;
    let path = root.join(GENERATED);
    if !check {
        std::fs::write(&path, &generated).map_err(|e| format!("cannot write {GENERATED}: {e}"))?;
        println!("  wrote {GENERATED}");
        return Ok(());
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    if committed == generated {
        println!("  ✓ {GENERATED} is what the SDK generates");
        return Ok(());
    }
    let (removed, added) = differing_lines(&committed, &generated);
    println!(
        "  {GENERATED} differs from what the SDK generates: {} line(s) only in the file, {} only generated",
        removed.len(),
        added.len()
    );
    for line in removed.iter().take(SHOWN) {
        println!("  - {line}");
    }
    for line in added.iter().take(SHOWN) {
        println!("  + {line}");
    }
    if removed.len() + added.len() > 2 * SHOWN {
        println!("  …");
    }
    Err(format!(
        "{GENERATED} is stale or edited by hand: run `cargo xtask catalogue`"
    ))
}

/// The Rust source `generate.mjs` prints, formatted with the workspace's rustfmt settings.
fn generate(root: &Path) -> Result<String, String> {
    let dir = root.join("crates/xtask/catalogue");
    tools::ensure_npm_project(&dir)?;
    let source = captured(cmd("node", &["generate.mjs"], &dir), None)?;
    let config = root.join("rustfmt.toml");
    let config = config.to_string_lossy();
    captured(
        cmd(
            "rustfmt",
            &["--edition", "2021", "--config-path", &config, "--emit", "stdout"],
            root,
        ),
        Some(&source),
    )
}

/// Runs `c`, feeding it `input`, and returns its stdout; stderr passes through.
fn captured(mut c: std::process::Command, input: Option<&str>) -> Result<String, String> {
    let line = describe(&c);
    println!("  $ {line}");
    c.stdin(Stdio::piped()).stdout(Stdio::piped());
    let mut child = c.spawn().map_err(|e| format!("cannot start `{line}`: {e}"))?;
    if let Some(mut stdin) = child.stdin.take() {
        stdin
            .write_all(input.unwrap_or_default().as_bytes())
            .map_err(|e| format!("`{line}`: {e}"))?;
    }
    let out = child.wait_with_output().map_err(|e| format!("`{line}`: {e}"))?;
    if !out.status.success() {
        return Err(format!("`{line}` failed ({})", out.status));
    }
    String::from_utf8(out.stdout).map_err(|e| format!("`{line}` printed invalid UTF-8: {e}"))
}

/// The lines only `old` has and those only `new` has, each in its file's order (as multisets: a line that
/// appears twice in one and once in the other counts once).
fn differing_lines<'a>(old: &'a str, new: &'a str) -> (Vec<&'a str>, Vec<&'a str>) {
    fn minus<'a>(a: &'a str, b: &'a str) -> Vec<&'a str> {
        let mut left: Vec<&str> = b.lines().collect();
        a.lines()
            .filter(|line| match left.iter().position(|l| l == line) {
                Some(i) => {
                    left.swap_remove(i);
                    false
                }
                None => true,
            })
            .collect()
    }
    (minus(old, new), minus(new, old))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn differing_lines_are_counted_as_multisets() {
        let (removed, added) = differing_lines("a\nb\nb\nc", "a\nb\nd");
        assert_eq!(removed, ["b", "c"]);
        assert_eq!(added, ["d"]);
    }
}
