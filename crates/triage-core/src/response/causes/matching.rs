//! Reading the table: which row an error message matches, and the values its fields pull out of it.

use super::cause::Cause;
use super::row::{CauseRow, Extract, Matcher};
use super::rows::{CAUSES, UNKNOWN};
use crate::response::explanation::{FieldValue, Kind};
use crate::response::text;
use std::collections::BTreeMap;

/// The row for `cause` (every cause has one; the unknown row otherwise).
pub fn row_for(cause: Cause) -> &'static CauseRow {
    CAUSES.iter().find(|r| r.cause == cause).unwrap_or(&UNKNOWN)
}

/// The first row whose matchers recognise the message or codes; else the row that stands in for `kind`.
pub fn recognise(message: &str, codes: &[String], kind: Kind) -> Option<&'static CauseRow> {
    let normalized = text::normalize(message);
    let trimmed = message.trim_start();
    let matches = |m: &Matcher| match m {
        Matcher::Phrases(phrases) => phrases.iter().all(|p| text::has_phrase(&normalized, p)),
        Matcher::Code(code) => codes.iter().any(|c| c.eq_ignore_ascii_case(code)),
        Matcher::Prefix(family, prefix) => {
            *family == kind
                && trimmed
                    .get(..prefix.len())
                    .is_some_and(|head| head.eq_ignore_ascii_case(prefix))
        }
    };
    CAUSES
        .iter()
        .find(|row| row.matchers.iter().any(matches))
        .or_else(|| CAUSES.iter().find(|row| row.fallback_for.contains(&kind)))
}

impl CauseRow {
    /// The row's fields found in `message`; a field that is not there is left out.
    pub fn extract(&self, message: &str) -> BTreeMap<String, FieldValue> {
        // Inserted one by one: collecting into a BTreeMap would sort, and bring a sort into the wasm build.
        let mut fields = BTreeMap::new();
        for (name, ways) in self.fields {
            if let Some(value) = ways.iter().find_map(|way| extract(message, *way)) {
                fields.insert(name.to_string(), value);
            }
        }
        fields
    }

    /// The explanation, with the detail sentence when all of its fields are known.
    pub fn explain(&self, fields: &BTreeMap<String, FieldValue>) -> String {
        match self.detail.and_then(|template| fill(template, fields)) {
            Some(detail) => format!("{} {detail}", self.explanation),
            None => self.explanation.to_string(),
        }
    }
}

fn extract(message: &str, way: Extract) -> Option<FieldValue> {
    let number = |n: text::NumberToken| match (n.is_integer, n.value.abs() < 9.0e15) {
        (true, true) => FieldValue::Integer(n.value as i64),
        // Beyond exact f64 integers: keep the digits rather than a rounded number.
        (true, false) => FieldValue::Text(message.get(n.start..n.end).unwrap_or_default().replace(',', "")),
        (false, _) => FieldValue::Number(n.value),
    };
    let word = |w: &str| FieldValue::Text(w.to_string());
    match way {
        Extract::NumberAt(index) => text::numbers(message).get(index).copied().map(number),
        Extract::NumberAfter(phrase) => {
            let from = text::find_after(message, phrase)?;
            text::numbers(message)
                .into_iter()
                .find(|n| n.start >= from)
                .map(number)
        }
        Extract::NumberBefore(phrase) => {
            let until = text::find_ci(message, phrase)?;
            text::numbers(message)
                .into_iter()
                .rfind(|n| n.end <= until)
                .map(number)
        }
        Extract::TokenAfter(phrase) => text::token_at(message, text::find_after(message, phrase)?).map(word),
        Extract::TokenBefore(phrase) => text::token_before(message, phrase).map(word),
        Extract::Ids(prefixes) => {
            let ids = text::ids_with(message, prefixes);
            (!ids.is_empty()).then_some(FieldValue::List(ids))
        }
        Extract::Between(start, end) => {
            let from = text::find_after(message, start)?;
            let rest = message.get(from..)?;
            let inner = rest.get(..text::find_ci(rest, end)?)?.trim();
            (!inner.is_empty()).then(|| word(inner))
        }
        Extract::Model => {
            let claude = text::find_ci(message, "claude-").and_then(|at| text::token_at(message, at));
            claude
                .or_else(|| text::token_at(message, message.rfind(" for ")? + 5))
                .map(word)
        }
        Extract::DateTime => {
            text::first_datetime(message).map(|ms| FieldValue::Text(crate::time::format_rfc3339(ms)))
        }
        Extract::Const(value) => Some(word(value)),
        Extract::Whole => Some(message.trim()).filter(|m| !m.is_empty()).map(word),
    }
}

/// `template` with each `{name}` replaced by the field's value, or `None` if a field is missing.
fn fill(template: &str, fields: &BTreeMap<String, FieldValue>) -> Option<String> {
    let mut out = String::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(rest.get(..open)?);
        let close = open + rest.get(open..)?.find('}')?;
        let value = fields.get(rest.get(open + 1..close)?)?;
        out.push_str(&value.to_string());
        rest = rest.get(close + 1..)?;
    }
    out.push_str(rest);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn huge_integers_keep_their_digits() {
        let row = row_for(Cause::PromptTooLong);
        let fields = row.extract("prompt is too long: 123,456,789,012,345,678,901 tokens > 2.5 maximum");
        assert_eq!(
            fields.get("tokens"),
            Some(&FieldValue::Text("123456789012345678901".into()))
        );
        assert_eq!(fields.get("limit"), Some(&FieldValue::Number(2.5)));
    }

    #[test]
    fn fill_leaves_out_incomplete_details() {
        let mut fields = BTreeMap::new();
        fields.insert("a".to_string(), FieldValue::Integer(3));
        assert_eq!(fill("a={a}.", &fields).as_deref(), Some("a=3."));
        assert_eq!(fill("b={b}.", &fields), None);
        assert_eq!(fill("unclosed {a", &fields), None);
    }
}
