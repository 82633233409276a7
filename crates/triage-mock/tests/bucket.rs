//! The rate limiter through the whole app, in tokio's paused time so refill is exact: a burst at 240 RPM meets
//! 429s, the same calls paced at the refill rate do not, and the headers say what the bucket holds.

use axum::body::Body;
use axum::http::{Request, Response};
use std::time::Duration;
use tower::ServiceExt;
use triage_mock::Config;

const BODY: &str =
    r#"{"model":"claude-sonnet-4-5","max_tokens":64,"messages":[{"role":"user","content":"Hello"}]}"#;

fn app() -> axum::Router {
    triage_mock::app(Config {
        rpm: 240,
        quiet: true,
        ..Config::default()
    })
}

async fn call(app: &axum::Router) -> Response<Body> {
    let request = Request::post("/v1/messages")
        .header("x-api-key", "sk-ant-api03-test-FAKE-bucket")
        .header("anthropic-version", "2023-06-01")
        .header("content-type", "application/json")
        .body(Body::from(BODY))
        .unwrap();
    app.clone().oneshot(request).await.unwrap()
}

fn header(reply: &Response<Body>, name: &str) -> String {
    reply.headers()[name].to_str().unwrap().to_string()
}

fn number(reply: &Response<Body>, name: &str) -> u64 {
    header(reply, name).parse().unwrap()
}

#[tokio::test(start_paused = true)]
async fn one_hundred_twenty_at_once_meet_429s() {
    let app = app();
    let mut statuses = Vec::new();
    for _ in 0..120 {
        statuses.push(call(&app).await.status().as_u16());
    }
    assert_eq!(
        statuses.iter().filter(|s| **s == 200).count(),
        24,
        "the 6 s burst"
    );
    assert_eq!(statuses.iter().filter(|s| **s == 429).count(), 96);
    assert!(statuses[..24].iter().all(|s| *s == 200));
}

#[tokio::test(start_paused = true)]
async fn paced_at_the_refill_rate_none_do() {
    let app = app();
    for i in 0..120 {
        let reply = call(&app).await;
        assert_eq!(reply.status(), 200, "call {i}");
        assert_eq!(number(&reply, "anthropic-ratelimit-requests-remaining"), 239);
        tokio::time::advance(Duration::from_millis(250)).await;
    }
}

#[tokio::test(start_paused = true)]
async fn headers_agree_with_the_bucket() {
    let app = app();
    let first = call(&app).await;
    let first_reset = triage_core::time::parse_rfc3339(&header(&first, "anthropic-ratelimit-requests-reset"));
    let mut last = first;
    let mut sent = 1;
    while last.status() == 200 {
        last = call(&app).await;
        sent += 1;
    }
    assert_eq!(sent, 25, "24 fit, the 25th is refused");
    // 24 owed: 216 of the minute left, full again in 24 × 250 ms, and one more fits in 250 ms (`retry-after` 1).
    assert_eq!(number(&last, "anthropic-ratelimit-requests-limit"), 240);
    assert_eq!(number(&last, "anthropic-ratelimit-requests-remaining"), 216);
    assert_eq!(header(&last, "retry-after"), "1");
    let reset =
        triage_core::time::parse_rfc3339(&header(&last, "anthropic-ratelimit-requests-reset")).unwrap();
    let from = first_reset.unwrap() - 1_000; // the first reset was 250 ms out, rounded up to the second
    assert!((5_000..=7_000).contains(&(reset - from)), "{reset} from {from}");
    // The output bucket counts max_tokens up front: 24 × 64 owed.
    assert_eq!(
        number(&last, "anthropic-ratelimit-output-tokens-remaining"),
        2_000_000 - 24 * 64
    );
    tokio::time::advance(Duration::from_millis(249)).await;
    assert_eq!(call(&app).await.status(), 429);
    tokio::time::advance(Duration::from_millis(1)).await;
    assert_eq!(call(&app).await.status(), 200);
    // Once the reset passes, nothing is owed.
    tokio::time::advance(Duration::from_secs(7)).await;
    let rested = call(&app).await;
    assert_eq!(number(&rested, "anthropic-ratelimit-requests-remaining"), 239);
}
