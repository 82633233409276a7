//! Running commands visibly: every command is echoed before it runs, and failures carry the command line.

use std::path::Path;
use std::process::{Child, Command, Stdio};

/// A command to run in `dir` with the tool PATH (see [`crate::tools::path_env`]).
pub fn cmd(program: &str, args: &[&str], dir: &Path) -> Command {
    let mut c = Command::new(program);
    c.args(args)
        .current_dir(dir)
        .env("PATH", crate::tools::path_env(dir));
    c
}

pub fn describe(c: &Command) -> String {
    let mut s = c.get_program().to_string_lossy().into_owned();
    for a in c.get_args() {
        s.push(' ');
        s.push_str(&a.to_string_lossy());
    }
    s
}

/// Runs to completion with inherited output; an error names the command.
pub fn exec(mut c: Command) -> Result<(), String> {
    let line = describe(&c);
    println!("  $ {line}");
    let status = c.status().map_err(|e| format!("cannot start `{line}`: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`{line}` failed ({status})"))
    }
}

/// Runs and captures stdout, discarding stderr; `None` when the program is missing or fails. Callers want one
/// answer (a version, a size, a file name) and say themselves what failed, so the tool's own complaint is
/// noise.
pub fn output(mut c: Command) -> Option<String> {
    c.stderr(Stdio::null());
    let out = c.output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Starts a long-running child, echoing it.
pub fn spawn(mut c: Command) -> Result<Child, String> {
    let line = describe(&c);
    println!("  $ {line} &");
    c.spawn().map_err(|e| format!("cannot start `{line}`: {e}"))
}
