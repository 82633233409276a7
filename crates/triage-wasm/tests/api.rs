//! The wasm boundary as JavaScript sees it: every shared vector through the exports, values read back from the
//! JavaScript objects they return (camelCase), and bad input turned into errors rather than panics.
//!
//! Runs in Node (`cargo xtask test wasm-node`) and in headless Chromium (`cargo xtask test wasm-chromium`, which
//! sets WASM_BINDGEN_USE_BROWSER), so there is deliberately no `wasm_bindgen_test_configure!` here.

#![cfg(target_arch = "wasm32")]

use serde::Serialize;
use serde_json::{json, Value};
use triage_wasm::{
    explain_raw, explain_response, explain_transport, rate_limits, schedule, simulate, validate,
    JsRetryPolicy, JsUsage,
};
use tsify::Ts;
use wasm_bindgen::{JsCast, JsError, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

const REQUESTS: &str = include_str!("../../../tests/vectors/requests.json");
const RESPONSES: &str = include_str!("../../../tests/vectors/responses.json");

fn vectors(text: &str) -> Vec<Value> {
    serde_json::from_str(text).expect("vectors are a JSON array")
}

/// A JSON value as the plain JavaScript object a caller would pass.
fn js(value: &Value) -> JsValue {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .expect("JSON converts to JavaScript")
}

fn ts<T: tsify::Tsify>(value: &Value) -> Ts<T> {
    Ts::new_unchecked(js(value))
}

/// What an export returned, read back as JSON.
fn read<T: tsify::Tsify>(result: Result<Ts<T>, JsError>) -> Value {
    match result {
        Ok(value) => {
            serde_wasm_bindgen::from_value(value.js_value()).expect("the export returned plain data")
        }
        Err(e) => panic!("the export threw: {}", message(e)),
    }
}

/// A plain JavaScript value (an array of results) as JSON.
fn plain(value: JsValue) -> Value {
    serde_wasm_bindgen::from_value(value).expect("the export returned plain data")
}

fn message(error: JsError) -> String {
    let value: JsValue = error.into();
    value
        .dyn_into::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .unwrap_or_default()
}

fn error_of<T>(result: Result<T, JsError>) -> String {
    match result {
        Ok(_) => panic!("expected the export to throw"),
        Err(e) => message(e),
    }
}

fn response_input(vector: &Value) -> Value {
    json!({ "status": vector["status"], "headers": vector["headers"], "body": vector["body"] })
}

#[wasm_bindgen_test]
fn every_request_vector_validates_as_expected_from_text_and_from_an_object() {
    for vector in vectors(REQUESTS) {
        let name = vector["name"].as_str().unwrap_or_default();
        let body = vector["body"].as_str().expect("body is text");
        let report = read(validate(JsValue::from_str(body)));
        assert_eq!(report["ok"], vector["expect"]["ok"], "{name}: {report}");
        let diagnostics = report["diagnostics"].as_array().expect("diagnostics is an array");
        for expected in vector["expect"]["errors"].as_array().into_iter().flatten() {
            let found = diagnostics.iter().any(|d| {
                d["severity"] == "error" && d["code"] == expected["code"] && d["path"] == expected["path"]
            });
            assert!(found, "{name}: no {expected} in {report}");
        }
        if let Ok(object) = serde_json::from_str::<Value>(body) {
            let from_object = read(validate(js(&object)));
            assert_eq!(
                from_object["ok"], report["ok"],
                "{name}: object form disagrees with text form"
            );
        }
    }
}

#[wasm_bindgen_test]
fn diagnostics_use_camel_case_and_carry_positions() {
    let report = read(validate(JsValue::from_str(
        "{\"model\": \"claude-sonnet-4-5\", \"messages\": []}",
    )));
    let first = &report["diagnostics"][0];
    for key in ["severity", "code", "path", "message", "span", "line", "column"] {
        assert!(first.get(key).is_some(), "missing {key} in {first}");
    }
    assert!(first["span"]["end"].as_u64() >= first["span"]["start"].as_u64());
}

#[wasm_bindgen_test]
fn every_response_vector_explains_as_expected_from_parts_and_from_raw_text() {
    for vector in vectors(RESPONSES) {
        let name = vector["name"].as_str().unwrap_or_default();
        let from_parts = read(explain_response(ts(&response_input(&vector)), None));
        check_explanation(name, &vector, &from_parts);
        let from_raw = read(explain_raw(&curl_text(&vector), None));
        check_explanation(&format!("{name} (raw)"), &vector, &from_raw);
    }
}

/// The vector as `curl -i` prints it.
fn curl_text(vector: &Value) -> String {
    let mut text = format!("HTTP/1.1 {}\r\n", vector["status"]);
    for (name, value) in vector["headers"].as_object().into_iter().flatten() {
        text.push_str(&format!("{name}: {}\r\n", value.as_str().unwrap_or_default()));
    }
    text.push_str("\r\n");
    text.push_str(vector["body"].as_str().unwrap_or_default());
    text
}

fn check_explanation(name: &str, vector: &Value, explanation: &Value) {
    let expect = &vector["expect"];
    for (field, path) in [
        ("kind", "/kind"),
        ("cause", "/cause"),
        ("retryable", "/retry/retryable"),
    ] {
        if let Some(want) = expect.get(field) {
            assert_eq!(
                explanation.pointer(path),
                Some(want),
                "{name}: {field} in {explanation}"
            );
        }
    }
    if let Some(want) = expect.get("request_id") {
        assert_eq!(&explanation["requestId"], want, "{name}: requestId");
    }
    for (field, want) in expect
        .get("fields")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        let got = &explanation["fields"][field];
        let same = got == want || (got.as_f64().is_some() && got.as_f64() == want.as_f64());
        assert!(same, "{name}: fields.{field} is {got}, expected {want}");
    }
    if let Some(min) = expect.get("min_after_ms").and_then(Value::as_u64) {
        let decisions = plain(schedule(ts(explanation), None, Some(7.0), Some(1)).expect("schedule"));
        let first = &decisions[0];
        assert!(
            first["delayMs"].as_u64() >= Some(min),
            "{name}: first retry after {first}, not before {min} ms"
        );
    }
}

#[wasm_bindgen_test]
fn transport_failures_are_explained_without_a_status() {
    for (kind, expected) in [
        ("network", "network_error"),
        ("cors_blocked", "cors_blocked"),
        ("timeout", "client_timeout"),
        ("aborted", "client_timeout"),
    ] {
        let explanation = read(explain_transport(ts(&json!(kind)), "fetch failed"));
        assert_eq!(explanation["kind"], expected, "{kind}");
        assert!(explanation["status"].is_null(), "{kind}: {explanation}");
    }
    let refused = read(explain_transport(
        ts(&json!("network")),
        "connect ECONNREFUSED 127.0.0.1:9",
    ));
    assert_eq!(refused["retry"]["retryable"], true);
}

#[wasm_bindgen_test]
fn bad_input_becomes_an_error_naming_the_export() {
    assert!(error_of(validate(JsValue::from_f64(3.0))).starts_with("validate:"));
    assert!(error_of(explain_response(ts(&json!({"headers": {}})), None)).contains("status"));
    assert!(error_of(explain_response(ts(&json!({"status": 70000})), None)).starts_with("explainResponse:"));
    assert!(error_of(explain_transport(ts(&json!("teleport")), "")).starts_with("explainTransport:"));
    assert!(
        error_of(JsRetryPolicy::new(Some(ts(&json!({"maxAttempts": "six"}))), None)).contains("RetryPolicy")
    );
    let nested = error_of(JsRetryPolicy::new(
        Some(ts(&json!({"budget": {"capacity": "lots"}}))),
        None,
    ));
    assert_eq!(
        nested,
        "new RetryPolicy: budget.capacity: expected a number, got string"
    );
    let mut policy = JsRetryPolicy::new(None, Some(1.0)).expect("default policy");
    assert!(
        error_of(policy.decide(ts(&json!({"status": 529})), 1, None, None))
            .starts_with("RetryPolicy.decide:")
    );
    assert!(error_of(rate_limits(JsValue::from_str("x-header"))).starts_with("rateLimits:"));
    let cyclic = js_sys::Object::new();
    js_sys::Reflect::set(&cyclic, &"self".into(), &cyclic).expect("set a property");
    assert!(error_of(validate(cyclic.into())).starts_with("validate:"));
}

fn overloaded() -> Value {
    let vector = vectors(RESPONSES)
        .into_iter()
        .find(|v| v["status"] == 529)
        .expect("a 529 vector");
    read(explain_response(ts(&response_input(&vector)), None))
}

#[wasm_bindgen_test]
fn a_policy_restored_from_json_decides_exactly_like_the_original() {
    let config = json!({"strategy": "triage", "baseMs": 100, "maxAttempts": 8});
    let mut original = JsRetryPolicy::new(Some(ts(&config)), Some(42.0)).expect("policy");
    let explanation = overloaded();
    read(original.decide(ts(&explanation), 1, None, None));
    let snapshot = read(original.to_json());
    assert_eq!(snapshot["config"]["baseMs"], 100, "{snapshot}");
    let mut restored = JsRetryPolicy::from_json(ts(&snapshot)).expect("fromJSON");
    for attempt in 2..6 {
        let a = read(original.decide(ts(&explanation), attempt, Some(1000.0), Some(false)));
        let b = read(restored.decide(ts(&explanation), attempt, Some(1000.0), Some(false)));
        assert_eq!(a, b, "attempt {attempt}");
    }
}

#[wasm_bindgen_test]
fn decide_takes_elapsed_time_and_delivered_output_as_optional() {
    let explanation = overloaded();
    let config = json!({"deadlineMs": 5000});
    let policy = || JsRetryPolicy::new(Some(ts(&config)), Some(9.0)).expect("policy");
    let short = read(policy().decide(ts(&explanation), 1, None, None));
    assert_eq!(
        short,
        read(policy().decide(ts(&explanation), 1, Some(0.0), Some(false)))
    );
    assert_eq!(short["retry"], true, "{short}");
    let late = read(policy().decide(ts(&explanation), 1, Some(60_000.0), None));
    assert_eq!(late["reason"], "deadline_exceeded", "{late}");
    let stream_error = vectors(RESPONSES)
        .into_iter()
        .find(|v| v["expect"]["kind"] == "stream_error")
        .expect("a stream_error vector");
    let stream_error = read(explain_response(ts(&response_input(&stream_error)), None));
    let resend = read(policy().decide(ts(&stream_error), 1, None, None));
    assert_eq!(resend["retry"], true, "{resend}");
    let delivered = read(policy().decide(ts(&stream_error), 1, None, Some(true)));
    assert_eq!(delivered["reason"], "stream_output_delivered", "{delivered}");
}

#[wasm_bindgen_test]
fn decisions_are_seeded_and_give_up_on_what_must_not_be_retried() {
    let explanation = overloaded();
    let first = |seed| {
        read(
            JsRetryPolicy::new(None, Some(seed))
                .expect("policy")
                .decide(ts(&explanation), 1, None, None),
        )
    };
    assert_eq!(first(5.0), first(5.0));
    assert_eq!(first(5.0)["retry"], true);
    let invalid_key = vectors(RESPONSES)
        .into_iter()
        .find(|v| v["status"] == 401)
        .expect("a 401 vector");
    let explanation = read(explain_response(ts(&response_input(&invalid_key)), None));
    let mut policy = JsRetryPolicy::new(None, Some(1.0)).expect("policy");
    let decision = read(policy.decide(ts(&explanation), 1, None, None));
    assert_eq!(
        (decision["retry"].clone(), decision["reason"].clone()),
        (json!(false), json!("not_retryable"))
    );
}

#[wasm_bindgen_test]
fn rate_limit_headers_feed_pacing() {
    let headers = json!({
        "anthropic-ratelimit-requests-limit": "50",
        "anthropic-ratelimit-requests-remaining": "0",
        "anthropic-ratelimit-requests-reset": "2026-01-01T00:01:00Z",
    });
    let limits = read(rate_limits(js(&headers)));
    assert_eq!(limits["requests"]["remaining"], 0, "{limits}");
    let policy = JsRetryPolicy::new(None, Some(1.0)).expect("policy");
    let now_ms = 1_767_225_600_000.0; // 2026-01-01T00:00:00Z
    let pacing = read(policy.pace(ts(&limits), now_ms));
    assert_eq!(pacing["reason"], "exhausted", "{pacing}");
    assert!(pacing["delayMs"].as_u64() > Some(0));
}

#[wasm_bindgen_test]
fn simulate_returns_one_row_per_requested_strategy() {
    let options = json!({"clients": 20, "strategies": ["exponential", "triage"], "seed": 3});
    let rows = plain(simulate(Some(ts(&options))).expect("simulate"));
    let rows = rows.as_array().expect("an array of rows");
    let policies: Vec<&Value> = rows.iter().map(|r| &r["policy"]).collect();
    assert_eq!(policies, [&json!("exponential"), &json!("triage")]);
    assert!(rows.iter().all(|r| r["successRate"]
        .as_f64()
        .is_some_and(|s| (0.0..=1.0).contains(&s))));
}

#[wasm_bindgen_test]
fn text_survives_the_trip_through_json_exactly() {
    let message = "quote \" backslash \\ newline \n tab \t bell \u{7} nul \u{0} emoji 🦀 é 中";
    let body = json!({"type": "error", "error": {"type": "api_error", "message": message}}).to_string();
    let explanation = read(explain_response(ts(&json!({"status": 500, "body": body})), None));
    assert_eq!(explanation["message"], message, "{explanation}");
}

#[wasm_bindgen_test]
fn absent_values_are_left_out_rather_than_null() {
    let explanation = explain_transport(ts(&json!("network")), "Failed to fetch").expect("explains");
    let object: JsValue = explanation.into();
    let has = |key: &str| js_sys::Reflect::has(&object, &key.into()).expect("an object");
    assert!(
        !has("status") && !has("requestId"),
        "absent values stay undefined"
    );
    assert!(has("kind") && has("retry"));
}

#[wasm_bindgen_test]
fn fractional_numbers_keep_their_value() {
    let config = json!({"budget": {"capacity": 2.5, "retryCost": 0.75, "successRefill": 0.1}});
    let policy = JsRetryPolicy::new(Some(ts(&config)), Some(3.0)).expect("policy");
    let snapshot = read(policy.to_json());
    assert_eq!(snapshot["config"]["budget"]["retryCost"], 0.75, "{snapshot}");
    assert_eq!(snapshot["config"]["budget"]["successRefill"], 0.1, "{snapshot}");
    assert_eq!(snapshot["state"]["budget"]["tokens"], 2.5, "{snapshot}");
}

#[wasm_bindgen_test]
fn reading_errors_name_the_path_and_what_was_wrong() {
    let options = json!({"strategies": ["triage", "bogus"]});
    assert_eq!(
        error_of(simulate(Some(ts(&options)))),
        "simulate: strategies[1]: unknown value `bogus`"
    );
    assert_eq!(
        error_of(explain_response(ts(&json!({"status": 70000})), None)),
        "explainResponse: status: expected a whole number in 0..=65535"
    );
    assert_eq!(
        error_of(explain_response(
            ts(&json!({"status": 200, "headers": {"a": 1}})),
            None
        )),
        "explainResponse: headers.a: expected a string, got number"
    );
    let mut policy = JsRetryPolicy::new(None, Some(1.0)).expect("policy");
    assert_eq!(
        error_of(policy.decide(ts(&json!({"status": 529})), 1, None, None)),
        "RetryPolicy.decide: missing field `retry`"
    );
    let trimmed = json!({"kind": "overloaded_error", "cause": "overloaded",
        "retry": {"retryable": true, "source": "policy"}});
    assert_eq!(read(policy.decide(ts(&trimmed), 1, None, None))["retry"], true);
}

/// An obviously fake Anthropic key of the real length (108 characters).
fn fake_key() -> String {
    let filler: String = "FAKE".chars().cycle().take(108 - 13 - 9).collect();
    format!("sk-ant-api03-{filler}-TESTONLY")
}

fn assert_hidden(returned: &Value, key: &str) {
    let text = returned.to_string();
    assert!(!text.contains(&key[10..key.len() - 4]), "the key leaked: {text}");
}

#[wasm_bindgen_test]
fn keys_in_responses_come_back_only_in_their_short_form() {
    let key = fake_key();
    let short = "sk-ant-api…ONLY";
    let reseller = json!({"type": "error", "error": {"type": "authentication_error",
        "message": format!("invalid x-api-key {key}")}})
    .to_string();
    let input = json!({"status": 401, "headers": {"request-id": "req_011CFAKE"}, "body": reseller});
    let context = json!({"sentKey": key});
    let explained = read(explain_response(ts(&input), Some(ts(&context))));
    assert_eq!(explained["message"], format!("invalid x-api-key {short}"));
    assert_eq!(explained["requestId"], "req_011CFAKE");
    assert!(
        explained["explanation"]
            .as_str()
            .is_some_and(|e| e.contains(short)),
        "{explained}"
    );
    assert_hidden(&explained, &key);

    // A gateway that embeds the upstream body as an escaped string.
    let upstream = json!({"error": {"message": format!("invalid x-api-key {key}")}}).to_string();
    let gateway = json!({"error": {"message": upstream, "type": "upstream_error", "code": 401}}).to_string();
    let input = json!({"status": 401, "body": gateway});
    assert_hidden(&read(explain_response(ts(&input), None)), &key);

    // `curl -v` with the key wrapped onto the next line, and an SSE error event.
    let (head, tail) = key.split_at(30);
    let dump = format!(
        "> POST /v1/messages HTTP/2\n> x-api-key: {head}\n{tail}\n>\n< HTTP/2 401\n<\n\
         {{\"type\":\"error\",\"error\":{{\"type\":\"authentication_error\",\"message\":\"invalid x-api-key \
         {head}\\n{tail}\"}}}}"
    );
    let explained = read(explain_raw(&dump, None));
    assert_eq!(explained["message"], format!("invalid x-api-key {short}"));
    assert_hidden(&explained, &key);
    let stream = format!(
        "event: error\ndata: {{\"type\":\"error\",\"error\":{{\"type\":\"overloaded_error\",\
         \"message\":\"Overloaded for x-api-key: {key}\"}}}}\n\n"
    );
    let explained = read(explain_raw(&stream, None));
    assert_eq!(explained["kind"], "stream_error");
    assert_hidden(&explained, &key);

    let explained = read(explain_transport(
        ts(&json!("network")),
        &format!("fetch failed: https://proxy.invalid/v1/messages?key={key}"),
    ));
    assert_hidden(&explained, &key);
}

#[wasm_bindgen_test]
fn a_key_pasted_into_a_request_or_an_argument_is_not_quoted_back() {
    let key = fake_key();
    let request = json!({"model": key, "max_tokens": 16, "api_key": key,
        "messages": [{"role": "user", "content": "Hi"}]});
    let report = read(validate(js(&request)));
    assert!(
        report["diagnostics"].as_array().is_some_and(|d| d.len() >= 2),
        "{report}"
    );
    assert_hidden(&report, &key);
    let thrown = error_of(explain_transport(ts(&json!(key)), ""));
    assert!(thrown.starts_with("explainTransport:"), "{thrown}");
    assert_hidden(&Value::from(thrown), &key);
}

#[wasm_bindgen_test]
fn usage_folds_a_response_and_reports_in_camel_case() {
    let mut usage = JsUsage::new(Some(0.1));
    let now = 1_796_205_600_000.0; // 2026-12-02T10:00:00Z
    let response = json!({
        "status": 200,
        "headers": {
            "date": "Wed, 02 Dec 2026 10:00:00 GMT",
            "anthropic-ratelimit-requests-limit": "50",
            "anthropic-ratelimit-requests-remaining": "2",
            "anthropic-ratelimit-requests-reset": "2026-12-02T10:00:30Z"
        },
        "body": r#"{"type":"message","model":"claude-haiku-4-5","usage":{"input_tokens":100,"output_tokens":20,"cache_read_input_tokens":7}}"#
    });
    usage
        .observe(ts(&response), now, Some(256.0), None)
        .expect("observes");
    let report = read(usage.report(now));
    assert_eq!(report["requests"], 1);
    assert_eq!(report["totals"]["cacheReadInputTokens"], 7);
    assert!(report["costUsd"].as_f64().unwrap() > 0.0);
    assert!(report["balanceRemainingUsd"].as_f64().unwrap() < 0.1);
    let window = &report["windows"][0];
    assert_eq!(window["dimension"], "requests");
    assert_eq!(window["resetInMs"], 30_000);
    assert_eq!(report["warnings"][0]["code"], "rate_limit_near");
    assert!(report["paceMs"].as_u64().unwrap() > 0);

    let big = json!({"model": "claude-haiku-4-5", "max_tokens": 64000, "messages": [{"role": "user", "content": "hi"}]});
    let warnings = plain(usage.preflight(js(&big), now).expect("preflight"));
    assert!(
        warnings
            .as_array()
            .unwrap()
            .iter()
            .any(|w| w["code"] == "estimated_cost_exceeds_balance"),
        "{warnings}"
    );

    let bad = error_of(usage.observe(ts(&json!({"status": "two hundred"})), now, None, None));
    assert!(bad.starts_with("Usage.observe"), "{bad}");
    let bad = error_of(usage.preflight(JsValue::from_f64(1.0), now));
    assert!(bad.starts_with("Usage.preflight"), "{bad}");
}
