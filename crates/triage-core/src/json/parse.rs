use super::borrowed::{Member, Node, Offsets, Str, Value};
use super::decimal;
use super::error::{JsonError, JsonErrorKind as K};
use super::tree::{self, Number, Span};

/// Deeper documents are refused rather than risking the stack (a wasm stack is 1 MB); no real request nests
/// anywhere near this.
pub const MAX_DEPTH: usize = 512;

/// Parses exactly one JSON document, strictly (RFC 8259, as the Claude API reads it).
pub fn parse(text: &str) -> Result<tree::Node, JsonError> {
    parse_borrowed(text).map(Node::into_owned)
}

/// [`parse`] into the tree that borrows from `text`: what request validation reads (see [`super::borrowed`]).
pub fn parse_borrowed(text: &str) -> Result<Node<'_>, JsonError> {
    if text.starts_with('\u{FEFF}') {
        return Err(JsonError::new(
            K::ByteOrderMark,
            Span::new(0, 3),
            "The text starts with a byte order mark (U+FEFF), which JSON does not allow.",
        ));
    }
    // The tree keeps `u32` offsets (see [`super::borrowed`]); no request comes near this.
    if u32::try_from(text.len()).is_err() {
        return Err(JsonError::new(
            K::TooLarge,
            Span::new(0, 0),
            format!(
                "The text is {} bytes; this reader takes less than 4 GiB.",
                text.len()
            ),
        ));
    }
    let mut p = Parser::new(text);
    p.skip_ws()?;
    if p.pos == p.bytes.len() {
        return Err(JsonError::new(
            K::Empty,
            Span::new(0, 0),
            "The body is empty: there is no JSON value.",
        ));
    }
    let node = p.value(0)?;
    p.skip_ws()?;
    if p.pos < p.bytes.len() {
        let end = p.char_end(p.pos);
        return Err(JsonError::new(
            K::TrailingCharacters,
            Span::new(p.pos, end),
            "Unexpected text after the end of the JSON document.",
        ));
    }
    Ok(node)
}

struct Parser<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
    /// Scratch stacks: the children of every open container, innermost last. A container pushes its children
    /// here and, when it closes, moves them out into one allocation of the exact size — instead of a `Vec` per
    /// container that reallocates as it grows and keeps its slack. `split_off` moves them with one copy of the
    /// block; collecting a `drain` moved them one by one (5 % of the instructions on the 10 MB transcript).
    items: Vec<Node<'a>>,
    members: Vec<Member<'a>>,
}

impl<'a> Parser<'a> {
    fn new(text: &'a str) -> Self {
        Parser {
            text,
            bytes: text.as_bytes(),
            pos: 0,
            items: Vec::new(),
            members: Vec::new(),
        }
    }

    // `inline(always)` on the parser's smallest helpers: the wasm is built for size (opt-level "z"), which
    // otherwise leaves them as calls in the innermost loops (issue 26).
    #[inline(always)]
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    /// `text[start..end]` without a panic path: every caller passes char boundaries, and a slicing panic would
    /// pull the standard library's formatting of the offending character into the wasm.
    #[inline(always)]
    fn slice(&self, start: usize, end: usize) -> &'a str {
        self.text.get(start..end).unwrap_or_default()
    }

    /// End of the UTF-8 character starting at `at`, for one-character spans.
    fn char_end(&self, at: usize) -> usize {
        self.slice(at, self.text.len())
            .chars()
            .next()
            .map_or(at, |c| at + c.len_utf8())
    }

    /// Runs between every two tokens: inlined, with the comment check (a slash is never valid here) out of line.
    #[inline(always)]
    fn skip_ws(&mut self) -> Result<(), JsonError> {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.pos += 1;
        }
        if self.peek() == Some(b'/') {
            return self.comment();
        }
        Ok(())
    }

    #[cold]
    fn comment(&self) -> Result<(), JsonError> {
        if matches!(self.bytes.get(self.pos + 1), Some(b'/' | b'*')) {
            return Err(JsonError::new(
                K::Comment,
                Span::new(self.pos, self.pos + 2),
                "Comments are not allowed in JSON.",
            ));
        }
        Ok(())
    }

    fn truncated(&self, what: &str) -> JsonError {
        JsonError::new(
            K::Truncated,
            Span::new(self.pos, self.pos),
            format!("The text ends in the middle of {what}."),
        )
    }

    fn unexpected(&self, expected: &str) -> JsonError {
        let end = self.char_end(self.pos);
        let found = self.slice(self.pos, end);
        JsonError::new(
            K::UnexpectedCharacter,
            Span::new(self.pos, end),
            format!("Expected {expected}, found '{found}'."),
        )
    }

    fn value(&mut self, depth: usize) -> Result<Node<'a>, JsonError> {
        let start = self.pos;
        let Some(b) = self.peek() else {
            return Err(self.truncated("the document: a value is missing"));
        };
        let value = match b {
            b'{' => self.object(depth)?,
            b'[' => self.array(depth)?,
            b'"' => Value::String(self.string()?),
            b'-' | b'0'..=b'9' => Value::Number(self.number()?),
            b'\'' => return Err(self.single_quotes()),
            _ if b.is_ascii_alphabetic() || b == b'+' || b == b'.' => self.word()?,
            _ => return Err(self.unexpected("a value")),
        };
        Ok(Node::new(value, Offsets::new(start, self.pos)))
    }

    fn single_quotes(&self) -> JsonError {
        JsonError::new(
            K::SingleQuotes,
            Span::new(self.pos, self.pos + 1),
            "Strings must use double quotes, not single quotes.",
        )
    }

    /// A bare word: `true`, `false`, `null`, or a common mistake worth naming.
    fn word(&mut self) -> Result<Value<'a>, JsonError> {
        let start = self.pos;
        let len = self.bytes[start..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'+' | b'.'))
            .count();
        let word = self.slice(start, start + len);
        let span = Span::new(start, start + len.max(1));
        let value = match word {
            "true" => Value::Bool(true),
            "false" => Value::Bool(false),
            "null" => Value::Null,
            "NaN" | "Infinity" | "+Infinity" | "inf" | "nan" => {
                return Err(JsonError::new(
                    K::NonFiniteNumber,
                    span,
                    format!("'{word}' is not a JSON number."),
                ))
            }
            "True" | "False" | "None" => {
                return Err(JsonError::new(
                    K::PythonLiteral,
                    span,
                    format!("'{word}' is a Python literal, not JSON."),
                ))
            }
            _ if word.starts_with('+') || word.starts_with('.') => {
                return Err(JsonError::new(
                    K::InvalidNumber,
                    span,
                    format!("'{word}' is not a valid JSON number."),
                ))
            }
            _ => {
                // A prefix of a literal at the very end means the text was cut off.
                if start + len == self.bytes.len()
                    && ["true", "false", "null"].iter().any(|l| l.starts_with(word))
                {
                    self.pos = start + len;
                    return Err(self.truncated("a literal"));
                }
                return Err(JsonError::new(
                    K::UnexpectedCharacter,
                    span,
                    format!("Unexpected word '{word}': strings must be in double quotes."),
                ));
            }
        };
        self.pos = start + len;
        Ok(value)
    }

    fn enter(&self, depth: usize) -> Result<usize, JsonError> {
        if depth >= MAX_DEPTH {
            return Err(JsonError::new(
                K::TooDeep,
                Span::new(self.pos, self.pos + 1),
                format!("The document nests deeper than {MAX_DEPTH} levels."),
            ));
        }
        Ok(depth + 1)
    }

    fn array(&mut self, depth: usize) -> Result<Value<'a>, JsonError> {
        let depth = self.enter(depth)?;
        self.pos += 1; // '['
        let first = self.items.len();
        self.skip_ws()?;
        if self.peek() == Some(b']') {
            self.pos += 1;
            return Ok(Value::Array(Box::new([])));
        }
        loop {
            self.skip_ws()?;
            let item = self.value(depth)?;
            self.items.push(item);
            self.skip_ws()?;
            match self.peek() {
                Some(b',') => {
                    let comma = self.pos;
                    self.pos += 1;
                    self.skip_ws()?;
                    if self.peek() == Some(b']') {
                        return Err(trailing_comma(comma));
                    }
                }
                Some(b']') => {
                    self.pos += 1;
                    return Ok(Value::Array(self.items.split_off(first).into_boxed_slice()));
                }
                None => return Err(self.truncated("an array: ']' is missing")),
                Some(_) => return Err(self.missing_comma("']'")),
            }
        }
    }

    fn object(&mut self, depth: usize) -> Result<Value<'a>, JsonError> {
        let depth = self.enter(depth)?;
        self.pos += 1; // '{'
        let first = self.members.len();
        self.skip_ws()?;
        if self.peek() == Some(b'}') {
            self.pos += 1;
            return Ok(Value::Object(Box::new([])));
        }
        loop {
            self.skip_ws()?;
            let key_start = self.pos;
            let key = match self.peek() {
                Some(b'"') => self.string()?,
                Some(b'\'') => return Err(self.single_quotes()),
                Some(b) if b.is_ascii_alphabetic() || b == b'_' => {
                    let len = self.bytes[self.pos..]
                        .iter()
                        .take_while(|b| b.is_ascii_alphanumeric() || **b == b'_')
                        .count();
                    return Err(JsonError::new(
                        K::UnquotedKey,
                        Span::new(self.pos, self.pos + len),
                        format!(
                            "The key '{}' must be in double quotes.",
                            self.slice(self.pos, self.pos + len)
                        ),
                    ));
                }
                None => return Err(self.truncated("an object: '}' is missing")),
                Some(_) => return Err(self.unexpected("a key in double quotes")),
            };
            self.skip_ws()?;
            match self.peek() {
                Some(b':') => self.pos += 1,
                None => return Err(self.truncated("an object")),
                Some(_) => {
                    let end = self.char_end(self.pos);
                    return Err(JsonError::new(
                        K::MissingColon,
                        Span::new(self.pos, end),
                        format!("Expected ':' after the key \"{key}\"."),
                    ));
                }
            }
            self.skip_ws()?;
            let value = self.value(depth)?;
            self.members.push(Member::new(key, key_start, value));
            self.skip_ws()?;
            match self.peek() {
                Some(b',') => {
                    let comma = self.pos;
                    self.pos += 1;
                    self.skip_ws()?;
                    if self.peek() == Some(b'}') {
                        return Err(trailing_comma(comma));
                    }
                }
                Some(b'}') => {
                    self.pos += 1;
                    return Ok(Value::Object(self.members.split_off(first).into_boxed_slice()));
                }
                None => return Err(self.truncated("an object: '}' is missing")),
                Some(_) => return Err(self.missing_comma("'}'")),
            }
        }
    }

    fn missing_comma(&self, close: &str) -> JsonError {
        let end = self.char_end(self.pos);
        JsonError::new(
            K::MissingComma,
            Span::new(self.pos, end),
            format!("Expected ',' or {close} here."),
        )
    }

    /// A string, checked but not decoded: rules decode the few whose content they read (see [`super::borrowed`]).
    ///
    /// The common case, a string without escapes, is inlined where values and keys are read, and the rest kept
    /// out of line, so the escape handling is not copied: 8 % fewer instructions on the 75 KB transcript.
    #[inline(always)]
    fn string(&mut self) -> Result<Str<'a>, JsonError> {
        let open = self.pos;
        self.pos += 1; // '"'
        self.pos += plain_run(&self.bytes[self.pos..]);
        if self.peek() == Some(b'"') {
            self.pos += 1;
            return Ok(Str::new(self.slice(open + 1, self.pos - 1), false));
        }
        self.string_rest(open)
    }

    /// The rest of the string opened at `open`, from an escape, a control character or the end of the text.
    fn string_rest(&mut self, open: usize) -> Result<Str<'a>, JsonError> {
        let mut escaped = false;
        loop {
            match self.peek() {
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(Str::new(self.slice(open + 1, self.pos - 1), escaped));
                }
                Some(b'\\') => {
                    escaped = true;
                    self.escape()?;
                    self.pos += plain_run(&self.bytes[self.pos..]);
                }
                None => {
                    return Err(JsonError::new(
                        K::UnterminatedString,
                        Span::new(open, self.pos),
                        "This string is never closed: the text ends before its closing double quote.",
                    ))
                }
                Some(b) => {
                    let name = match b {
                        b'\n' => "a raw newline".to_string(),
                        b'\t' => "a raw tab".to_string(),
                        b'\r' => "a raw carriage return".to_string(),
                        _ => format!("the control character U+{b:04X}"),
                    };
                    return Err(JsonError::new(
                        K::ControlCharacter,
                        Span::new(self.pos, self.pos + 1),
                        format!("The string contains {name}, which must be escaped."),
                    ));
                }
            }
        }
    }

    /// The escape at `pos` (a backslash), decoded; the parser checks escapes with it and [`unescape`] decodes
    /// them, so both read escapes the same way.
    fn escape(&mut self) -> Result<char, JsonError> {
        let start = self.pos;
        let Some(&c) = self.bytes.get(self.pos + 1) else {
            self.pos += 1;
            return Err(self.truncated("a string escape"));
        };
        self.pos += 2;
        let ch = match c {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => {
                let high = self.hex4(start)?;
                if (0xDC00..0xE000).contains(&high) {
                    return Err(lone_surrogate(start, self.pos, high));
                }
                if (0xD800..0xDC00).contains(&high) {
                    let low = if self.bytes[self.pos..].starts_with(b"\\u") {
                        let save = self.pos;
                        self.pos += 2;
                        let low = self.hex4(save)?;
                        if (0xDC00..0xE000).contains(&low) {
                            Some(low)
                        } else {
                            self.pos = save;
                            None
                        }
                    } else {
                        None
                    };
                    let Some(low) = low else {
                        return Err(lone_surrogate(start, self.pos, high));
                    };
                    let code = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00);
                    char::from_u32(code).expect("a surrogate pair always decodes")
                } else {
                    char::from_u32(high).expect("a non-surrogate BMP code point is a char")
                }
            }
            _ => {
                let end = self.char_end(start + 1);
                self.pos = end;
                return Err(JsonError::new(
                    K::InvalidEscape,
                    Span::new(start, end),
                    format!("'{}' is not a valid escape sequence.", self.slice(start, end)),
                ));
            }
        };
        Ok(ch)
    }

    /// Four hex digits after `\u`; `escape_start` is the backslash, for the error span.
    fn hex4(&mut self, escape_start: usize) -> Result<u32, JsonError> {
        let mut v = 0u32;
        for i in 0..4 {
            let Some(&b) = self.bytes.get(self.pos + i) else {
                self.pos = self.bytes.len();
                return Err(self.truncated("a \\u escape"));
            };
            let d = (b as char).to_digit(16).ok_or_else(|| {
                let end = self.char_end(self.pos + i);
                JsonError::new(
                    K::InvalidEscape,
                    Span::new(escape_start, end),
                    "A \\u escape needs exactly four hexadecimal digits.",
                )
            })?;
            v = v * 16 + d;
        }
        self.pos += 4;
        Ok(v)
    }

    fn number(&mut self) -> Result<Number, JsonError> {
        let start = self.pos;
        let b = self.bytes;
        let mut i = start;
        if b.get(i) == Some(&b'-') {
            i += 1;
            if b[i..].starts_with(b"Infinity") {
                return Err(JsonError::new(
                    K::NonFiniteNumber,
                    Span::new(start, i + 8),
                    "'-Infinity' is not a JSON number.",
                ));
            }
        }
        let digits = |i: usize| b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
        let int_len = digits(i);
        let text = self.text;
        let bad = |end: usize, what: &str| {
            // The offending character may be multi-byte, or missing at the end: keep the span on char boundaries.
            let mut end = end.max(start + 1).min(text.len());
            while !text.is_char_boundary(end) {
                end += 1;
            }
            JsonError::new(
                K::InvalidNumber,
                Span::new(start, end),
                format!("Invalid number: {what}."),
            )
        };
        if int_len == 0 {
            if i == b.len() {
                self.pos = i;
                return Err(self.truncated("a number"));
            }
            return Err(bad(i + 1, "a digit must follow '-'"));
        }
        if int_len > 1 && b[i] == b'0' {
            return Err(bad(i + int_len, "leading zeros are not allowed"));
        }
        i += int_len;
        let mut written_as_integer = true;
        if b.get(i) == Some(&b'.') {
            written_as_integer = false;
            let frac = digits(i + 1);
            if frac == 0 {
                return Err(bad(i + 1, "a digit must follow '.'"));
            }
            i += 1 + frac;
        }
        if matches!(b.get(i), Some(b'e' | b'E')) {
            written_as_integer = false;
            let mut j = i + 1;
            if matches!(b.get(j), Some(b'+' | b'-')) {
                j += 1;
            }
            let exp = digits(j);
            if exp == 0 {
                return Err(bad(j + 1, "the exponent has no digits"));
            }
            i = j + exp;
        }
        self.pos = i;
        // The grammar above only admits text `decimal::parse` accepts; huge exponents become ±inf, as in Python.
        let value = decimal::parse(self.slice(start, i)).unwrap_or(f64::NAN);
        Ok(Number {
            value,
            written_as_integer,
        })
    }
}

/// The length of the run of plain string bytes: up to a quote, a backslash or a control character.
///
/// Eight bytes at a time, with the classic bit tricks for "has a byte equal to / less than": most of a
/// transcript is string content, and this was the parser's hottest loop byte by byte (issue 26). Portable and
/// safe, so the wasm gets it too. `memchr` finds at most three given bytes, not the 32 control characters:
/// `memchr2` for the quote and backslash plus a second pass for control characters measured 8 % more
/// instructions on the 75 KB transcript (2.15 G against 1.99 G under callgrind) and ran 5–7 % slower. The
/// tricks can flag a byte above a real match (a borrow carries upwards), never one below it, so the lowest
/// flagged byte is exact.
#[inline(always)]
fn plain_run(bytes: &[u8]) -> usize {
    const ONES: u64 = u64::from_ne_bytes([1; 8]);
    const HIGHS: u64 = ONES * 0x80;
    let mut i = 0;
    for chunk in bytes.chunks_exact(8) {
        let Ok(word) = <[u8; 8]>::try_from(chunk) else {
            break;
        };
        let word = u64::from_le_bytes(word);
        let quote = word ^ (ONES * u64::from(b'"'));
        let backslash = word ^ (ONES * u64::from(b'\\'));
        let found = (quote.wrapping_sub(ONES) & !quote)
            | (backslash.wrapping_sub(ONES) & !backslash)
            | (word.wrapping_sub(ONES * 0x20) & !word);
        let found = found & HIGHS;
        if found != 0 {
            return i + (found.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while let Some(&b) = bytes.get(i) {
        if b == b'"' || b == b'\\' || b < 0x20 {
            break;
        }
        i += 1;
    }
    i
}

/// Decodes the escapes of a string's text (as written between its quotes, already checked by the parser).
pub(super) fn unescape(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut p = Parser::new(raw);
    loop {
        let run = raw.as_bytes()[p.pos..]
            .iter()
            .position(|&b| b == b'\\')
            .unwrap_or(raw.len() - p.pos);
        out.push_str(p.slice(p.pos, p.pos + run));
        p.pos += run;
        if p.pos >= raw.len() {
            return out;
        }
        match p.escape() {
            Ok(ch) => out.push(ch),
            // Never: the parser checked every escape. Marked rather than dropped, to be safe.
            Err(_) => {
                out.push(char::REPLACEMENT_CHARACTER);
                return out;
            }
        }
    }
}

/// The decoded characters of a string's text, one at a time (see [`unescape`]).
pub(super) struct Unescaped<'a> {
    p: Parser<'a>,
}

impl<'a> Unescaped<'a> {
    pub(super) fn new(raw: &'a str) -> Self {
        Unescaped { p: Parser::new(raw) }
    }
}

impl Iterator for Unescaped<'_> {
    type Item = char;

    fn next(&mut self) -> Option<char> {
        let p = &mut self.p;
        if p.peek()? == b'\\' {
            return Some(p.escape().unwrap_or_else(|_| {
                // Never, as in `unescape`; stop after marking it.
                p.pos = p.bytes.len();
                char::REPLACEMENT_CHARACTER
            }));
        }
        let ch = p.slice(p.pos, p.text.len()).chars().next()?;
        p.pos += ch.len_utf8();
        Some(ch)
    }
}

fn trailing_comma(at: usize) -> JsonError {
    JsonError::new(
        K::TrailingComma,
        Span::new(at, at + 1),
        "Trailing comma: JSON does not allow a comma before a closing bracket.",
    )
}

fn lone_surrogate(start: usize, end: usize, unit: u32) -> JsonError {
    JsonError::new(
        K::LoneSurrogate,
        Span::new(start, end),
        format!("\\u{unit:04X} is half of a UTF-16 surrogate pair without its other half; the API rejects it as invalid JSON."),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(text: &str) -> K {
        parse(text).unwrap_err().kind
    }

    #[test]
    fn parses_values_with_spans() {
        let text = r#" {"a": [1, -2.5e3, "x\u00e9\ud83d\ude00"], "b": null, "c": true} "#;
        let root = parse(text).unwrap();
        assert_eq!(root.span, Span::new(1, text.len() - 1));
        let a = root.get("a").unwrap().as_array().unwrap();
        assert_eq!(a[0].as_number().unwrap().as_i64(), Some(1));
        assert!(a[0].as_number().unwrap().written_as_integer);
        assert_eq!(a[1].as_f64(), Some(-2500.0));
        assert!(!a[1].as_number().unwrap().written_as_integer);
        assert_eq!(a[2].as_str(), Some("xé😀"));
        assert_eq!(&text[a[2].span.start..a[2].span.end], r#""x\u00e9\ud83d\ude00""#);
        assert!(root.get("b").unwrap().is_null());
        assert_eq!(root.get("c").unwrap().as_bool(), Some(true));
        assert_eq!(root.member("a").unwrap().key_span, Span::new(2, 5));
    }

    #[test]
    fn names_common_mistakes() {
        assert_eq!(kind(""), K::Empty);
        assert_eq!(kind("  \n"), K::Empty);
        assert_eq!(kind("\u{FEFF}{}"), K::ByteOrderMark);
        assert_eq!(kind(r#"{"a": [1, 2,]}"#), K::TrailingComma);
        assert_eq!(kind(r#"{"a": 1,}"#), K::TrailingComma);
        assert_eq!(kind(r#"{'a': 1}"#), K::SingleQuotes);
        assert_eq!(kind(r#"{"a": 'x'}"#), K::SingleQuotes);
        assert_eq!(kind(r#"{model: 1}"#), K::UnquotedKey);
        assert_eq!(kind("{\"a\": 1 // c\n}"), K::Comment);
        assert_eq!(kind(r#"{"a": NaN}"#), K::NonFiniteNumber);
        assert_eq!(kind(r#"{"a": -Infinity}"#), K::NonFiniteNumber);
        assert_eq!(kind(r#"{"a": True}"#), K::PythonLiteral);
        assert_eq!(kind(r#"{"a": 01}"#), K::InvalidNumber);
        assert_eq!(kind(r#"{"a": +1}"#), K::InvalidNumber);
        assert_eq!(kind(r#"{"a": 1.}"#), K::InvalidNumber);
        assert_eq!(kind(r#"{"a": "x"#), K::UnterminatedString);
        assert_eq!(kind("{\"a\": \"x\ny\"}"), K::ControlCharacter);
        assert_eq!(kind(r#"{"a": "\q"}"#), K::InvalidEscape);
        assert_eq!(kind(r#"{"a": "\ud83d x"}"#), K::LoneSurrogate);
        assert_eq!(kind(r#"{"a": "\ude00"}"#), K::LoneSurrogate);
        assert_eq!(kind(r#"{"a": "\ud83d\u0041"}"#), K::LoneSurrogate);
        assert_eq!(kind(r#"{"a": [1, 2"#), K::Truncated);
        assert_eq!(kind(r#"{"a": tr"#), K::Truncated);
        assert_eq!(kind(r#"{"a" 1}"#), K::MissingColon);
        assert_eq!(kind(r#"{"a": 1 "b": 2}"#), K::MissingComma);
        assert_eq!(kind(r#"{} {}"#), K::TrailingCharacters);
        assert_eq!(kind(r#"{"a": hello}"#), K::UnexpectedCharacter);
    }

    #[test]
    fn plain_runs_stop_where_a_byte_scan_does() {
        let stops = [b'"', b'\\', 0x00, 0x1f, b'\n'];
        // Neighbours of the stop bytes and bytes with the high bit set, where the bit tricks could slip.
        let fillers = [
            b'a', 0x20, 0x21, 0x23, 0x5b, 0x5d, 0x7f, 0x80, 0x9c, 0xa2, 0xdc, 0xff,
        ];
        for len in 0..20 {
            for at in 0..=len {
                for &stop in &stops {
                    for &filler in &fillers {
                        let mut bytes = vec![filler; len];
                        if at < len {
                            bytes[at] = stop;
                        }
                        if at + 2 < len {
                            bytes[at + 2] = b'"';
                        }
                        let expected = bytes
                            .iter()
                            .position(|&b| b == b'"' || b == b'\\' || b < 0x20)
                            .unwrap_or(len);
                        assert_eq!(plain_run(&bytes), expected, "{bytes:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn depth_is_bounded_without_overflowing_the_stack() {
        let deep = "[".repeat(10_000) + &"]".repeat(10_000);
        assert_eq!(kind(&deep), K::TooDeep);
        let ok = "[".repeat(MAX_DEPTH) + &"]".repeat(MAX_DEPTH);
        assert!(parse(&ok).is_ok());
    }

    #[test]
    fn error_spans_stay_inside_the_text() {
        for text in ["{\"a\": \"é", "[1,", "\"\\u12", "-", "{\"a\":\"\\", "é"] {
            let e = parse(text).unwrap_err();
            assert!(
                e.span.start <= e.span.end && e.span.end <= text.len(),
                "{text:?}: {e:?}"
            );
            assert!(
                text.is_char_boundary(e.span.start) && text.is_char_boundary(e.span.end),
                "{text:?}: {e:?}"
            );
        }
    }
}
