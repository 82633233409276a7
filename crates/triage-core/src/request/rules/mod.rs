//! The validation rules, one module per part of the request. Each walks a fixed shape of the tree (never
//! recursing into free-form values such as `input` or `input_schema`), so depth is bounded by the request's
//! structure, not by the input.

mod content;
mod images;
mod messages;
mod pairing;
mod sampling;
mod thinking;
mod tools;
mod top_level;

use super::checker::Checker;
use super::diagnostic::Code;
use crate::json::borrowed::Node;
use crate::json::{Path, Pointer, Span};
use crate::models::Model;

/// The API accepts at most this many `cache_control` breakpoints in one request.
const MAX_CACHE_BREAKPOINTS: usize = 4;

/// The Messages API refuses bodies over 32 MB with a 413.
const MAX_BODY_BYTES: usize = 32 * 1024 * 1024;

/// Images (and PDF pages) per request: 600, or 100 for models with a 200k-token context window.
const MAX_IMAGES: usize = 600;
const MAX_IMAGES_200K: usize = 100;

/// Things counted across the whole request.
#[derive(Default)]
struct Tally {
    cache_breakpoints: Vec<(Pointer, Span)>,
    images: Vec<(Pointer, Span)>,
}

/// The `source` object of an image or document block, checked up to its `type` and members: returns the
/// source, its path and its type when they are sound enough for the block-specific checks.
fn typed_source<'n, 'p>(
    block: &'n Node<'n>,
    path: &'p Path<'p>,
    c: &mut Checker,
    types: &[&'static str],
    what: &str,
) -> Option<(&'n Node<'n>, Path<'p>, &'static str)> {
    let source = block.get("source")?;
    let at = path.key("source");
    c.object(source, &at)?;
    let kind = c.require(source, &at, "type").and_then(Node::as_string)?;
    let Some(&kind) = types.iter().find(|&&t| kind == t) else {
        if let Some(type_node) = source.get("type") {
            c.unknown_value(
                type_node,
                &at.key("type"),
                &kind.decode(),
                types,
                &format!("{what} source type"),
            );
        }
        return None;
    };
    let article = if what.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    };
    c.members(
        source,
        &at,
        super::catalogue::source_fields(kind),
        &format!("{article} {what} source"),
    );
    Some((source, at, kind))
}

/// Runs every rule on a parsed request.
pub fn check(root: &Node, c: &mut Checker) {
    if root.as_object().is_none() {
        c.error(
            Code::NotAnObject,
            Path::root(),
            root.span(),
            format!(
                "The request body must be a JSON object, not {}.",
                root.type_name()
            ),
            "Send an object such as {\"model\": …, \"max_tokens\": …, \"messages\": […]}.",
        );
        return;
    }
    if root.span().end > MAX_BODY_BYTES {
        c.error(
            Code::RequestTooLarge,
            Path::root(),
            Span::new(root.span().start, root.span().start + 1),
            format!("The body is {} bytes; the Messages API accepts at most 32 MB.", root.span().end),
            "Send large images and PDFs through the Files API (file_id sources) or by URL, or split the request.",
        );
    }
    let mut tally = Tally::default();
    let model = top_level::check(root, c, &mut tally);
    let max_tokens = sampling::check(root, c, model);
    let thinking = thinking::check(root, c, model, max_tokens);
    tools::check(root, c, thinking, &mut tally);
    messages::check(root, c, &mut tally);
    counts(c, model, &tally);
}

/// Limits on the whole request: cache breakpoints and images.
fn counts(c: &mut Checker, model: Option<&Model>, tally: &Tally) {
    let breakpoints = tally.cache_breakpoints.len();
    if let Some((path, span)) = tally.cache_breakpoints.get(MAX_CACHE_BREAKPOINTS) {
        c.error(
            Code::TooManyCacheBreakpoints,
            &Path::of(path),
            *span,
            format!("{breakpoints} cache_control breakpoints; the API allows at most {MAX_CACHE_BREAKPOINTS}."),
            "Keep cache_control on at most 4 blocks: the end of the tools, the system prompt, and the last turns.",
        );
    }
    let limit = match model {
        Some(m) if m.context_window <= 200_000 => MAX_IMAGES_200K,
        _ => MAX_IMAGES,
    };
    if let Some((path, span)) = tally.images.get(limit) {
        c.error(
            Code::TooManyImages,
            &Path::of(path),
            *span,
            format!(
                "{} images in one request; the limit here is {limit}.",
                tally.images.len()
            ),
            "Send fewer images per request (split the work, or downscale and tile them).",
        );
    }
}
