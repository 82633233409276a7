//! What one row of the cause table holds.

use super::cause::Cause;
use crate::response::explanation::Kind;

/// How a row recognises its cause in an error body.
#[derive(Debug, Clone, Copy)]
pub enum Matcher {
    /// Every phrase occurs in the message as whole words, ignoring case and punctuation.
    Phrases(&'static [&'static str]),
    /// A machine code in the body (`error.details.error_code`, `error.code`, a top-level `code`), any case.
    Code(&'static str),
    /// The error is of this family and its message starts with this text, ignoring case (`model: …` is a
    /// 404's way of naming an unknown model, but a 400's way of naming a bad `model` value).
    Prefix(Kind, &'static str),
}

/// How to pull one field's value out of a message.
#[derive(Debug, Clone, Copy)]
pub enum Extract {
    /// The n-th standalone number (0-based).
    NumberAt(usize),
    /// The first number after the phrase.
    NumberAfter(&'static str),
    /// The last number before the phrase.
    NumberBefore(&'static str),
    /// The word after the phrase.
    TokenAfter(&'static str),
    /// The word (usually a parameter path) before the phrase.
    TokenBefore(&'static str),
    /// Every word starting with one of these prefixes, as a list.
    Ids(&'static [&'static str]),
    /// The text between two phrases.
    Between(&'static str, &'static str),
    /// The first `claude-…` name, else the word after the last " for ".
    Model,
    /// The first `YYYY-MM-DD[ at HH:MM]` date, as RFC 3339.
    DateTime,
    /// A fixed value that the cause implies.
    Const(&'static str),
    /// The whole message, trimmed.
    Whole,
}

/// One cause: how to recognise it, what to extract, what to say.
#[derive(Debug)]
pub struct CauseRow {
    pub cause: Cause,
    pub title: &'static str,
    pub explanation: &'static str,
    /// A sentence added to the explanation when every `{field}` it names was extracted.
    pub detail: Option<&'static str>,
    pub fix: &'static str,
    /// Any one matching is enough; rows are tried in table order, so specific rows come first.
    pub matchers: &'static [Matcher],
    /// The families for which this cause is the best guess when no row's matchers matched.
    pub fallback_for: &'static [Kind],
    /// Fields to extract; for each, the first extractor that finds something wins.
    pub fields: &'static [(&'static str, &'static [Extract])],
    /// Never retry, whatever the status table says: money or a hard cap has to change first.
    pub never_retry: bool,
}

pub(super) const fn row(
    cause: Cause,
    title: &'static str,
    explanation: &'static str,
    fix: &'static str,
) -> CauseRow {
    CauseRow {
        cause,
        title,
        explanation,
        detail: None,
        fix,
        matchers: &[],
        fallback_for: &[],
        fields: &[],
        never_retry: false,
    }
}
