//! Who is calling: the API key (Anthropic's `x-api-key` or a reseller's `Authorization: Bearer`), the
//! `anthropic-version` header and the browser opt-in header, checked in the order the API reports them.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};

use axum::http::HeaderMap;

use crate::errors::{ApiError, CORS_HEADER_MISSING};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum AuthMode {
    /// `x-api-key: sk-ant-…` only.
    XApiKey,
    /// `Authorization: Bearer …` only.
    Bearer,
    /// Either header.
    Either,
}

/// A caller, identified by a hash of its key so that no key is kept or logged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct KeyId(pub u64);

/// Checks a request's credentials and returns the caller's id, or the API's error for them.
pub fn authenticate(headers: &HeaderMap, mode: AuthMode) -> Result<KeyId, ApiError> {
    if headers.contains_key("origin") && !browser_access_allowed(headers) {
        return Err(ApiError::authentication(CORS_HEADER_MISSING));
    }
    // The API's wording even in bearer mode, so clients recognise the cause whichever header they forgot.
    let key = presented_key(headers, mode)
        .ok_or_else(|| ApiError::authentication("x-api-key header is required"))?;
    if !is_well_formed(key) || key.contains("revoked") {
        return Err(ApiError::authentication("invalid x-api-key"));
    }
    if !headers.contains_key("anthropic-version") {
        return Err(ApiError::invalid_request("anthropic-version: header is required"));
    }
    let mut hasher = DefaultHasher::new();
    key.hash(&mut hasher);
    Ok(KeyId(hasher.finish()))
}

fn browser_access_allowed(headers: &HeaderMap) -> bool {
    headers
        .get("anthropic-dangerous-direct-browser-access")
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.trim().eq_ignore_ascii_case("true"))
}

fn presented_key(headers: &HeaderMap, mode: AuthMode) -> Option<&str> {
    // A value that is not visible ASCII is a malformed key, not a missing one: it becomes "" and fails the
    // shape check.
    let x_api_key = || headers.get("x-api-key").map(|value| value.to_str().unwrap_or(""));
    let bearer = || {
        let value = headers.get("authorization")?.to_str().unwrap_or("Bearer ");
        let (scheme, token) = value.split_once(' ')?;
        scheme.eq_ignore_ascii_case("bearer").then_some(token)
    };
    match mode {
        AuthMode::XApiKey => x_api_key(),
        AuthMode::Bearer => bearer(),
        AuthMode::Either => x_api_key().or_else(bearer),
    }
}

/// `sk-ant-` followed by letters, digits, `-` and `_`; the API answers anything else "invalid x-api-key".
fn is_well_formed(key: &str) -> bool {
    key.strip_prefix("sk-ant-").is_some_and(|rest| {
        rest.len() >= 4
            && rest
                .bytes()
                .all(|byte| byte.is_ascii_alphanumeric() || byte == b'-' || byte == b'_')
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, value.parse().expect("test header value"));
        }
        map
    }

    const VERSION: (&str, &str) = ("anthropic-version", "2023-06-01");

    #[test]
    fn key_shapes() {
        assert!(is_well_formed("sk-ant-api03-test-FAKE_key"));
        assert!(!is_well_formed("sk-ant-api03 test"));
        assert!(!is_well_formed("sk-proj-abc"));
        assert!(!is_well_formed("sk-ant-"));
    }

    #[test]
    fn bearer_only_mode_ignores_x_api_key() {
        let sent = headers(&[("x-api-key", "sk-ant-api03-test-FAKE"), VERSION]);
        let error = authenticate(&sent, AuthMode::Bearer).unwrap_err();
        assert_eq!(error.message, "x-api-key header is required");
        let sent = headers(&[("authorization", "Bearer sk-ant-api03-test-FAKE"), VERSION]);
        assert!(authenticate(&sent, AuthMode::Bearer).is_ok());
        assert!(authenticate(&sent, AuthMode::XApiKey).is_err());
    }

    #[test]
    fn a_key_that_is_not_text_is_invalid_not_missing() {
        let mut sent = headers(&[VERSION]);
        sent.insert(
            "x-api-key",
            axum::http::HeaderValue::from_bytes(b"sk-ant-\xff").unwrap(),
        );
        assert_eq!(
            authenticate(&sent, AuthMode::Either).unwrap_err().message,
            "invalid x-api-key"
        );
    }

    #[test]
    fn same_key_same_id() {
        let sent = headers(&[("x-api-key", "sk-ant-api03-test-FAKE"), VERSION]);
        let via_bearer = headers(&[("authorization", "bearer sk-ant-api03-test-FAKE"), VERSION]);
        assert_eq!(
            authenticate(&sent, AuthMode::Either).ok(),
            authenticate(&via_bearer, AuthMode::Either).ok()
        );
    }
}
