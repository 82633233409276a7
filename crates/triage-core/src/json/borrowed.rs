//! The parsed tree as request validation reads it: the same shape as [`super::Node`], but borrowing from the
//! text instead of owning copies of it.
//!
//! Why a second tree: validating an agent transcript is mostly reading JSON, and the owned tree spent most of
//! that time in the allocator — one `String` per key and per string value, and a growing `Vec` per container
//! (issue 26). Here a string without escapes is a slice of the text, a key is too, and each container's
//! children are collected on a scratch stack and allocated once, at their exact size. Only strings with
//! escapes own their decoded text. [`super::parse`] builds this tree and converts it, so both trees come from
//! one parser and report the same errors.

use super::tree::{self, Number, Span};
use std::fmt;
use std::ops::Deref;

/// A string value or key: a slice of the text when it has no escapes, else its decoded copy.
#[derive(Debug, Clone, PartialEq)]
pub enum Str<'a> {
    Raw(&'a str),
    Decoded(Box<str>),
}

// The accessors below are `inline(always)`: the rules call them for every member they look up, and the
// size-optimised wasm (opt-level "z") would otherwise keep each one a call (issue 26).
impl Str<'_> {
    #[inline(always)]
    pub fn as_str(&self) -> &str {
        match self {
            Str::Raw(s) => s,
            Str::Decoded(s) => s,
        }
    }
}

impl Deref for Str<'_> {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl PartialEq<str> for Str<'_> {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Str<'_> {
    /// Lengths first: looking a key up compares it with every member before it, and most differ in length.
    #[inline(always)]
    fn eq(&self, other: &&str) -> bool {
        let s = self.as_str();
        s.len() == other.len() && s == *other
    }
}

impl PartialEq<Str<'_>> for &str {
    fn eq(&self, other: &Str<'_>) -> bool {
        *self == other.as_str()
    }
}

impl fmt::Display for Str<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A parsed JSON value and the span of its text.
#[derive(Debug, Clone, PartialEq)]
pub struct Node<'a> {
    pub value: Value<'a>,
    pub span: Span,
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

#[derive(Debug, Clone, PartialEq)]
pub struct Member<'a> {
    pub key: Str<'a>,
    pub key_span: Span,
    pub value: Node<'a>,
}

impl<'a> Node<'a> {
    /// The JSON type name as people say it: `"object"`, `"array"`, `"string"`, `"number"`, `"boolean"`, `"null"`.
    pub fn type_name(&self) -> &'static str {
        match self.value {
            Value::Null => "null",
            Value::Bool(_) => "boolean",
            Value::Number(_) => "number",
            Value::String(_) => "string",
            Value::Array(_) => "array",
            Value::Object(_) => "object",
        }
    }

    /// The member `key` of an object (the last one when a key repeats).
    #[inline(always)]
    pub fn get(&self, key: &str) -> Option<&Node<'a>> {
        self.member(key).map(|m| &m.value)
    }

    pub fn member(&self, key: &str) -> Option<&Member<'a>> {
        match &self.value {
            Value::Object(members) => members.iter().rev().find(|m| m.key == key),
            _ => None,
        }
    }

    #[inline(always)]
    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_number(&self) -> Option<Number> {
        match self.value {
            Value::Number(n) => Some(n),
            _ => None,
        }
    }

    pub fn as_f64(&self) -> Option<f64> {
        self.as_number().map(|n| n.value)
    }

    pub fn as_bool(&self) -> Option<bool> {
        match self.value {
            Value::Bool(b) => Some(b),
            _ => None,
        }
    }

    pub fn as_array(&self) -> Option<&[Node<'a>]> {
        match &self.value {
            Value::Array(items) => Some(items),
            _ => None,
        }
    }

    pub fn as_object(&self) -> Option<&[Member<'a>]> {
        match &self.value {
            Value::Object(members) => Some(members),
            _ => None,
        }
    }

    pub fn is_null(&self) -> bool {
        matches!(self.value, Value::Null)
    }

    /// The owned tree, for callers that keep or edit it.
    pub fn into_owned(self) -> tree::Node {
        let value = match self.value {
            Value::Null => tree::Value::Null,
            Value::Bool(b) => tree::Value::Bool(b),
            Value::Number(n) => tree::Value::Number(n),
            Value::String(s) => tree::Value::String(s.as_str().to_string()),
            Value::Array(items) => {
                tree::Value::Array(items.into_vec().into_iter().map(Node::into_owned).collect())
            }
            Value::Object(members) => tree::Value::Object(
                members
                    .into_vec()
                    .into_iter()
                    .map(|m| tree::Member {
                        key: m.key.as_str().to_string(),
                        key_span: m.key_span,
                        value: m.value.into_owned(),
                    })
                    .collect(),
            ),
        };
        tree::Node {
            value,
            span: self.span,
        }
    }
}
