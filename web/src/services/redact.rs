//! Keys out of pasted text: anything that looks like an Anthropic key, and the values of `x-api-key` and
//! `authorization` headers, are shown redacted (first characters and length only).

use triage_core::response::api_key::redact;

/// `text` with every key-looking token and auth header value redacted.
pub fn redact_keys(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        out.push_str(&redact_line(line));
    }
    out
}

fn redact_line(line: &str) -> String {
    let lower = line.to_ascii_lowercase();
    for header in [
        "x-api-key:",
        "authorization:",
        "x-api-key\":",
        "'x-api-key':",
        "authorization\":",
        "'authorization':",
    ] {
        if let Some(at) = lower.find(header) {
            let value_start = at + header.len();
            let (head, value) = line.split_at(value_start);
            let trimmed = value.trim_start_matches([' ', '"', '\'']);
            let lead = &value[..value.len() - trimmed.len()];
            let end = trimmed
                .find(['"', '\'', '\r', '\n', ','])
                .unwrap_or(trimmed.len());
            let (secret, tail) = trimmed.split_at(end);
            let (scheme, secret) = match secret.split_once(' ') {
                Some((scheme, rest)) if scheme.eq_ignore_ascii_case("bearer") => (format!("{scheme} "), rest),
                _ => (String::new(), secret),
            };
            if secret.is_empty() {
                return tokens(line);
            }
            return format!("{}{lead}{scheme}{}{}", tokens(head), redact(secret), tokens(tail));
        }
    }
    tokens(line)
}

/// Redacts `sk-ant-…` tokens wherever they are.
fn tokens(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find("sk-ant-") {
        out.push_str(&rest[..at]);
        let token_end = rest[at..]
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
            .map_or(rest.len(), |e| at + e);
        out.push_str(&redact(&rest[at..token_end]));
        rest = &rest[token_end..];
    }
    out.push_str(rest);
    out
}
