//! Response headers as a server (or a broken proxy) might send them: retry-after in seconds, ms or HTTP dates,
//! rate-limit windows, dates. Explaining them, and pacing from what they say, never panics or waits forever.
#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use triage_core::response::{explain_http, Context};
use triage_core::retry::{pace, RetryConfig, RetryPolicy};
use triage_core::time::{parse_http_date, parse_rfc3339};

const NAMES: &[&str] = &[
    "retry-after",
    "retry-after-ms",
    "x-should-retry",
    "date",
    "content-type",
    "request-id",
    "anthropic-organization-id",
    "anthropic-ratelimit-requests-limit",
    "anthropic-ratelimit-requests-remaining",
    "anthropic-ratelimit-requests-reset",
    "anthropic-ratelimit-tokens-limit",
    "anthropic-ratelimit-tokens-remaining",
    "anthropic-ratelimit-tokens-reset",
    "anthropic-ratelimit-input-tokens-remaining",
    "anthropic-ratelimit-input-tokens-reset",
    "anthropic-ratelimit-output-tokens-remaining",
    "anthropic-ratelimit-output-tokens-reset",
];

#[derive(Arbitrary, Debug)]
struct Input {
    status: u16,
    headers: Vec<(u8, String)>,
    body: String,
    now_ms: i64,
}

fuzz_target!(|input: Input| {
    let headers: Vec<(String, String)> = input
        .headers
        .iter()
        .map(|(n, v)| (NAMES[usize::from(*n) % NAMES.len()].to_string(), v.clone()))
        .collect();
    for (_, value) in &headers {
        let _ = parse_http_date(value);
        let _ = parse_rfc3339(value);
    }
    let ctx = Context {
        now_ms: Some(input.now_ms),
        sent_key: None,
    };
    let explanation = explain_http(input.status, &headers, &input.body, &ctx);
    let mut policy = RetryPolicy::new(RetryConfig::default(), 1);
    let decision = policy.decide(&explanation, 1, 0, false);
    triage_fuzz::check_decision(&policy.config, 0, &decision);
    let _ = pace(&explanation.rate_limit, input.now_ms);
});
