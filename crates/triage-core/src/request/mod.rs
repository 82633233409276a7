//! Validate a Messages API request body the way the API would, with precise locations.

mod api_key;
mod catalogue;
mod checker;
mod diagnostic;
mod rules;
mod suggest;
mod types;

pub use api_key::check_api_key;
pub use diagnostic::{Code, Diagnostic, Report, Severity};

use crate::json::{self, LineIndex, Span};

/// The top-level request fields the validator knows: the catalogue generated from the official SDK's types,
/// and the hand-kept fields the API accepts beyond them. Anything else gets an `unknown_field` warning.
pub fn known_fields() -> impl Iterator<Item = &'static str> {
    catalogue::request_field_names()
}

/// Validates a request body given as text: one parse, then every rule on the tree.
pub fn validate(text: &str) -> Report {
    match json::parse_borrowed(text) {
        Err(e) => Report::new(vec![Diagnostic::from_json_error(&e, &LineIndex::new(text))]),
        Ok(root) => {
            let mut checker = checker::Checker::new(text);
            rules::check(&root, &mut checker);
            Report::new(checker.finish())
        }
    }
}

/// Validates a request body given as bytes: text that is not UTF-8 is reported, not rejected with a panic.
pub fn validate_bytes(bytes: &[u8]) -> Report {
    match std::str::from_utf8(bytes) {
        Ok(text) => validate(text),
        Err(e) => {
            let at = e.valid_up_to();
            let text = std::str::from_utf8(&bytes[..at]).unwrap_or_default();
            let (line, column) = LineIndex::new(text).line_col(at);
            Report::new(vec![Diagnostic {
                severity: Severity::Error,
                code: Code::InvalidJson,
                path: String::new(),
                message: format!("The body is not valid UTF-8 (byte {at} starts an invalid sequence)."),
                hint: Some(json::JsonErrorKind::InvalidUtf8.hint().to_string()),
                span: Span::new(at, at + e.error_len().unwrap_or(1).min(bytes.len() - at)),
                line,
                column,
            }])
        }
    }
}
