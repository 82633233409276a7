//! The `triage-mock` binary: it serves, logs one line per request without the key, refuses non-loopback
//! addresses, and stops cleanly on SIGTERM.

mod common;

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use common::{Conn, BODY, KEY, VERSION};

const BIN: &str = env!("CARGO_BIN_EXE_triage-mock");

/// Starts the binary on a free loopback port and returns it with the address it printed.
fn spawn(args: &[&str]) -> (Child, SocketAddr, BufReader<std::process::ChildStderr>) {
    let mut child = Command::new(BIN)
        .args(["--addr", "127.0.0.1:0"])
        .args(args)
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn triage-mock");
    let mut stderr = BufReader::new(child.stderr.take().expect("stderr"));
    let mut line = String::new();
    stderr.read_line(&mut line).expect("first line");
    let addr = line
        .trim()
        .strip_prefix("triage-mock listening on http://")
        .and_then(|addr| addr.parse().ok())
        .unwrap_or_else(|| panic!("unexpected first line {line:?}"));
    (child, addr, stderr)
}

#[tokio::test]
async fn serves_logs_without_the_key_and_stops_on_sigterm() {
    let (mut child, addr, mut stderr) = spawn(&[]);
    let headers = [("x-api-key", KEY), ("anthropic-version", VERSION)];
    let reply = Conn::open(addr)
        .await
        .send("POST", "/s/overloaded/v1/messages?n=1", &headers, BODY.as_bytes())
        .await
        .unwrap();
    assert_eq!(reply.status, 529);
    let mut line = String::new();
    stderr.read_line(&mut line).unwrap();
    assert!(
        line.starts_with("triage-mock POST /s/overloaded/v1/messages scenario=overloaded status=529 ms="),
        "{line}"
    );
    assert!(!line.contains(KEY) && !line.contains("n=1"), "{line}");

    let pid = child.id().to_string();
    let killed = Command::new("kill").args(["-TERM", &pid]).status().expect("kill");
    assert!(killed.success());
    let mut waited = None;
    for _ in 0..50 {
        if let Some(status) = child.try_wait().unwrap() {
            waited = Some(status);
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let status = waited.unwrap_or_else(|| {
        let _ = child.kill();
        panic!("did not stop within 5 s of SIGTERM")
    });
    assert!(status.success(), "{status:?}");
}

#[tokio::test]
async fn a_key_anywhere_in_a_request_stays_out_of_the_log() {
    let key = "sk-ant-api03-FAKEFAKEFAKEFAKEFAKEFAKEFAKEFAKE-TESTONLY";
    let bearer = format!("Bearer {key}");
    let (mut child, addr, mut stderr) = spawn(&[]);
    let headers = [
        ("x-api-key", key),
        ("authorization", bearer.as_str()),
        ("anthropic-version", VERSION),
    ];
    let mut conn = Conn::open(addr).await;
    // A key in the headers, in the query, and in the path (a base URL with the key pasted into it).
    let paths = [format!("/v1/messages?key={key}"), format!("/{key}/v1/messages")];
    let mut lines = Vec::new();
    for path in &paths {
        conn.send("POST", path, &headers, BODY.as_bytes()).await.unwrap();
        let mut line = String::new();
        stderr.read_line(&mut line).unwrap();
        lines.push(line);
    }
    let _ = child.kill();
    let _ = child.wait();
    assert!(
        lines[0].starts_with("triage-mock POST /v1/messages scenario="),
        "{}",
        lines[0]
    );
    assert!(
        lines[1].starts_with("triage-mock POST /sk-ant-api…ONLY/v1/messages "),
        "{}",
        lines[1]
    );
    for line in &lines {
        assert!(!line.contains("FAKEFAKEFAKE"), "the key leaked: {line}");
    }
}

#[test]
fn refuses_a_non_loopback_address() {
    let output = Command::new(BIN)
        .args(["--addr", "0.0.0.0:0"])
        .output()
        .expect("run");
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("not a loopback address"));
}
