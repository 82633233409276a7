//! The usage snapshot folded from responses, and its projection: at the observed pace, which window runs out
//! before its reset, the warnings that follow, and how long `pace` holds the next send.

use triage_core::estimate::{estimate, EstimateOptions};
use triage_core::time::format_rfc3339;
use triage_core::usage::{Dimension, Observation, UsageSnapshot, WarningCode};

const T0: i64 = 1_764_669_600_000; // 2025-12-02T10:00:00Z

fn headers(now: i64, remaining_input: u64, reset_in_s: i64) -> Vec<(String, String)> {
    let reset = format_rfc3339(now + reset_in_s * 1000);
    [
        ("anthropic-ratelimit-requests-limit", "1000".to_string()),
        ("anthropic-ratelimit-requests-remaining", "990".to_string()),
        ("anthropic-ratelimit-requests-reset", reset.clone()),
        ("anthropic-ratelimit-input-tokens-limit", "100000".to_string()),
        (
            "anthropic-ratelimit-input-tokens-remaining",
            remaining_input.to_string(),
        ),
        ("anthropic-ratelimit-input-tokens-reset", reset),
    ]
    .into_iter()
    .map(|(n, v)| (n.to_string(), v))
    .collect()
}

fn body(input: u64, cache_read: u64) -> String {
    format!(
        r#"{{"type":"message","model":"claude-sonnet-4-5","usage":{{"input_tokens":{input},"output_tokens":100,"cache_read_input_tokens":{cache_read}}}}}"#
    )
}

fn observe(s: &mut UsageSnapshot, now: i64, remaining: u64, reset_in_s: i64, input: u64) {
    let h = headers(now, remaining, reset_in_s);
    let b = body(input, 50_000);
    s.observe(&Observation {
        status: Some(200),
        headers: &h,
        body: &b,
        now_ms: now,
        max_tokens: Some(1024),
        model: None,
    });
}

#[test]
fn a_fast_pace_runs_out_before_the_reset() {
    let mut s = UsageSnapshot::new(None);
    // 10,000 input tokens a second; 30,000 remain; the bucket is full again in 40 s.
    observe(&mut s, T0, 50_000, 42, 10_000);
    observe(&mut s, T0 + 1_000, 40_000, 41, 10_000);
    observe(&mut s, T0 + 2_000, 30_000, 40, 10_000);
    let report = s.report(T0 + 2_000);
    let input = report
        .windows
        .iter()
        .find(|w| w.dimension == Dimension::InputTokens)
        .expect("input window");
    assert_eq!(input.reset_in_ms, Some(40_000));
    // Pace 10,000/s against a refill of 70,000 / 40 s = 1,750/s: 30,000 last about 3.6 s.
    assert!(
        (3_000..4_000).contains(&input.runs_out_in_ms.unwrap_or(0)),
        "{input:?}"
    );
    assert!(input.runs_out_before_reset);
    assert_eq!(
        input.projection.as_deref(),
        Some("at this pace the input-tokens limit runs out in 4 s, before its reset in 40 s")
    );
    assert!((input.used_fraction.unwrap_or(0.0) - 0.7).abs() < 1e-9);
    assert!(report
        .warnings
        .iter()
        .any(|w| w.code == WarningCode::TokensLimitNear && w.message.starts_with("At this pace")));
    // Cache reads do not count toward the input limit's pace; they do count in the totals.
    assert_eq!(report.totals.cache_read_input_tokens, 150_000);
    assert!((input.rate_per_minute - 600_000.0).abs() < 1.0);
    // Pacing spreads what remains until the reset: (30,000 / 40 s + refill) per 10,000-token request.
    assert!(
        report.pace_ms > 1_000 && report.pace_ms <= 40_000,
        "{}",
        report.pace_ms
    );
    let requests = report
        .windows
        .iter()
        .find(|w| w.dimension == Dimension::Requests)
        .expect("requests window");
    assert!(!requests.runs_out_before_reset);
}

#[test]
fn a_slow_pace_does_not_warn_or_wait() {
    let mut s = UsageSnapshot::new(None);
    observe(&mut s, T0, 90_000, 50, 1_000);
    observe(&mut s, T0 + 20_000, 90_000, 50, 1_000);
    let report = s.report(T0 + 20_000);
    assert!(report.warnings.is_empty(), "{:?}", report.warnings);
    assert_eq!(report.pace_ms, 0);
    assert!(report.windows.iter().all(|w| w.runs_out_in_ms.is_none()));
}

#[test]
fn reset_times_follow_the_server_date_not_a_skewed_clock() {
    let mut s = UsageSnapshot::new(None);
    let mut h = headers(T0, 90_000, 30);
    h.push(("date".into(), "Tue, 02 Dec 2025 10:00:00 GMT".into()));
    let skewed = T0 + 3_600_000;
    s.observe(&Observation {
        status: Some(200),
        headers: &h,
        body: "{}",
        now_ms: skewed,
        max_tokens: None,
        model: None,
    });
    assert_eq!(s.report(skewed).windows[0].reset_in_ms, Some(30_000));
}

#[test]
fn preflight_warns_before_the_429_and_the_402() {
    let mut s = UsageSnapshot::new(Some(0.05));
    observe(&mut s, T0, 2_000, 30, 1_000);
    let big = format!(
        r#"{{"model": "claude-sonnet-4-5", "max_tokens": 8000, "messages": [{{"role": "user", "content": "{}"}}]}}"#,
        "lorem ipsum ".repeat(2_000)
    );
    let e = estimate(&big, &EstimateOptions::default()).expect("estimates");
    let warnings = s.preflight(&e, T0 + 1_000);
    let codes: Vec<WarningCode> = warnings.iter().map(|w| w.code).collect();
    assert!(codes.contains(&WarningCode::TokensLimitNear), "{warnings:?}");
    assert!(
        codes.contains(&WarningCode::EstimatedCostExceedsBalance),
        "{warnings:?}"
    );
}

#[test]
fn retry_after_and_unknown_families_are_kept() {
    let mut s = UsageSnapshot::new(None);
    let h: Vec<(String, String)> = [
        ("retry-after", "20"),
        ("anthropic-ratelimit-unified-status", "rejected"),
        ("anthropic-ratelimit-unified-reset", "2025-12-02T15:00:00Z"),
    ]
    .iter()
    .map(|(n, v)| (n.to_string(), v.to_string()))
    .collect();
    s.observe(&Observation {
        status: Some(429),
        headers: &h,
        body: r#"{"type":"error","error":{"type":"rate_limit_error","message":"x"}}"#,
        now_ms: T0,
        max_tokens: Some(10),
        model: Some("claude-sonnet-4-5"),
    });
    let report = s.report(T0 + 5_000);
    assert_eq!(report.requests, 1);
    assert_eq!(report.retry_after_ms, Some(15_000));
    assert_eq!(report.pace_ms, 15_000);
    assert_eq!(report.other_limits[0].family, "unified");
    assert!(report
        .warnings
        .iter()
        .any(|w| w.code == WarningCode::RateLimitNear));
    assert_eq!(report.cost_usd, 0.0);
}

#[test]
fn a_stream_is_counted_from_its_start_then_corrected_by_its_end() {
    let mut s = UsageSnapshot::new(None);
    let h = headers(T0, 90_000, 30);
    let start = "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"model\":\"claude-sonnet-4-5\",\
        \"usage\":{\"input_tokens\":1200,\"output_tokens\":1}}}\n\n";
    s.observe(&Observation {
        status: Some(200),
        headers: &h,
        body: start,
        now_ms: T0,
        max_tokens: None,
        model: None,
    });
    let at_start = s.report(T0);
    assert_eq!(
        (at_start.totals.input_tokens, at_start.totals.output_tokens),
        (1200, 1)
    );
    let rest = "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0}\n\n\
        event: message_delta\ndata: {\"type\":\"message_delta\",\"usage\":{\"output_tokens\":300}}\n\n\
        event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n";
    s.observe_stream_end(T0, rest, None);
    let at_end = s.report(T0);
    assert_eq!(at_end.requests, 1);
    assert_eq!(
        (at_end.totals.input_tokens, at_end.totals.output_tokens),
        (1200, 300)
    );
    // Sonnet 4.5's output is $15 per million: 299 more tokens.
    let added = at_end.cost_usd - at_start.cost_usd;
    assert!((added - 299.0 * 15.0 / 1e6).abs() < 1e-12, "{added}");
    // The pace counts the final output (no max_tokens was given).
    let output = s.rate_per_ms(Dimension::OutputTokens, T0) * 60_000.0;
    assert!((output - 300.0).abs() < 1e-9, "{output}");
    // A stream no longer among the recent requests changes nothing.
    s.observe_stream_end(T0 - 1, rest, None);
    assert_eq!(s.report(T0).totals.output_tokens, 300);
}
