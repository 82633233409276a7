//! The API key is not part of the body, but a caller that holds it can have it checked before sending, like
//! the body.

use super::diagnostic::{Code, Diagnostic, Severity};
use crate::json::Span;
use crate::response::api_key;

const HINT: &str = "Send the key exactly as the Console shows it (`sk-ant-api03-…`, 108 characters), with \
                    nothing around it. A reseller or proxy may issue keys of its own shape: then ignore this.";

/// `invalid_api_key_format` warnings for what looks wrong with `key` as it would be sent (whitespace, quotes,
/// a placeholder, an admin key, a cut-off copy…); none for a well-formed Claude API key. Messages show at most
/// the key's first 10 and last 4 characters. The key is not in the body, so these diagnostics point at no text:
/// path `""`, an empty span at 0, line 1, column 1.
pub fn check_api_key(key: &str) -> Vec<Diagnostic> {
    api_key::check(key)
        .into_iter()
        .map(|finding| Diagnostic {
            severity: Severity::Warning,
            code: Code::InvalidApiKeyFormat,
            path: String::new(),
            message: finding.message,
            hint: Some(HINT.to_string()),
            span: Span::new(0, 0),
            line: 1,
            column: 1,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cut_off_key_is_a_redacted_warning() {
        let key = "sk-ant-api03-test-FAKE-cut-off-0123456789";
        let found = check_api_key(key);
        assert_eq!(found.len(), 1);
        assert_eq!(
            (found[0].code, found[0].severity),
            (Code::InvalidApiKeyFormat, Severity::Warning)
        );
        assert!(found[0].message.contains("cut off"), "{}", found[0].message);
        assert!(!found[0].message.contains(&key[10..key.len() - 4]));
        assert_eq!(check_api_key("$KEY").len(), 1);
    }
}
