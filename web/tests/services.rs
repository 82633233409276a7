//! The playground's pure services, in the browser (headless Chromium via wasm-bindgen-test).
#![cfg(target_arch = "wasm32")]

use triage_core::redact::secrets;
use triage_web::services::export::{snippet, Language};
use triage_web::services::form::{apply, read, FormEdit};
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
    // A tool call shows the caller its name as soon as its block starts: the core's rule, as createFetch applies it.
    let tool = format!("{head}event: content_block_start\ndata: {{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"get_weather\",\"input\":{{}}}}}}\n\n");
    assert!(sse::read(&tool).output_delivered);
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

mod usage {
    use std::rc::Rc;
    use triage_core::response::{explain_http, Context};
    use triage_core::retry::{RetryConfig, RetryPolicy};
    use triage_core::usage::{Dimension, WarningCode};
    use triage_web::services::usage::{estimate_line, gauge_percent, gauge_text, parse_balance, thousands};
    use triage_web::state::{Action, Attempt, AttemptOutcome, State};
    use triage_web::Raw;
    use wasm_bindgen_test::*;
    use yew::Reducible;

    /// 2026-01-01T00:00:00Z.
    const T0: i64 = 1_767_225_600_000;
    const REQUEST: &str = r#"{"model": "claude-sonnet-4-5", "max_tokens": 1024, "messages": [{"role": "user", "content": "Hello there, how are you today?"}]}"#;

    fn headers(remaining: u32, extra: &[(&str, &str)]) -> Vec<(String, String)> {
        let mut h: Vec<(String, String)> = [
            ("content-type", "application/json"),
            ("anthropic-ratelimit-requests-limit", "50"),
            ("anthropic-ratelimit-requests-reset", "2026-01-01T00:00:30Z"),
            ("anthropic-ratelimit-input-tokens-limit", "30000"),
            ("anthropic-ratelimit-input-tokens-remaining", "29000"),
            ("anthropic-ratelimit-input-tokens-reset", "2026-01-01T00:00:02Z"),
        ]
        .iter()
        .chain(extra)
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        h.push((
            "anthropic-ratelimit-requests-remaining".into(),
            remaining.to_string(),
        ));
        h
    }

    fn attempt(number: u32, at_ms: u64, status: u16, headers: Vec<(String, String)>, body: &str) -> Attempt {
        let outcome = if status == 200 {
            AttemptOutcome::Success(String::new())
        } else {
            let explanation = explain_http(status, &headers, body, &Context::default());
            let decision =
                RetryPolicy::new(RetryConfig::default(), 1).decide(&explanation, number, at_ms, false);
            AttemptOutcome::Failure {
                explanation: Box::new(explanation),
                decision,
                wait: None,
            }
        };
        Attempt {
            number,
            sent_ms: at_ms.saturating_sub(100),
            at_ms,
            status: Some(status),
            streamed: body.starts_with("event:"),
            raw: Some(Rc::new(Raw::new(&headers, body))),
            outcome,
        }
    }

    fn run(state: Rc<State>, run_id: u32, attempts: Vec<Attempt>) -> Rc<State> {
        let state = state.reduce(Action::Start {
            run_id,
            started_at: T0 as f64,
            is_send: true,
        });
        attempts
            .into_iter()
            .fold(state, |s, attempt| s.reduce(Action::Attempt { run_id, attempt }))
    }

    #[wasm_bindgen_test]
    fn every_attempt_counts_retried_and_streamed_ones_too() {
        let state = Rc::new(State::with_request(REQUEST.to_string()));
        let error = r#"{"type":"error","error":{"type":"rate_limit_error","message":"Number of requests has exceeded your rate limit."}}"#;
        let message = r#"{"type":"message","model":"claude-sonnet-4-5","content":[{"type":"text","text":"Hi"}],
            "usage":{"input_tokens":1200,"output_tokens":300,"cache_creation_input_tokens":40,"cache_read_input_tokens":500}}"#;
        let state = run(
            state,
            1,
            vec![
                attempt(1, 200, 429, headers(0, &[("retry-after", "30")]), error),
                attempt(2, 1_000, 200, headers(3, &[]), message),
            ],
        );
        let usage = &state.usage;
        assert_eq!(usage.snapshot.requests, 2);
        let report = usage.snapshot.report(T0 + 1_000);
        assert_eq!(report.totals.input_tokens, 1200);
        assert_eq!(report.totals.output_tokens, 300);
        assert_eq!(report.totals.cache_creation_input_tokens, 40);
        assert_eq!(report.totals.cache_read_input_tokens, 500);
        assert!(
            report.cost_usd > 0.0 && report.cost_usd < 0.1,
            "{}",
            report.cost_usd
        );
        let requests = report
            .windows
            .iter()
            .find(|w| w.dimension == Dimension::Requests)
            .unwrap();
        assert_eq!(gauge_percent(requests), Some(94));
        assert_eq!(gauge_text(requests), "3 of 50 left");
        assert_eq!(requests.reset_in_ms, Some(29_000));
        assert!(report
            .warnings
            .iter()
            .any(|w| w.code == WarningCode::RateLimitNear));

        // A long stream: its final output count is in the last message_delta, past what the raw view keeps.
        let start = r#"{"type":"message_start","message":{"model":"claude-sonnet-4-5","usage":{"input_tokens":10,"output_tokens":1}}}"#;
        let delta =
            r#"{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"word "}}"#;
        let end =
            r#"{"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":{"output_tokens":700}}"#;
        let mut sse = format!("event: message_start\ndata: {start}\n\n");
        while sse.len() < 30_000 {
            sse.push_str(&format!("event: content_block_delta\ndata: {delta}\n\n"));
        }
        sse.push_str(&format!("event: message_delta\ndata: {end}\n\n"));
        let state = run(
            state,
            2,
            vec![attempt(
                1,
                500,
                200,
                headers(2, &[("content-type", "text/event-stream")]),
                &sse,
            )],
        );
        let report = state.usage.snapshot.report(T0 + 1_000);
        assert_eq!(report.requests, 3);
        assert_eq!(report.totals.input_tokens, 1210);
        assert_eq!(report.totals.output_tokens, 1000);

        // A tiny balance: used up, and this request would cost more than what is left.
        let state = state.reduce(Action::SetBalance("$0.001".into()));
        let codes: Vec<_> = state
            .usage
            .warnings(state.estimate.as_ref().ok(), T0 + 1_000)
            .iter()
            .map(|w| w.code)
            .collect();
        assert!(codes.contains(&WarningCode::BalanceNear), "{codes:?}");
        let state = state.reduce(Action::SetBalance("1000".into()));
        let state = state.reduce(Action::Edit(REQUEST.replace("1024", "64000")));
        assert!(state.estimate.as_ref().unwrap().max_output_tokens == 64_000);
        // Events of a run that is over change nothing.
        let after = state.clone().reduce(Action::Attempt {
            run_id: 1,
            attempt: attempt(9, 9, 200, headers(1, &[]), "{}"),
        });
        assert_eq!(after.usage.snapshot.requests, 3);
    }

    #[wasm_bindgen_test]
    fn the_balance_field_takes_garbage_without_panicking() {
        assert_eq!(parse_balance(""), Ok(None));
        assert_eq!(parse_balance("  "), Ok(None));
        assert_eq!(parse_balance("5"), Ok(Some(5.0)));
        assert_eq!(parse_balance(" $12.50 "), Ok(Some(12.5)));
        assert_eq!(parse_balance("0.01"), Ok(Some(0.01)));
        for bad in [
            "abc",
            "-5",
            "1e400",
            "NaN",
            "inf",
            "5.5.5",
            "1,000",
            "💸",
            "99999999999999999999999999",
        ] {
            assert!(parse_balance(bad).is_err(), "{bad}");
        }
        let state = Rc::new(State::default()).reduce(Action::SetBalance("1e400".into()));
        assert!(state.usage.balance_error.is_some() && state.usage.snapshot.balance_usd.is_none());
    }

    #[wasm_bindgen_test]
    fn the_estimate_line_reads_as_the_issue_says() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1_234_567), "1,234,567");
        let state = State::with_request(REQUEST.to_string());
        let line = estimate_line(state.estimate.as_ref().unwrap());
        assert!(
            line.starts_with('~') && line.contains(" input tokens ("),
            "{line}"
        );
        assert!(line.contains("up to 1,024 output, $"), "{line}");
        assert!(State::with_request("[1]".into()).estimate.is_err());
    }
}
