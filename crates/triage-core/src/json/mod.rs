//! A strict JSON reader that keeps where every value came from.
//!
//! `serde_json` would tell us *that* a body is wrong, but the validator has to point at the exact byte range of
//! each offending value and explain malformed text in plain words (trailing comma, single quotes, a lone UTF-16
//! surrogate…), and the core must stay small in wasm. So the core parses JSON once, itself, into a tree of
//! [`Node`]s carrying byte spans.

pub mod borrowed;
pub(crate) mod decimal;
mod error;
mod lines;
mod parse;
mod pointer;
mod tree;

pub use error::{JsonError, JsonErrorKind};
pub use lines::LineIndex;
pub use parse::{parse, parse_borrowed, MAX_DEPTH};
pub use pointer::{Path, Pointer};
pub use tree::{Member, Node, Number, Span, Value};
