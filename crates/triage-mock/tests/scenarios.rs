//! Every scenario over loopback, checked against the API's real shapes and wordings.

mod common;

use std::time::{Duration, Instant};

use common::{Mock, BODY, KEY, STREAM_BODY, VERSION};
use serde_json::{json, Value};
use triage_mock::Config;

const RATELIMIT_HEADERS: [&str; 12] = [
    "anthropic-ratelimit-requests-limit",
    "anthropic-ratelimit-requests-remaining",
    "anthropic-ratelimit-requests-reset",
    "anthropic-ratelimit-tokens-limit",
    "anthropic-ratelimit-tokens-remaining",
    "anthropic-ratelimit-tokens-reset",
    "anthropic-ratelimit-input-tokens-limit",
    "anthropic-ratelimit-input-tokens-remaining",
    "anthropic-ratelimit-input-tokens-reset",
    "anthropic-ratelimit-output-tokens-limit",
    "anthropic-ratelimit-output-tokens-remaining",
    "anthropic-ratelimit-output-tokens-reset",
];

fn is_rfc3339_utc(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() == 20
        && text.char_indices().all(|(i, c)| match i {
            4 | 7 => c == '-',
            10 => c == 'T',
            13 | 16 => c == ':',
            19 => c == 'Z',
            _ => c.is_ascii_digit(),
        })
}

#[tokio::test]
async fn ok_returns_a_real_shaped_message_with_common_headers() {
    let mock = Mock::default().await;
    let reply = mock.post("/v1/messages", BODY, &[]).await;
    assert_eq!(reply.status, 200, "{}", reply.text());
    assert!(reply
        .header("request-id")
        .is_some_and(|id| id.starts_with("req_011C") && id.len() == 28));
    for name in RATELIMIT_HEADERS {
        let value = reply.header(name).unwrap_or_else(|| panic!("missing {name}"));
        if name.ends_with("-reset") {
            assert!(is_rfc3339_utc(value), "{name}: {value}");
        } else {
            assert!(value.parse::<u64>().is_ok(), "{name}: {value}");
        }
    }
    assert!(reply.text().starts_with(r#"{"id":"msg_01"#), "{}", reply.text());
    let message = reply.json();
    assert_eq!(message["type"], "message");
    assert_eq!(message["role"], "assistant");
    assert_eq!(message["model"], "claude-sonnet-4-5");
    assert_eq!(message["content"][0]["type"], "text");
    assert!(message["content"][0]["text"]
        .as_str()
        .is_some_and(|text| !text.is_empty()));
    assert_eq!(message["stop_reason"], "end_turn");
    assert!(message["usage"]["input_tokens"].as_u64().is_some_and(|n| n > 0));
    assert!(message["usage"]["output_tokens"].as_u64().is_some_and(|n| n > 0));
}

#[tokio::test]
async fn max_tokens_cuts_the_reply_and_zero_is_allowed() {
    let mock = Mock::default().await;
    let body = BODY.replace("\"max_tokens\":64", "\"max_tokens\":3");
    let message = mock.post("/v1/messages", &body, &[]).await.json();
    assert_eq!(message["stop_reason"], "max_tokens");
    assert_eq!(message["usage"]["output_tokens"], 3);
    let body = BODY.replace("\"max_tokens\":64", "\"max_tokens\":0");
    let message = mock.post("/v1/messages", &body, &[]).await.json();
    assert_eq!(message["content"], json!([]));
}

#[tokio::test]
async fn ok_streams_the_real_event_sequence() {
    let mock = Mock::default().await;
    let reply = mock.post("/v1/messages", STREAM_BODY, &[]).await;
    assert_eq!(reply.status, 200);
    assert!(reply
        .header("content-type")
        .is_some_and(|ct| ct.starts_with("text/event-stream")));
    let names = reply.event_names();
    let deltas = names.iter().filter(|name| *name == "content_block_delta").count();
    assert!(deltas >= 2, "{names:?}");
    let mut expected = vec!["message_start", "content_block_start", "ping"];
    expected.extend(std::iter::repeat_n("content_block_delta", deltas));
    expected.extend(["content_block_stop", "message_delta", "message_stop"]);
    assert_eq!(names, expected);
    let text = reply.text();
    let data: Vec<Value> = text
        .lines()
        .filter_map(|line| line.strip_prefix("data: "))
        .map(|data| serde_json::from_str(data).expect("event data is JSON"))
        .collect();
    for (name, data) in names.iter().zip(&data) {
        assert_eq!(data["type"], name.as_str(), "event name matches data type");
    }
    let streamed: String = data.iter().filter_map(|d| d["delta"]["text"].as_str()).collect();
    let whole = mock.post("/v1/messages", BODY, &[]).await.json();
    assert_eq!(streamed, whole["content"][0]["text"].as_str().unwrap());
    assert_eq!(data[0]["message"]["stop_reason"], Value::Null);
}

#[tokio::test]
async fn streams_arrive_over_time() {
    let mock = Mock::start(Config {
        stream_gap_ms: 60,
        ..Config::default()
    })
    .await;
    let started = Instant::now();
    let reply = mock.post("/v1/messages", STREAM_BODY, &[]).await;
    let events = reply.event_names().len() as u32;
    assert!(events >= 8);
    assert!(
        started.elapsed() >= Duration::from_millis(60) * (events - 1),
        "{:?}",
        started.elapsed()
    );
    let started = Instant::now();
    assert_eq!(mock.post("/v1/messages", BODY, &[]).await.status, 200);
    assert!(
        started.elapsed() < Duration::from_millis(60),
        "JSON replies are not paced"
    );
}

#[tokio::test]
async fn invalid_request_uses_the_real_wordings() {
    let mock = Mock::default().await;
    let no_max_tokens = r#"{"model":"claude-sonnet-4-5","messages":[{"role":"user","content":"Hi"}]}"#;
    mock.post("/s/invalid-request/v1/messages", no_max_tokens, &[])
        .await
        .expect_error(400, "invalid_request_error", "max_tokens: Field required");
    // A bad body gets the same 400 in the ok scenario: validation is always on.
    mock.post("/v1/messages", no_max_tokens, &[]).await.expect_error(
        400,
        "invalid_request_error",
        "max_tokens: Field required",
    );
    let system =
        r#"{"model":"claude-sonnet-4-5","max_tokens":10,"messages":[{"role":"system","content":"x"}]}"#;
    mock.post("/v1/messages", system, &[]).await.expect_error(
        400,
        "invalid_request_error",
        "messages: Unexpected role \"system\". The Messages API accepts a top-level `system` parameter, not \
         \"system\" as an input message role.",
    );
    let empty = r#"{"model":"claude-sonnet-4-5","max_tokens":10,"messages":[]}"#;
    mock.post("/v1/messages", empty, &[]).await.expect_error(
        400,
        "invalid_request_error",
        "messages: at least one message is required",
    );
    let unknown_model = BODY.replace("claude-sonnet-4-5", "claude-3-5-sonnet-latestt");
    mock.post("/v1/messages", &unknown_model, &[]).await.expect_error(
        404,
        "not_found_error",
        "model: claude-3-5-sonnet-latestt",
    );
    let reply = mock.post("/s/invalid-request/v1/messages", BODY, &[]).await;
    assert_eq!(reply.status, 400);
    let message = reply.json()["error"]["message"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    assert!(message.starts_with("prompt is too long: ") && message.ends_with(" tokens > 200000 maximum"));
    mock.post("/v1/messages", "{\"model\": \"a\u{1}\"}", &[]).await.expect_error(
        400,
        "invalid_request_error",
        "The request body is not valid JSON: unexpected control character in string: line 1 column 13 (char 12)",
    );
}

#[tokio::test]
async fn scripted_errors_have_exact_bodies() {
    let mock = Mock::default().await;
    let cases = [
        ("overloaded", 529, "overloaded_error", "Overloaded"),
        (
            "credit-low",
            400,
            "invalid_request_error",
            triage_mock::errors::CREDIT_BALANCE_TOO_LOW,
        ),
        (
            "insufficient-balance",
            402,
            "billing_error",
            "Insufficient balance. Please top up your account.",
        ),
        ("server-error", 500, "api_error", "Internal server error"),
        ("gateway-timeout", 504, "timeout_error", "Request timed out"),
        (
            "request-too-large",
            413,
            "request_too_large",
            "Request exceeds the maximum allowed number of bytes.",
        ),
    ];
    for (scenario, status, kind, message) in cases {
        let reply = mock.post(&format!("/s/{scenario}/v1/messages"), BODY, &[]).await;
        reply.expect_error(status, kind, message);
        assert!(reply.header("retry-after").is_none(), "{scenario}");
        // The header selects a scenario just as well as the path.
        mock.post("/v1/messages", BODY, &[("x-mock-scenario", scenario)])
            .await
            .expect_error(status, kind, message);
    }
}

#[tokio::test]
async fn overloaded_has_a_readable_status_line() {
    let mock = Mock::default().await;
    let mut conn = mock.connect().await;
    let request = format!(
        "GET /s/overloaded/v1/models HTTP/1.1\r\nhost: x\r\nx-api-key: {KEY}\r\nanthropic-version: {VERSION}\r\n\r\n"
    );
    conn.write_raw(request.as_bytes()).await.unwrap();
    let reply = conn.read_reply().await.unwrap();
    assert_eq!(reply.status, 529);
    // Every endpoint can be scripted, models included.
    assert_eq!(reply.json()["error"]["type"], "overloaded_error");
}

#[tokio::test]
async fn overloaded_then_ok_counts_per_key() {
    let mock = Mock::default().await;
    let statuses = |replies: Vec<common::Reply>| replies.iter().map(|r| r.status).collect::<Vec<_>>();
    let mut replies = Vec::new();
    for _ in 0..4 {
        replies.push(
            mock.post("/s/overloaded-then-ok/v1/messages?n=3", BODY, &[])
                .await,
        );
    }
    assert_eq!(statuses(replies), [529, 529, 529, 200]);
    let other_key = "sk-ant-api03-test-FAKE-other";
    let headers = [
        ("x-api-key", other_key),
        ("anthropic-version", VERSION),
        ("x-mock-n", "1"),
    ];
    let mut replies = Vec::new();
    for _ in 0..2 {
        replies.push(
            mock.raw("POST", "/s/overloaded-then-ok/v1/messages", &headers, BODY)
                .await,
        );
    }
    assert_eq!(statuses(replies), [529, 200]);
    let third = [
        ("x-api-key", "sk-ant-api03-test-FAKE-third"),
        ("anthropic-version", VERSION),
    ];
    let mut replies = Vec::new();
    for _ in 0..3 {
        replies.push(
            mock.raw("POST", "/s/overloaded-then-ok/v1/messages", &third, BODY)
                .await,
        );
    }
    assert_eq!(statuses(replies), [529, 529, 200], "default n is 2");
}

#[tokio::test]
async fn rate_limited_sends_retry_after_and_exhausted_headers() {
    let mock = Mock::start(Config {
        rpm: 50,
        ..Config::default()
    })
    .await;
    let reply = mock.post("/s/rate-limited/v1/messages", BODY, &[]).await;
    reply.expect_error(
        429,
        "rate_limit_error",
        &format!(
            "This request would exceed the rate limit for your organization ({}) of 50 requests per minute. For \
             details, refer to: https://docs.claude.com/en/api/rate-limits. You can see the response headers for \
             current usage. Please reduce the prompt length or the maximum tokens requested, or try again later. \
             You may also contact sales at https://www.anthropic.com/contact-sales to discuss your options for a \
             rate limit increase.",
            triage_mock::ratelimit::ORGANIZATION_ID
        ),
    );
    let retry_after: u64 = reply
        .header("retry-after")
        .and_then(|v| v.parse().ok())
        .expect("retry-after");
    assert!((1..=60).contains(&retry_after), "{retry_after}");
    assert_eq!(reply.header("anthropic-ratelimit-requests-remaining"), Some("0"));
    assert_eq!(reply.header("anthropic-ratelimit-requests-limit"), Some("50"));
}

#[tokio::test]
async fn spend_limit_is_final() {
    let mock = Mock::default().await;
    let reply = mock.post("/s/spend-limit/v1/messages", BODY, &[]).await;
    assert_eq!(reply.status, 429);
    assert!(reply.header("retry-after").is_none());
    let request_id = reply.header("request-id").unwrap();
    assert_eq!(
        reply.json(),
        json!({"type": "error", "error": {"type": "rate_limit_error", "message": "You have reached your organization's spend limit.", "details": {"error_code": "enforced_spend_limit_reached"}}, "request_id": request_id})
    );
}

#[tokio::test]
async fn html_502_is_a_proxy_page() {
    let mock = Mock::default().await;
    let reply = mock.post("/s/html-502/v1/messages", BODY, &[]).await;
    assert_eq!(reply.status, 502);
    assert_eq!(reply.header("content-type"), Some("text/html"));
    assert!(reply.text().contains("<title>502 Bad Gateway</title>"));
    assert!(reply.header("request-id").is_some());
}

#[tokio::test]
async fn slow_waits_the_asked_delay() {
    let mock = Mock::default().await;
    let started = Instant::now();
    let reply = mock
        .post("/s/slow/v1/messages", BODY, &[("x-mock-delay-ms", "300")])
        .await;
    assert_eq!(reply.status, 200);
    assert!(started.elapsed() >= Duration::from_millis(300));
    assert!(
        started.elapsed() < Duration::from_millis(2000),
        "not the 2 s default"
    );
}

#[tokio::test]
async fn hang_up_drops_the_connection_mid_body() {
    let mock = Mock::default().await;
    for body in [BODY, STREAM_BODY] {
        let mut conn = mock.connect().await;
        let headers = [("x-api-key", KEY), ("anthropic-version", VERSION)];
        let error = conn
            .send("POST", "/s/hang-up/v1/messages", &headers, body.as_bytes())
            .await
            .unwrap_err();
        assert_eq!(error.kind(), std::io::ErrorKind::UnexpectedEof, "{error}");
    }
    // The server goes on serving.
    assert_eq!(mock.post("/v1/messages", BODY, &[]).await.status, 200);
}

#[tokio::test]
async fn truncated_json_is_a_clean_200_with_a_cut_body() {
    let mock = Mock::default().await;
    let reply = mock.post("/s/truncated-json/v1/messages", BODY, &[]).await;
    assert_eq!(reply.status, 200);
    assert!(reply.text().starts_with(r#"{"id":"msg_01"#));
    assert!(serde_json::from_slice::<Value>(&reply.body).is_err());
}

#[tokio::test]
async fn stream_error_sends_content_then_an_error_event() {
    let mock = Mock::default().await;
    let reply = mock.post("/s/stream-error/v1/messages", STREAM_BODY, &[]).await;
    assert_eq!(reply.status, 200);
    let names = reply.event_names();
    assert_eq!(
        names,
        [
            "message_start",
            "content_block_start",
            "ping",
            "content_block_delta",
            "error"
        ]
    );
    assert!(reply.text().ends_with(
        "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}\n\n"
    ));
    mock.post("/s/stream-error/v1/messages", BODY, &[])
        .await
        .expect_error(529, "overloaded_error", "Overloaded");
}

/// The event names of a complete stream: message_start … message_stop, with its deltas.
fn assert_complete_stream(reply: &common::Reply) {
    assert_eq!(reply.status, 200, "{}", reply.text());
    let names = reply.event_names();
    let deltas = names.iter().filter(|name| *name == "content_block_delta").count();
    assert!(deltas >= 2, "{names:?}");
    let mut expected = vec!["message_start", "content_block_start", "ping"];
    expected.extend(std::iter::repeat_n("content_block_delta", deltas));
    expected.extend(["content_block_stop", "message_delta", "message_stop"]);
    assert_eq!(names, expected);
}

const STREAM_OVERLOADED: &str =
    "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}\n\n";

/// `message_start, ping, error`, each one `event:`/`data:` pair, the error the API's overload.
fn assert_error_after_ping(reply: &common::Reply) {
    assert_eq!(reply.status, 200, "{}", reply.text());
    assert!(reply
        .header("content-type")
        .is_some_and(|ct| ct.starts_with("text/event-stream")));
    assert_eq!(reply.event_names(), ["message_start", "ping", "error"]);
    let text = reply.text();
    assert_eq!(text.matches("\n\n").count(), 3, "{text}");
    assert!(
        text.contains("event: ping\ndata: {\"type\":\"ping\"}\n\n"),
        "{text}"
    );
    assert!(text.ends_with(STREAM_OVERLOADED), "{text}");
}

fn key_headers(key: &str) -> [(&str, &str); 2] {
    [("x-api-key", key), ("anthropic-version", VERSION)]
}

#[tokio::test]
async fn stream_error_early_then_ok_fails_before_content_once_per_key() {
    let mock = Mock::default().await;
    let path = "/s/stream-error-early-then-ok/v1/messages";
    let first = mock.post(path, STREAM_BODY, &[]).await;
    assert_error_after_ping(&first);
    assert_eq!(first.event_names(), triage_mock::messages::FAILING_STREAMS[1].1);
    assert_complete_stream(&mock.post(path, STREAM_BODY, &[]).await);
    assert_complete_stream(&mock.post(path, STREAM_BODY, &[]).await);
    // A fresh key fails again; `?n=` and `x-mock-n` set how many calls fail.
    let fresh = key_headers("sk-ant-api03-test-FAKE-fresh");
    assert_error_after_ping(&mock.raw("POST", path, &fresh, STREAM_BODY).await);
    assert_complete_stream(&mock.raw("POST", path, &fresh, STREAM_BODY).await);
    let counted = format!("{path}?n=2");
    let twice = key_headers("sk-ant-api03-test-FAKE-twice");
    for _ in 0..2 {
        assert_error_after_ping(&mock.raw("POST", &counted, &twice, STREAM_BODY).await);
    }
    assert_complete_stream(&mock.raw("POST", &counted, &twice, STREAM_BODY).await);
    let header_n = [
        ("x-api-key", "sk-ant-api03-test-FAKE-header-n"),
        ("anthropic-version", VERSION),
        ("x-mock-n", "2"),
    ];
    for _ in 0..2 {
        assert_error_after_ping(&mock.raw("POST", path, &header_n, STREAM_BODY).await);
    }
    assert_complete_stream(&mock.raw("POST", path, &header_n, STREAM_BODY).await);
    // Not streamed: the same count, 529 then ok.
    let plain = key_headers("sk-ant-api03-test-FAKE-plain");
    mock.raw("POST", path, &plain, BODY)
        .await
        .expect_error(529, "overloaded_error", "Overloaded");
    assert_eq!(
        mock.raw("POST", path, &plain, BODY).await.json()["type"],
        "message"
    );
    // Each scenario counts apart: this key's stream-cut-early failure is still to come.
    let (cut, error) = mock
        .post_until_cut("/s/stream-cut-early/v1/messages", STREAM_BODY, &[])
        .await;
    assert_eq!(cut.event_names(), ["message_start"]);
    assert!(error.is_some());
}

#[tokio::test]
async fn stream_error_after_ping_never_recovers() {
    let mock = Mock::default().await;
    let path = "/s/stream-error-after-ping/v1/messages";
    for _ in 0..3 {
        assert_error_after_ping(&mock.post(path, STREAM_BODY, &[]).await);
    }
    let header = mock
        .post(
            "/v1/messages",
            STREAM_BODY,
            &[("x-mock-scenario", "stream-error-after-ping")],
        )
        .await;
    assert_error_after_ping(&header);
    mock.post(path, BODY, &[])
        .await
        .expect_error(529, "overloaded_error", "Overloaded");
}

#[tokio::test]
async fn stream_cut_early_cuts_after_message_start_once_per_key() {
    let mock = Mock::default().await;
    let path = "/s/stream-cut-early/v1/messages";
    let (first, error) = mock.post_until_cut(path, STREAM_BODY, &[]).await;
    assert_eq!(first.status, 200);
    assert_eq!(first.header("transfer-encoding"), Some("chunked"));
    assert_eq!(first.event_names(), ["message_start"]);
    assert_eq!(first.event_names(), triage_mock::messages::FAILING_STREAMS[3].1);
    let text = first.text();
    assert!(text
        .starts_with("event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_01"));
    assert!(
        text.ends_with("}}\n\n") && text.matches("\n\n").count() == 1,
        "{text}"
    );
    // The chunked body never ends: the connection closes without its final chunk.
    let error = error.expect("the body is cut");
    assert_eq!(error.kind(), std::io::ErrorKind::UnexpectedEof, "{error}");
    let (second, error) = mock.post_until_cut(path, STREAM_BODY, &[]).await;
    assert!(error.is_none(), "{error:?}");
    assert_complete_stream(&second);
    // A fresh key is cut again, then ok; `?n=` sets the count.
    let fresh = "/s/stream-cut-early/v1/messages?n=2";
    let other = [("x-api-key", "sk-ant-api03-test-FAKE-fresh-cut")];
    for _ in 0..2 {
        let (reply, error) = mock.post_until_cut(fresh, STREAM_BODY, &other).await;
        assert_eq!(reply.event_names(), ["message_start"]);
        assert!(error.is_some());
    }
    let (reply, error) = mock.post_until_cut(fresh, STREAM_BODY, &other).await;
    assert!(error.is_none(), "{error:?}");
    assert_complete_stream(&reply);
    // Not streamed: the same count, 529 then ok.
    let plain = key_headers("sk-ant-api03-test-FAKE-plain-cut");
    mock.raw("POST", path, &plain, BODY)
        .await
        .expect_error(529, "overloaded_error", "Overloaded");
    assert_eq!(mock.raw("POST", path, &plain, BODY).await.status, 200);
    // The server goes on serving.
    assert_eq!(mock.post("/v1/messages", BODY, &[]).await.status, 200);
}

#[tokio::test]
async fn stream_cut_early_is_cut_even_without_pacing() {
    let mock = Mock::start(Config {
        stream_gap_ms: 0,
        ..Config::default()
    })
    .await;
    for attempt in 0..5 {
        let key = format!("sk-ant-api03-test-FAKE-unpaced-{attempt}");
        let (reply, error) = mock
            .post_until_cut(
                "/s/stream-cut-early/v1/messages",
                STREAM_BODY,
                &[("x-api-key", &key)],
            )
            .await;
        assert_eq!(reply.event_names(), ["message_start"], "attempt {attempt}");
        assert!(error.is_some(), "attempt {attempt}");
    }
}

#[tokio::test]
async fn request_too_large_above_the_limits() {
    let mock = Mock::start(Config {
        body_limit: 4096,
        ..Config::default()
    })
    .await;
    let limit = BODY.len().to_string();
    let under = mock
        .post(
            "/s/request-too-large/v1/messages",
            BODY,
            &[("x-mock-body-limit", &limit)],
        )
        .await;
    assert_eq!(under.status, 200);
    let message = "Request exceeds the maximum allowed number of bytes.";
    let big = BODY.replace("Hello", &"a".repeat(5000));
    mock.post("/v1/messages", &big, &[])
        .await
        .expect_error(413, "request_too_large", message);
}

#[tokio::test]
async fn random_is_seeded_and_follows_the_rates() {
    let draw = |seed: u64| async move {
        let mock = Mock::start(Config {
            seed,
            ..Config::default()
        })
        .await;
        let mut conn = mock.connect().await;
        let headers = [
            ("x-api-key", KEY),
            ("anthropic-version", VERSION),
            ("x-mock-rates", "529=0.3,500=0.2"),
        ];
        let mut statuses = Vec::new();
        for _ in 0..400 {
            let reply = conn
                .send("POST", "/s/random/v1/messages", &headers, BODY.as_bytes())
                .await
                .unwrap();
            statuses.push(reply.status);
        }
        statuses
    };
    let (first, again, other) = (draw(11).await, draw(11).await, draw(12).await);
    assert_eq!(first, again);
    assert_ne!(first, other);
    let count = |status| first.iter().filter(|s| **s == status).count();
    assert!((80..160).contains(&count(529)), "{}", count(529));
    assert!((45..125).contains(&count(500)), "{}", count(500));
    assert_eq!(count(529) + count(500) + count(200), 400);
    let mock = Mock::default().await;
    let bad = mock
        .post("/s/random/v1/messages", BODY, &[("x-mock-rates", "529=2")])
        .await;
    bad.expect_error(
        400,
        "invalid_request_error",
        "x-mock-rates: rate for '529' must be between 0 and 1",
    );
}

#[tokio::test]
async fn models_list_get_and_404() {
    let mock = Mock::default().await;
    let page = mock.get("/v1/models?limit=2").await.json();
    assert_eq!(page["data"].as_array().map(Vec::len), Some(2));
    assert_eq!(page["has_more"], true);
    assert_eq!(page["first_id"], page["data"][0]["id"]);
    assert_eq!(page["last_id"], page["data"][1]["id"]);
    let after = page["last_id"].as_str().unwrap();
    let next = mock
        .get(&format!("/v1/models?limit=100&after_id={after}"))
        .await
        .json();
    assert_eq!(next["has_more"], false);
    assert_ne!(next["first_id"], page["first_id"]);
    let all = mock.get("/v1/models").await;
    assert!(
        all.text().starts_with(r#"{"data":[{"type":"model","id":"#),
        "{}",
        all.text()
    );
    let one = mock.get("/v1/models/claude-sonnet-4-5").await.json();
    assert_eq!(one["id"], "claude-sonnet-4-5-20250929");
    assert_eq!(one["type"], "model");
    mock.get("/v1/models/claude-nope")
        .await
        .expect_error(404, "not_found_error", "model: claude-nope");
    mock.get("/s/ok/v1/models/claude-nope")
        .await
        .expect_error(404, "not_found_error", "model: claude-nope");
}

#[tokio::test]
async fn count_tokens_counts() {
    let mock = Mock::default().await;
    let body = r#"{"model":"claude-haiku-4-5","messages":[{"role":"user","content":"Hello there"}]}"#;
    let reply = mock.post("/v1/messages/count_tokens", body, &[]).await;
    assert_eq!(reply.status, 200, "{}", reply.text());
    assert!(reply.json()["input_tokens"].as_u64().is_some_and(|n| n > 0));
    mock.post("/v1/messages/count_tokens", BODY, &[])
        .await
        .expect_error(
            400,
            "invalid_request_error",
            "max_tokens: Extra inputs are not permitted",
        );
}

#[tokio::test]
async fn unknown_scenarios_and_paths_get_404s() {
    let mock = Mock::default().await;
    let reply = mock.post("/s/nope/v1/messages", BODY, &[]).await;
    assert_eq!(reply.status, 404);
    assert!(reply.json()["error"]["message"]
        .as_str()
        .is_some_and(|m| m.contains("unknown scenario 'nope'")));
    assert_eq!(
        mock.post("/v1/messages", BODY, &[("x-mock-scenario", "nope")])
            .await
            .status,
        404
    );
    mock.get("/v1/nothing")
        .await
        .expect_error(404, "not_found_error", "Not Found");
    mock.raw(
        "PUT",
        "/v1/models",
        &[("x-api-key", KEY), ("anthropic-version", VERSION)],
        "",
    )
    .await
    .expect_error(405, "invalid_request_error", "Method Not Allowed");
}
