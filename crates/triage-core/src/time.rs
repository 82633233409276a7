//! Parsing the timestamps the API sends (RFC 3339 rate-limit resets, HTTP-date `retry-after` and `Date`).
