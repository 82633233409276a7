//! Load models (rate limits, capacity), a bounded load test, and robustness against bad clients.

mod common;

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use common::{Conn, Mock, BODY, KEY, VERSION};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use triage_mock::Config;

#[tokio::test]
async fn rpm_counts_down_then_429_with_matching_headers() {
    // A whole minute's burst, so the bucket holds all 3; each request takes 20 s to refill.
    let mock = Mock::start(Config {
        rpm: 3,
        burst_ms: 60_000,
        ..Config::default()
    })
    .await;
    let mut conn = mock.connect().await;
    let headers = [("x-api-key", KEY), ("anthropic-version", VERSION)];
    let mut resets = Vec::new();
    for remaining in ["2", "1", "0"] {
        let reply = conn
            .send("POST", "/v1/messages", &headers, BODY.as_bytes())
            .await
            .unwrap();
        assert_eq!(reply.status, 200);
        assert_eq!(
            reply.header("anthropic-ratelimit-requests-remaining"),
            Some(remaining)
        );
        resets.push(
            reply
                .header("anthropic-ratelimit-requests-reset")
                .unwrap()
                .to_string(),
        );
    }
    let refused = conn
        .send("POST", "/v1/messages", &headers, BODY.as_bytes())
        .await
        .unwrap();
    assert_eq!(refused.status, 429);
    let message = refused.json()["error"]["message"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    assert!(message.contains(" of 3 requests per minute."), "{message}");
    // The bucket refills continuously: one request fits again in 20 s, not at a window's end.
    let retry_after: u64 = refused
        .header("retry-after")
        .and_then(|v| v.parse().ok())
        .unwrap();
    assert!((19..=20).contains(&retry_after), "{retry_after}");
    assert_eq!(
        refused.header("anthropic-ratelimit-requests-remaining"),
        Some("0")
    );
    resets.push(
        refused
            .header("anthropic-ratelimit-requests-reset")
            .unwrap()
            .to_string(),
    );
    // Full again 20 s after the first, 40 s after the second, 60 s after the third; a refusal owes nothing more.
    let seconds: Vec<i64> = resets
        .iter()
        .map(|r| triage_core::time::parse_rfc3339(r).unwrap() / 1000)
        .collect();
    assert!(
        (19..=21).contains(&(seconds[1] - seconds[0])) && (19..=21).contains(&(seconds[2] - seconds[1])),
        "{resets:?}"
    );
    assert_eq!(seconds[3], seconds[2], "{resets:?}");
    // Another key has its own bucket.
    let other = [
        ("x-api-key", "sk-ant-api03-test-FAKE-other"),
        ("anthropic-version", VERSION),
    ];
    assert_eq!(mock.raw("POST", "/v1/messages", &other, BODY).await.status, 200);
}

/// 120 calls at once at 240 RPM: the default burst (6 s, 24 requests) lets 24 through, the rest get 429s
/// while the minute's budget still shows room.
#[tokio::test]
async fn a_burst_at_240_rpm_sees_429s() {
    let mock = Arc::new(
        Mock::start(Config {
            rpm: 240,
            ..Config::default()
        })
        .await,
    );
    let calls: Vec<_> = (0..120)
        .map(|_| {
            let mock = Arc::clone(&mock);
            tokio::spawn(async move { mock.post("/v1/messages", BODY, &[]).await })
        })
        .collect();
    let mut by_status = BTreeMap::new();
    for call in calls {
        let reply = call.await.unwrap();
        if reply.status == 429 {
            let remaining: u64 = reply
                .header("anthropic-ratelimit-requests-remaining")
                .and_then(|v| v.parse().ok())
                .unwrap();
            assert!(
                remaining >= 216,
                "the burst refused it, not the minute: {remaining}"
            );
            assert_eq!(reply.header("retry-after"), Some("1"));
        }
        *by_status.entry(reply.status).or_insert(0) += 1;
    }
    // Refill during the test (4 a second) may let one or two more through.
    let ok = by_status[&200];
    assert!((24..=28).contains(&ok), "{by_status:?}");
    assert_eq!(ok + by_status[&429], 120, "{by_status:?}");
}

#[tokio::test]
async fn tpm_refuses_a_prompt_over_the_input_budget() {
    let mock = Mock::start(Config {
        tpm: 40_000,
        ..Config::default()
    })
    .await;
    let big = BODY.replace("Hello", &"word ".repeat(40_000));
    let reply = mock.post("/v1/messages", &big, &[]).await;
    assert_eq!(reply.status, 429);
    let message = reply.json()["error"]["message"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    assert!(
        message.contains(" of 40,000 input tokens per minute."),
        "{message}"
    );
    let ok = mock.post("/v1/messages", BODY, &[]).await;
    assert_eq!(ok.status, 200, "a refused request costs nothing");
    let remaining: u64 = ok
        .header("anthropic-ratelimit-input-tokens-remaining")
        .unwrap()
        .parse()
        .unwrap();
    assert!(remaining > 39_900 && remaining < 40_000, "{remaining}");
}

#[tokio::test]
async fn capacity_turns_excess_concurrency_into_529() {
    let mock = Arc::new(
        Mock::start(Config {
            capacity: Some(2),
            service_ms: 400,
            ..Config::default()
        })
        .await,
    );
    let mut tasks = Vec::new();
    for _ in 0..6 {
        let mock = Arc::clone(&mock);
        tasks.push(tokio::spawn(
            async move { mock.post("/v1/messages", BODY, &[]).await },
        ));
    }
    let mut by_status = BTreeMap::new();
    for task in tasks {
        let reply = task.await.unwrap();
        if reply.status == 529 {
            reply.expect_error(529, "overloaded_error", "Overloaded");
        }
        *by_status.entry(reply.status).or_insert(0) += 1;
    }
    assert_eq!(by_status, BTreeMap::from([(200, 2), (529, 4)]));
    // Once the two in flight finish, capacity is back.
    assert_eq!(mock.post("/v1/messages", BODY, &[]).await.status, 200);
}

/// 10,000 requests from 200 keep-alive connections at once, a seeded mix of scripted 529s and 429s among
/// the successes: every reply must be exactly what was scripted, and no connection may fail.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ten_thousand_requests_two_hundred_concurrent() {
    const CONNECTIONS: usize = 200;
    const PER_CONNECTION: usize = 50;
    let mock = Mock::start(Config {
        seed: 42,
        // A whole minute's burst, so the limiter's own 429s stay out of the scripted mix.
        burst_ms: 60_000,
        ..Config::default()
    })
    .await;
    let addr = mock.addr;
    let started = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..CONNECTIONS {
        tasks.push(tokio::spawn(async move {
            let mut conn = Conn::open(addr).await;
            let headers = [
                ("x-api-key", KEY),
                ("anthropic-version", VERSION),
                ("x-mock-rates", "529=0.1,429=0.05"),
            ];
            let mut counts = BTreeMap::new();
            for _ in 0..PER_CONNECTION {
                let reply = conn
                    .send("POST", "/s/random/v1/messages", &headers, BODY.as_bytes())
                    .await?;
                let body = reply.json();
                let expected = match reply.status {
                    200 => body["type"] == "message" && body["content"][0]["type"] == "text",
                    529 => body["error"]["type"] == "overloaded_error",
                    429 => {
                        body["error"]["type"] == "rate_limit_error" && reply.header("retry-after").is_some()
                    }
                    _ => false,
                };
                assert!(expected, "unscripted reply {}: {}", reply.status, reply.text());
                *counts.entry(reply.status).or_insert(0usize) += 1;
            }
            Ok::<_, std::io::Error>(counts)
        }));
    }
    let mut totals: BTreeMap<u16, usize> = BTreeMap::new();
    for task in tasks {
        let counts = task.await.expect("task").expect("no transport error");
        for (status, n) in counts {
            *totals.entry(status).or_insert(0) += n;
        }
    }
    let elapsed = started.elapsed();
    assert_eq!(totals.values().sum::<usize>(), CONNECTIONS * PER_CONNECTION);
    let share = |status| totals.get(&status).copied().unwrap_or(0) as f64 / 10_000.0;
    assert!((0.08..0.12).contains(&share(529)), "{totals:?}");
    assert!((0.035..0.065).contains(&share(429)), "{totals:?}");
    eprintln!(
        "load: 10000 requests, 200 connections, {elapsed:?} ({:.0} req/s), {totals:?}",
        10_000.0 / elapsed.as_secs_f64()
    );
}

#[tokio::test]
async fn garbage_gets_a_400_or_a_close_and_the_server_lives_on() {
    let mock = Mock::default().await;
    for garbage in [
        &b"\x00\x01\x02 nonsense\r\n\r\n"[..],
        b"GET / HTTP/9.9\r\n\r\n",
        b"POST /v1/messages HTTP/1.1\r\ncontent-length: -5\r\n\r\n",
    ] {
        let mut stream = TcpStream::connect(mock.addr).await.unwrap();
        stream.write_all(garbage).await.unwrap();
        let mut answer = Vec::new();
        let read = tokio::time::timeout(Duration::from_secs(5), stream.read_to_end(&mut answer)).await;
        assert!(read.is_ok(), "the server closes the connection");
        let text = String::from_utf8_lossy(&answer);
        assert!(text.is_empty() || text.starts_with("HTTP/1.1 4"), "{text}");
    }
    let not_json = mock.post("/v1/messages", "{\"model\":", &[]).await;
    assert_eq!(not_json.status, 400);
    assert!(not_json.json()["error"]["message"]
        .as_str()
        .is_some_and(|m| m.starts_with("The request body is not valid JSON: ")));
    let wrong_types = [
        r#"[]"#,
        r#"{"model":1,"max_tokens":1,"messages":[]}"#,
        r#"{"model":"claude-haiku-4-5","max_tokens":-1,"messages":[]}"#,
        r#"{"model":"claude-haiku-4-5","max_tokens":9,"messages":[7]}"#,
    ];
    for body in wrong_types {
        assert_eq!(mock.post("/v1/messages", body, &[]).await.status, 400, "{body}");
    }
    assert_eq!(mock.post("/v1/messages", BODY, &[]).await.status, 200);
}

#[tokio::test]
async fn slow_clients_are_cut_off() {
    let mock = Mock::start(Config {
        header_timeout_s: 1,
        body_timeout_s: 1,
        ..Config::default()
    })
    .await;
    // Headers that never finish.
    let mut stream = TcpStream::connect(mock.addr).await.unwrap();
    stream
        .write_all(b"POST /v1/messages HTTP/1.1\r\nhost: x\r\n")
        .await
        .unwrap();
    let mut answer = Vec::new();
    let read = tokio::time::timeout(Duration::from_secs(5), stream.read_to_end(&mut answer)).await;
    assert!(read.is_ok(), "connection closed after the header timeout");
    // A body that never arrives.
    let mut stream = TcpStream::connect(mock.addr).await.unwrap();
    let head = format!(
        "POST /v1/messages HTTP/1.1\r\nhost: x\r\nx-api-key: {KEY}\r\nanthropic-version: {VERSION}\r\ncontent-length: 100\r\n\r\n{{"
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    let mut answer = vec![0; 4096];
    let read = tokio::time::timeout(Duration::from_secs(5), stream.read(&mut answer)).await;
    let n = read.expect("answered before 5 s").unwrap();
    assert!(String::from_utf8_lossy(&answer[..n]).starts_with("HTTP/1.1 408"));
}

/// A client that sends many requests and reads none of the replies is dropped once a write has been blocked
/// for the write timeout, instead of holding its connection and task for ever.
#[tokio::test]
async fn a_client_that_stops_reading_is_dropped() {
    const REQUESTS: usize = 10_000;
    let mock = Mock::start(Config {
        write_timeout_s: 1,
        header_timeout_s: 60,
        ..Config::default()
    })
    .await;
    let mut stream = TcpStream::connect(mock.addr).await.unwrap();
    let request = format!(
        "GET /v1/models?limit=1000 HTTP/1.1\r\nhost: x\r\nx-api-key: {KEY}\r\nanthropic-version: {VERSION}\r\n\r\n"
    );
    let pipelined = request.repeat(REQUESTS);
    // Sending may block once the server stops reading; that is part of the test, not a failure.
    let _ = tokio::time::timeout(Duration::from_secs(5), stream.write_all(pipelined.as_bytes())).await;
    tokio::time::sleep(Duration::from_secs(3)).await;
    let mut answer = Vec::new();
    let read = tokio::time::timeout(Duration::from_secs(20), stream.read_to_end(&mut answer)).await;
    assert!(read.is_ok(), "the server closed the connection");
    let replies = String::from_utf8_lossy(&answer)
        .matches("HTTP/1.1 200 OK")
        .count();
    assert!(
        replies < REQUESTS,
        "all {replies} replies were written: no write timeout"
    );
    assert_eq!(
        mock.get("/v1/models").await.status,
        200,
        "the server goes on serving"
    );
}

#[tokio::test]
async fn graceful_shutdown_finishes_requests_in_flight() {
    let mut mock = Mock::default().await;
    let addr = mock.addr;
    let in_flight = tokio::spawn(async move {
        let headers = [
            ("x-api-key", KEY),
            ("anthropic-version", VERSION),
            ("x-mock-delay-ms", "500"),
        ];
        Conn::open(addr)
            .await
            .send("POST", "/s/slow/v1/messages", &headers, BODY.as_bytes())
            .await
    });
    tokio::time::sleep(Duration::from_millis(100)).await;
    mock.shutdown();
    let reply = in_flight.await.unwrap().expect("the request in flight completes");
    assert_eq!(reply.status, 200);
    let served = tokio::time::timeout(Duration::from_secs(5), &mut mock.task).await;
    assert!(matches!(served, Ok(Ok(Ok(())))), "serve returns after draining");
    assert!(TcpStream::connect(addr).await.is_err(), "no longer listening");
}
