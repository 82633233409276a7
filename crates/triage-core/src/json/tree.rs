//! The parsed tree: values with the byte span of their text.

use serde::{Deserialize, Serialize};

/// A byte range `[start, end)` into the original text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "js", derive(tsify::Tsify))]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }
}

/// A parsed JSON value and the span of its text.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub value: Value,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Number(Number),
    String(String),
    Array(Vec<Node>),
    /// Members in document order; duplicate keys are kept (the last one wins for [`Node::get`], as in most readers).
    Object(Vec<Member>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Member {
    pub key: String,
    pub key_span: Span,
    pub value: Node,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Number {
    pub value: f64,
    /// Written without fraction or exponent (`12`, not `12.0` or `1.2e1`).
    pub written_as_integer: bool,
}

impl Number {
    /// The value as an integer when it is one exactly (`12`, `12.0`, `1.2e1`) and fits an `i64`.
    pub fn as_i64(&self) -> Option<i64> {
        let v = self.value;
        // 2^63 as f64 is exact; anything at or above it does not fit.
        if v.fract() == 0.0 && (-9_223_372_036_854_775_808.0..9_223_372_036_854_775_808.0).contains(&v) {
            Some(v as i64)
        } else {
            None
        }
    }
}

/// The accessors both trees share, this one and [`super::borrowed::Node`] (which keeps its strings as written):
/// one definition, expanded as inherent methods in each. A macro rather than a trait, so that the many readers
/// of either tree need no trait in scope; rather than one generic tree, because the trees hold strings and
/// children differently (owned `String`s and `Vec`s against slices of the text and boxed slices). Each tree's
/// member type provides `key_is`, and each tree its own `as_str`.
macro_rules! node_accessors {
    ($member:ty) => {
        /// The JSON type name as people say it: `"object"`, `"array"`, `"string"`, `"number"`, `"boolean"`,
        /// `"null"`.
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
        // `inline(always)`: the rules call it for every member they look up, and the size-optimised wasm
        // (opt-level "z") would otherwise keep it a call (issue 26).
        #[inline(always)]
        pub fn get(&self, key: &str) -> Option<&Self> {
            self.member(key).map(|m| &m.value)
        }

        pub fn member(&self, key: &str) -> Option<&$member> {
            match &self.value {
                Value::Object(members) => members.iter().rev().find(|m| m.key_is(key)),
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

        pub fn as_array(&self) -> Option<&[Self]> {
            match &self.value {
                Value::Array(items) => Some(items),
                _ => None,
            }
        }

        pub fn as_object(&self) -> Option<&[$member]> {
            match &self.value {
                Value::Object(members) => Some(members),
                _ => None,
            }
        }

        pub fn is_null(&self) -> bool {
            matches!(self.value, Value::Null)
        }
    };
}
pub(super) use node_accessors;

impl Member {
    fn key_is(&self, key: &str) -> bool {
        self.key == key
    }
}

impl Node {
    node_accessors!(Member);

    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::String(s) => Some(s),
            _ => None,
        }
    }
}
