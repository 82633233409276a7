//! Content blocks: their type and members, text, documents, nested blocks, and `cache_control`.

use super::{images, Tally};
use crate::json::borrowed::Node;
use crate::json::Path;
use crate::request::catalogue as cat;
use crate::request::checker::{display_path, Checker};
use crate::request::diagnostic::Code;
use crate::request::types::Types;

/// Where a block sits: the API is stricter about top-level message blocks than about nested ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// Directly in a message's `content` or in `system`.
    Top,
    /// Inside another block (`tool_result.content`, `search_result.content`…).
    Nested,
}

/// Checks one content block; returns its `type` when it has a known one.
pub fn block<'n>(
    node: &'n Node<'n>,
    path: &Path,
    place: Place,
    c: &mut Checker,
    tally: &mut Tally,
) -> Option<&'n str> {
    c.object(node, path)?;
    let kind_node = c.require(node, path, "type")?;
    if !c.expect_member(kind_node, path, "type", Types::STRING) {
        return None;
    }
    let kind = kind_node.as_str()?;
    let Some(spec) = cat::block_spec(&kind) else {
        let known: Vec<&str> = cat::block_kinds().collect();
        c.unknown_value(kind_node, &path.key("type"), &kind, &known, "content block type");
        return None;
    };
    members(node, path, spec, c);
    if let Some(cache_control) = node.get("cache_control") {
        self::cache_control(cache_control, &path.key("cache_control"), c, tally);
    }
    match spec.kind {
        "text" => text(node, path, place, c),
        "image" => images::image(node, path, c, tally),
        "document" => document(node, path, c, tally),
        "tool_result" | "mcp_tool_result" => {
            nested_content(node, path, Types::STRING.or(Types::ARRAY), c, tally)
        }
        "search_result" | "mid_conv_system" => nested_content(node, path, Types::ARRAY, c, tally),
        "tool_use" | "server_tool_use" | "mcp_tool_use" => tool_call(node, path, c),
        _ => {}
    }
    Some(spec.kind)
}

/// Required members present, unknown ones warned about.
fn members(node: &Node, path: &Path, spec: &cat::Block, c: &mut Checker) {
    for key in spec.required() {
        c.require(node, path, key);
    }
    let Some(members) = node.as_object() else {
        return;
    };
    for member in members {
        let key = member.key().decode();
        let key = key.as_ref();
        if key == "type" || spec.has(key) {
            continue;
        }
        if !c.wants_warnings() {
            return;
        }
        let known: Vec<&str> = std::iter::once("type").chain(spec.names()).collect();
        let hint = match crate::request::suggest::nearest(key, known.iter().copied()) {
            Some(near) => {
                format!("Did you mean \"{near}\"? Otherwise remove it: the API rejects extra fields.")
            }
            None => format!(
                "A \"{}\" block has: {}.",
                spec.kind,
                crate::request::checker::quoted_list(&known)
            ),
        };
        c.warn(
            Code::UnknownField,
            &path.key(key),
            member.key_span(),
            format!("Unknown field \"{key}\" in a \"{}\" block.", spec.kind),
            hint,
        );
    }
}

fn text(node: &Node, path: &Path, place: Place, c: &mut Checker) {
    let Some(text) = node.get("text") else {
        return;
    };
    if !c.expect_member(text, path, "text", Types::STRING) {
        return;
    }
    if place == Place::Top && text.as_string().is_some_and(|s| s.is_blank()) {
        let at = path.key("text");
        c.error(
            Code::EmptyTextBlock,
            &at,
            text.span(),
            format!(
                "`{}` is empty or only whitespace; the API rejects empty text blocks.",
                display_path(&at.to_pointer())
            ),
            "Remove the block, or put some text in it.",
        );
    }
}

/// `tool_use`-like blocks: the API needs `input` to be an object, even an empty one.
fn tool_call(node: &Node, path: &Path, c: &mut Checker) {
    for key in ["id", "name"] {
        if let Some(v) = node.get(key) {
            c.expect_member(v, path, key, Types::STRING);
        }
    }
    if let Some(input) = node.get("input") {
        c.expect_member(input, path, "input", Types::OBJECT);
    }
}

/// A block's `content` of nested blocks (or text, where `types` admits a string).
fn nested_content(node: &Node, path: &Path, types: Types, c: &mut Checker, tally: &mut Tally) {
    let Some(content) = node.get("content") else {
        return;
    };
    let at = path.key("content");
    if !c.expect(content, &at, types) {
        return;
    }
    for (i, item) in content.as_array().unwrap_or_default().iter().enumerate() {
        block(item, &at.index(i), Place::Nested, c, tally);
    }
}

fn document(node: &Node, path: &Path, c: &mut Checker, tally: &mut Tally) {
    let Some((source, at, kind)) = super::typed_source(node, path, c, cat::DOCUMENT_SOURCE_TYPES, "document")
    else {
        return;
    };
    let media_type = match kind {
        "base64" => "application/pdf",
        "text" => "text/plain",
        "content" => {
            nested_content(source, &at, Types::STRING.or(Types::ARRAY), c, tally);
            return;
        }
        "url" => {
            c.require(source, &at, "url");
            return;
        }
        _ => {
            c.require(source, &at, "file_id");
            return;
        }
    };
    c.require(source, &at, "data");
    let Some(given) = c.require(source, &at, "media_type") else {
        return;
    };
    if given.as_string().is_some_and(|m| m != media_type) {
        c.error(
            Code::InvalidDocument,
            &at.key("media_type"),
            given.span(),
            format!(
                "A \"{kind}\" document source must have media_type \"{media_type}\", not {}.",
                c.source(given)
            ),
            format!(
                "Use \"{media_type}\". Other formats: send text as a \"text\" source, or images as image blocks."
            ),
        );
    }
}

/// `system`: a string, or text blocks.
pub fn system(node: &Node, path: &Path, c: &mut Checker, tally: &mut Tally) {
    let Some(items) = node.as_array() else {
        return;
    };
    for (i, item) in items.iter().enumerate() {
        let at = path.index(i);
        let kind = block(item, &at, Place::Top, c, tally);
        if let Some(kind) = kind.filter(|k| *k != "text") {
            c.error(
                Code::WrongType,
                &at.key("type"),
                item.get("type").map_or(item.span(), |t| t.span()),
                format!("`system` takes only text blocks, not \"{kind}\"."),
                "Move images and documents into the first user message.",
            );
        }
    }
}

/// A `cache_control` breakpoint: checked, and counted against the API's limit of four.
pub fn cache_control(node: &Node, path: &Path, c: &mut Checker, tally: &mut Tally) {
    if node.is_null() || c.object(node, path).is_none() {
        return;
    }
    c.members(node, path, cat::CACHE_CONTROL, "cache_control");
    if let Some(kind) = c.require(node, path, "type") {
        if let Some(value) = kind
            .as_string()
            .filter(|v| !cat::CACHE_TYPES.iter().any(|t| v == t))
        {
            c.unknown_value(
                kind,
                &path.key("type"),
                &value.decode(),
                cat::CACHE_TYPES,
                "cache_control type",
            );
        }
    }
    c.enumerated(node, path, "ttl", cat::CACHE_TTLS, "cache TTL");
    tally.cache_breakpoints.push((path.to_pointer(), node.span()));
}
