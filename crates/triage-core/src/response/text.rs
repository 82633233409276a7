//! Tiny text tools for error messages: a normalised form for phrase matching, and extractors for the numbers,
//! ids, paths and dates a message carries. No regex engine: the core must stay small in wasm.

use crate::time;

/// Lower-cases and turns every run of non-alphanumeric characters (punctuation, `_`, backticks, quotes,
/// whitespace) into one space, padded with a space at each end. `"`max_tokens`: 5"` → `" max tokens 5 "`.
/// Phrases are normalised the same way, so matching ignores punctuation and capitalisation. Case folding is
/// ASCII only and other scripts count as letters (Unicode tables would cost more wasm than they are worth
/// here).
pub fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push(' ');
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !c.is_ascii() && !is_non_ascii_separator(c) {
            out.push(c);
        } else if !out.ends_with(' ') {
            out.push(' ');
        }
    }
    if !out.ends_with(' ') {
        out.push(' ');
    }
    out
}

/// Spaces and punctuation outside ASCII: no-break space, general punctuation (curly quotes, dashes, `…`), CJK
/// and full-width punctuation.
fn is_non_ascii_separator(c: char) -> bool {
    matches!(
        u32::from(c),
        0xA0 | 0xAB | 0xB7 | 0xBB | 0x2000..=0x206F | 0x3000..=0x303F | 0xFF01..=0xFF0F | 0xFF1A..=0xFF20
    )
}

/// Whether the normalised `haystack` contains the phrase as whole words.
pub fn has_phrase(haystack: &str, phrase: &str) -> bool {
    let needle = normalize(phrase);
    needle.trim().is_empty() || haystack.contains(&needle)
}

/// A number written on its own in a message, with its byte range.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NumberToken {
    pub value: f64,
    pub is_integer: bool,
    pub start: usize,
    pub end: usize,
}

/// The standalone numbers of a message, in order: `40,000` → 40000, `1.5` → 1.5. Digits that belong to a word
/// or id (`claude-opus-4-5`, `toolu_01D7…`, a UUID, `messages.2`, a date) are not numbers.
pub fn numbers(text: &str) -> Vec<NumberToken> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if !bytes[i].is_ascii_digit() || glued_before(bytes, i) {
            i += 1;
            continue;
        }
        let start = i;
        let mut digits = String::new();
        let mut is_integer = true;
        loop {
            while let Some(b) = bytes.get(i).filter(|b| b.is_ascii_digit()) {
                digits.push(char::from(*b));
                i += 1;
            }
            // A thousands separator: a comma followed by exactly three digits.
            let group = bytes
                .get(i + 1..i + 4)
                .is_some_and(|g| g.iter().all(u8::is_ascii_digit))
                && !bytes.get(i + 4).is_some_and(u8::is_ascii_digit);
            if bytes.get(i) == Some(&b',') && group && is_integer {
                i += 1;
                continue;
            }
            if bytes.get(i) == Some(&b'.') && is_integer && bytes.get(i + 1).is_some_and(u8::is_ascii_digit) {
                digits.push('.');
                is_integer = false;
                i += 1;
                continue;
            }
            break;
        }
        let glued = bytes
            .get(i)
            .is_some_and(|b| is_word_byte(*b) || *b == b'.' && next_is_word(bytes, i));
        if glued {
            while bytes.get(i).is_some_and(|b| is_word_byte(*b)) {
                i += 1;
            }
            continue;
        }
        if let Some(value) = crate::json::decimal::parse(&digits) {
            if value.is_finite() {
                found.push(NumberToken {
                    value,
                    is_integer,
                    start,
                    end: i,
                });
            }
        }
    }
    found
}

/// Digits right after a word character, or after a `.` that follows one (`messages.2`), belong to that word.
fn glued_before(bytes: &[u8], i: usize) -> bool {
    match i.checked_sub(1).and_then(|p| bytes.get(p)) {
        Some(b'.') => i
            .checked_sub(2)
            .and_then(|p| bytes.get(p))
            .is_some_and(u8::is_ascii_alphanumeric),
        Some(b) => is_word_byte(*b),
        None => false,
    }
}

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'-' || b >= 0x80
}

fn next_is_word(bytes: &[u8], i: usize) -> bool {
    bytes.get(i + 1).is_some_and(|b| b.is_ascii_alphanumeric())
}

/// Byte offset just past the first case-insensitive occurrence of `marker` (ASCII case folding, so offsets
/// stay on the original text's char boundaries).
pub fn find_after(text: &str, marker: &str) -> Option<usize> {
    find_ci(text, marker).map(|start| start + marker.len())
}

/// Byte offset of the first case-insensitive occurrence of `marker`.
pub fn find_ci(text: &str, marker: &str) -> Option<usize> {
    let (hay, needle) = (text.as_bytes(), marker.as_bytes());
    if needle.is_empty() || needle.len() > hay.len() {
        return None;
    }
    (0..=hay.len() - needle.len())
        .filter(|&i| text.is_char_boundary(i))
        .find(|&i| hay[i..i + needle.len()].eq_ignore_ascii_case(needle))
}

/// The token (id, model name, path, word) starting at `from` after optional spaces and quotes, without
/// trailing sentence punctuation.
pub fn token_at(text: &str, from: usize) -> Option<&str> {
    let rest = text.get(from..)?;
    let rest = rest.trim_start_matches(|c: char| c.is_whitespace() || is_quote(c) || c == ':' || c == '(');
    let end = rest.find(|c: char| c.is_whitespace() || is_quote(c) || matches!(c, ',' | ';' | '(' | ')'));
    let token = rest.get(..end.unwrap_or(rest.len()))?;
    let token = token.trim_end_matches(['.', ':', '!', '?']);
    (!token.is_empty()).then_some(token)
}

fn is_quote(c: char) -> bool {
    matches!(c, '"' | '\'' | '`' | '“' | '”' | '‘' | '’')
}

/// The last word before `marker`, without the `:` that ends a path: `"response_format: Extra inputs…"` with
/// marker `extra inputs` → `response_format`.
pub fn token_before<'a>(text: &'a str, marker: &str) -> Option<&'a str> {
    let end = find_ci(text, marker)?;
    let before = text.get(..end)?.trim_end().trim_end_matches(':').trim_end();
    let start = before
        .rfind(|c: char| c.is_whitespace() || is_quote(c))
        .map_or(0, |i| i + 1);
    let token = before
        .get(start..)?
        .trim_matches(|c: char| is_quote(c) || c == ':');
    (!token.is_empty()).then_some(token)
}

/// Every token containing one of `markers` (e.g. `toolu_`), in order, without duplicates.
pub fn ids_with(text: &str, markers: &[&str]) -> Vec<String> {
    let mut ids: Vec<String> = Vec::new();
    for word in text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-')) {
        if markers.iter().any(|m| word.starts_with(m)) && !ids.iter().any(|id| id == word) {
            ids.push(word.to_string());
        }
    }
    ids
}

/// The first date written `YYYY-MM-DD`, else `March 1, 2027` or `1 March 2027`, with an optional time
/// (`T12:30`, ` at 12:30:05`, ` 00:00 UTC`), as epoch ms. Dates without a time mean midnight UTC.
pub fn first_datetime(text: &str) -> Option<i64> {
    iso_datetime(text).or_else(|| named_month_datetime(text))
}

fn iso_datetime(text: &str) -> Option<i64> {
    let bytes = text.as_bytes();
    (0..bytes.len()).find_map(|i| {
        let preceded_by_digit = i > 0 && bytes[i - 1].is_ascii_digit();
        if preceded_by_digit {
            return None;
        }
        let date = text.get(i..i + 10)?;
        let (year, month, day) = split_date(date)?;
        let rest = text.get(i + 10..).unwrap_or("");
        let (hour, minute, second) = clock_after(rest).unwrap_or((0, 0, 0));
        time::utc_ms(year, month, day, hour, minute, second)
    })
}

fn named_month_datetime(text: &str) -> Option<i64> {
    let words: Vec<&str> = text.split_whitespace().collect();
    words.windows(3).find_map(|window| {
        let [first, second, third] = window else {
            return None;
        };
        let trim = |word: &'_ str| {
            word.trim_matches(|c: char| !c.is_ascii_alphanumeric())
                .to_string()
        };
        let day = |word: &str| {
            trim(word)
                .trim_end_matches(|c: char| c.is_ascii_alphabetic())
                .parse::<u32>()
                .ok()
        };
        let (month, day) = match (
            time::month_number(&trim(first)),
            time::month_number(&trim(second)),
        ) {
            (Some(month), _) => (month, day(second)?),
            (None, Some(month)) => (month, day(first)?),
            (None, None) => return None,
        };
        let year_word = third.trim_end_matches(|c: char| !c.is_ascii_alphanumeric());
        let year: i64 = (year_word.len() == 4).then(|| year_word.parse().ok())??;
        // The clock, if any, follows the year in the original text.
        let year_end = (year_word.as_ptr() as usize).checked_sub(text.as_ptr() as usize)? + year_word.len();
        let (hour, minute, second) = text.get(year_end..).and_then(clock_after).unwrap_or((0, 0, 0));
        time::utc_ms(year, month, day, hour, minute, second)
    })
}

fn split_date(date: &str) -> Option<(i64, u32, u32)> {
    let b = date.as_bytes();
    if b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') {
        return None;
    }
    Some((
        date.get(0..4)?.parse().ok()?,
        parse_2(date.get(5..7)?)?,
        parse_2(date.get(8..10)?)?,
    ))
}

fn clock_after(rest: &str) -> Option<(u32, u32, u32)> {
    let rest = rest.strip_prefix(['T', 't']).or_else(|| {
        let trimmed = rest.trim_start();
        let trimmed = trimmed.strip_prefix("at ").unwrap_or(trimmed);
        Some(trimmed.trim_start())
    })?;
    let hour = parse_2(rest.get(0..2)?)?;
    if rest.as_bytes().get(2) != Some(&b':') {
        return None;
    }
    let minute = parse_2(rest.get(3..5)?)?;
    let second = match rest.as_bytes().get(5) {
        Some(b':') => parse_2(rest.get(6..8)?)?,
        _ => 0,
    };
    Some((hour, minute, second))
}

fn parse_2(s: &str) -> Option<u32> {
    (s.len() == 2 && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse().ok())?
}

/// At most `max_chars` characters, cut on a char boundary, with `…` when something was cut.
pub fn clip(text: &str, max_chars: usize) -> String {
    match text.char_indices().nth(max_chars) {
        Some((cut, _)) => format!("{}…", text.get(..cut).unwrap_or_default()),
        None => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(text: &str) -> Vec<f64> {
        numbers(text).iter().map(|n| n.value).collect()
    }

    #[test]
    fn normalises_punctuation_and_case() {
        assert_eq!(
            normalize("`max_tokens`: 5 > X-API-Key!"),
            " max tokens 5 x api key "
        );
        assert!(has_phrase(&normalize("Invalid X-API-KEY."), "invalid x-api-key"));
        assert!(!has_phrase(
            &normalize("reinvalid x api key"),
            "invalid x-api-key"
        ));
    }

    #[test]
    fn numbers_skip_ids_and_read_separators() {
        assert_eq!(
            values("max_tokens: 128001 > 64000, for claude-opus-4-5-20251101"),
            [128001.0, 64000.0]
        );
        assert_eq!(
            values("organization (8c1f2e3a-0000-4000-8000-000000000000) of 40,000 input tokens"),
            [40000.0]
        );
        assert_eq!(
            values("ids: toolu_01D7 and messages.2 on 2026-12-01"),
            Vec::<f64>::new()
        );
        assert_eq!(values("line 1 column 2379 (char 2378)."), [1.0, 2379.0, 2378.0]);
        assert_eq!(values("1,5 and 2.5s and 1,000,000"), [1.0, 5.0, 1_000_000.0]);
        assert_eq!(values("wait 2.5 seconds"), [2.5]);
    }

    #[test]
    fn tokens_and_paths() {
        assert_eq!(token_at("model: claude-x-1.", 6), Some("claude-x-1"));
        assert_eq!(
            token_before("response_format: Extra inputs are", "extra inputs"),
            Some("response_format")
        );
        assert_eq!(
            ids_with(
                "after: toolu_01A, srvtoolu_02B. toolu_01A",
                &["toolu_", "srvtoolu_"]
            ),
            ["toolu_01A", "srvtoolu_02B"]
        );
    }

    #[test]
    fn datetimes_in_prose() {
        let at = |s| first_datetime(s).map(time::format_rfc3339);
        assert_eq!(
            at("regain access on 2026-12-01 at 00:00 UTC.").as_deref(),
            Some("2026-12-01T00:00:00Z")
        );
        assert_eq!(
            at("on 2027-01-31T13:45:10Z").as_deref(),
            Some("2027-01-31T13:45:10Z")
        );
        assert_eq!(at("on 2027-02-03.").as_deref(), Some("2027-02-03T00:00:00Z"));
        assert_eq!(at("on 12026-13-01"), None);
        assert_eq!(
            at("on March 1, 2027 at 09:15 UTC.").as_deref(),
            Some("2027-03-01T09:15:00Z")
        );
        assert_eq!(at("on 2nd Feb 2028.").as_deref(), Some("2028-02-02T00:00:00Z"));
        assert_eq!(at("in may be 2027"), None);
    }

    #[test]
    fn clips_on_char_boundaries() {
        assert_eq!(clip("héllo", 2), "hé…");
    }
}
