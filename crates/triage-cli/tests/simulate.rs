//! `triage simulate` as a user runs it: JSON rows, the table, one policy or all, and usage errors.

mod common;

use serde_json::Value;
use std::process::Output;

fn triage(args: &[&str]) -> Output {
    common::triage(&[&["simulate"], args].concat(), "")
}

fn results(args: &[&str]) -> Vec<Value> {
    let json = common::json_stdout(&triage(&[args, &["--json"]].concat()));
    json["results"].as_array().expect("a results array").clone()
}

#[test]
fn every_policy_gets_a_row_with_the_documented_fields() {
    let rows = results(&["--model", "overload"]);
    let policies: Vec<&str> = rows.iter().map(|r| r["policy"].as_str().unwrap()).collect();
    assert_eq!(
        policies,
        [
            "none",
            "constant",
            "exponential",
            "full_jitter",
            "equal_jitter",
            "decorrelated_jitter",
            "triage",
            "adaptive"
        ]
    );
    for row in &rows {
        for key in [
            "success_rate",
            "calls",
            "wasted_calls",
            "completion_ms_p50",
            "completion_ms_p99",
            "wall_ms",
        ] {
            assert!(row[key].is_number(), "{key} in {row}");
        }
    }
}

#[test]
fn one_policy_and_client_count_are_honoured() {
    let rows = results(&["--model", "occ", "--policy", "none", "--clients", "20"]);
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["calls"], 20);
    assert_eq!(rows[0]["success_rate"], 0.05);
}

#[test]
fn one_shared_client_adaptive_admission_beats_per_call_sleeping() {
    let args = [
        "--model",
        "shared",
        "--clients",
        "50",
        "--calls",
        "4",
        "--capacity",
        "8",
        "--service-ms",
        "200",
    ];
    let rows = results(&args);
    let row = |name: &str| rows.iter().find(|r| r["policy"] == name).unwrap().clone();
    let (adaptive, triage) = (row("adaptive"), row("triage"));
    assert_eq!(adaptive["success_rate"], 1.0, "{adaptive}");
    // Within 1.2x of the 200 calls that must succeed, and fewer than triage sleeping per call.
    assert!(adaptive["calls"].as_u64().unwrap() <= 240, "{adaptive}");
    assert!(
        adaptive["calls"].as_u64() < triage["calls"].as_u64(),
        "{adaptive} vs {triage}"
    );
}

#[test]
fn runs_replay_by_seed() {
    let args = ["--model", "overload", "--policy", "triage", "--seed", "5"];
    assert_eq!(results(&args), results(&args));
    assert_ne!(
        results(&args),
        results(&["--model", "overload", "--policy", "triage", "--seed", "6"])
    );
}

#[test]
fn the_table_is_aligned() {
    let output = triage(&["--model", "occ", "--clients", "30"]);
    let text = String::from_utf8(output.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 9, "{text}");
    assert!(
        lines[0].starts_with("policy") && lines[0].ends_with("wall ms"),
        "{text}"
    );
    let width = lines[0].len();
    assert!(lines.iter().all(|l| l.len() == width), "ragged table:\n{text}");
}

#[test]
fn usage_errors_exit_2() {
    for args in [
        &["--model", "queue"][..],
        &["--model", "occ", "--policy", "sometimes"],
        &["--model", "occ", "--clients", "0"],
        &["--model", "occ", "--clients", "5000"],
        &["--model", "overload", "--rpm", "0"],
        &["--clients", "10"],
    ] {
        let output = triage(args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(output.stdout.is_empty());
    }
}
