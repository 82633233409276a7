//! `triage estimate` as a user runs it: the documented JSON names, the readable form, balance warnings, and bad
//! input as a usage error.

mod common;

const BODY: &str = r#"{"model": "claude-sonnet-4-5", "max_tokens": 1024, "messages": [{"role": "user", "content": "Hello, Claude"}]}"#;

#[test]
fn json_has_the_documented_names() {
    let out = common::triage(&["estimate", "--json"], BODY);
    assert_eq!(out.status.code(), Some(0));
    let json = common::json_stdout(&out);
    let input = &json["input_tokens"];
    let (low, estimate, high) = (
        input["low"].as_u64(),
        input["estimate"].as_u64(),
        input["high"].as_u64(),
    );
    assert!(low <= estimate && estimate <= high && low.is_some(), "{input}");
    assert_eq!(json["max_output_tokens"], 1024);
    assert!(json["cost_usd"]["low"].as_f64() < json["cost_usd"]["high"].as_f64());
    assert_eq!(json["warnings"], serde_json::json!([]));
}

#[test]
fn a_small_balance_warns_and_exits_1() {
    let out = common::triage(&["estimate", "--json", "--balance", "0.001"], BODY);
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON on stdout");
    assert_eq!(json["warnings"][0]["code"], "estimated_cost_exceeds_balance");
    let out = common::triage(&["estimate", "--balance", "0.1"], BODY);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("input tokens   ~12"), "{text}");
    assert!(text.contains("warning[balance_near]"), "{text}");
}

#[test]
fn bad_input_is_a_usage_error() {
    let out = common::triage(&["estimate"], "{not json");
    assert_eq!(out.status.code(), Some(2));
    let out = common::triage(&["estimate", "--balance", "-3"], BODY);
    assert_eq!(out.status.code(), Some(2));
}
