//! The playground's pure services, in the browser (headless Chromium via wasm-bindgen-test).
#![cfg(target_arch = "wasm32")]

use triage_web::services::export::{snippet, Language};
use triage_web::services::form::{apply, read, FormEdit};
use triage_core::redact::secrets;
use triage_web::services::simulator::parse_results;
use triage_web::services::{share, sse, storage};
use triage_web::sim_protocol;
use triage_web::state::{AuthStyle, Connection};
use triage_web::HistoryEntry;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const KEY: &str = "sk-ant-api03-wasmtest-FAKE-secret-000000000000000000000000000000000000000000-ZZZZ";
const REQUEST: &str = r#"{"model": "claude-sonnet-4-5", "max_tokens": 16, "extra": {"keep": [1, 2.5, true, null]}, "messages": [{"role": "user", "content": "hi"}]}"#;

fn connection() -> Connection {
    Connection {
        api_key: KEY.to_string(),
        ..Connection::default()
    }
}

#[wasm_bindgen_test]
fn form_edits_keep_what_the_form_does_not_show() {
    let view = read(REQUEST).expect("an object");
    assert_eq!(
        (view.model.as_str(), view.max_tokens.as_str()),
        ("claude-sonnet-4-5", "16")
    );
    let text = apply(REQUEST, &FormEdit::AddMessage).unwrap();
    let text = apply(&text, &FormEdit::Text(1, "hello".into())).unwrap();
    let text = apply(&text, &FormEdit::MoveMessage(1, true)).unwrap();
    let text = apply(&text, &FormEdit::Temperature("0.5".into())).unwrap();
    let text = apply(&text, &FormEdit::Stream(true)).unwrap();
    let text = apply(&text, &FormEdit::AddTool).unwrap();
    let view = read(&text).unwrap();
    assert_eq!(view.messages[0].role, "assistant");
    assert_eq!(view.messages[0].text, "hello");
    assert_eq!(view.messages[1].text, "hi");
    assert_eq!((view.temperature.as_str(), view.stream), ("0.5", true));
    assert_eq!(view.tools, ["tool_1"]);
    assert!(text.contains("\"keep\": [1, 2.5, true, null]"), "{text}");
    let text = apply(&text, &FormEdit::RemoveMessage(0)).unwrap();
    let text = apply(&text, &FormEdit::RemoveTool(0)).unwrap();
    let text = apply(&text, &FormEdit::Stream(false)).unwrap();
    assert!(!text.contains("tools") && !text.contains("stream"), "{text}");
    assert!(triage_core::validate(&text).ok, "{text}");
    // Bad input: no form, and edits do nothing, without a panic.
    assert!(read("[1,").is_none());
    assert!(apply("not json", &FormEdit::AddMessage).is_none());
    assert!(apply("{}", &FormEdit::RemoveMessage(7)).is_some());
    assert!(apply("{\"messages\": 5}", &FormEdit::MoveMessage(3, false)).is_some());
}

#[wasm_bindgen_test]
fn exports_name_the_variable_never_the_key() {
    for language in Language::ALL {
        let code = snippet(language, &connection(), REQUEST);
        assert!(!code.contains("FAKE-secret"), "{code}");
        assert!(code.contains("ANTHROPIC_API_KEY"), "{code}");
    }
    let ts = snippet(Language::TypeScript, &connection(), REQUEST);
    assert!(ts.contains("createFetch()") && ts.contains("process.env.ANTHROPIC_API_KEY"));
    let py = snippet(Language::Python, &connection(), REQUEST);
    assert!(py.contains("[1, 2.5, True, None]"), "{py}");
    let bearer = Connection {
        auth: AuthStyle::Bearer,
        ..connection()
    };
    assert!(snippet(Language::Curl, &bearer, REQUEST).contains("authorization: Bearer $ANTHROPIC_API_KEY"));
}

#[wasm_bindgen_test]
fn pasted_keys_are_redacted() {
    let text = format!("> x-api-key: {KEY}\n> authorization: Bearer {KEY}\nkey={KEY} and more");
    // The page's raw views use the core's redaction, the same as every other surface.
    let shown = secrets(&text);
    assert!(!shown.contains("FAKE-secret"), "{shown}");
    assert!(shown.contains("authorization: Bearer sk-ant-"), "{shown}");
    assert_eq!(secrets("x-api-key:"), "x-api-key:");
}

#[wasm_bindgen_test]
fn share_links_round_trip_the_request_only() {
    let link = share::link("http://127.0.0.1:8080/?a=1#old", REQUEST);
    assert!(link.starts_with("http://127.0.0.1:8080/?a=1#request="));
    let hash = &link[link.find('#').unwrap()..];
    assert_eq!(share::request_of(hash).as_deref(), Some(REQUEST));
    assert_eq!(share::request_of("#request=%E0%A4%A"), None);
    assert_eq!(share::request_of("#other"), None);
}

#[wasm_bindgen_test]
fn history_storage_round_trips_and_skips_garbage() {
    let entry = HistoryEntry {
        at: "12:00:00".into(),
        request: REQUEST.into(),
        base_url: "http://127.0.0.1:8787".into(),
        scenario: "ok".into(),
        outcome: "200 success".into(),
        attempts: 1,
    };
    let text = storage::encode(std::slice::from_ref(&entry));
    assert_eq!(storage::decode(&text), [entry]);
    assert!(storage::decode("{oops").is_empty());
    assert!(storage::decode("[{\"at\": 1}]").is_empty());
}

#[wasm_bindgen_test]
fn a_stream_is_read_as_it_arrives() {
    let head = "event: message_start\ndata: {\"type\":\"message_start\"}\n\nevent: ping\ndata: {\"type\":\"ping\"}\n\n";
    let view = sse::read(head);
    assert!(!view.output_delivered && view.events == 2);
    let more = format!("{head}event: content_block_delta\ndata: {{\"type\":\"content_block_delta\",\"delta\":{{\"type\":\"text_delta\",\"text\":\"Hel\"}}}}\n\nevent: content_block_delta\ndata: {{\"type\":\"content_bl");
    let view = sse::read(&more);
    assert_eq!(view.text, "Hel");
    assert!(view.output_delivered);
    assert_eq!(sse::read("garbage\n\n\n").text, "");
}

#[wasm_bindgen_test]
fn the_simulator_protocol_answers_results_or_an_error() {
    let answer = sim_protocol::run(
        r#"{"model":"overload","clients":20,"capacity":4,"service_ms":500,"rpm":300,"calls_per_client":1,"seed":1,"strategies":["none","triage"]}"#,
    );
    let rows = parse_results(&answer).expect("rows");
    assert_eq!(rows.len(), 2, "{answer}");
    assert_eq!(
        (rows[0].policy.as_str(), rows[1].policy.as_str()),
        ("none", "triage")
    );
    assert!(rows[1].success_rate >= rows[0].success_rate);
    assert!(parse_results(&sim_protocol::run("{not json")).is_err());
    assert!(parse_results("").is_err());
}
