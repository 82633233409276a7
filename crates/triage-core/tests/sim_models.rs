//! The contention simulator: the AWS OCC simulator's published shape, `triage` against `full_jitter` in both
//! models (means over several seeds, not one lucky run), determinism and bounds.

use triage_core::retry::Strategy;
use triage_core::sim::{simulate, Model, SimOptions, SimResult, MAX_CLIENTS};

const SEEDS: std::ops::RangeInclusive<u64> = 1..=8;

/// Mean of one field for one strategy across `SEEDS`.
struct Means {
    success_rate: f64,
    calls: f64,
    p50: f64,
    p99: f64,
}

fn means(model: Model, strategy: Strategy) -> Means {
    let runs: Vec<SimResult> = SEEDS
        .flat_map(|seed| {
            simulate(&SimOptions {
                model,
                seed,
                strategies: vec![strategy],
                ..SimOptions::default()
            })
        })
        .collect();
    let n = runs.len() as f64;
    let mean = |f: fn(&SimResult) -> f64| runs.iter().map(f).sum::<f64>() / n;
    Means {
        success_rate: mean(|r| r.success_rate),
        calls: mean(|r| r.calls as f64),
        p50: mean(|r| r.completion_ms_p50 as f64),
        p99: mean(|r| r.completion_ms_p99 as f64),
    }
}

#[test]
fn occ_reproduces_the_published_ordering() {
    let none_like = means(Model::Occ, Strategy::Constant);
    let exponential = means(Model::Occ, Strategy::Exponential);
    let full = means(Model::Occ, Strategy::FullJitter);
    let equal = means(Model::Occ, Strategy::EqualJitter);
    let decorrelated = means(Model::Occ, Strategy::DecorrelatedJitter);
    // No (10 ms constant) backoff: about 2,400 calls; full jitter about 800.
    assert!(
        (1_700.0..=2_800.0).contains(&none_like.calls),
        "constant: {}",
        none_like.calls
    );
    assert!(
        (650.0..=950.0).contains(&full.calls),
        "full jitter: {}",
        full.calls
    );
    // Exponential without jitter is the slowest by far.
    for other in [&none_like, &full, &equal, &decorrelated] {
        assert!(
            exponential.p99 > 2.0 * other.p99,
            "exponential {} vs {}",
            exponential.p99,
            other.p99
        );
    }
    // Decorrelated finishes a little sooner than full jitter but makes more calls; equal jitter makes more too.
    assert!(decorrelated.p99 < full.p99 && decorrelated.calls > full.calls);
    assert!(equal.calls > full.calls);
    for m in [&none_like, &exponential, &full, &equal, &decorrelated] {
        assert_eq!(m.success_rate, 1.0);
    }
}

fn assert_triage_no_worse_than_full_jitter(model: Model) {
    let full = means(model, Strategy::FullJitter);
    let triage = means(model, Strategy::Triage);
    assert!(
        triage.calls <= full.calls,
        "{model:?}: calls {} > {}",
        triage.calls,
        full.calls
    );
    assert!(
        triage.success_rate >= full.success_rate,
        "{model:?}: success {} < {}",
        triage.success_rate,
        full.success_rate
    );
    assert!(
        triage.p99 <= 1.2 * full.p99,
        "{model:?}: p99 {} > 1.2 × {}",
        triage.p99,
        full.p99
    );
    assert!(triage.p50 > 0.0);
}

#[test]
fn triage_is_no_worse_than_full_jitter_under_occ_contention() {
    assert_triage_no_worse_than_full_jitter(Model::Occ);
}

#[test]
fn the_retry_budget_does_not_starve_one_heavily_contended_request() {
    let options = SimOptions {
        model: Model::Occ,
        clients: 500,
        strategies: vec![Strategy::FullJitter, Strategy::Triage],
        ..SimOptions::default()
    };
    let rows = simulate(&options);
    assert_eq!(rows[1].success_rate, 1.0, "{rows:?}");
    assert!(rows[1].calls <= rows[0].calls, "{rows:?}");
}

#[test]
fn triage_beats_full_jitter_under_overload() {
    assert_triage_no_worse_than_full_jitter(Model::Overload);
    let full = means(Model::Overload, Strategy::FullJitter);
    let triage = means(Model::Overload, Strategy::Triage);
    assert!(
        triage.calls < 0.8 * full.calls,
        "expected clearly fewer calls: {} vs {}",
        triage.calls,
        full.calls
    );
}

#[test]
fn the_same_seed_gives_the_same_tables_and_another_seed_another() {
    for model in [Model::Occ, Model::Overload] {
        let options = SimOptions {
            model,
            seed: 42,
            ..SimOptions::default()
        };
        assert_eq!(simulate(&options), simulate(&options));
        assert_ne!(
            simulate(&options),
            simulate(&SimOptions {
                seed: 43,
                ..options.clone()
            })
        );
    }
}

#[test]
fn every_run_is_bounded_and_every_row_is_consistent() {
    let max_attempts = u64::from(triage_core::retry::RetryConfig::default().max_attempts);
    let options = SimOptions {
        clients: 40,
        capacity: 1,
        rpm: 1,
        service_ms: 60_000,
        ..SimOptions::default()
    };
    for r in simulate(&options) {
        assert!(r.calls <= 40 * max_attempts, "{r:?}");
        assert!(
            r.wasted_calls <= r.calls && (0.0..=1.0).contains(&r.success_rate),
            "{r:?}"
        );
        assert!(r.completion_ms_p50 <= r.completion_ms_p99, "{r:?}");
        let succeeded = (r.success_rate * 40.0).round() as u64;
        assert_eq!(r.calls - r.wasted_calls, succeeded, "{r:?}");
    }
    let none = simulate(&SimOptions {
        strategies: vec![Strategy::None],
        ..options.clone()
    });
    assert_eq!(none.len(), 1);
    assert_eq!(none[0].calls, 40);
}

#[test]
fn extreme_options_neither_panic_nor_run_forever() {
    let options = SimOptions {
        clients: 5,
        capacity: u32::MAX,
        rpm: u32::MAX,
        service_ms: u64::MAX,
        seed: u64::MAX,
        ..SimOptions::default()
    };
    for r in simulate(&options) {
        assert!(r.policy == Strategy::None || r.success_rate == 1.0, "{r:?}");
    }
    let starved = SimOptions {
        capacity: 0,
        rpm: 0,
        service_ms: 0,
        ..options
    };
    assert_eq!(simulate(&starved).len(), Strategy::ALL.len());
}

#[test]
fn options_default_sensibly_and_clients_are_clamped() {
    let all = simulate(&SimOptions {
        clients: 3,
        ..SimOptions::default()
    });
    let names: Vec<Strategy> = all.iter().map(|r| r.policy).collect();
    assert_eq!(names, Strategy::ALL);
    let huge = simulate(&SimOptions {
        model: Model::Overload,
        clients: u32::MAX,
        strategies: vec![Strategy::None],
        ..SimOptions::default()
    });
    assert_eq!(huge[0].calls, u64::from(MAX_CLIENTS));
    let json = serde_json::to_value(&all[0]).unwrap();
    for key in [
        "policy",
        "success_rate",
        "calls",
        "wasted_calls",
        "completion_ms_p50",
        "completion_ms_p99",
    ] {
        assert!(json.get(key).is_some(), "missing {key} in {json}");
    }
    let options: SimOptions = serde_json::from_str(r#"{"model":"occ","strategies":["triage"]}"#).unwrap();
    assert_eq!((options.model, options.clients), (Model::Occ, 100));
}
