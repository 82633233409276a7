//! Running the built `triage` binary as a user would; shared by the CLI's integration tests.
#![allow(dead_code)] // each test file uses its own part of this

use serde_json::Value;
use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

/// Runs `triage <args>` with `stdin` piped in.
pub fn triage(args: &[&str], stdin: impl AsRef<[u8]>) -> Output {
    triage_with_env(args, &[], stdin)
}

/// Runs `triage <args>` with extra environment variables and `stdin` piped in.
pub fn triage_with_env(args: &[&str], env: &[(&str, &str)], stdin: impl AsRef<[u8]>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_triage"))
        .args(args)
        .envs(env.iter().copied())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("triage runs");
    // A usage error exits before reading stdin; the broken pipe that causes is not the test's concern.
    let _ = child.stdin.take().expect("stdin").write_all(stdin.as_ref());
    child.wait_with_output().expect("triage finishes")
}

/// The JSON on stdout of a run that must have exited 0.
pub fn json_stdout(output: &Output) -> Value {
    assert_eq!(
        output.status.code(),
        Some(0),
        "stderr: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("stdout is JSON")
}

/// A file in the temp directory, removed when dropped.
pub struct TempFile(PathBuf);

impl TempFile {
    pub fn new(name: &str, content: impl AsRef<[u8]>) -> Self {
        let path = std::env::temp_dir().join(format!("triage-test-{}-{name}", std::process::id()));
        std::fs::write(&path, content).expect("temp file written");
        TempFile(path)
    }

    pub fn path(&self) -> &str {
        self.0.to_str().expect("temp path is UTF-8")
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}
