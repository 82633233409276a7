//! Spotting what is wrong with an API key as sent, without ever showing the whole key.

use serde::{Deserialize, Serialize};

/// Claude API keys start with this.
const ANTHROPIC_PREFIX: &str = "sk-ant-";
/// Regular API keys: `sk-ant-api03-` and 95 more characters.
const API_KEY_PREFIX: &str = "sk-ant-api";
const API_KEY_LENGTH: usize = 108;
/// Admin keys only work with the Admin API, never with `/v1/messages`.
const ADMIN_KEY_PREFIX: &str = "sk-ant-admin";
/// Claude subscription OAuth tokens: not API keys.
const OAUTH_TOKEN_PREFIX: &str = "sk-ant-oat";

/// One thing that looks wrong with a key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "js", derive(tsify::Tsify))]
pub enum KeyProblem {
    Empty,
    /// Spaces, tabs or a newline before or after the key (a copied line, `echo` output, a `.env` file).
    SurroundingWhitespace,
    /// Whitespace or a line break inside the key: two values glued together, or a wrapped line.
    InnerWhitespace,
    /// Quote characters that came from a `.env` or shell file.
    Quotes,
    /// `Bearer ` or a header name is part of the value.
    HeaderSyntax,
    /// A placeholder or an unexpanded variable (`$ANTHROPIC_API_KEY`, `your-api-key`, `sk-ant-...`).
    Placeholder,
    /// Not a Claude API key (fine for a reseller that issues its own keys).
    WrongPrefix,
    /// An Admin API key, which the Messages API does not accept.
    AdminKey,
    /// A Claude subscription OAuth token, not an API key.
    OauthToken,
    /// Shorter than a full key: cut off while copying.
    Truncated,
}

/// A problem and what to say about it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "js", derive(tsify::Tsify), serde(rename_all = "camelCase"))]
pub struct KeyFinding {
    pub problem: KeyProblem,
    pub message: String,
}

/// Everything that looks wrong with `key`, most basic first; empty for a well-formed Claude API key.
pub fn check(key: &str) -> Vec<KeyFinding> {
    let mut findings = Vec::new();
    let mut found = |problem, message: String| findings.push(KeyFinding { problem, message });
    if key.trim().is_empty() {
        found(
            KeyProblem::Empty,
            "The key is empty: the variable holding it is probably not set.".into(),
        );
        return findings;
    }
    let trimmed = key.trim();
    if trimmed.len() != key.len() {
        let what = if key.contains(['\n', '\r']) {
            "a line break"
        } else {
            "whitespace"
        };
        found(
            KeyProblem::SurroundingWhitespace,
            format!("The key has {what} before or after it; strip it before sending."),
        );
    }
    if trimmed.contains(char::is_whitespace) {
        let header = trimmed
            .split_whitespace()
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase();
        if header == "bearer" || header.ends_with(':') {
            found(
                KeyProblem::HeaderSyntax,
                format!(
                    "The value starts with `{}`: send only the key as the header's value.",
                    trimmed.split_whitespace().next().unwrap_or_default()
                ),
            );
        } else {
            found(
                KeyProblem::InnerWhitespace,
                "The key has whitespace or a line break inside it: two values glued together or a wrapped \
                 line."
                    .into(),
            );
        }
    }
    if trimmed.contains(['"', '\'', '`', '“', '”']) {
        found(
            KeyProblem::Quotes,
            "The key contains quote characters, probably from a .env or shell file.".into(),
        );
    }
    let bare = trimmed.trim_matches(['"', '\'', '`', '“', '”']);
    let bare = bare.rsplit(char::is_whitespace).next().unwrap_or(bare);
    let lower = bare.to_ascii_lowercase();
    if looks_like_placeholder(bare) {
        found(
            KeyProblem::Placeholder,
            format!(
                "`{}` looks like a placeholder or an unexpanded variable, not a key.",
                redact(bare)
            ),
        );
        return findings;
    }
    if lower.starts_with(ADMIN_KEY_PREFIX) {
        found(
            KeyProblem::AdminKey,
            "This is an Admin API key (`sk-ant-admin…`): it manages the organization but cannot call the \
             Messages API. Create a regular API key."
                .into(),
        );
    } else if lower.starts_with(OAUTH_TOKEN_PREFIX) {
        found(
            KeyProblem::OauthToken,
            "This is a Claude subscription OAuth token (`sk-ant-oat…`), not an API key: the API does not \
             accept it in `x-api-key`. Create an API key in the Console."
                .into(),
        );
    } else if !bare.starts_with(ANTHROPIC_PREFIX) {
        found(
            KeyProblem::WrongPrefix,
            format!(
                "`{}` does not start with `{ANTHROPIC_PREFIX}`, so it is not a Claude API key (fine only if \
                 a reseller or proxy issued it, and then it usually goes in `Authorization: Bearer`).",
                redact(bare)
            ),
        );
    } else if bare.starts_with(API_KEY_PREFIX) && bare.chars().count() < API_KEY_LENGTH - 8 {
        found(
            KeyProblem::Truncated,
            format!(
                "The key is {} characters long; a full Claude API key has {API_KEY_LENGTH}. It looks cut \
                 off.",
                bare.chars().count()
            ),
        );
    }
    findings
}

/// `$ANTHROPIC_API_KEY`, `${KEY}`, `<your key>`, `sk-ant-...`, `YOUR_API_KEY`, `sk-ant-xxxx`. Words like
/// "your" only count in values too short to be a real key, where random characters cannot spell them by
/// chance.
fn looks_like_placeholder(key: &str) -> bool {
    let lower = key.to_ascii_lowercase();
    let marked =
        key.starts_with('$') || key.contains("${") || key.contains(['<', '>']) || key.contains("...");
    let worded = ["your", "xxxx", "api_key", "placeholder", "changeme"]
        .iter()
        .any(|w| lower.contains(w));
    marked || (worded && key.chars().count() < API_KEY_LENGTH - 8)
}

/// `sk-ant-api…WXYZ`: at most the first 10 and the last 4 characters, fewer for short values, so a key can be
/// recognised but never reused.
pub fn redact(key: &str) -> String {
    let chars: Vec<char> = key.trim().chars().collect();
    let head = (chars.len() / 3).min(10);
    let tail = (chars.len() / 6).min(4);
    let start: String = chars.iter().take(head).collect();
    let end: String = chars.iter().skip(chars.len() - tail).collect();
    format!("{start}…{end}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(key: &str) -> Vec<KeyProblem> {
        check(key).into_iter().map(|f| f.problem).collect()
    }

    fn full_fake_key() -> String {
        let filler: String = "0123456789ABCDEFabcdef"
            .chars()
            .cycle()
            .take(API_KEY_LENGTH - 22)
            .collect();
        format!("sk-ant-api03-test-FAKE{filler}")
    }

    #[test]
    fn a_well_formed_key_has_no_findings() {
        assert_eq!(problems(&full_fake_key()), []);
    }

    #[test]
    fn spots_copy_paste_damage() {
        let key = full_fake_key();
        assert_eq!(problems(&format!("{key}\n")), [KeyProblem::SurroundingWhitespace]);
        assert_eq!(problems(&format!("\"{key}\"")), [KeyProblem::Quotes]);
        assert_eq!(problems(&format!("Bearer {key}")), [KeyProblem::HeaderSyntax]);
        assert_eq!(problems("sk-ant-api03-test-FAKE-abc"), [KeyProblem::Truncated]);
        assert_eq!(problems("$ANTHROPIC_API_KEY"), [KeyProblem::Placeholder]);
        assert_eq!(problems("sk-proj-test-FAKE0000"), [KeyProblem::WrongPrefix]);
        assert_eq!(problems("sk-ant-admin01-test-FAKE"), [KeyProblem::AdminKey]);
        assert_eq!(problems("sk-ant-oat01-test-FAKE"), [KeyProblem::OauthToken]);
        assert_eq!(problems("  "), [KeyProblem::Empty]);
    }

    #[test]
    fn never_shows_more_than_ten_plus_four() {
        let key = full_fake_key();
        let shown = redact(&key);
        assert_eq!(shown, format!("sk-ant-api…{}", &key[key.len() - 4..]));
        assert_eq!(redact("abcdef"), "ab…f");
        for finding in check(&format!("{key} {key}")) {
            assert!(!finding.message.contains(&key[10..key.len() - 4]));
        }
    }
}
