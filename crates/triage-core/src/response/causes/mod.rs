//! The cause table: one row per cause code (CODES.md), data rather than code. A row says how to recognise
//! the cause in an error message (phrases, machine codes, or the error family as a fallback), which values to
//! pull out of the message, and what to tell a person. Adding a cause is adding a row and a test vector.
//!
//! Split so that nothing here imports its parent: the codes ([`cause`]), the shape of a row ([`row`]), the
//! rows themselves ([`rows`]) and the matching and extraction that read them ([`matching`]).

// `cause` is visible in `response` so that `Explanation` can name a cause without depending on the matching
// code, which depends on `Explanation`'s field values.
pub(super) mod cause;
mod matching;
mod row;
mod rows;

pub use cause::Cause;
pub use matching::{recognise, row_for};
pub use row::{CauseRow, Extract, Matcher};
pub use rows::CAUSES;
