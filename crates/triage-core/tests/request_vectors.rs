//! Every case of tests/vectors/requests.json against `request::validate`.

use serde_json::Value;
use triage_core::request::{validate, Severity};

const VECTORS: &str = include_str!("../../../tests/vectors/requests.json");

#[test]
fn every_request_vector_passes() {
    let cases: Vec<Value> = serde_json::from_str(VECTORS).expect("requests.json is JSON");
    assert!(!cases.is_empty());
    let mut failures = Vec::new();
    for case in &cases {
        let name = case["name"].as_str().unwrap_or("?");
        let body = case["body"].as_str().expect("body is text");
        let report = validate(body);
        let expect = &case["expect"];
        if Some(report.ok) != expect["ok"].as_bool() {
            failures.push(format!(
                "{name}: ok = {}, diagnostics {:#?}",
                report.ok, report.diagnostics
            ));
        }
        for error in expect["errors"].as_array().into_iter().flatten() {
            let found = report.diagnostics.iter().any(|d| {
                d.severity == Severity::Error
                    && serde_json::to_value(d.code).ok().as_ref() == Some(&error["code"])
                    && d.path == error["path"].as_str().unwrap_or_default()
            });
            if !found {
                failures.push(format!("{name}: missing {error}, got {:#?}", report.diagnostics));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
