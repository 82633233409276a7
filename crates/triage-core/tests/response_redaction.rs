//! Keys that servers, proxies and pasted dumps put in front of us never come back out of an explanation: every
//! entry point, with realistic leaking bodies, keeps only the short form (`sk-ant-api…ONLY`) — and ids, model
//! names and the cause table's own words are left as they were.

use serde_json::json;
use triage_core::causes::CAUSES;
use triage_core::redact;
use triage_core::response::{
    explain_http, explain_raw, explain_transport, Context, Explanation, TransportFailure,
};

/// An obviously fake Anthropic key of the real length (108 characters).
fn fake_key() -> String {
    let filler: String = "FAKE".chars().cycle().take(108 - 13 - 9).collect();
    format!("sk-ant-api03-{filler}-TESTONLY")
}

const SHORT: &str = "sk-ant-api…ONLY";

/// Nothing of the key beyond its short form anywhere in the explanation's JSON.
fn assert_no_key(e: &Explanation, key: &str) {
    let json = serde_json::to_string(e).expect("serialisable");
    assert!(!json.contains(&key[10..key.len() - 4]), "the key leaked:\n{json}");
}

fn headers(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(n, v)| (n.to_string(), v.to_string()))
        .collect()
}

#[test]
fn a_reseller_that_echoes_the_key_in_its_401() {
    let key = fake_key();
    let body = json!({"type": "error", "error": {"type": "authentication_error",
        "message": format!("invalid x-api-key {key}")}, "request_id": "req_011CFAKE0000TESTONLY"})
    .to_string();
    let e = explain_http(
        401,
        &headers(&[("request-id", "req_011CFAKE0000TESTONLY")]),
        &body,
        &Context::default(),
    );
    assert_eq!(e.cause.as_str(), "invalid_api_key");
    assert_eq!(
        e.message.as_deref(),
        Some(format!("invalid x-api-key {SHORT}").as_str())
    );
    assert_eq!(e.request_id.as_deref(), Some("req_011CFAKE0000TESTONLY"));
    assert_no_key(&e, &key);
}

#[test]
fn a_gateway_that_embeds_the_upstream_body_as_an_escaped_string() {
    let key = fake_key();
    let upstream = json!({"error": {"message": format!("invalid x-api-key {key}")}}).to_string();
    let body = json!({"error": {"message": upstream, "type": "upstream_error", "code": 401}}).to_string();
    assert!(body.contains(r#"{\"error\":{\"message\":\"invalid x-api-key sk-ant-api03-"#));
    let e = explain_http(401, &[], &body, &Context::default());
    assert_eq!(e.kind.as_str(), "authentication_error");
    assert!(e.message.as_deref().is_some_and(|m| m.contains(SHORT)), "{e:#?}");
    assert_no_key(&e, &key);
    // OpenRouter's envelope carries the provider's body in `error.metadata.raw`.
    let inner = json!({"type": "error", "error": {"type": "authentication_error",
        "message": format!("invalid x-api-key {key}")}})
    .to_string();
    let body = json!({"error": {"message": "Provider returned error", "code": 401,
        "metadata": {"raw": inner, "provider_name": "Anthropic"}}})
    .to_string();
    let e = explain_http(401, &[], &body, &Context::default());
    assert_eq!(e.cause.as_str(), "invalid_api_key");
    assert_eq!(
        e.message.as_deref(),
        Some(format!("invalid x-api-key {SHORT}").as_str())
    );
    assert_no_key(&e, &key);
}

#[test]
fn a_curl_v_dump_with_the_key_wrapped_onto_the_next_line() {
    let key = fake_key();
    let (head, tail) = key.split_at(50);
    let dump = format!(
        "*   Trying 127.0.0.1:8787...\n> POST /v1/messages HTTP/1.1\n> x-api-key: {head}\n{tail}\n\
         > anthropic-version: 2023-06-01\n>\n< HTTP/1.1 401 Unauthorized\n< request-id: req_011CFAKE\n<\n\
         {{\"type\":\"error\",\"error\":{{\"type\":\"authentication_error\",\"message\":\"invalid x-api-key \
         {head}\\n{tail}\"}}}}"
    );
    let e = explain_raw(&dump, &Context::default());
    assert_eq!((e.status, e.cause.as_str()), (Some(401), "invalid_api_key"));
    assert_eq!(
        e.message.as_deref(),
        Some(format!("invalid x-api-key {SHORT}").as_str())
    );
    assert!(e.explanation.contains("x-api-key"), "{}", e.explanation);
    assert_no_key(&e, &key);
}

#[test]
fn a_key_in_a_curl_i_body_an_sse_error_and_a_logged_line() {
    let key = fake_key();
    let body = format!(
        r#"{{"type":"error","error":{{"type":"permission_error","message":"key {key} cannot use this model"}}}}"#
    );
    let curl_i = format!("HTTP/2 403\r\nrequest-id: req_011CFAKE\r\n\r\n{body}");
    let sse = format!(
        "event: message_start\ndata: {{\"type\":\"message_start\"}}\n\nevent: error\ndata: \
         {{\"type\":\"error\",\"error\":{{\"type\":\"overloaded_error\",\"message\":\"Overloaded (x-api-key: {key})\"}}}}\n\n"
    );
    let logged = format!(
        "Error code: 401 - {{'type': 'error', 'error': {{'type': 'authentication_error', 'message': 'invalid \
         x-api-key {key}'}}}}"
    );
    for text in [curl_i, sse, logged] {
        let e = explain_raw(&text, &Context::default());
        assert!(e.message.as_deref().is_some_and(|m| m.contains(SHORT)), "{e:#?}");
        assert_no_key(&e, &key);
    }
}

#[test]
fn other_providers_keys_in_gateway_errors() {
    let keys = [
        "sk-proj-FAKEFAKEFAKE0000FAKEFAKEFAKE0000-TESTONLY",
        "sk-or-v1-0000FAKE0000FAKE0000FAKE0000FAKE0000FAKE0000FAKE0000TESTONLY",
        "AIzaFAKEFAKEFAKEFAKEFAKEFAKE000TESTONLY",
        "AKIAFAKE0000TESTONLY",
        "ghp_FAKEFAKEFAKEFAKEFAKEFAKE0000TESTONLY",
    ];
    for key in keys {
        let body = json!({"error": {"message": format!("Incorrect API key provided: {key}. You can find your API key at https://example.invalid/keys."),
            "type": "invalid_request_error", "code": "invalid_api_key"}})
        .to_string();
        let e = explain_http(401, &[], &body, &Context::default());
        assert_no_key(&e, key);
        let bearer = format!("upstream rejected Authorization: Bearer {key}");
        assert_no_key(&explain_http(502, &[], &bearer, &Context::default()), key);
    }
}

#[test]
fn a_message_cut_at_its_length_limit_does_not_keep_part_of_a_key() {
    let key = fake_key();
    // Cut after 16 of the key's characters: too few to look like a key once cut, too many to show.
    let message = format!("{} invalid x-api-key {key}", "x".repeat(1_965));
    let body =
        json!({"type": "error", "error": {"type": "authentication_error", "message": message}}).to_string();
    let e = explain_http(401, &[], &body, &Context::default());
    let shown = e.message.unwrap_or_default();
    assert!(!shown.contains(&key[..16]), "{}", &shown[1_965..]);
}

#[test]
fn headers_and_transport_messages_are_redacted_too() {
    let key = fake_key();
    let body = r#"{"type":"error","error":{"type":"api_error","message":"Internal server error"}}"#;
    let e = explain_http(
        500,
        &headers(&[("x-request-id", &key)]),
        body,
        &Context::default(),
    );
    assert_eq!(e.request_id.as_deref(), Some(SHORT));
    let failure = format!("request to https://proxy.invalid/v1/messages?key=AIzaFAKEFAKEFAKEFAKEFAKEFAKE000TESTONLY failed, x-api-key: {key}");
    let e = explain_transport(TransportFailure::Network, &failure);
    assert_no_key(&e, &key);
    assert_no_key(&e, "AIzaFAKEFAKEFAKEFAKEFAKEFAKE000TESTONLY");
}

#[test]
fn ids_models_and_paths_in_messages_are_left_alone() {
    let body = json!({"type": "error", "error": {"type": "invalid_request_error",
        "message": "messages.2: `tool_use` ids were found without `tool_result` blocks immediately after: \
                    toolu_01FAKEFAKEFAKE0000TESTONLY, toolu_02FAKEFAKEFAKE0000TESTONLY"},
        "request_id": "req_011CFAKEFAKEFAKE0000TESTONLY"})
    .to_string();
    let e = explain_http(400, &[], &body, &Context::default());
    assert_eq!(e.cause.as_str(), "tool_use_without_result");
    assert_eq!(
        serde_json::to_value(&e.fields).unwrap()["tool_use_ids"],
        json!([
            "toolu_01FAKEFAKEFAKE0000TESTONLY",
            "toolu_02FAKEFAKEFAKE0000TESTONLY"
        ])
    );
    assert_eq!(e.request_id.as_deref(), Some("req_011CFAKEFAKEFAKE0000TESTONLY"));
    let body = r#"{"type":"error","error":{"type":"invalid_request_error","message":"x-api-key: Extra inputs are not permitted"}}"#;
    let e = explain_http(400, &[], body, &Context::default());
    assert_eq!(
        e.message.as_deref(),
        Some("x-api-key: Extra inputs are not permitted")
    );
    let body =
        r#"{"type":"error","error":{"type":"not_found_error","message":"model: claude-opus-4-5-20251101"}}"#;
    let e = explain_http(404, &[], body, &Context::default());
    assert_eq!(
        serde_json::to_value(&e.fields).unwrap()["model"],
        "claude-opus-4-5-20251101"
    );
}

#[test]
fn the_cause_tables_own_words_are_never_taken_for_keys() {
    for row in CAUSES {
        for text in [row.title, row.explanation, row.fix]
            .into_iter()
            .chain(row.detail)
        {
            assert_eq!(redact::secrets(text), text, "{}", row.cause.as_str());
        }
    }
}
