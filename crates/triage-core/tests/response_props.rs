//! Whatever arrives, the explainer answers: arbitrary statuses, headers and bytes never panic and always give
//! a kind, a cause and words a person can read.

use proptest::prelude::*;
use triage_core::response::{
    api_key, explain_http, explain_raw, explain_transport, Context, Explanation, TransportFailure,
};
use triage_core::time;

const VECTORS: &str = include_str!("../../../tests/vectors/responses.json");
const DAY_MS: u64 = 24 * 3_600_000;

fn vector_bodies() -> Vec<String> {
    let all: Vec<serde_json::Value> = serde_json::from_str(VECTORS).expect("vectors parse");
    all.iter()
        .filter_map(|v| v["body"].as_str().map(str::to_string))
        .collect()
}

/// The invariants every explanation keeps.
fn check(e: &Explanation) -> Result<(), TestCaseError> {
    let json = serde_json::to_value(e).map_err(|err| TestCaseError::fail(err.to_string()))?;
    prop_assert!(json["kind"].as_str().is_some_and(|k| !k.is_empty()));
    prop_assert!(json["cause"].as_str().is_some_and(|c| !c.is_empty()));
    prop_assert!(!e.title.is_empty() && !e.explanation.is_empty() && !e.fix.is_empty());
    prop_assert!(e
        .retry
        .after_ms
        .is_none_or(|ms| ms <= DAY_MS && e.retry.retryable));
    Ok(())
}

fn header() -> impl Strategy<Value = (String, String)> {
    let name = prop_oneof![
        Just("retry-after".to_string()),
        Just("retry-after-ms".to_string()),
        Just("x-should-retry".to_string()),
        Just("date".to_string()),
        Just("Content-Type".to_string()),
        Just("anthropic-ratelimit-requests-reset".to_string()),
        Just("anthropic-ratelimit-tokens-remaining".to_string()),
        "[A-Za-z-]{0,30}",
        any::<String>(),
    ];
    let value = prop_oneof![
        "-?[0-9]{0,25}(\\.[0-9]{0,5})?",
        "(Mon|Sun), [0-9]{2} (Jan|Nov) [0-9]{4} [0-9]{2}:[0-9]{2}:[0-9]{2} GMT",
        "[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{1,9})?(Z|[+-][0-9]{2}:[0-9]{2})",
        Just("text/event-stream".to_string()),
        any::<String>(),
    ];
    (name, value)
}

fn bytes_as_text() -> impl Strategy<Value = String> {
    proptest::collection::vec(any::<u8>(), 0..512).prop_map(|b| String::from_utf8_lossy(&b).into_owned())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn arbitrary_responses_are_explained(
        status in any::<u16>(),
        headers in proptest::collection::vec(header(), 0..8),
        body in prop_oneof![bytes_as_text(), any::<String>()],
        now_ms in proptest::option::of(any::<i64>()),
    ) {
        let ctx = Context { now_ms, sent_key: None };
        let e = explain_http(status, &headers, &body, &ctx);
        prop_assert_eq!(e.status, Some(status));
        check(&e)?;
    }

    #[test]
    fn damaged_real_bodies_are_explained(
        index in any::<prop::sample::Index>(),
        cut in any::<prop::sample::Index>(),
        noise in any::<String>(),
        status in prop_oneof![Just(200u16), Just(400), Just(429), Just(529), 100u16..600],
    ) {
        let bodies = vector_bodies();
        let body = index.get(&bodies);
        let mut at = cut.index(body.len() + 1);
        while !body.is_char_boundary(at) {
            at -= 1;
        }
        let damaged = format!("{}{noise}{}", &body[..at], &body[at..]);
        check(&explain_http(status, &[], &body[..at], &Context::default()))?;
        check(&explain_http(status, &[], &damaged, &Context::default()))?;
        check(&explain_raw(&damaged, &Context::default()))?;
    }

    #[test]
    fn arbitrary_raw_text_is_explained(
        text in prop_oneof![
            bytes_as_text(),
            any::<String>(),
            ("(< )?HTTP/[12](\\.[01])? \
              [0-9]{1,4}[^\\n]{0,10}", proptest::collection::vec(header(), 0..5), any::<String>())
                .prop_map(|(line, headers, body)| {
                    let head: Vec<String> = headers.iter().map(|(n, v)| format!("{n}: {v}")).collect();
                    format!("{line}\r\n{}\r\n\r\n{body}", head.join("\r\n"))
                }),
            ("(event|data|id|:)[:]? ?[^\\n]{0,40}", any::<String>()).prop_map(|(a, b)| format!("{a}\n{b}\n\n{a}")),
        ],
    ) {
        check(&explain_raw(&text, &Context::default()))?;
    }

    #[test]
    fn transport_failures_are_explained(failure in 0usize..4, message in any::<String>()) {
        let failure = [TransportFailure::Network, TransportFailure::CorsBlocked, TransportFailure::Timeout,
            TransportFailure::Aborted][failure];
        let e = explain_transport(failure, &message);
        prop_assert_eq!(e.status, None);
        check(&e)?;
    }

    #[test]
    fn keys_are_never_shown_whole(key in "[ \\t\\n\"]?[A-Za-z0-9_-]{20,120}[ \\n]?", sent in any::<String>()) {
        let core = key.trim_matches(|c: char| c.is_whitespace() || c == '"');
        prop_assert!(api_key::redact(core).chars().count() <= 15);
        let middle = &core[10..core.len() - 4];
        for finding in api_key::check(&key) {
            prop_assert!(!finding.message.contains(middle), "{}", finding.message);
        }
        let ctx = Context { now_ms: None, sent_key: Some(key.clone()) };
        let e = explain_http(401, &[], "", &ctx);
        prop_assert!(!serde_json::to_string(&e).unwrap_or_default().contains(middle));
        let _ = api_key::check(&sent);
    }

    #[test]
    fn timestamps_round_trip(ms in -62_135_596_800_000i64..253_402_300_799_999) {
        prop_assert_eq!(time::parse_rfc3339(&time::format_rfc3339(ms)), Some(ms));
    }

    #[test]
    fn time_parsers_never_panic(text in any::<String>()) {
        let _ = time::parse_rfc3339(&text);
        let _ = time::parse_http_date(&text);
    }
}
