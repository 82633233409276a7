//! `triage explain` as a user runs it: every response vector through the binary (status via `--status`,
//! headers via `-H`, body on stdin), pasted `curl -i` and SSE text, the human card, and the usage errors.

mod common;

use common::{json_stdout as json_of, triage, triage_with_env, TempFile};
use serde_json::Value;

const VECTORS: &str = include_str!("../../../tests/vectors/responses.json");

#[test]
fn every_vector_through_the_binary() {
    let vectors: Vec<Value> = serde_json::from_str(VECTORS).expect("vectors parse");
    for v in &vectors {
        let name = v["name"].as_str().expect("name");
        let status = v["status"].as_u64().expect("status").to_string();
        let mut args = vec!["explain".to_string(), "--json".into(), "--status".into(), status];
        for (header, value) in v["headers"].as_object().expect("headers") {
            args.push("-H".into());
            args.push(format!("{header}: {}", value.as_str().expect("header value")));
        }
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let got = json_of(&triage(&args, v["body"].as_str().expect("body")));
        let expect = &v["expect"];
        for key in ["kind", "cause", "request_id"] {
            if let Some(want) = expect.get(key) {
                assert_eq!(&got[key], want, "{name}: {key}");
            }
        }
        if let Some(want) = expect.get("retryable") {
            assert_eq!(&got["retry"]["retryable"], want, "{name}: retryable");
        }
        if let Some(min) = expect.get("min_after_ms").and_then(Value::as_u64) {
            let after = got["retry"]["after_ms"]
                .as_u64()
                .unwrap_or_else(|| panic!("{name}: no after_ms"));
            assert!(after >= min, "{name}: after_ms {after} < {min}");
        }
        for (field, want) in expect
            .get("fields")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
        {
            assert_eq!(&got["fields"][field], want, "{name}: field {field}");
        }
    }
}

#[test]
fn pasted_curl_i_output_from_a_file() {
    let text = "HTTP/1.1 100 Continue\r\n\r\nHTTP/2 529 \r\nRequest-Id: req_011CFAKE\r\nRetry-After: 7\r\n\
                X-Should-Retry: true\r\n\r\n\
                {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}";
    let file = TempFile::new("curl-i.txt", text);
    let got = json_of(&triage(&["explain", "--json", file.path()], ""));
    assert_eq!(got["status"], 529);
    assert_eq!(got["cause"], "overloaded");
    assert_eq!(got["request_id"], "req_011CFAKE");
    assert_eq!(got["retry"]["after_ms"], 7000);
    assert_eq!(got["retry"]["source"], "x-should-retry");
}

#[test]
fn sse_on_stdin_without_a_status() {
    let stream = "event: message_start\ndata: {\"type\":\"message_start\"}\n\nevent: error\ndata: \
                  {\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":\"Internal server \
                  error\"}}\n\n";
    let got = json_of(&triage(&["explain", "--json", "-"], stream));
    assert_eq!(
        (&got["kind"], &got["cause"]),
        (&Value::from("stream_error"), &Value::from("server_error"))
    );
    assert_eq!(got["retry"]["retryable"], true);
    assert!(got["fix"].as_str().is_some_and(|f| f.contains("whole request")));
}

#[test]
fn headers_given_with_a_bare_body_and_no_status() {
    let body = serde_json::json!({"type": "error", "error": {"type": "rate_limit_error",
        "message": "Number of output tokens has exceeded your per-minute rate limit"}})
    .to_string();
    let got = json_of(&triage(
        &["explain", "--json", "-H", "retry-after-ms: 1500"],
        &body,
    ));
    assert_eq!(got["status"], Value::Null);
    assert_eq!(got["cause"], "rate_limit_output_tokens");
    assert_eq!(got["retry"]["after_ms"], 1500);
}

#[test]
fn human_card_shows_title_fix_retry_and_request_id() {
    let message = "This request would exceed the rate limit for your organization \
                   (00000000-0000-4000-8000-000000000000) of 90,000 input tokens per minute.";
    let body = serde_json::json!({"type": "error", "error": {"type": "rate_limit_error", "message": message},
        "request_id": "req_011CCARD"})
    .to_string();
    let output = triage(&["explain", "--status", "429", "-H", "retry-after: 35"], &body);
    assert_eq!(output.status.code(), Some(0));
    let card = String::from_utf8(output.stdout).expect("utf-8");
    for expected in [
        "Input-tokens-per-minute limit hit",
        "Fix:",
        "not sooner than 35 s",
        "req_011CCARD",
        "90000",
    ] {
        assert!(card.contains(expected), "missing {expected:?} in\n{card}");
    }
}

#[test]
fn a_401_checks_the_key_named_by_key_env_and_redacts_it() {
    let key = "sk-ant-api03-test-FAKE-cut-off-0123456789";
    let body = r#"{"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key"}}"#;
    let sent = format!("{key}\n");
    let output = triage_with_env(
        &[
            "explain",
            "--json",
            "--status",
            "401",
            "--key-env",
            "TRIAGE_TEST_SENT_KEY",
            "-",
        ],
        &[("TRIAGE_TEST_SENT_KEY", &sent)],
        body,
    );
    let stdout = String::from_utf8(output.stdout).expect("utf-8");
    assert!(!stdout.contains(key), "the key leaked:\n{stdout}");
    let got: Value = serde_json::from_str(&stdout).expect("JSON");
    let explanation = got["explanation"].as_str().expect("text");
    assert!(
        explanation.contains("line break") && explanation.contains("cut off"),
        "{explanation}"
    );
}

#[test]
fn unknown_input_still_explains_with_exit_0() {
    let got = json_of(&triage(&["explain", "--json"], "something odd happened"));
    assert_eq!(got["kind"], "unknown");
    assert_eq!(got["message"], "something odd happened");
    let got = json_of(&triage(&["explain", "--json", "--status", "503"], ""));
    assert_eq!(
        (&got["kind"], &got["retry"]["retryable"]),
        (&Value::from("api_error"), &Value::from(true))
    );
}

#[test]
fn usage_and_io_errors_exit_2() {
    for args in [
        &["explain", "--status", "429", "-H", "no colon here"][..],
        &["explain", "-H", ": empty name"],
        &["explain", "/definitely/not/a/file.txt"],
        &["explain", "--status", "abc"],
        &["explain", "--status", "70000"],
    ] {
        let output = triage(args, "{}");
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(!output.stderr.is_empty(), "{args:?}: no message");
    }
}

#[test]
fn an_sdk_error_line_pasted_as_is() {
    let line = "anthropic.APIStatusError: Error code: 529 - {'type': 'error', 'error': {'type': \
                'overloaded_error', 'message': 'Overloaded'}}";
    let got = json_of(&triage(&["explain", "--json"], line));
    assert_eq!(
        (&got["status"], &got["cause"]),
        (&Value::from(529), &Value::from("overloaded"))
    );
}
