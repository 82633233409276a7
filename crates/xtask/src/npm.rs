//! Building the `claude-triage` npm package from crates/triage-wasm.

use std::path::{Path, PathBuf};

pub fn build(_root: &Path) -> Result<PathBuf, String> {
    Err("the npm package build is not written yet".into())
}
