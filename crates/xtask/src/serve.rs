//! `cargo xtask serve`: triage-mock on 127.0.0.1:8787 and the playground on 127.0.0.1:8080, stopped together.

use crate::process::{cmd, spawn};
use crate::{dist, system, tools};
use std::path::Path;
use std::process::{Child, Command};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

pub const MOCK_ADDR: &str = "127.0.0.1:8787";
const PLAYGROUND_URL: &str = "http://127.0.0.1:8080/";

pub fn run(root: &Path) -> Result<(), String> {
    println!("==> setting up tools");
    system::ensure_node(root)?;
    tools::ensure_wasm_toolchain(root)?;
    tools::ensure_cargo_tool(root, &tools::TRUNK)?;

    println!("==> building triage-mock");
    let mock_bin = dist::mock(root)?;

    let stop = Arc::new(AtomicBool::new(false));
    let flag = stop.clone();
    // Ctrl-C reaches the children too (same process group); we stay alive to wait for them and report.
    ctrlc::set_handler(move || flag.store(true, Ordering::SeqCst))
        .map_err(|e| format!("cannot handle Ctrl-C: {e}"))?;

    println!("==> starting triage-mock on {MOCK_ADDR}");
    let mock = spawn(cmd(&mock_bin.to_string_lossy(), &["--addr", MOCK_ADDR], root))?;
    println!("==> starting the playground (trunk serve; the first build takes a few minutes)");
    let trunk = match spawn(cmd(
        "trunk",
        &["serve", "--address", "127.0.0.1", "--port", "8080"],
        root,
    )) {
        Ok(child) => child,
        Err(e) => {
            stop_all(vec![("triage-mock", mock)]);
            return Err(e);
        }
    };
    println!("\n    playground: {PLAYGROUND_URL}   (talks to triage-mock at http://{MOCK_ADDR})");
    println!("    press Ctrl-C to stop both\n");

    let mut children = vec![("triage-mock", mock), ("trunk", trunk)];
    let exited = loop {
        if stop.load(Ordering::SeqCst) {
            break None;
        }
        if let Some(name) = children
            .iter_mut()
            .find_map(|(n, c)| matches!(c.try_wait(), Ok(Some(_))).then_some(*n))
        {
            break Some(name);
        }
        std::thread::sleep(Duration::from_millis(200));
    };
    stop_all(children);
    match exited {
        None => {
            println!("stopped triage-mock and the playground");
            Ok(())
        }
        Some(name) => Err(format!("{name} exited; stopped the rest")),
    }
}

/// Asks each child to stop (SIGTERM), then kills what is still running after a grace period.
fn stop_all(mut children: Vec<(&str, Child)>) {
    for (_, child) in &children {
        let _ = Command::new("kill")
            .args(["-TERM", &child.id().to_string()])
            .status();
    }
    let deadline = Instant::now() + Duration::from_secs(5);
    for (name, child) in &mut children {
        while Instant::now() < deadline && matches!(child.try_wait(), Ok(None)) {
            std::thread::sleep(Duration::from_millis(100));
        }
        if matches!(child.try_wait(), Ok(None)) {
            eprintln!("{name} did not stop in time; killing it");
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}
