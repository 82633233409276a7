//! The request object itself: required and unknown fields, `model`, `system`, `metadata` and the small
//! enumerated settings.

use super::{content, Tally};
use crate::json::borrowed::Node;
use crate::json::Path;
use crate::models::{self, Model};
use crate::request::catalogue as cat;
use crate::request::checker::Checker;
use crate::request::diagnostic::Code;
use crate::request::suggest;

/// Checks the top level and returns the catalog entry of the model, when known.
pub fn check(root: &Node, c: &mut Checker, tally: &mut Tally) -> Option<&'static Model> {
    let path = Path::root();
    fields(root, c);
    for key in ["model", "max_tokens", "messages"] {
        c.require(root, path, key);
    }
    if let Some(system) = root.get("system") {
        content::system(system, &path.key("system"), c, tally);
    }
    if let Some(metadata) = root.get("metadata") {
        c.members(metadata, &path.key("metadata"), cat::METADATA, "metadata");
    }
    // Its type was checked with the other fields.
    if let Some(cache_control) = root.get("cache_control").filter(|n| n.as_object().is_some()) {
        content::cache_control(cache_control, &path.key("cache_control"), c, tally);
    }
    c.enumerated(root, path, "service_tier", cat::SERVICE_TIERS, "service tier");
    c.enumerated(root, path, "speed", cat::SPEEDS, "speed");
    if let Some(output_config) = root.get("output_config") {
        let at = path.key("output_config");
        c.members(output_config, &at, cat::OUTPUT_CONFIG, "output_config");
        c.enumerated(output_config, &at, "effort", cat::EFFORTS, "effort level");
    }
    mcp_servers(root, c);
    model(root, c)
}

fn mcp_servers(root: &Node, c: &mut Checker) {
    let path = Path::root().key("mcp_servers");
    let servers = root
        .get("mcp_servers")
        .and_then(Node::as_array)
        .unwrap_or_default();
    for (i, server) in servers.iter().enumerate() {
        let at = path.index(i);
        if c.object(server, &at).is_none() {
            continue;
        }
        c.members(server, &at, cat::MCP_SERVER, "an MCP server");
        for key in ["type", "name", "url"] {
            c.require(server, &at, key);
        }
        c.enumerated(server, &at, "type", cat::MCP_SERVER_TYPES, "MCP server type");
    }
}

/// Type-checks known fields; warns about unknown ones, naming where misplaced ones belong.
fn fields(root: &Node, c: &mut Checker) {
    let path = Path::root();
    let Some(members) = root.as_object() else {
        return;
    };
    for member in members {
        let key = member.key().decode();
        let key = key.as_ref();
        let at = path.key(key);
        if let Some(field) = cat::request_field(key) {
            c.expect(&member.value, &at, field.types);
            continue;
        }
        if !c.wants_warnings() {
            continue;
        }
        let misplaced = cat::MISPLACED.iter().find(|(name, _)| *name == key);
        let hint = match (misplaced, cat::header_param(key)) {
            (Some((_, hint)), _) => (*hint).to_string(),
            (None, Some(header)) => format!(
                "The SDKs send `{}` in the `{header}` header, not in the body: the API rejects it here.",
                key
            ),
            (None, None) => match suggest::nearest(key, cat::request_field_names()) {
                Some(near) => {
                    format!("Did you mean \"{near}\"? Otherwise remove it: the API rejects extra fields.")
                }
                None => {
                    "Remove it, or check that your API version supports it: the API rejects extra fields."
                        .to_string()
                }
            },
        };
        c.warn(
            Code::UnknownField,
            &at,
            member.key_span(),
            format!("Unknown request field \"{key}\"."),
            hint,
        );
    }
}

fn model(root: &Node, c: &mut Checker) -> Option<&'static Model> {
    let node = root.get("model")?;
    let path = Path::root().key("model");
    // A model of the wrong type was reported with the other fields.
    let name = node.as_str()?;
    let name = name.as_ref();
    let found = models::find(name);
    if found.is_none() {
        let hint = match suggest::nearest(name, models::known_names()) {
            Some(near) => format!(
                "Did you mean \"{near}\"? If this is a new model, ignore this warning (catalog of {}).",
                models::CATALOG_DATE.split(':').next().unwrap_or_default()
            ),
            None => "Check the model id against GET /v1/models; new models are not in this catalog yet."
                .to_string(),
        };
        c.warn(
            Code::UnknownModel,
            &path,
            node.span(),
            format!("Unknown model \"{name}\"."),
            hint,
        );
    }
    found
}
