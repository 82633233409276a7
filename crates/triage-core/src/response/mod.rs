//! Turn whatever came back from the Claude API — or didn't — into an [`Explanation`].

mod explanation;

pub use explanation::{Explanation, FieldValue, Kind, RateLimitWindow, RateLimits, RetryAdvice, RetrySource};
