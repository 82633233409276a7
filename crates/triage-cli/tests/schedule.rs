//! `triage schedule` as a user runs it: JSON decisions, the timeline, headers, deadline, and usage errors.

mod common;

use serde_json::Value;
use std::process::Output;

fn triage(args: &[&str]) -> Output {
    common::triage(&[&["schedule"], args].concat(), "")
}

fn decisions(args: &[&str]) -> Vec<Value> {
    let json = common::json_stdout(&triage(&[args, &["--json"]].concat()));
    json["decisions"].as_array().expect("a decisions array").clone()
}

fn reasons(decisions: &[Value]) -> Vec<&str> {
    decisions
        .iter()
        .map(|d| d["reason"].as_str().unwrap_or("?"))
        .collect()
}

#[test]
fn the_exponential_advice_doubles_until_attempts_run_out() {
    let ds = decisions(&["--status", "500", "--policy", "exponential"]);
    let delays: Vec<u64> = ds.iter().map(|d| d["delay_ms"].as_u64().unwrap()).collect();
    assert_eq!(delays, [500, 1000, 2000, 4000, 8000, 16_000, 30_000, 0]);
    assert_eq!(reasons(&ds).last(), Some(&"attempts_exhausted"));
    for (i, d) in ds.iter().enumerate() {
        assert_eq!(d["attempt"], i as u64 + 1);
        assert!(d.get("retry").is_some() && d.get("budget_left").is_some());
    }
}

#[test]
fn overloads_are_retried_slower_and_fewer_times_by_default() {
    let ds = decisions(&["--status", "529", "--seed", "3"]);
    let retries = ds.iter().filter(|d| d["retry"] == true).count();
    assert_eq!(retries, 6);
    assert!(reasons(&ds[..retries]).iter().all(|r| *r == "overload_backoff"));
}

#[test]
fn retry_after_is_a_floor_and_a_long_one_gives_up_with_the_allowed_time() {
    let ds = decisions(&["--status", "429", "-H", "retry-after: 7", "--attempts", "3"]);
    assert_eq!(ds.len(), 3);
    for d in &ds {
        assert_eq!(d["reason"], "retry_after");
        assert!(d["delay_ms"].as_u64().unwrap() >= 7_000, "{d}");
    }
    let long = decisions(&["--status", "429", "-H", "retry-after: 600"]);
    assert_eq!(reasons(&long), ["retry_after_exceeds_max_wait"]);
    assert_eq!(long[0]["retry_at_ms"], 600_000);

    let output = triage(&["--status", "429", "-H", "retry-after: 600"]);
    let text = String::from_utf8(output.stdout).unwrap();
    let line = text.lines().find(|l| l.contains("give up")).unwrap_or_default();
    assert!(
        line.contains("retry allowed at 10 min (20") && line.ends_with("Z)"),
        "{text}"
    );
}

#[test]
fn an_http_date_retry_after_is_read_against_the_response_date() {
    let ds = decisions(&[
        "--status",
        "429",
        "-H",
        "date: Wed, 21 Oct 2015 07:28:00 GMT",
        "-H",
        "retry-after: Wed, 21 Oct 2015 07:28:30 GMT",
        "--attempts",
        "1",
    ]);
    assert_eq!(ds[0]["reason"], "retry_after");
    let delay = ds[0]["delay_ms"].as_u64().unwrap();
    assert!((30_000..=40_000).contains(&delay), "{delay}");
}

#[test]
fn x_should_retry_false_and_client_errors_are_not_retried() {
    assert_eq!(
        reasons(&decisions(&["--status", "503", "-H", "x-should-retry: false"])),
        ["should_retry_false"]
    );
    assert_eq!(reasons(&decisions(&["--status", "401"])), ["not_retryable"]);
}

#[test]
fn the_deadline_ends_the_timeline_early() {
    let ds = decisions(&[
        "--status",
        "500",
        "--policy",
        "exponential",
        "--deadline-ms",
        "4000",
    ]);
    assert_eq!(
        reasons(&ds),
        ["backoff", "backoff", "backoff", "deadline_exceeded"]
    );
}

#[test]
fn the_same_seed_replays_and_another_differs() {
    let args = ["--status", "529", "--seed", "9"];
    assert_eq!(decisions(&args), decisions(&args));
    assert_ne!(decisions(&args), decisions(&["--status", "529", "--seed", "10"]));
}

#[test]
fn the_timeline_reads_as_a_table() {
    let output = triage(&["--status", "429", "-H", "retry-after: 2", "--attempts", "2"]);
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(
        text.starts_with("HTTP 429 rate_limit_error · policy triage"),
        "{text}"
    );
    assert!(text.contains("retry, not before 2 s"), "{text}");
    assert_eq!(
        text.lines().filter(|l| l.contains("retry (retry_after)")).count(),
        2,
        "{text}"
    );
}

#[test]
fn usage_errors_exit_2() {
    for args in [
        &["--status", "42"][..],
        &["--status", "500", "--policy", "sometimes"],
        &["--status", "500", "-H", "no colon"],
        &["--status", "500", "--attempts", "0"],
        &["--policy", "triage"],
    ] {
        let output = triage(args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(output.stdout.is_empty());
    }
}

#[test]
fn a_stream_that_fails_before_output_is_retried_whole_and_after_output_is_not() {
    let before = decisions(&["--stream-error", "overloaded_error", "--seed", "3"]);
    assert!(before.len() > 1 && before[0]["retry"] == true, "{before:?}");
    assert!(reasons(&before[..before.len() - 1])
        .iter()
        .all(|r| *r == "overload_backoff"));

    let after = decisions(&["--stream-error", "overloaded_error", "--after-output"]);
    assert_eq!(reasons(&after), ["stream_output_delivered"]);

    let text = String::from_utf8(triage(&["--stream-error", "api_error"]).stdout).unwrap();
    assert!(text.starts_with("HTTP 200 stream_error"), "{text}");
    assert!(
        text.contains("stream rule:") && text.contains("re-sending the whole request"),
        "{text}"
    );
    let plain = String::from_utf8(triage(&["--status", "529"]).stdout).unwrap();
    assert!(!plain.contains("stream rule:"), "{plain}");
}

#[test]
fn a_stream_error_must_name_an_api_error_type() {
    let output = triage(&["--stream-error", "kaboom"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("unknown --stream-error \"kaboom\""));
    let both = triage(&["--status", "529", "--stream-error", "api_error"]);
    assert_eq!(both.status.code(), Some(2));
    let neither = triage(&["--after-output"]);
    assert_eq!(neither.status.code(), Some(2));
}
