//! rustc-style rendering of a diagnostic: header, location, the source line with carets under the span, hint.

use std::borrow::Cow;
use triage_core::json::LineIndex;
use triage_core::redact;
use triage_core::request::Diagnostic;

/// Source lines longer than this (in display columns) are cut to a window around the span.
const MAX_LINE_WIDTH: usize = 100;
/// How much of the line to keep before the span when cutting.
const CONTEXT_BEFORE: usize = 40;
const TAB: &str = "    ";

pub struct Source<'a> {
    pub name: &'a str,
    lines: LineIndex<'a>,
}

impl<'a> Source<'a> {
    pub fn new(name: &'a str, text: &'a str) -> Self {
        Source {
            name,
            lines: LineIndex::new(text),
        }
    }
}

pub fn render(d: &Diagnostic, source: &Source) -> String {
    let number = d.line.to_string();
    let gutter = " ".repeat(number.len());
    let mut out = header(d);
    out.push_str(&format!("{gutter}--> {}:{}:{}\n", source.name, d.line, d.column));
    let (shown, carets) = excerpt(d, source);
    let label = if d.path.is_empty() {
        String::new()
    } else {
        format!(" at {}", d.path)
    };
    out.push_str(&format!(
        "{gutter} |\n{number} | {shown}\n{gutter} | {carets}{label}\n"
    ));
    if let Some(hint) = &d.hint {
        out.push_str(&format!("{gutter} = help: {hint}\n"));
    }
    out
}

/// A diagnostic about something outside the body (the API key), located by what it is about instead.
pub fn render_unplaced(d: &Diagnostic, place: &str) -> String {
    let mut out = header(d);
    out.push_str(&format!(" --> {place}\n"));
    if let Some(hint) = &d.hint {
        out.push_str(&format!("  = help: {hint}\n"));
    }
    out
}

/// `error[code]: message`.
fn header(d: &Diagnostic) -> String {
    format!("{}[{}]: {}\n", d.severity.as_str(), d.code.as_str(), d.message)
}

/// The line of the span as displayed (tabs expanded, control characters replaced, long lines cut around the
/// span) and the caret line under it.
fn excerpt(d: &Diagnostic, source: &Source) -> (String, String) {
    let line = source.lines.line_text(d.line);
    // Where the line starts in the text: the span start minus the characters before it on its line.
    let before: usize = line
        .chars()
        .take(d.column.saturating_sub(1) as usize)
        .map(char::len_utf8)
        .sum();
    let line_start = d.span.start.saturating_sub(before);
    let from = d.span.start.saturating_sub(line_start);
    let to = d.span.end.saturating_sub(line_start).clamp(from, line.len());
    let (line, from, to) = without_keys(line, from, to);

    // Display cells per character, with the span's cell range.
    let mut cells: Vec<(String, usize)> = Vec::new();
    let (mut caret_from, mut caret_to, mut column) = (None, None, 0usize);
    for (at, ch) in line.char_indices() {
        let shown = display(ch);
        let width = shown.chars().map(width).sum::<usize>();
        if at >= from && caret_from.is_none() {
            caret_from = Some(column);
        }
        if at < to {
            caret_to = Some(column + width);
        }
        column += width;
        cells.push((shown, width));
    }
    let caret_from = caret_from.unwrap_or(column);
    let caret_to = caret_to.unwrap_or(caret_from).max(caret_from + 1);

    // Cut long lines to a window that starts a little before the span.
    let total = column;
    let window_start = if total > MAX_LINE_WIDTH {
        caret_from.saturating_sub(CONTEXT_BEFORE)
    } else {
        0
    };
    let window_end = (window_start + MAX_LINE_WIDTH).min(total);
    let mut shown = String::new();
    let mut position = 0usize;
    for (text, width) in &cells {
        if position >= window_start && position + width <= window_end {
            shown.push_str(text);
        }
        position += width;
    }
    let lead = if window_start > 0 { "…" } else { "" };
    let tail = if window_end < total { "…" } else { "" };
    let start = caret_from.saturating_sub(window_start) + lead.chars().count();
    let len = caret_to.min(window_end.max(caret_from + 1)) - caret_from;
    let carets = format!("{}{}", " ".repeat(start), "^".repeat(len.max(1)));
    (format!("{lead}{shown}{tail}"), carets)
}

/// The line with keys in their short form (a key pasted into the body, `"api_key": "sk-ant-…"`), with the span's
/// byte range moved to match: the text before, inside and after the span is redacted apart so the carets stay
/// under it; should that leave a key cut by the span's edge, the whole line is redacted again and the carets
/// may shift a little.
fn without_keys(line: &str, from: usize, to: usize) -> (Cow<'_, str>, usize, usize) {
    if let Cow::Borrowed(_) = redact::secrets(line) {
        return (Cow::Borrowed(line), from, to);
    }
    let parts = [line.get(..from), line.get(from..to), line.get(to..)]
        .map(|part| redact::secrets(part.unwrap_or_default()).into_owned());
    let (from, to) = (parts[0].len(), parts[0].len() + parts[1].len());
    let joined = parts.concat();
    let shown = redact::secrets_owned(joined);
    let (from, to) = (from.min(shown.len()), to.min(shown.len()));
    (Cow::Owned(shown), from, to)
}

/// How a character is shown: tabs as spaces, control characters as the replacement character.
fn display(ch: char) -> String {
    match ch {
        '\t' => TAB.to_string(),
        c if c.is_control() => '\u{FFFD}'.to_string(),
        c => c.to_string(),
    }
}

/// Terminal columns a character takes: 2 for East Asian wide characters and emoji, 0 for combining marks.
fn width(ch: char) -> usize {
    match ch as u32 {
        0x0300..=0x036F | 0x200B..=0x200F | 0xFE00..=0xFE0F => 0,
        0x1100..=0x115F
        | 0x2E80..=0xA4CF
        | 0xAC00..=0xD7A3
        | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F
        | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6
        | 0x1F300..=0x1F64F
        | 0x1F900..=0x1F9FF
        | 0x20000..=0x3FFFD => 2,
        _ => 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use triage_core::request::{validate, Code};

    fn first(text: &str) -> String {
        let report = validate(text);
        render(&report.diagnostics[0], &Source::new("req.json", text))
    }

    fn of(text: &str, code: Code) -> String {
        let report = validate(text);
        let d = report.diagnostics.iter().find(|d| d.code == code).unwrap();
        render(d, &Source::new("req.json", text))
    }

    #[test]
    fn carets_sit_under_the_span() {
        let out = first("{\"model\": \"claude-sonnet-4-5\", \"max_tokens\": -5, \"messages\": []}");
        assert!(
            out.starts_with("error[max_tokens_not_positive_integer]: "),
            "{out}"
        );
        assert!(out.contains("--> req.json:1:46"), "{out}");
        let lines: Vec<&str> = out.lines().collect();
        let source = lines.iter().position(|l| l.starts_with("1 | ")).unwrap();
        let caret = lines[source + 1];
        assert_eq!(
            caret.find('^'),
            lines[source].find(": -5").map(|i| i + 2),
            "{out}"
        );
        assert!(out.contains("= help: "), "{out}");
    }

    #[test]
    fn tabs_and_wide_characters_keep_alignment() {
        let text = "{\"model\":\t\"m\", \"max_tokens\": 1, \"messages\": [{\"role\": \"用户\", \"content\": \"x\"}]}";
        let out = of(text, Code::InvalidRole);
        let lines: Vec<&str> = out.lines().collect();
        let source = lines.iter().position(|l| l.starts_with("1 | ")).unwrap();
        assert!(!lines[source].contains('\t'));
        let caret_col = lines[source + 1].find('^').unwrap();
        let shown = lines[source];
        let prefix_width: usize = shown[..shown.find("\"用户\"").unwrap()].chars().map(width).sum();
        assert_eq!(caret_col, prefix_width, "{out}");
        assert_eq!(lines[source + 1].matches('^').count(), 6, "{out}");
    }

    #[test]
    fn long_lines_are_cut_around_the_span() {
        let padding = "x".repeat(5000);
        let text = format!(
            "{{\"model\": \"claude-sonnet-4-5\", \"system\": \"{padding}\", \"max_tokens\": -1, \"messages\": []}}"
        );
        let out = first(&text);
        let source = out.lines().find(|l| l.starts_with("1 | ")).unwrap();
        assert!(source.chars().count() < MAX_LINE_WIDTH + 10, "{out}");
        assert!(source.contains("…") && source.contains("-1"), "{out}");
        let caret = out.lines().find(|l| l.contains('^')).unwrap();
        let char_index = |line: &str, pattern: &str| line.find(pattern).map(|i| line[..i].chars().count());
        assert_eq!(
            char_index(caret, "^"),
            char_index(source, ": -1").map(|i| i + 2),
            "{out}"
        );
    }
}
