//! The parsed tree as request validation reads it: the same shape as [`super::Node`], but borrowing from the
//! text instead of owning copies of it.
//!
//! Why a second tree: validating an agent transcript is mostly reading JSON, and the owned tree spent most of
//! that time in the allocator — one `String` per key and per string value, and a growing `Vec` per container
//! (issue 26). Here every string and key is a slice of the text, and each container's children are collected
//! on a scratch stack and allocated once, at their exact size. [`super::parse`] builds this tree and converts
//! it, so both trees come from one parser and report the same errors.
//!
//! Two choices keep the tree small, since on a 10 MB transcript it is most of the peak memory (issue 26: at
//! most 3x the input):
//! - A string with escapes is kept as written and decoded only when a rule reads its content
//!   ([`Str::decode`]). A transcript's tool results and file contents are full of `\n`: decoding them all up
//!   front copied about a fifth of the input, for rules that only look at their length or whether they are
//!   blank — and comparisons with the short names rules look for need no copy at all.
//! - Offsets are `u32`: a node is 32 bytes instead of 48, a member 56 instead of 88 (about 11 MB less on the
//!   10 MB transcript). [`super::parse_borrowed`] refuses texts of 4 GiB or more; the API's own limit is 32 MB.

use super::tree::{self, node_accessors, Number, Span};
use std::borrow::Cow;
use std::fmt;

/// A byte range of the text in `u32`s, converted to a [`Span`] when a rule reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Offsets {
    start: u32,
    end: u32,
}

impl Offsets {
    /// `start` and `end` are at most the text's length, which the parser checked fits a `u32`.
    #[inline(always)]
    pub(super) fn new(start: usize, end: usize) -> Self {
        Offsets {
            start: start as u32,
            end: end as u32,
        }
    }

    #[inline(always)]
    fn span(self) -> Span {
        Span::new(self.start as usize, self.end as usize)
    }
}

/// A string value or key as written between its quotes; `escaped` when it has backslash escapes, which the
/// parser has checked and [`Str::decode`] resolves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Str<'a> {
    raw: &'a str,
    escaped: bool,
}

// The accessors below are `inline(always)`: the rules call them for every member they look up, and the
// size-optimised wasm (opt-level "z") would otherwise keep each one a call (issue 26).
impl<'a> Str<'a> {
    #[inline(always)]
    pub(super) fn new(raw: &'a str, escaped: bool) -> Self {
        Str { raw, escaped }
    }

    /// The text of the string: borrowed when it has no escapes, else decoded into a copy.
    #[inline(always)]
    pub fn decode(self) -> Cow<'a, str> {
        if self.escaped {
            Cow::Owned(super::parse::unescape(self.raw))
        } else {
            Cow::Borrowed(self.raw)
        }
    }

    /// The decoded characters, one at a time: for checks that stop early or need no copy.
    pub fn chars(self) -> impl Iterator<Item = char> + 'a {
        super::parse::Unescaped::new(self.raw)
    }

    /// Empty or only whitespace (what `str::trim` removes), decoding no further than the first other character.
    pub fn is_blank(self) -> bool {
        if self.escaped {
            self.chars().all(char::is_whitespace)
        } else {
            // Stops at the first other character; `trim` would also scan back from the end.
            self.raw.chars().all(char::is_whitespace)
        }
    }
}

impl PartialEq<str> for Str<'_> {
    /// Lengths first: looking a key up compares it with every member before it, and most differ in length.
    /// Escaped strings (rare among the names rules compare) are compared as decoded, without a copy.
    #[inline(always)]
    fn eq(&self, other: &str) -> bool {
        if self.escaped {
            return self.chars().eq(other.chars());
        }
        self.raw.len() == other.len() && self.raw == other
    }
}

impl PartialEq<&str> for Str<'_> {
    #[inline(always)]
    fn eq(&self, other: &&str) -> bool {
        *self == **other
    }
}

impl PartialEq<Str<'_>> for &str {
    fn eq(&self, other: &Str<'_>) -> bool {
        *other == **self
    }
}

impl fmt::Display for Str<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.decode())
    }
}

/// A parsed JSON value and where its text is.
#[derive(Debug, Clone, PartialEq)]
pub struct Node<'a> {
    pub value: Value<'a>,
    offsets: Offsets,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Value<'a> {
    Null,
    Bool(bool),
    Number(Number),
    String(Str<'a>),
    /// Boxed slices, not `Vec`s: built at their final size, and 8 bytes smaller per node.
    Array(Box<[Node<'a>]>),
    /// Members in document order; duplicate keys are kept (the last one wins for [`Node::get`]).
    Object(Box<[Member<'a>]>),
}

/// An object member. The key is stored flat (its text, whether it is escaped, where it starts) rather than as
/// a [`Str`] and a span: the span is the key's text and its two quotes, and this saves 8 bytes per member.
#[derive(Debug, Clone, PartialEq)]
pub struct Member<'a> {
    key: &'a str,
    key_escaped: bool,
    key_start: u32,
    pub value: Node<'a>,
}

impl<'a> Member<'a> {
    /// `key` is the key's text between its quotes, which start at `key_start`.
    #[inline(always)]
    pub(super) fn new(key: Str<'a>, key_start: usize, value: Node<'a>) -> Self {
        Member {
            key: key.raw,
            key_escaped: key.escaped,
            key_start: key_start as u32,
            value,
        }
    }

    #[inline(always)]
    pub fn key(&self) -> Str<'a> {
        Str::new(self.key, self.key_escaped)
    }

    #[inline(always)]
    fn key_is(&self, key: &str) -> bool {
        self.key() == key
    }

    /// The key with its quotes.
    pub fn key_span(&self) -> Span {
        let start = self.key_start as usize;
        Span::new(start, start + self.key.len() + 2)
    }
}

impl<'a> Node<'a> {
    #[inline(always)]
    pub(super) fn new(value: Value<'a>, offsets: Offsets) -> Self {
        Node { value, offsets }
    }

    #[inline(always)]
    pub fn span(&self) -> Span {
        self.offsets.span()
    }

    node_accessors!(Member<'a>);

    #[inline(always)]
    pub fn as_string(&self) -> Option<Str<'a>> {
        match self.value {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// The text of a string value (see [`Str::decode`]).
    #[inline(always)]
    pub fn as_str(&self) -> Option<Cow<'a, str>> {
        self.as_string().map(Str::decode)
    }

    /// Whether this is the string `value`: what most rules ask, with no copy even when the string is escaped.
    #[inline(always)]
    pub fn is_str(&self, value: &str) -> bool {
        self.as_string().is_some_and(|s| s == value)
    }

    /// The owned tree, for callers that keep or edit it.
    pub fn into_owned(self) -> tree::Node {
        let span = self.span();
        let value = match self.value {
            Value::Null => tree::Value::Null,
            Value::Bool(b) => tree::Value::Bool(b),
            Value::Number(n) => tree::Value::Number(n),
            Value::String(s) => tree::Value::String(s.decode().into_owned()),
            Value::Array(items) => {
                tree::Value::Array(items.into_vec().into_iter().map(Node::into_owned).collect())
            }
            Value::Object(members) => tree::Value::Object(
                members
                    .into_vec()
                    .into_iter()
                    .map(|m| tree::Member {
                        key: m.key().decode().into_owned(),
                        key_span: m.key_span(),
                        value: m.value.into_owned(),
                    })
                    .collect(),
            ),
        };
        tree::Node { value, span }
    }
}

#[cfg(test)]
mod tests {
    use super::super::parse_borrowed;

    #[test]
    fn the_tree_stays_small() {
        // Most of a transcript's peak memory is these two (issue 26).
        assert_eq!(std::mem::size_of::<super::Node>(), 32);
        assert_eq!(std::mem::size_of::<super::Member>(), 56);
    }

    #[test]
    fn escaped_strings_decode_on_demand() {
        let text = r#"{"t\u0079pe": "a\nb", "k": " \t\n", "e": "\u00e9\ud83d\ude00", "p": "plain"}"#;
        let root = parse_borrowed(text).unwrap();
        assert!(root.get("type").is_some());
        assert_eq!(root.member("type").unwrap().key_span(), super::Span::new(1, 12));
        assert_eq!(root.get("type").unwrap().as_str().unwrap(), "a\nb");
        assert!(root.get("type").unwrap().is_str("a\nb"));
        assert!(!root.get("type").unwrap().is_str("a\nbc"));
        assert!(root.get("k").unwrap().as_string().unwrap().is_blank());
        assert!(!root.get("type").unwrap().as_string().unwrap().is_blank());
        assert_eq!(root.get("e").unwrap().as_str().unwrap(), "é😀");
        assert!(matches!(
            root.get("p").unwrap().as_str(),
            Some(std::borrow::Cow::Borrowed("plain"))
        ));
    }
}
