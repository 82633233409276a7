use super::tree::Span;
use serde::{Deserialize, Serialize};

/// Why a text is not JSON, in the terms a person would use to fix it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "js", derive(tsify::Tsify))]
pub enum JsonErrorKind {
    Empty,
    ByteOrderMark,
    InvalidUtf8,
    TrailingComma,
    SingleQuotes,
    UnquotedKey,
    Comment,
    NonFiniteNumber,
    PythonLiteral,
    InvalidNumber,
    UnterminatedString,
    ControlCharacter,
    InvalidEscape,
    LoneSurrogate,
    Truncated,
    MissingColon,
    MissingComma,
    UnexpectedCharacter,
    TrailingCharacters,
    TooDeep,
    /// 4 GiB or more: the tree's offsets are `u32` (the API itself stops at 32 MB).
    TooLarge,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonError {
    pub kind: JsonErrorKind,
    /// Where the problem is: usually one character, or the offending token.
    pub span: Span,
    /// What is wrong, in plain words.
    pub message: String,
}

impl JsonError {
    pub(crate) fn new(kind: JsonErrorKind, span: Span, message: impl Into<String>) -> Self {
        JsonError {
            kind,
            span,
            message: message.into(),
        }
    }

    /// How to fix it.
    pub fn hint(&self) -> &'static str {
        self.kind.hint()
    }
}

impl JsonErrorKind {
    /// How to fix this kind of problem.
    pub fn hint(self) -> &'static str {
        use JsonErrorKind::*;
        match self {
            Empty => "Send a JSON object such as {\"model\": …, \"max_tokens\": …, \"messages\": […]}.",
            ByteOrderMark => "Remove the byte order mark (U+FEFF) at the start; save the file as UTF-8 without BOM.",
            InvalidUtf8 => "Send the body as UTF-8; re-encode the text (it looks like Latin-1 or binary data).",
            TrailingComma => "Remove the comma before the closing bracket: JSON does not allow trailing commas.",
            SingleQuotes => "Use double quotes for strings and keys: JSON does not accept single quotes.",
            UnquotedKey => "Put object keys in double quotes, e.g. \"model\": …",
            Comment => "Remove the comment: JSON has no comments.",
            NonFiniteNumber => "Use a finite number (or null): NaN and Infinity are not JSON.",
            PythonLiteral => "Use JSON literals: true, false and null (not True, False, None). Serialise with json.dumps.",
            InvalidNumber => "Write numbers as JSON does: no leading zeros, no leading '+', digits after '.'.",
            UnterminatedString => "Close the string with a double quote; escape quotes inside it as \\\".",
            ControlCharacter => "Escape control characters inside strings: a newline is \\n, a tab is \\t.",
            InvalidEscape => "Use a valid escape: \\\" \\\\ \\/ \\b \\f \\n \\r \\t or \\uXXXX.",
            LoneSurrogate => {
                "Remove or repair the broken character: a \\uD800–\\uDFFF escape must be part of a surrogate pair. \
                 This often comes from cutting a string in the middle of an emoji."
            }
            Truncated => "The document ends too early: was it cut off? Close every string, array and object.",
            MissingColon => "Put a ':' between the key and its value.",
            MissingComma => "Put a ',' between items.",
            UnexpectedCharacter => "Remove or quote the unexpected character.",
            TrailingCharacters => "Send exactly one JSON value: remove what follows the end of the document.",
            TooDeep => "Flatten the structure: nesting this deep is not accepted.",
            TooLarge => "Send less: the Messages API accepts bodies of at most 32 MB.",
        }
    }
}

impl std::fmt::Display for JsonError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for JsonError {}
