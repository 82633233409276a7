//! Hiding credentials in text before anyone sees it.
//!
//! Servers, proxies and resellers sometimes put the key they were sent into their error message (`invalid
//! x-api-key sk-ant-api03-…`), a gateway may embed the upstream body as an escaped string, and a pasted `curl -v`
//! dump shows the request's own headers. [`secrets`] replaces everything key-shaped with the short form the key
//! check uses ([`api_key::redact`]: at most the first 10 and the last 4 characters), so a key can be recognised
//! ("which of my keys was it?") but never reused.
//!
//! What counts as key-shaped, and why:
//! - **Anthropic keys**: `sk-ant-` followed by at least 13 more key characters (`sk-ant-api03-…`, `sk-ant-admin01-…`,
//!   `sk-ant-oat01-…`, and whatever comes next). The prefix is distinctive enough to be found anywhere, even
//!   glued to other characters (`KEY=sk-ant-…`, `key_sk-ant-…`).
//! - **Other providers' keys that gateways echo**: OpenAI and OpenRouter `sk-…` (`sk-proj-`, `sk-or-v1-`) with at
//!   least 20 more characters and a digit; Google `AIza…` (39 characters); AWS access key ids `AKIA`/`ASIA` plus
//!   exactly 16 capitals or digits; GitHub tokens (`ghp_`, `gho_`, `ghu_`, `ghs_`, `ghr_`, `github_pat_`). These
//!   prefixes are short or common, so they count only at the start of a word.
//! - **A credential named as such**: the value after `x-api-key`, `api-key`, `api_key`, `apikey` (with any
//!   prefix: `x-goog-api-key`, `ANTHROPIC_API_KEY`), `authorization`, `proxy-authorization` or `access_token`,
//!   then `:` or `=`, in any quoting (`x-api-key: …` in a header line, `"x-api-key":"…"` in JSON, `\"x-api-key\":
//!   \"…\"` escaped inside a JSON string, `api_key=…` in a URL). An `Authorization` value's scheme (`Bearer`,
//!   `Basic`…) stays visible. The value is hidden when it ends where a header or a JSON value ends (the line, a
//!   quote, `&`, `}`, `]`), or when it looks like a credential wherever it is. That keeps the API's own "`x-api-key:
//!   Extra inputs are not permitted`" (someone put the key in the body) readable.
//! - **`Bearer <token>`** anywhere, when the token looks like a credential (16+ characters with letters and
//!   digits, or 32+): "Invalid bearer token" stays as it is.
//!
//! Never touched: request ids (`req_011…`), tool ids (`toolu_…`), model names, organisation UUIDs and the rest
//! of a message, because none of them is introduced by a credential's name or a key prefix.
//!
//! **Line wraps.** A key whose tail continues on the next line (a terminal or an editor wrapped the `curl -v`
//! dump, or a log broke a JSON string with `\n`) is read as one key: after a key-shaped run that ends at a line
//! break — a real one (`\n`, `\r\n`) or an escaped one inside a JSON string (`\n`, `\\n`, …) — the next line's
//! leading run continues it, unless that run is a header name or an assignment (`anthropic-version:`,
//! `OTHER_VAR=`). The whole span, break included, becomes one short form. A break inside the prefix
//! (`sk-an⏎t-api03-…`) is joined the same way. The price is that a word starting the line after a key is hidden
//! too ("Please" in `…sk-ant-…⏎Please retry`); a hidden word is better than a shown key. A wrapped line that is
//! indented, or a key broken by anything other than a line break, is not joined.
//!
//! **Why no regex.** The rules are a handful of prefixes, a few names and one character class; a hand-written
//! scanner says them as directly as patterns would, walks the text once, keeps the line-wrap joining (which a
//! regex would express badly) in one place, and adds nothing to the wasm beyond this file, where the `regex`
//! crate would add well over 100 KB (the whole wasm is 231 KB). The core already reads error messages without a
//! regex engine (`response::text`), for the same reason.

use crate::response::api_key;
use std::borrow::Cow;

/// A key family known by its prefix.
struct Family {
    prefix: &'static str,
    /// Fewest characters (prefix included) for a real key: shorter is a placeholder or a mention of the prefix.
    min_len: usize,
    /// Found inside a word too, not only at its start.
    anywhere: bool,
    /// Extra shape the whole key must have.
    shape: Shape,
}

#[derive(Clone, Copy, PartialEq)]
enum Shape {
    Any,
    /// At least one digit: `sk-` alone starts hyphenated words too, generated keys always carry digits.
    WithDigit,
    /// AWS access key ids: exactly `min_len` capitals and digits.
    AwsKeyId,
}

/// Most specific first: `sk-ant-` before `sk-`.
const FAMILIES: &[Family] = &[
    Family {
        prefix: "sk-ant-",
        min_len: 20,
        anywhere: true,
        shape: Shape::Any,
    },
    Family {
        prefix: "sk-",
        min_len: 23,
        anywhere: false,
        shape: Shape::WithDigit,
    },
    Family {
        prefix: "AIza",
        min_len: 35,
        anywhere: false,
        shape: Shape::Any,
    },
    Family {
        prefix: "AKIA",
        min_len: 20,
        anywhere: false,
        shape: Shape::AwsKeyId,
    },
    Family {
        prefix: "ASIA",
        min_len: 20,
        anywhere: false,
        shape: Shape::AwsKeyId,
    },
    Family {
        prefix: "github_pat_",
        min_len: 30,
        anywhere: false,
        shape: Shape::Any,
    },
    Family {
        prefix: "ghp_",
        min_len: 24,
        anywhere: false,
        shape: Shape::Any,
    },
    Family {
        prefix: "gho_",
        min_len: 24,
        anywhere: false,
        shape: Shape::Any,
    },
    Family {
        prefix: "ghu_",
        min_len: 24,
        anywhere: false,
        shape: Shape::Any,
    },
    Family {
        prefix: "ghs_",
        min_len: 24,
        anywhere: false,
        shape: Shape::Any,
    },
    Family {
        prefix: "ghr_",
        min_len: 24,
        anywhere: false,
        shape: Shape::Any,
    },
];

/// Names whose value is a credential, compared in lower case: exact names, and endings any prefix may precede.
const SECRET_NAMES: &[&str] = &["authorization", "proxy-authorization"];
const SECRET_NAME_ENDINGS: &[&str] = &["api-key", "api_key", "apikey", "access_token", "access-token"];
/// `Authorization` schemes: shown, since the credential is the word after them.
const AUTH_SCHEMES: &[&str] = &["bearer", "basic", "token", "digest", "negotiate"];

/// The short form's ellipsis ([`api_key::redact`]): a value of at most 10 characters right before it is a short
/// form already.
const ELLIPSIS: &str = "…";
const SHORT_FORM_HEAD: usize = 10;

/// Characters read to decide whether a prefix starts a key (every family's shape shows within them; an `sk-`
/// key with no digit in its first 64 characters is not taken for one), and the longest header or variable name
/// that stops a line from being joined.
const PROBE_LEN: usize = 64;

/// No key is this long: lines are not joined beyond it, which bounds the work a text of many short lines can
/// cause (a run on one line is read whole, whatever its length).
const MAX_JOINED: usize = 512;

/// A repeated pass finds something only in contrived text (a short form's tail that, joined with a wrapped next
/// line, starts a new match); this bounds the work such text can cause.
const MAX_PASSES: usize = 8;

/// `text` with everything key-shaped replaced by its short form; borrowed when nothing was found.
///
/// Never panics, and idempotent: the passes repeat until one finds nothing (normally the second), so applying
/// it again changes nothing. Every replacement has fewer key characters than what it replaced, so the passes
/// end.
pub fn secrets(text: &str) -> Cow<'_, str> {
    let mut current = match pass(text) {
        None => return Cow::Borrowed(text),
        Some(changed) => changed,
    };
    for _ in 1..MAX_PASSES {
        match pass(&current) {
            None => break,
            Some(changed) => current = changed,
        }
    }
    Cow::Owned(current)
}

/// [`secrets`] on an owned string, reusing it when nothing was found.
pub fn secrets_owned(text: String) -> String {
    match secrets(&text) {
        Cow::Borrowed(_) => text,
        Cow::Owned(redacted) => redacted,
    }
}

/// A span to hide and the key characters it holds (line breaks inside it left out).
struct Found {
    start: usize,
    end: usize,
    value: String,
}

/// One scan; `None` when nothing was found. Spans start and end next to ASCII bytes, so slicing between them
/// keeps the text valid UTF-8.
fn pass(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out: Option<String> = None;
    let mut copied = 0;
    let mut i = 0;
    while i < bytes.len() {
        let Some(found) = find_at(bytes, i) else {
            i += 1;
            continue;
        };
        let out = out.get_or_insert_with(|| String::with_capacity(text.len()));
        out.push_str(text.get(copied..found.start).unwrap_or_default());
        out.push_str(&api_key::redact(&found.value));
        copied = found.end;
        i = found.end.max(i + 1);
    }
    let mut out = out?;
    out.push_str(text.get(copied..).unwrap_or_default());
    Some(out)
}

/// A secret starting at `i` (or, for a named value, introduced by a name starting at `i`).
fn find_at(bytes: &[u8], i: usize) -> Option<Found> {
    let word_start = i == 0 || !is_key_byte(bytes[i - 1]);
    if word_start {
        if let Some(found) = named_value(bytes, i).or_else(|| bearer_token(bytes, i)) {
            return Some(found);
        }
    }
    if !STARTS_A_PREFIX[usize::from(bytes[i])] {
        return None;
    }
    FAMILIES
        .iter()
        .filter(|f| (word_start || f.anywhere) && bytes[i] == f.prefix.as_bytes()[0])
        .find_map(|f| family_key(bytes, i, f))
}

/// The first byte of every family's prefix. This runs at every byte of every text, and most bytes start no
/// key: one look here instead of a pass over [`FAMILIES`] took `explain_raw` over the fuzz corpus from 9.4 to
/// 6.1 billion instructions (callgrind).
const STARTS_A_PREFIX: [bool; 256] = {
    let mut table = [false; 256];
    let mut f = 0;
    while f < FAMILIES.len() {
        table[FAMILIES[f].prefix.as_bytes()[0] as usize] = true;
        f += 1;
    }
    table
};

fn family_key(bytes: &[u8], i: usize, family: &Family) -> Option<Found> {
    if !may_start_with(bytes, i, family.prefix.as_bytes()) {
        return None;
    }
    let (_, head) = read_run(bytes, i, is_key_byte, family.prefix.len());
    if head != family.prefix {
        return None;
    }
    // The shape is judged on the first characters only, so that text made of many short lines costs little to
    // reject. A fixed-length key is read to its length only, so that a word joined from the next line cannot
    // make it too long to recognise; it must still end there.
    let exact = family.shape == Shape::AwsKeyId;
    let (probe_end, probe) = read_run(
        bytes,
        i,
        is_key_byte,
        if exact { family.min_len } else { PROBE_LEN },
    );
    let shaped = match family.shape {
        Shape::Any => probe.len() >= family.min_len,
        Shape::WithDigit => probe.len() >= family.min_len && probe.bytes().any(|b| b.is_ascii_digit()),
        Shape::AwsKeyId => {
            probe.len() == family.min_len
                && !bytes.get(probe_end).copied().is_some_and(is_key_byte)
                && probe
                    .bytes()
                    .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
        }
    };
    if !shaped {
        return None;
    }
    let (end, value) = if exact {
        (probe_end, probe)
    } else {
        read_run(bytes, i, is_key_byte, usize::MAX)
    };
    Some(Found { start: i, end, value })
}

/// Whether `prefix` may start at `i`: it is there, or a line break cuts it (which [`read_run`] joins). Checked
/// first because every `s` or `A` in a text is a candidate, and reading a run allocates.
fn may_start_with(bytes: &[u8], i: usize, prefix: &[u8]) -> bool {
    let rest = bytes.get(i..).unwrap_or_default();
    let same = rest.iter().zip(prefix).take_while(|(a, b)| a == b).count();
    same == prefix.len() || (same > 0 && matches!(rest.get(same), Some(b'\r' | b'\n' | b'\\')))
}

/// `x-api-key: <value>`, `"api_key":"<value>"`, `Authorization: Bearer <value>`, `?api_key=<value>`.
fn named_value(bytes: &[u8], i: usize) -> Option<Found> {
    let name_end = skip(bytes, i, is_key_byte);
    let name = bytes.get(i..name_end)?;
    // Compared in place: this runs at every word of every text, so it must not allocate.
    let named = SECRET_NAMES
        .iter()
        .any(|n| name.eq_ignore_ascii_case(n.as_bytes()))
        || SECRET_NAME_ENDINGS.iter().any(|e| {
            name.len() >= e.len() && name[name.len() - e.len()..].eq_ignore_ascii_case(e.as_bytes())
        });
    if !named {
        return None;
    }
    let separator = skip(bytes, name_end, is_quoting);
    if !matches!(bytes.get(separator), Some(b':' | b'=')) {
        return None;
    }
    let mut start = skip(bytes, separator + 1, is_quoting);
    let word_end = skip(bytes, start, |b| b.is_ascii_alphabetic());
    let word = bytes.get(start..word_end)?;
    if AUTH_SCHEMES
        .iter()
        .any(|s| word.eq_ignore_ascii_case(s.as_bytes()))
    {
        // `Bearer <credential>`: the credential is the next word; a scheme alone hides nothing.
        let after = skip(bytes, word_end, |b| b == b' ' || b == b'\t');
        if after == word_end || !bytes.get(after).copied().is_some_and(is_value_byte) {
            return None;
        }
        start = after;
    }
    let found = value_at(bytes, start)?;
    (ends_like_a_value(bytes, found.end) || looks_like_credential(found.value.as_bytes())).then_some(found)
}

/// `Bearer <token>` outside a header: only a token that looks like a credential.
fn bearer_token(bytes: &[u8], i: usize) -> Option<Found> {
    let word = bytes.get(i..i + 6)?;
    if !word.eq_ignore_ascii_case(b"bearer") || bytes.get(i + 6).copied().is_some_and(is_key_byte) {
        return None;
    }
    let start = skip(bytes, i + 6, |b| b == b' ' || b == b'\t');
    if start == i + 6 {
        return None;
    }
    // Judged on this line alone: a short word must not become a token by joining the next line's first word.
    let line_end = skip(bytes, start, is_value_byte);
    if !looks_like_credential(bytes.get(start..line_end)?) {
        return None;
    }
    value_at(bytes, start)
}

/// The value starting at `start`, without a sentence's final `.`; `None` when empty or already a short form.
fn value_at(bytes: &[u8], start: usize) -> Option<Found> {
    let (mut end, mut value) = read_run(bytes, start, is_value_byte, usize::MAX);
    while value.ends_with('.') && bytes.get(end - 1) == Some(&b'.') {
        value.pop();
        end -= 1;
    }
    let short_form = value.len() <= SHORT_FORM_HEAD
        && bytes
            .get(end..)
            .is_some_and(|rest| rest.starts_with(ELLIPSIS.as_bytes()));
    (!value.is_empty() && !short_form).then_some(Found { start, end, value })
}

/// Where a header line, a JSON string or a URL parameter ends (not a space: prose goes on after one).
fn ends_like_a_value(bytes: &[u8], end: usize) -> bool {
    match bytes.get(end) {
        None => true,
        Some(b) => matches!(
            b,
            b'\r' | b'\n' | b'"' | b'\'' | b'`' | b'\\' | b'&' | b'}' | b']'
        ),
    }
}

/// 16+ characters mixing letters and digits, or 32+ of anything: words are not that long, tokens are.
fn looks_like_credential(value: &[u8]) -> bool {
    let digits = value.iter().any(u8::is_ascii_digit);
    let letters = value.iter().any(u8::is_ascii_alphabetic);
    (value.len() >= 16 && digits && letters) || value.len() >= 32
}

/// Reads characters of `class` from `start`, at most `max` of them, continuing across a line break when the
/// next line's leading run is of the class and is not a header name or an assignment (see the module docs).
/// Returns the end (just past the last character read) and the characters, without the breaks.
fn read_run(bytes: &[u8], start: usize, class: fn(u8) -> bool, max: usize) -> (usize, String) {
    let mut value = String::new();
    let mut at = start;
    loop {
        while value.len() < max && bytes.get(at).copied().is_some_and(class) {
            value.push(char::from(bytes[at]));
            at += 1;
        }
        if value.is_empty() || value.len() >= max || value.len() >= MAX_JOINED {
            return (at, value);
        }
        let Some(next) = line_break(bytes, at).map(|len| at + len) else {
            return (at, value);
        };
        // A header name or a variable is short: a longer run is a continuation whatever follows it.
        let continued = skip(bytes.get(..next + PROBE_LEN).unwrap_or(bytes), next, class);
        if continued == next || matches!(bytes.get(continued), Some(b':' | b'=')) {
            return (at, value);
        }
        at = next;
    }
}

/// Length of the line break at `at`: `\r\n`, `\n`, `\r`, or one escaped inside a (possibly nested) JSON string:
/// `\n`, `\\n`, `\r\n` written as `\r\n`….
fn line_break(bytes: &[u8], at: usize) -> Option<usize> {
    let rest = bytes.get(at..)?;
    match rest {
        [b'\r', b'\n', ..] => return Some(2),
        [b'\n' | b'\r', ..] => return Some(1),
        _ => {}
    }
    let escaped = |from: usize, letter: u8| {
        let slashes = rest.get(from..)?.iter().take_while(|&&b| b == b'\\').count();
        ((1..=4).contains(&slashes) && rest.get(from + slashes) == Some(&letter)).then_some(slashes + 1)
    };
    if let Some(r) = escaped(0, b'r') {
        if let Some(n) = escaped(r, b'n') {
            return Some(r + n);
        }
    }
    escaped(0, b'n')
}

fn skip(bytes: &[u8], from: usize, class: impl Fn(u8) -> bool) -> usize {
    let mut at = from;
    while bytes.get(at).copied().is_some_and(&class) {
        at += 1;
    }
    at
}

/// What API keys and tokens are made of.
fn is_key_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'-' || b == b'_'
}

/// A header's credential: RFC 9110's token68 (`+`, `/`, `.`, `~`, trailing `=`) on top of key characters.
fn is_value_byte(b: u8) -> bool {
    is_key_byte(b) || matches!(b, b'.' | b'~' | b'+' | b'/' | b'=')
}

/// What may stand between a name, its `:`/`=` and its value: spaces and quotes, escaped or not.
fn is_quoting(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'"' | b'\'' | b'`' | b'\\')
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An obviously fake Anthropic key of the real length (108).
    fn fake_key() -> String {
        let filler: String = "FAKE".chars().cycle().take(108 - 13 - 9).collect();
        format!("sk-ant-api03-{filler}-TESTONLY")
    }

    fn hidden(text: &str, secret: &str) {
        let out = secrets(text);
        let middle = &secret[10..secret.len() - 4];
        assert!(!out.contains(middle), "leaked in {out:?}");
        assert_eq!(secrets(&out), out, "not idempotent");
    }

    #[test]
    fn anthropic_keys_in_messages_become_the_short_form() {
        let key = fake_key();
        let message = format!("invalid x-api-key {key}");
        assert_eq!(secrets(&message), "invalid x-api-key sk-ant-api…ONLY");
        for key in [
            "sk-ant-admin01-FAKEFAKEFAKE-TESTONLY",
            "sk-ant-oat01-FAKEFAKEFAKEFAKE-TESTONLY",
        ] {
            hidden(&format!("token {key} is not allowed"), key);
            hidden(&format!("KEY={key}"), key);
            hidden(&format!("glued_{key}"), key);
        }
    }

    #[test]
    fn named_values_in_headers_json_and_urls() {
        assert_eq!(
            secrets("> x-api-key: abc\n> anthropic-version: 2023-06-01"),
            "> x-api-key: a…\n> anthropic-version: 2023-06-01"
        );
        let reseller = "resellerFAKEFAKE0000FAKETESTONLY";
        assert_eq!(
            secrets(&format!(r#"{{"x-api-key":"{reseller}"}}"#)),
            r#"{"x-api-key":"resellerFA…ONLY"}"#
        );
        assert_eq!(
            secrets(&format!(r#"\"X-Api-Key\": \"{reseller}\""#)),
            r#"\"X-Api-Key\": \"resellerFA…ONLY\""#
        );
        assert_eq!(
            secrets("Authorization: Bearer FAKE-TOKEN"),
            "Authorization: Bearer FAK…N"
        );
        assert_eq!(
            secrets("authorization: Basic ZmFrZTpmYWtl"),
            "authorization: Basic ZmFr…tl"
        );
        assert_eq!(
            secrets("GET /v1/x?api_key=FAKE0000TESTONLY&y=1"),
            "GET /v1/x?api_key=FAKE0…LY&y=1"
        );
        assert_eq!(secrets("ANTHROPIC_API_KEY=fake"), "ANTHROPIC_API_KEY=f…");
    }

    #[test]
    fn other_providers_keys() {
        for key in [
            "sk-proj-FAKEFAKEFAKE0000FAKEFAKE-TESTONLY",
            "sk-or-v1-0000000000000000000000000000000000000000000000000000000000000000",
            "sk-FAKEFAKEFAKEFAKE0000FAKEFAKETESTONLY",
            "AIzaSyFAKEFAKEFAKEFAKEFAKEFAKE0000TEST",
            "AKIAFAKEFAKE0000TEST",
            "ghp_FAKEFAKEFAKEFAKEFAKEFAKEFAKE0000TEST",
            "github_pat_FAKEFAKEFAKE0000_FAKEFAKEFAKETEST",
        ] {
            hidden(&format!("upstream said: Incorrect API key provided: {key}."), key);
        }
        let jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJGQUtFIn0.FAKEsignature0000";
        hidden(&format!("rejected Bearer {jwt}"), jwt);
    }

    #[test]
    fn ordinary_text_is_left_alone() {
        for text in [
            "request_id req_011CXFAKEFAKEFAKEFAKE0000 toolu_01D7FAKEFAKEFAKE0000 srvtoolu_01FAKE",
            "model: claude-opus-4-5-20251101 and claude-sonnet-4-5",
            "organization 8c1f2e3a-0000-4000-8000-000000000000",
            "x-api-key header is required",
            "invalid x-api-key",
            "Invalid bearer token",
            "x-api-key: Extra inputs are not permitted",
            "api_key: Field required",
            "The Claude API reads the key from `x-api-key: <key>`; resellers read `Authorization: Bearer <key>`.",
            "expects `Authorization: Bearer`",
            "keys look like sk-ant-api03-... or sk-ant-…",
            "a sk-learning-rate-scheduler-for-everyone word",
            "AKIA is a prefix; AKIAFAKE is too short",
            "The key sent (sk-ant-api…ONLY) is well-formed",
            "",
        ] {
            assert_eq!(secrets(text), text);
            assert!(matches!(secrets(text), Cow::Borrowed(_)));
        }
    }

    #[test]
    fn a_key_wrapped_onto_the_next_line_is_hidden_whole() {
        let key = fake_key();
        let (head, tail) = key.split_at(40);
        let dump = format!("> x-api-key: {head}\n{tail}\n> anthropic-version: 2023-06-01\n");
        assert_eq!(
            secrets(&dump),
            "> x-api-key: sk-ant-api…ONLY\n> anthropic-version: 2023-06-01\n"
        );
        hidden(&format!("invalid x-api-key {head}\r\n{tail}"), &key);
        hidden(
            &format!(r#"{{"message":"invalid x-api-key {head}\n{tail}"}}"#),
            &key,
        );
        hidden(
            &format!(r#"\"message\":\"invalid x-api-key {head}\\n{tail}\""#),
            &key,
        );
        let (prefix, rest) = key.split_at(5);
        hidden(&format!("bad key {prefix}\n{rest}"), &key);
        // The next line's header is not part of the key.
        assert_eq!(
            secrets(&format!("x-api-key: {key}\nanthropic-version: 1")),
            "x-api-key: sk-ant-api…ONLY\nanthropic-version: 1"
        );
    }

    #[test]
    fn a_key_in_a_json_string_inside_a_json_string() {
        let key = fake_key();
        let body = format!(
            r#"{{"type":"error","error":{{"type":"api_error","message":"{{\"error\":{{\"message\":\"invalid x-api-key {key}\"}}}}"}}}}"#
        );
        hidden(&body, &key);
        assert!(secrets(&body).contains(r#"invalid x-api-key sk-ant-api…ONLY\""#));
    }

    #[test]
    fn a_key_pasted_into_a_request_is_not_quoted_by_a_diagnostic() {
        let key = fake_key();
        let report = crate::request::validate(&format!(
            r#"{{"model":"{key}","max_tokens":1,"messages":[{{"role":"user","content":"Hi"}}]}}"#
        ));
        let message = &report.diagnostics[0].message;
        assert_eq!(message, "Unknown model \"sk-ant-api…ONLY\".");
    }

    #[test]
    fn never_panics_on_odd_text() {
        for text in [
            "x-api-key:",
            "x-api-key: …",
            "Bearer ",
            "sk-ant-",
            "\\",
            "é x-api-key=é sk-ant-é",
            "…\n\\\\n",
        ] {
            assert_eq!(secrets(&secrets(text)), secrets(text));
        }
    }
}
