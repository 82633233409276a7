//! The estimator against input token counts the API reported publicly (tests/vectors/token_counts.json): the
//! band must contain the real count for at least 90 % of the cases and the point estimate's median error must be
//! at most 15 % (issue 23's goal). `cargo xtask bench` prints the same figures.

use serde_json::Value;
use triage_core::estimate::{estimate, EstimateOptions};

const VECTORS: &str = include_str!("../../../tests/vectors/token_counts.json");

/// (name, real count, the estimate's band) for every case.
fn measured() -> Vec<(String, u64, triage_core::estimate::TokenBand)> {
    let doc: Value = serde_json::from_str(VECTORS).expect("token_counts.json is JSON");
    let cases = doc["cases"].as_array().expect("cases");
    cases
        .iter()
        .map(|case| {
            let name = case["name"].as_str().unwrap_or_default().to_string();
            let real = case["input_tokens"].as_u64().expect("input_tokens");
            assert!(
                case["source"].as_str().is_some_and(|s| s.starts_with("https://")),
                "{name}: source"
            );
            let body = case["request"].to_string();
            let e = estimate(&body, &EstimateOptions::default()).expect("estimates");
            (name, real, e.input_tokens)
        })
        .collect()
}

#[test]
fn the_band_holds_the_real_count_and_the_median_error_is_small() {
    let rows = measured();
    assert!(rows.len() >= 10, "too few public cases");
    let mut errors = Vec::new();
    let mut inside = 0;
    for (name, real, band) in &rows {
        let error = (band.estimate as f64 - *real as f64).abs() / *real as f64;
        println!(
            "{name}: real {real}, estimate {} [{}, {}], error {:.0} %",
            band.estimate,
            band.low,
            band.high,
            error * 100.0
        );
        errors.push(error);
        inside += usize::from(band.contains(*real));
    }
    errors.sort_by(f64::total_cmp);
    let median = if errors.len() % 2 == 1 {
        errors[errors.len() / 2]
    } else {
        (errors[errors.len() / 2 - 1] + errors[errors.len() / 2]) / 2.0
    };
    let coverage = inside as f64 / rows.len() as f64;
    println!(
        "band contains the real count for {:.0} % ({inside}/{}), median error {:.1} %",
        coverage * 100.0,
        rows.len(),
        median * 100.0
    );
    assert!(coverage >= 0.9, "coverage {coverage}");
    assert!(median <= 0.15, "median error {median}");
}
