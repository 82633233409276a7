//! triage-core's validator checked against the mock's, which is written independently to be its oracle:
//! every request vector (tests/vectors/requests.json) gets the same outcome from both, and where both reject,
//! the core's error codes match the mock's 400 (or 404) wording; and the two model and field catalogues agree.
//! Every difference is listed with its reason, as `NOT_PRODUCED` does in vectors.rs, so a new one forces a
//! decision: fix the drift, or explain it here.

use serde_json::Value;
use std::collections::BTreeSet;
use triage_core::request::{self, Severity};
use triage_mock::validate::{self as mock, Endpoint};

/// Vectors on which the core and the mock disagree (accepted by one, rejected by the other), and why.
const DISAGREE: &[(&str, &str)] = &[];

/// For each core error code, a fragment of the mock's message for the same problem (the API's wording).
const WORDINGS: &[(&str, &str)] = &[
    ("invalid_json", "The request body is not valid JSON: "),
    ("not_an_object", "Input should be a valid dictionary"),
    ("missing_field", ": Field required"),
    ("wrong_type", ": Input should be a valid "),
    ("empty_messages", "messages: at least one message is required"),
    ("system_role_in_messages", "Unexpected role \"system\""),
    ("invalid_role", "Input should be 'user' or 'assistant'"),
    ("max_tokens_not_positive_integer", "max_tokens: Input should be "),
    (
        "max_tokens_exceeds_model_limit",
        "which is the maximum allowed number of output tokens",
    ),
    ("temperature_out_of_range", "temperature: Input should be "),
    ("top_p_out_of_range", "top_p: Input should be "),
    (
        "thinking_budget_too_small",
        "budget_tokens: Input should be greater than or equal to 1024",
    ),
    (
        "thinking_budget_not_below_max_tokens",
        "`max_tokens` must be greater than `thinking.budget_tokens`",
    ),
    (
        "tool_use_without_result",
        "`tool_use` ids were found without `tool_result` blocks",
    ),
    (
        "tool_result_without_use",
        "unexpected `tool_use_id` found in `tool_result` blocks",
    ),
    ("empty_text_block", "text content blocks must"),
    ("empty_content", "text content blocks must"),
    (
        "trailing_whitespace_in_final_assistant",
        "final assistant content cannot end with trailing whitespace",
    ),
    ("invalid_tool_name", "String should match pattern"),
    (
        "invalid_image_media_type",
        "media_type: Input should be 'image/jpeg'",
    ),
];

/// Models the core knows and the mock does not serve, and why. (Checked: every model the mock serves is
/// known to the core, with the same limits unless listed in `LIMITS_DIFFER`.)
const CORE_ONLY_MODELS: &[(&str, &str)] = &[
    (
        "claude-mythos-preview",
        "past its end of life (2026-06-30 in @anthropic-ai/sdk 1.15.0's DEPRECATED_MODELS), so the API and \
         the mock answer 404; the core keeps retired models so that their limits still explain old requests",
    ),
    (
        "claude-3-5-sonnet-latest",
        "retired; kept by the core for old requests, as above",
    ),
    ("claude-3-5-sonnet-20241022", "retired, as above"),
    ("claude-3-5-sonnet-20240620", "retired, as above"),
    ("claude-3-opus-latest", "retired, as above"),
    ("claude-3-opus-20240229", "retired, as above"),
    ("claude-3-sonnet-20240229", "retired, as above"),
    (
        "claude-4-opus-20250514",
        "an old spelling of claude-opus-4-20250514 that the core accepts as an alias; the mock serves the \
         canonical id and its -0 alias only",
    ),
    (
        "claude-4-sonnet-20250514",
        "likewise for claude-sonnet-4-20250514",
    ),
];

/// Models whose limits differ, and why.
const LIMITS_DIFFER: &[(&str, &str)] = &[(
    "claude-3-7-sonnet-20250219",
    "128K output with the `output-128k-2025-02-19` beta header, 64K without: the core cannot see headers and \
     allows 128K to keep beta requests free of false errors; the mock serves the default 64K",
)];

/// Top-level request fields known to one side only, and why. Both read the generated SDK catalogue
/// (crates/triage-core/src/request/catalogue/sdk.rs) and add the same hand-kept sampling fields.
const FIELDS_DIFFER: &[(&str, &str)] = &[];

fn requests() -> Vec<Value> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/vectors/requests.json");
    let text = std::fs::read_to_string(path).expect("read requests.json");
    serde_json::from_str(&text).expect("requests.json is JSON")
}

fn listed(list: &[(&str, &str)], name: &str) -> bool {
    list.iter().any(|(n, _)| *n == name)
}

/// The core's error codes for a body, as the snake_case strings of ERRORS.md.
fn core_errors(body: &str) -> Vec<String> {
    request::validate(body)
        .diagnostics
        .into_iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| match serde_json::to_value(d.code) {
            Ok(Value::String(code)) => code,
            other => panic!("a code serializes as a string, not {other:?}"),
        })
        .collect()
}

/// The mock's answer to a body: `None` when accepted, else status and message.
fn mock_error(body: &str) -> Option<(u16, String)> {
    let parsed = mock::parse_body(body.as_bytes())
        .and_then(|value| mock::validate(&value, Endpoint::Create).map(|_| ()));
    parsed.err().map(|e| (e.status.as_u16(), e.message))
}

#[test]
fn every_request_vector_gets_the_same_outcome() {
    let mut problems = Vec::new();
    for case in requests() {
        let name = case["name"].as_str().expect("a vector has a name");
        let body = case["body"].as_str().expect("a vector has a body");
        let core = core_errors(body);
        let mock = mock_error(body);
        let disagreement = match (&mock, core.is_empty()) {
            (None, true) => None,
            (None, false) => Some(format!("the core rejects ({core:?}), the mock accepts")),
            (Some((status, message)), true) => {
                Some(format!("the mock rejects ({status} {message}), the core accepts"))
            }
            (Some((status, message)), false) => {
                let explained = core.iter().any(|code| {
                    WORDINGS
                        .iter()
                        .any(|(c, fragment)| c == code && message.contains(fragment))
                });
                (!explained).then(|| {
                    format!(
                        "the core's {core:?} does not match the mock's {status} \"{message}\" (add the \
                         wording to WORDINGS if it is the same problem)"
                    )
                })
            }
        };
        match (disagreement, listed(DISAGREE, name)) {
            (Some(why), false) => problems.push(format!("{name}: {why}")),
            (None, true) => problems.push(format!("{name}: listed in DISAGREE, but the two now agree")),
            _ => {}
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Every name a catalogue answers to: ids and aliases.
fn core_model_names() -> BTreeSet<&'static str> {
    triage_core::models::MODELS
        .iter()
        .flat_map(|m| std::iter::once(m.id).chain(m.aliases.iter().copied()))
        .collect()
}

fn mock_model_names() -> BTreeSet<&'static str> {
    triage_mock::models::MODELS
        .iter()
        .flat_map(|m| std::iter::once(m.id).chain(m.aliases.iter().copied()))
        .collect()
}

#[test]
fn the_model_catalogues_agree() {
    let (core, mock) = (core_model_names(), mock_model_names());
    let mock_only: Vec<_> = mock.difference(&core).collect();
    assert!(
        mock_only.is_empty(),
        "served by the mock, unknown to the core: {mock_only:?}"
    );
    let core_only: BTreeSet<&str> = core.difference(&mock).copied().collect();
    let unexplained: Vec<_> = core_only
        .iter()
        .filter(|name| !listed(CORE_ONLY_MODELS, name))
        .collect();
    assert!(
        unexplained.is_empty(),
        "known to the core, not served by the mock (fix one, or list it in CORE_ONLY_MODELS): {unexplained:?}"
    );
    let stale: Vec<_> = CORE_ONLY_MODELS
        .iter()
        .filter(|(name, _)| !core_only.contains(name))
        .collect();
    assert!(
        stale.is_empty(),
        "CORE_ONLY_MODELS lists models both now share: {stale:?}"
    );

    for model in triage_mock::models::MODELS {
        let known = triage_core::models::find(model.id).expect("checked above");
        let same = (
            u64::from(known.context_window),
            u64::from(known.max_output_tokens),
        ) == (model.context_window, model.max_output_tokens);
        assert_eq!(
            same,
            !listed(LIMITS_DIFFER, model.id),
            "{}: core {} context / {} output, mock {} / {} (fix one, or list it in LIMITS_DIFFER)",
            model.id,
            known.context_window,
            known.max_output_tokens,
            model.context_window,
            model.max_output_tokens
        );
    }
}

#[test]
fn the_field_catalogues_agree() {
    let core: BTreeSet<&str> = request::known_fields().collect();
    let mock: BTreeSet<&str> = mock::body_fields(Endpoint::Create).into_iter().collect();
    let differ: Vec<_> = core.symmetric_difference(&mock).copied().collect();
    let unexplained: Vec<_> = differ.iter().filter(|f| !listed(FIELDS_DIFFER, f)).collect();
    assert!(
        unexplained.is_empty(),
        "top-level fields known to one side only (core-only: {:?}; mock-only: {:?})",
        core.difference(&mock).collect::<Vec<_>>(),
        mock.difference(&core).collect::<Vec<_>>()
    );
    let stale: Vec<_> = FIELDS_DIFFER
        .iter()
        .filter(|(f, _)| !differ.contains(f))
        .collect();
    assert!(
        stale.is_empty(),
        "FIELDS_DIFFER lists fields both now share: {stale:?}"
    );
    // A field both know is never "Extra inputs" for the mock, nor an unknown field for the core.
    for field in &core {
        let body = format!(
            r#"{{"model": "claude-sonnet-4-5", "max_tokens": 10, "messages": [{{"role": "user", "content": "Hi"}}], "{field}": null}}"#
        );
        let body = if ["model", "max_tokens", "messages"].contains(field) {
            r#"{"model": "claude-sonnet-4-5", "max_tokens": 10, "messages": [{"role": "user", "content": "Hi"}]}"#
                .to_string()
        } else {
            body
        };
        if let Some((_, message)) = mock_error(&body) {
            assert!(!message.contains("Extra inputs"), "{field}: {message}");
        }
        let unknown = request::validate(&body)
            .diagnostics
            .iter()
            .any(|d| d.code == request::Code::UnknownField);
        assert!(!unknown, "{field}: the core does not know its own field");
    }
}
