//! Every case in tests/vectors/responses.json, through `explain_http`, `explain_raw` (as `curl -i` text) and,
//! for bodies that name their error type, as a bare body.

use serde_json::Value;
use triage_core::response::{explain_http, explain_raw, Context, Explanation};

const VECTORS: &str = include_str!("../../../tests/vectors/responses.json");

struct Case {
    name: String,
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
    expect: Value,
}

fn cases() -> Vec<Case> {
    let all: Vec<Value> = serde_json::from_str(VECTORS).expect("responses.json is a JSON array");
    assert!(!all.is_empty());
    all.into_iter()
        .map(|v| Case {
            name: v["name"].as_str().expect("name").to_string(),
            status: v["status"]
                .as_u64()
                .and_then(|s| u16::try_from(s).ok())
                .expect("status"),
            headers: v["headers"]
                .as_object()
                .expect("headers object")
                .iter()
                .map(|(n, v)| (n.clone(), v.as_str().expect("header value").to_string()))
                .collect(),
            body: v["body"].as_str().expect("body").to_string(),
            expect: v["expect"].clone(),
        })
        .collect()
}

/// Checks `got` against a vector's `expect`, through its JSON form (the public API).
fn check(name: &str, got: &Explanation, expect: &Value) {
    let json = serde_json::to_value(got).expect("serialisable");
    for key in ["kind", "cause", "request_id"] {
        if let Some(want) = expect.get(key) {
            assert_eq!(&json[key], want, "{name}: {key}\n{json:#}");
        }
    }
    if let Some(want) = expect.get("retryable") {
        assert_eq!(&json["retry"]["retryable"], want, "{name}: retryable\n{json:#}");
    }
    if let Some(min) = expect.get("min_after_ms").and_then(Value::as_u64) {
        let after = got
            .retry
            .after_ms
            .unwrap_or_else(|| panic!("{name}: no after_ms, wanted >= {min}"));
        assert!(after >= min, "{name}: after_ms {after} < {min}");
    }
    if let Some(fields) = expect.get("fields").and_then(Value::as_object) {
        for (field, want) in fields {
            assert_eq!(&json["fields"][field], want, "{name}: field {field}\n{json:#}");
        }
    }
    assert!(
        !got.title.is_empty() && !got.explanation.is_empty() && !got.fix.is_empty(),
        "{name}: empty text"
    );
}

#[test]
fn every_vector_through_explain_http() {
    for case in cases() {
        let got = explain_http(case.status, &case.headers, &case.body, &Context::default());
        assert_eq!(got.status, Some(case.status), "{}", case.name);
        check(&case.name, &got, &case.expect);
    }
}

#[test]
fn every_vector_as_curl_i_text() {
    for case in cases() {
        for newline in ["\r\n", "\n"] {
            let mut text = format!("HTTP/2 {}{newline}", case.status);
            for (name, value) in &case.headers {
                text.push_str(&format!("{name}: {value}{newline}"));
            }
            text.push_str(newline);
            text.push_str(&case.body);
            let got = explain_raw(&text, &Context::default());
            assert_eq!(got.status, Some(case.status), "{}", case.name);
            check(&case.name, &got, &case.expect);
        }
    }
}

#[test]
fn bodies_that_name_their_type_explain_without_a_status() {
    for case in cases() {
        let typed = case.body.contains("_error\"") && !case.body.starts_with("event:");
        let needs_headers = case.expect.get("min_after_ms").is_some() || case.name.contains("x-should-retry");
        if !typed || needs_headers {
            continue;
        }
        let got = explain_raw(&case.body, &Context::default());
        assert_eq!(got.status, None, "{}", case.name);
        check(&case.name, &got, &case.expect);
    }
}
