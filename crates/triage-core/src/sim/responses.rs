//! The failures the simulated servers answer with, as the classifier would explain them.

use crate::response::{Cause, Explanation, Kind, RateLimits, RetryAdvice, RetrySource};
use std::collections::BTreeMap;

/// Builds an explanation of a retryable failure; `after_ms` is the server's `retry-after`.
pub fn failure(
    status: u16,
    kind: Kind,
    cause: Cause,
    after_ms: Option<u64>,
    limits: RateLimits,
) -> Explanation {
    Explanation {
        status: Some(status),
        kind,
        cause,
        title: format!("simulated {status}"),
        explanation: String::new(),
        fix: String::new(),
        retry: RetryAdvice {
            retryable: true,
            after_ms,
            source: if after_ms.is_some() {
                RetrySource::RetryAfter
            } else {
                RetrySource::Policy
            },
        },
        request_id: None,
        organization_id: None,
        message: None,
        fields: BTreeMap::new(),
        rate_limit: limits,
    }
}
