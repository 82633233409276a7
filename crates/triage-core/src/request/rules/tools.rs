//! `tools` and `tool_choice`: tool types, names, schemas, duplicates, and a choice that names a real tool.

use super::thinking::Mode;
use super::{content, Tally};
use crate::json::borrowed::Node;
use crate::json::Path;
use crate::request::catalogue::{self as cat, Tool};
use crate::request::checker::Checker;
use crate::request::diagnostic::Code;
use crate::request::suggest;
use crate::request::types::Types;
use std::borrow::Cow;

pub fn check(root: &Node, c: &mut Checker, thinking: Mode, tally: &mut Tally) {
    let path = Path::root().key("tools");
    let tools = root.get("tools").and_then(Node::as_array).unwrap_or_default();
    // (name, index, name node), sorted by name then position: duplicates sit next to their first use.
    let mut names: Vec<(Cow<str>, usize, &Node)> = Vec::new();
    for (i, tool) in tools.iter().enumerate() {
        if let Some((name_node, name)) = one(tool, &path.index(i), c, tally) {
            names.push((name, i, name_node));
        }
    }
    crate::sort::by_key(&mut names, |(name, i, _)| (name.clone(), *i));
    for pair in names.windows(2) {
        let [(first, first_index, _), (name, i, node)] = pair else {
            continue;
        };
        if first == name {
            c.error(
                Code::DuplicateToolName,
                &path.index(*i).key("name"),
                node.span(),
                format!("Another tool is already named \"{name}\" (tools[{first_index}])."),
                "Give every tool a unique name.",
            );
        }
    }
    if let Some(choice) = root.get("tool_choice") {
        let sorted: Vec<&str> = names.iter().map(|(name, _, _)| name.as_ref()).collect();
        tool_choice(choice, &sorted, root.get("tools").is_some(), thinking, c);
    }
}

/// Checks one tool; returns its name node and name when it has one.
fn one<'n>(
    tool: &'n Node<'n>,
    path: &Path,
    c: &mut Checker,
    tally: &mut Tally,
) -> Option<(&'n Node<'n>, Cow<'n, str>)> {
    c.object(tool, path)?;
    let kind = tool.get("type").filter(|t| !t.is_null());
    let spec = match kind {
        None => &cat::CUSTOM_TOOL,
        Some(k) => {
            if !c.expect_member(k, path, "type", Types::STRING) {
                return None;
            }
            match k.as_str()?.as_ref() {
                "custom" => &cat::CUSTOM_TOOL,
                other => match cat::tool_spec(other) {
                    Some(spec) => spec,
                    None => {
                        let families: Vec<&str> = cat::TOOLS.iter().map(|t| t.family).collect();
                        c.unknown_value(k, &path.key("type"), other, &families, "tool type");
                        return named(tool);
                    }
                },
            }
        }
    };
    fields(tool, path, spec, c);
    if let Some(cache_control) = tool.get("cache_control") {
        content::cache_control(cache_control, &path.key("cache_control"), c, tally);
    }
    if !spec.has("name") {
        // A toolset (`mcp_toolset`, `browser_toolset`…) has no name of its own.
        for key in spec.required().filter(|&key| key != "type") {
            c.require(tool, path, key);
        }
        return None;
    }
    if spec.family == "custom" {
        input_schema(tool, path, c);
    }
    let name_node = c.require(tool, path, "name")?;
    let name = name_node.as_str()?;
    let kind = kind.and_then(Node::as_str).unwrap_or(Cow::Borrowed("custom"));
    name_rule(name_node, &name, &path.key("name"), spec, &kind, c);
    Some((name_node, name))
}

fn named<'n>(tool: &'n Node<'n>) -> Option<(&'n Node<'n>, Cow<'n, str>)> {
    let node = tool.get("name")?;
    Some((node, node.as_str()?))
}

fn fields(tool: &Node, path: &Path, spec: &Tool, c: &mut Checker) {
    let Some(members) = tool.as_object() else {
        return;
    };
    for member in members {
        let key = member.key().decode();
        if spec.has(&key) {
            continue;
        }
        if !c.wants_warnings() {
            return;
        }
        let hint = match suggest::nearest(&key, spec.field_names()) {
            Some(near) => {
                format!("Did you mean \"{near}\"? Otherwise remove it: the API rejects extra fields.")
            }
            None if spec.family == "custom" && key == "parameters" => {
                "The Messages API calls the schema `input_schema` (not OpenAI's `parameters`).".to_string()
            }
            None => "Remove it, or check that your API version supports it: the API rejects extra fields."
                .to_string(),
        };
        c.warn(
            Code::UnknownField,
            &path.key(&key),
            member.key_span(),
            format!("Unknown field \"{key}\" in a {} tool.", spec.family),
            hint,
        );
    }
}

fn input_schema(tool: &Node, path: &Path, c: &mut Checker) {
    let Some(schema) = c.require(tool, path, "input_schema") else {
        return;
    };
    let at = path.key("input_schema");
    if c.object(schema, &at).is_none() {
        return;
    }
    match schema.get("type") {
        Some(t) if t.is_str("object") => {}
        Some(t) => c.error(
            Code::InvalidInputSchema,
            &at.key("type"),
            t.span(),
            "input_schema must describe an object: its \"type\" must be \"object\".".to_string(),
            "Wrap the parameters: {\"type\": \"object\", \"properties\": {…}, \"required\": […]}.",
        ),
        None => c.error(
            Code::InvalidInputSchema,
            &at.key("type"),
            schema.span(),
            "input_schema has no \"type\"; it must be \"object\".".to_string(),
            "Add \"type\": \"object\" to the schema.",
        ),
    }
}

/// `kind` is the tool's `type`: a server tool's fixed name is an error only for versions the catalogue knows.
fn name_rule(node: &Node, name: &str, path: &Path, spec: &Tool, kind: &str, c: &mut Checker) {
    if !spec.names.is_empty() {
        if !spec.names.contains(&name) {
            let message = format!("A {} tool must be named {}.", spec.family, cat_names(spec));
            let hint = format!(
                "Set \"name\": \"{}\".",
                spec.names.first().copied().unwrap_or_default()
            );
            if spec.versions.contains(&kind) {
                c.error(Code::InvalidToolName, path, node.span(), message, hint);
            } else {
                c.warn(Code::InvalidToolName, path, node.span(), message, hint);
            }
        }
        return;
    }
    let valid = (1..=64).contains(&name.len())
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
    if !valid {
        c.error(
            Code::InvalidToolName,
            path,
            node.span(),
            format!("Tool name \"{name}\" does not match ^[a-zA-Z0-9_-]{{1,64}}$."),
            "Use 1–64 letters, digits, '_' or '-': no spaces, dots or other punctuation.",
        );
    }
}

fn cat_names(spec: &Tool) -> String {
    crate::request::checker::quoted_list(spec.names).replace(", ", " or ")
}

/// `names` are the tool names, sorted.
fn tool_choice(choice: &Node, names: &[&str], has_tools: bool, thinking: Mode, c: &mut Checker) {
    let path = Path::root().key("tool_choice");
    if choice.as_object().is_none() {
        return;
    }
    c.members(choice, &path, cat::TOOL_CHOICE, "tool_choice");
    let Some(kind_node) = c.require(choice, &path, "type") else {
        return;
    };
    let Some(kind) = kind_node.as_str() else {
        return;
    };
    let kind = kind.as_ref();
    if !cat::TOOL_CHOICE_TYPES.contains(&kind) {
        c.unknown_value(
            kind_node,
            &path.key("type"),
            kind,
            cat::TOOL_CHOICE_TYPES,
            "tool_choice type",
        );
        return;
    }
    if thinking != Mode::Off && (kind == "any" || kind == "tool") {
        c.error(
            Code::ThinkingIncompatibleToolChoice,
            &path.key("type"),
            kind_node.span(),
            format!("tool_choice \"{kind}\" forces a tool call, which thinking does not allow."),
            "With thinking, use tool_choice \"auto\" or \"none\" (or turn thinking off).",
        );
    }
    if kind != "tool" {
        return;
    }
    let Some(name_node) = c.require(choice, &path, "name") else {
        return;
    };
    let Some(name) = name_node.as_str() else {
        return;
    };
    let name = name.as_ref();
    if names.binary_search(&name).is_err() {
        let hint = match suggest::nearest(name, names.iter().copied()) {
            Some(near) => format!("Did you mean \"{near}\"?"),
            None if !has_tools => "Define the tool in `tools`, or remove tool_choice.".to_string(),
            None => "Name one of the tools in `tools`.".to_string(),
        };
        c.error(
            Code::ToolChoiceUnknownTool,
            &path.key("name"),
            name_node.span(),
            format!("tool_choice names \"{name}\", which is not in `tools`."),
            hint,
        );
    }
}
