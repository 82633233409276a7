//! `triage validate` as a user runs it: every request vector through the binary with `--json` (code, path, exit
//! code), the human report, invalid UTF-8, stdin, and the usage errors.

mod common;

use common::{triage, triage_with_env, TempFile};
use serde_json::Value;

const VECTORS: &str = include_str!("../../../tests/vectors/requests.json");

#[test]
fn every_request_vector_through_the_binary() {
    let cases: Vec<Value> = serde_json::from_str(VECTORS).expect("requests.json is JSON");
    for (i, case) in cases.iter().enumerate() {
        let name = case["name"].as_str().unwrap_or("?");
        let body = case["body"].as_str().expect("body");
        let file = TempFile::new(&format!("vector{i}.json"), body.as_bytes());
        let output = triage(&["validate", "--json", file.path()], b"");
        let report: Value = serde_json::from_slice(&output.stdout).expect("stdout is JSON");
        let ok = case["expect"]["ok"].as_bool().expect("expect.ok");
        assert_eq!(report["ok"].as_bool(), Some(ok), "{name}: {report:#}");
        assert_eq!(output.status.code(), Some(if ok { 0 } else { 1 }), "{name}");
        for expected in case["expect"]["errors"].as_array().into_iter().flatten() {
            let found = report["diagnostics"].as_array().into_iter().flatten().any(|d| {
                d["severity"] == "error" && d["code"] == expected["code"] && d["path"] == expected["path"]
            });
            assert!(found, "{name}: missing {expected} in {report:#}");
        }
        for d in report["diagnostics"].as_array().into_iter().flatten() {
            for field in [
                "severity", "code", "path", "message", "hint", "span", "line", "column",
            ] {
                assert!(d.get(field).is_some(), "{name}: {field} missing in {d}");
            }
        }
    }
}

#[test]
fn human_report_points_at_the_line() {
    let body = "{\n  \"model\": \"claude-sonnet-4-5\",\n  \"max_tokens\": 1024,\n  \"temperature\": 1.5,\n  \"messages\": [{\"role\": \"user\", \"content\": \"Hi\"}]\n}\n";
    let file = TempFile::new("human.json", body.as_bytes());
    let output = triage(&["validate", file.path()], b"");
    assert_eq!(output.status.code(), Some(1));
    let out = String::from_utf8_lossy(&output.stdout);
    assert!(out.contains("error[temperature_out_of_range]: "), "{out}");
    assert!(out.contains(&format!("--> {}:4:18", file.path())), "{out}");
    assert!(out.contains("4 |   \"temperature\": 1.5,"), "{out}");
    assert!(out.contains("  |                  ^^^ at /temperature"), "{out}");
    assert!(out.contains("= help: "), "{out}");
    assert!(out.contains("has 1 error: the API would reject it"), "{out}");
}

#[test]
fn key_env_checks_the_key_format_and_never_prints_the_key() {
    let body = br#"{"model": "claude-sonnet-4-5", "max_tokens": 10, "messages": [{"role": "user", "content": "x"}]}"#;
    let key = "sk-ant-api03-test-FAKE-cut-off-0123456789";
    let run = |args: &[&str]| {
        let output = triage_with_env(args, &[("TRIAGE_TEST_KEY", key)], body);
        assert_eq!(output.status.code(), Some(0), "{args:?}: warnings only");
        let out = String::from_utf8(output.stdout).expect("utf-8");
        assert!(!out.contains(&key[10..key.len() - 4]), "the key leaked:\n{out}");
        out
    };
    let human = run(&["validate", "--key-env", "TRIAGE_TEST_KEY", "-"]);
    assert!(human.contains("warning[invalid_api_key_format]: "), "{human}");
    assert!(human.contains("--> $TRIAGE_TEST_KEY"), "{human}");
    assert!(human.contains("is valid, with 1 warning"), "{human}");
    let json: Value =
        serde_json::from_str(&run(&["validate", "--json", "--key-env", "TRIAGE_TEST_KEY", "-"]))
            .expect("JSON");
    assert_eq!(json["ok"], true);
    assert_eq!(json["diagnostics"][0]["code"], "invalid_api_key_format");
}

#[test]
fn warnings_alone_exit_zero() {
    let body =
        br#"{"model": "claude-sonnet-9", "max_tokens": 10, "messages": [{"role": "user", "content": "x"}]}"#;
    let output = triage(&["validate", "-"], body);
    assert_eq!(output.status.code(), Some(0));
    let out = String::from_utf8_lossy(&output.stdout);
    assert!(out.contains("warning[unknown_model]"), "{out}");
    assert!(out.contains("ok: <stdin> is valid, with 1 warning"), "{out}");
}

#[test]
fn stdin_without_a_file_argument() {
    let body = br#"{"model": "claude-sonnet-4-5", "max_tokens": 10, "messages": [{"role": "user", "content": "x"}]}"#;
    let output = triage(&["validate", "--json"], body);
    assert_eq!(output.status.code(), Some(0));
    let report: Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(report, serde_json::json!({"ok": true, "diagnostics": []}));
}

#[test]
fn invalid_utf8_is_a_diagnostic_not_a_crash() {
    let mut body =
        br#"{"model": "claude-sonnet-4-5", "max_tokens": 10, "messages": [{"role": "user", "content": ""#
            .to_vec();
    body.extend_from_slice(b"caf\xe9\"}]}");
    let output = triage(&["validate", "--json", "-"], &body);
    assert_eq!(output.status.code(), Some(1));
    let report: Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(report["diagnostics"][0]["code"], "invalid_json");
    assert_eq!(report["diagnostics"][0]["span"]["start"], body.len() - 5);
    let human = triage(&["validate", "-"], &body);
    assert_eq!(human.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&human.stdout).contains("not valid UTF-8"));
}

#[test]
fn missing_file_and_bad_usage_exit_two() {
    let output = triage(&["validate", "/nonexistent/request.json"], b"");
    assert_eq!(output.status.code(), Some(2));
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(err.contains("cannot read /nonexistent/request.json"), "{err}");
    assert!(output.stdout.is_empty());
    let output = triage(&["validate", "--bogus"], b"");
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn hostile_input_finishes() {
    let deep = "[".repeat(10_000) + &"]".repeat(10_000);
    let output = triage(&["validate", "--json", "-"], deep.as_bytes());
    assert_eq!(output.status.code(), Some(1));
    let long_line = format!(
        "{{\"model\": \"claude-sonnet-4-5\", \"system\": \"{}\", \"max_tokens\": -1, \"messages\": []}}",
        "é".repeat(100_000)
    );
    let output = triage(&["validate", "-"], long_line.as_bytes());
    assert_eq!(output.status.code(), Some(1));
    let out = String::from_utf8_lossy(&output.stdout);
    assert!(
        out.lines().all(|l| l.chars().count() < 400),
        "lines are cut: {}",
        out.len()
    );
}
