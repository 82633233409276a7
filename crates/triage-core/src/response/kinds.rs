//! The error families (ERRORS.md table): which `error.type` or status gives which [`Kind`], whether it is
//! retried by default, and the explanation used when no more specific cause is known.

use super::explanation::Kind;

/// One row of the ERRORS.md status table.
pub struct KindRow {
    pub kind: Kind,
    /// The `error.type` string the API sends for this family, if it has one.
    pub error_type: Option<&'static str>,
    pub statuses: &'static [u16],
    pub retryable: bool,
    pub title: &'static str,
    pub explanation: &'static str,
    pub fix: &'static str,
}

const RETRY_LATER: &str = "Retry with exponential backoff and jitter, honouring `retry-after` when present.";

pub const KINDS: &[KindRow] = &[
    KindRow {
        kind: Kind::InvalidRequestError,
        error_type: Some("invalid_request_error"),
        statuses: &[400],
        retryable: false,
        title: "Invalid request",
        explanation: "The API refused the request as sent: usually a parameter, a header or the body's \
                      format, sometimes the account's state (credit, usage limits, a disabled organization).",
        fix: "Read the message: it says what to change. Sending the same request again fails the same way; \
              `triage validate` checks a body before it is sent.",
    },
    KindRow {
        kind: Kind::AuthenticationError,
        error_type: Some("authentication_error"),
        statuses: &[401],
        retryable: false,
        title: "Authentication failed",
        explanation: "The API key is missing, malformed, revoked, or sent in the wrong header.",
        fix:
            "Send a valid key in the `x-api-key` header (the Claude API); many resellers and proxies expect \
              `Authorization: Bearer <key>` instead.",
    },
    KindRow {
        kind: Kind::BillingError,
        error_type: Some("billing_error"),
        statuses: &[402],
        retryable: false,
        title: "Billing problem",
        explanation: "The account cannot pay for this request.",
        fix: "Top up or fix the payment method in the console (or the reseller's dashboard); retrying will \
              not help until then.",
    },
    KindRow {
        kind: Kind::PermissionError,
        error_type: Some("permission_error"),
        statuses: &[403],
        retryable: false,
        title: "Permission denied",
        explanation: "The key is valid but not allowed to use this resource, model or feature (or a relay \
                      refused it).",
        fix: "Check the key's workspace and permissions, or the relay's account status; retrying will not \
              help.",
    },
    KindRow {
        kind: Kind::NotFoundError,
        error_type: Some("not_found_error"),
        statuses: &[404],
        retryable: false,
        title: "Not found",
        explanation: "The URL or a named resource (often the model) does not exist for this key.",
        fix: "Check the base URL and path (`/v1/messages`) and the model name.",
    },
    KindRow {
        kind: Kind::TimeoutError,
        error_type: Some("timeout_error"),
        statuses: &[408, 504],
        retryable: true,
        title: "Timed out",
        explanation: "The request took too long somewhere between you and the model.",
        fix: "Retry with backoff; for long generations use streaming so the connection stays busy.",
    },
    KindRow {
        kind: Kind::ConflictError,
        error_type: Some("conflict_error"),
        statuses: &[409],
        retryable: true,
        title: "Conflict",
        explanation: "The request conflicted with another operation in progress.",
        fix: "Retry once or twice after a short wait.",
    },
    KindRow {
        kind: Kind::RequestTooLarge,
        error_type: Some("request_too_large"),
        statuses: &[413],
        retryable: false,
        title: "Request too large",
        explanation: "The request body is over the size limit (32 MB for the Messages API).",
        fix: "Send less: smaller or fewer images and documents, or upload files via the Files API.",
    },
    KindRow {
        kind: Kind::RateLimitError,
        error_type: Some("rate_limit_error"),
        statuses: &[429],
        retryable: true,
        title: "Rate limited",
        explanation: "Your organization went over one of its rate limits.",
        fix: "Wait at least as long as `retry-after` says, then retry; pace requests using the \
              `anthropic-ratelimit-*` headers.",
    },
    KindRow {
        kind: Kind::ApiError,
        error_type: Some("api_error"),
        statuses: &[500, 502, 503],
        retryable: true,
        title: "Server error",
        explanation:
            "Something failed on the server side (or in a proxy in front of it); the request itself \
                      may be fine.",
        fix: RETRY_LATER,
    },
    KindRow {
        kind: Kind::OverloadedError,
        error_type: Some("overloaded_error"),
        statuses: &[529],
        retryable: true,
        title: "API overloaded",
        explanation: "The API is temporarily out of capacity.",
        fix: "Back off and retry later, slowly and within a retry budget.",
    },
    KindRow {
        kind: Kind::NetworkError,
        error_type: None,
        statuses: &[],
        retryable: true,
        title: "Network error",
        explanation: "No HTTP response reached the caller.",
        fix: RETRY_LATER,
    },
    KindRow {
        kind: Kind::CorsBlocked,
        error_type: None,
        statuses: &[],
        retryable: false,
        title: "Blocked by the browser (CORS)",
        explanation: "The browser refused to show the response to the page.",
        fix: "Opt in to direct browser access or call the API from a server.",
    },
    KindRow {
        kind: Kind::ClientTimeout,
        error_type: None,
        statuses: &[],
        retryable: true,
        title: "Client timeout",
        explanation: "The caller stopped waiting before a response arrived.",
        fix: "Retry with backoff; raise the timeout or stream long generations.",
    },
    KindRow {
        kind: Kind::StreamError,
        error_type: None,
        statuses: &[],
        retryable: true,
        title: "Error inside the stream",
        explanation: "The response started with 200, then the stream reported an error.",
        fix: "Re-send the whole request; a stream cannot be resumed.",
    },
    UNKNOWN,
];

/// The row for `kind` (every kind has one; [`Kind::Unknown`]'s otherwise).
pub fn row(kind: Kind) -> &'static KindRow {
    KINDS.iter().find(|r| r.kind == kind).unwrap_or(&UNKNOWN)
}

const UNKNOWN: KindRow = KindRow {
    kind: Kind::Unknown,
    error_type: None,
    statuses: &[],
    retryable: false,
    title: "Unrecognised error",
    explanation: "The response is not one of the Claude API's documented errors.",
    fix: "Read the raw message below. If it came through a proxy or reseller, check its documentation.",
};

/// The family named by `error.type`, if it is one the API documents.
pub fn from_error_type(error_type: &str) -> Option<Kind> {
    KINDS
        .iter()
        .find(|r| r.error_type == Some(error_type))
        .map(|r| r.kind)
}

pub fn from_status(status: u16) -> Option<Kind> {
    KINDS
        .iter()
        .find(|r| r.statuses.contains(&status))
        .map(|r| r.kind)
}

/// Default retry rule: the family's, and for families without one (unknown) the status class: 5xx yes.
pub fn default_retryable(kind: Kind, status: Option<u16>) -> bool {
    match kind {
        Kind::Unknown => status.is_some_and(|s| (500..600).contains(&s)),
        _ => row(kind).retryable,
    }
}

/// How an unknown status reads, by class.
pub fn status_family(status: u16) -> &'static str {
    match status {
        100..=199 => "an informational status: the final response is missing from the text",
        200..=299 => "a success status",
        300..=399 => "a redirect (the base URL may point at the wrong place)",
        400..=499 => "a client error: the request, key or account needs a change",
        500..=599 => "a server error: the request may succeed later",
        _ => "not a standard HTTP status",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Titles get lowercased with `to_ascii_lowercase`: Unicode case tables would add about 13 KB to the wasm.
    #[test]
    fn titles_are_ascii() {
        assert!(KINDS.iter().chain([&UNKNOWN]).all(|row| row.title.is_ascii()));
    }

    #[test]
    fn no_familys_words_are_taken_for_a_key() {
        for row in KINDS.iter().chain([&UNKNOWN]) {
            for text in [row.title, row.explanation, row.fix] {
                assert_eq!(crate::redact::secrets(text), text);
            }
        }
    }

    #[test]
    fn table_matches_errors_md() {
        assert_eq!(from_status(502), Some(Kind::ApiError));
        assert_eq!(from_status(408), Some(Kind::TimeoutError));
        assert_eq!(from_status(418), None);
        assert_eq!(from_error_type("overloaded_error"), Some(Kind::OverloadedError));
        assert!(!default_retryable(Kind::Unknown, Some(418)));
        assert!(default_retryable(Kind::Unknown, Some(599)));
        assert!(!default_retryable(Kind::CorsBlocked, None));
    }
}
