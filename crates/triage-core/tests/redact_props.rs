//! Redaction holds for any text: it never panics, its output is valid UTF-8, no secret part of a key survives
//! wherever the key sits (in a header line, a JSON string, an escaped JSON string, glued to other text,
//! wrapped onto the next line), applying it twice changes nothing, and ordinary text passes unchanged.
//!
//! Every generated key is an obviously fake one (`FAKE`, `TESTONLY`) in the shape of a real family.

use proptest::prelude::*;
use triage_core::redact::secrets;

/// A fake key of each family redaction knows, with a random middle.
fn fake_key() -> impl Strategy<Value = String> {
    prop_oneof![
        "[A-Za-z0-9_-]{20,95}".prop_map(|m| format!("sk-ant-api03-FAKE{m}-TESTONLY")),
        "[A-Za-z0-9_-]{20,90}".prop_map(|m| format!("sk-ant-admin01-FAKE{m}-TESTONLY")),
        "[A-Za-z0-9_-]{20,90}".prop_map(|m| format!("sk-ant-oat01-FAKE{m}-TESTONLY")),
        "[A-Za-z0-9_-]{20,60}".prop_map(|m| format!("sk-proj-FAKE0{m}TESTONLY")),
        "[a-f0-9]{48}".prop_map(|m| format!("sk-or-v1-FAKE0{m}TESTONLY")),
        "[A-Za-z0-9]{40}".prop_map(|m| format!("sk-FAKE0{m}TESTONLY")),
        "[A-Za-z0-9_-]{23}".prop_map(|m| format!("AIzaFAKE{m}TESTONLY")),
        "[A-Z0-9]{4}".prop_map(|m| format!("AKIAFAKE{m}TESTONLY")),
        "[A-Za-z0-9]{24}".prop_map(|m| format!("ghp_FAKE{m}TESTONLY")),
    ]
}

/// Text around a key: the shapes keys arrive in, and noise.
fn filler() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("invalid x-api-key ".to_string()),
        Just("x-api-key: ".to_string()),
        Just("> x-api-key: ".to_string()),
        Just("\"x-api-key\":\"".to_string()),
        Just("\\\"x-api-key\\\": \\\"".to_string()),
        Just("Authorization: Bearer ".to_string()),
        Just("Bearer ".to_string()),
        Just("{\"type\":\"error\",\"error\":{\"message\":\"".to_string()),
        Just("request_id req_011CXFAKE0000 ".to_string()),
        Just("claude-opus-4-5-20251101".to_string()),
        Just("\n".to_string()),
        Just("\r\n".to_string()),
        Just("\\n".to_string()),
        Just("\\\"".to_string()),
        Just("…".to_string()),
        Just(":".to_string()),
        Just("=".to_string()),
        Just(" ".to_string()),
        Just("sk-".to_string()),
        Just("sk-ant-".to_string()),
        Just("AKIA".to_string()),
        "[A-Za-z0-9_-]{0,12}",
        "\\PC{0,6}",
    ];
    proptest::collection::vec(piece, 0..6).prop_map(|pieces| pieces.concat())
}

/// What may stand between a key and the text around it: not a key character.
fn separator() -> impl Strategy<Value = &'static str> {
    prop_oneof![
        Just(" "),
        Just("\""),
        Just("\\\""),
        Just("("),
        Just(")"),
        Just("/"),
        Just("\n"),
        Just("é"),
    ]
}

fn line_break() -> impl Strategy<Value = &'static str> {
    prop_oneof![
        Just("\n"),
        Just("\r\n"),
        Just("\\n"),
        Just("\\\\n"),
        Just("\\r\\n")
    ]
}

/// The part of a key the short form never shows (after its first 10, before its last 4 characters), checked in
/// windows of 8 so that a piece of it would be caught too.
fn assert_hidden(out: &str, key: &str) -> Result<(), TestCaseError> {
    let secret = &key[10..key.len() - 4];
    let width = secret.len().min(8);
    for start in 0..=secret.len() - width {
        let window = &secret[start..start + width];
        prop_assert!(!out.contains(window), "{window:?} of {key:?} survived in {out:?}");
    }
    Ok(())
}

fn bytes_as_text() -> impl Strategy<Value = String> {
    proptest::collection::vec(any::<u8>(), 0..256).prop_map(|b| String::from_utf8_lossy(&b).into_owned())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn never_panics_and_is_idempotent_on_any_text(text in prop_oneof![any::<String>(), bytes_as_text(), filler()]) {
        let once = secrets(&text);
        prop_assert!(std::str::from_utf8(once.as_bytes()).is_ok());
        prop_assert_eq!(secrets(&once), once.clone());
    }

    #[test]
    fn no_secret_part_of_a_key_survives(
        key in fake_key(),
        before in filler(),
        left in separator(),
        right in separator(),
        after in filler(),
    ) {
        let text = format!("{before}{left}{key}{right}{after}");
        let out = secrets(&text);
        assert_hidden(&out, &key)?;
        prop_assert_eq!(secrets(&out), out.clone());
    }

    #[test]
    fn an_anthropic_key_is_hidden_even_glued_to_other_text(
        middle in "[A-Za-z0-9_-]{20,95}",
        before in "[A-Za-z0-9_=-]{0,12}",
        after in "[A-Za-z0-9_-]{0,12}",
    ) {
        let key = format!("sk-ant-api03-FAKE{middle}-TESTONLY");
        let text = format!("{before}{key}{after}");
        let out = secrets(&text);
        assert_hidden(&out, &key)?;
    }

    #[test]
    fn a_key_wrapped_onto_the_next_line_is_hidden(
        key in fake_key(),
        cut in 1usize..1000,
        wrap in line_break(),
        before in filler(),
        left in separator(),
        right in prop_oneof![Just(" "), Just("\""), Just("\\\""), Just("\n> anthropic-version: 2023-06-01")],
    ) {
        let cut = 1 + cut % (key.len() - 1);
        let (head, tail) = key.split_at(cut);
        let text = format!("{before}{left}{head}{wrap}{tail}{right}");
        let out = secrets(&text);
        assert_hidden(&out, &key)?;
        prop_assert_eq!(secrets(&out), out.clone());
    }

    #[test]
    fn ordinary_text_passes_unchanged(
        words in proptest::collection::vec(prop_oneof![
            "req_011C[A-Za-z0-9]{20}",
            "toolu_01[A-Za-z0-9]{20}",
            "msg_01[A-Za-z0-9]{20}",
            "claude-(opus|sonnet|haiku)-4-[0-9]-2025[0-9]{4}",
            "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-8[0-9a-f]{3}-[0-9a-f]{12}",
            "[a-z]{1,12}",
            "[0-9]{1,6}",
            Just("x-api-key header is required".to_string()),
            Just("the x-api-key header is invalid".to_string()),
            Just("Invalid bearer token".to_string()),
            Just("api_key: Extra inputs are not permitted".to_string()),
            Just("`Authorization: Bearer <key>`".to_string()),
        ], 0..12),
        glue in proptest::collection::vec(prop_oneof![Just(" "), Just(", "), Just(": "), Just("\n"), Just("\"")], 12),
    ) {
        let text: String = words.iter().zip(&glue).map(|(w, g)| format!("{w}{g}")).collect();
        prop_assert_eq!(secrets(&text), text.as_str());
    }
}
