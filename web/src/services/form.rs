//! The form view's model: the fields it shows, read from the request's JSON, and the edits it makes, applied to
//! the parsed tree and written back as JSON. Whatever the form does not show (other fields, block content,
//! tool schemas) is kept as it was.

use super::json_out::pretty;
use triage_core::json::{self, Member, Node, Number, Span, Value};

/// What the form shows of a request.
#[derive(Clone, PartialEq, Default)]
pub struct FormView {
    pub model: String,
    pub max_tokens: String,
    pub system: String,
    /// `system` is a list of blocks: shown, not editable here.
    pub system_blocks: bool,
    pub messages: Vec<MessageView>,
    pub temperature: String,
    pub stream: bool,
    pub tools: Vec<String>,
}

#[derive(Clone, PartialEq)]
pub struct MessageView {
    pub role: String,
    /// The text of a string content, or a summary of block content (then `blocks` is true).
    pub text: String,
    pub blocks: bool,
}

/// One edit the form makes.
#[derive(Clone, PartialEq, Debug)]
pub enum FormEdit {
    Model(String),
    MaxTokens(String),
    System(String),
    Temperature(String),
    Stream(bool),
    Role(usize, String),
    Text(usize, String),
    AddMessage,
    RemoveMessage(usize),
    /// Moves message `i` one place up (`true`) or down.
    MoveMessage(usize, bool),
    AddTool,
    RemoveTool(usize),
    ToolName(usize, String),
}

/// The form's fields, or `None` when the text is not a JSON object (the form then asks to fix the JSON).
pub fn read(text: &str) -> Option<FormView> {
    let root = json::parse(text).ok()?;
    root.as_object()?;
    let str_of = |key: &str| root.get(key).and_then(Node::as_str).unwrap_or("").to_string();
    let num_of = |key: &str| {
        root.get(key)
            .map(|n| match &n.value {
                Value::Number(n) => super::json_out::pretty(&node(Value::Number(*n))),
                Value::String(s) => s.clone(),
                _ => String::new(),
            })
            .unwrap_or_default()
    };
    let system = root.get("system");
    let messages = root
        .get("messages")
        .and_then(Node::as_array)
        .unwrap_or(&[])
        .iter()
        .map(|m| {
            let content = m.get("content");
            let (text, blocks) = match content.map(|c| &c.value) {
                Some(Value::String(s)) => (s.clone(), false),
                Some(Value::Array(items)) => (summary(items), true),
                _ => (String::new(), false),
            };
            MessageView {
                role: m.get("role").and_then(Node::as_str).unwrap_or("").to_string(),
                text,
                blocks,
            }
        })
        .collect();
    let tools = root
        .get("tools")
        .and_then(Node::as_array)
        .unwrap_or(&[])
        .iter()
        .map(|t| t.get("name").and_then(Node::as_str).unwrap_or("").to_string())
        .collect();
    Some(FormView {
        model: str_of("model"),
        max_tokens: num_of("max_tokens"),
        system: system.and_then(Node::as_str).unwrap_or("").to_string(),
        system_blocks: system.is_some_and(|s| s.as_array().is_some()),
        messages,
        temperature: num_of("temperature"),
        stream: root.get("stream").and_then(Node::as_bool).unwrap_or(false),
        tools,
    })
}

/// `[text, image]`, `[tool_use calc]`: what a block list holds.
fn summary(items: &[Node]) -> String {
    let kinds: Vec<String> = items
        .iter()
        .map(|b| {
            let kind = b.get("type").and_then(Node::as_str).unwrap_or("?");
            match (kind, b.get("text").and_then(Node::as_str)) {
                ("text", Some(t)) => t.to_string(),
                _ => format!("[{kind}]"),
            }
        })
        .collect();
    kinds.join(" ")
}

/// Applies `edit` to the request text; `None` when the text is not a JSON object.
pub fn apply(text: &str, edit: &FormEdit) -> Option<String> {
    let mut root = json::parse(text).ok()?;
    let Value::Object(members) = &mut root.value else {
        return None;
    };
    match edit {
        FormEdit::Model(v) => set(members, "model", Some(string(v))),
        FormEdit::System(v) if v.is_empty() => set(members, "system", None),
        FormEdit::System(v) => set(members, "system", Some(string(v))),
        FormEdit::MaxTokens(v) => set(members, "max_tokens", number_or_text(v)),
        FormEdit::Temperature(v) => set(members, "temperature", number_or_text(v)),
        FormEdit::Stream(true) => set(members, "stream", Some(node(Value::Bool(true)))),
        FormEdit::Stream(false) => set(members, "stream", None),
        FormEdit::Role(i, role) => with_item(members, "messages", *i, |m| {
            if let Value::Object(fields) = &mut m.value {
                set(fields, "role", Some(string(role)));
            }
        }),
        FormEdit::Text(i, t) => with_item(members, "messages", *i, |m| {
            if let Value::Object(fields) = &mut m.value {
                set(fields, "content", Some(string(t)));
            }
        }),
        FormEdit::AddMessage => {
            let items = array(members, "messages");
            let last_user = items.last().and_then(|m| m.get("role")).and_then(Node::as_str) == Some("user");
            let role = if last_user { "assistant" } else { "user" };
            items.push(object(vec![("role", string(role)), ("content", string(""))]));
        }
        FormEdit::RemoveMessage(i) => {
            let items = array(members, "messages");
            if *i < items.len() {
                items.remove(*i);
            }
        }
        FormEdit::MoveMessage(i, up) => {
            let items = array(members, "messages");
            let j = if *up { i.checked_sub(1) } else { Some(i + 1) };
            if let Some(j) = j.filter(|&j| j < items.len() && *i < items.len()) {
                items.swap(*i, j);
            }
        }
        FormEdit::AddTool => {
            let items = array(members, "tools");
            let name = format!("tool_{}", items.len() + 1);
            let schema = object(vec![
                ("type", string("object")),
                ("properties", object(Vec::new())),
            ]);
            items.push(object(vec![
                ("name", string(&name)),
                ("description", string("What the tool does.")),
                ("input_schema", schema),
            ]));
        }
        FormEdit::RemoveTool(i) => {
            let items = array(members, "tools");
            if *i < items.len() {
                items.remove(*i);
            }
            if items.is_empty() {
                set(members, "tools", None);
            }
        }
        FormEdit::ToolName(i, name) => with_item(members, "tools", *i, |t| {
            if let Value::Object(fields) = &mut t.value {
                set(fields, "name", Some(string(name)));
            }
        }),
    }
    Some(pretty(&root))
}

fn node(value: Value) -> Node {
    Node {
        value,
        span: Span::default(),
    }
}

fn string(s: &str) -> Node {
    node(Value::String(s.to_string()))
}

fn object(fields: Vec<(&str, Node)>) -> Node {
    node(Value::Object(
        fields
            .into_iter()
            .map(|(k, v)| Member {
                key: k.to_string(),
                key_span: Span::default(),
                value: v,
            })
            .collect(),
    ))
}

/// A number when the text is one (`1024`, `0.7`), else the text as a string (so validation can say so), or
/// nothing when empty.
fn number_or_text(v: &str) -> Option<Node> {
    let v = v.trim();
    if v.is_empty() {
        return None;
    }
    Some(match v.parse::<f64>() {
        Ok(n) if n.is_finite() => node(Value::Number(Number {
            value: n,
            written_as_integer: !v.contains(['.', 'e', 'E']),
        })),
        _ => string(v),
    })
}

/// Sets (or, with `None`, removes) a member, keeping its place; a new member goes last.
fn set(members: &mut Vec<Member>, key: &str, value: Option<Node>) {
    let at = members.iter().rposition(|m| m.key == key);
    match (at, value) {
        (Some(i), Some(v)) => members[i].value = v,
        (Some(i), None) => {
            members.remove(i);
        }
        (None, Some(v)) => members.push(Member {
            key: key.to_string(),
            key_span: Span::default(),
            value: v,
        }),
        (None, None) => {}
    }
}

/// The array member `key` (the last one of that name), created or replaced by an empty array when it is not
/// one.
fn array<'a>(members: &'a mut Vec<Member>, key: &str) -> &'a mut Vec<Node> {
    let at = match members.iter().rposition(|m| m.key == key) {
        Some(at) => at,
        None => {
            set(members, key, Some(node(Value::Array(Vec::new()))));
            members.len() - 1
        }
    };
    let value = &mut members[at].value.value;
    if !matches!(value, Value::Array(_)) {
        *value = Value::Array(Vec::new());
    }
    match value {
        Value::Array(items) => items,
        _ => unreachable!("an array was just put here"),
    }
}

fn with_item(members: &mut [Member], key: &str, i: usize, edit: impl FnOnce(&mut Node)) {
    if let Some(Value::Array(items)) = members
        .iter_mut()
        .rev()
        .find(|m| m.key == key)
        .map(|m| &mut m.value.value)
    {
        if let Some(item) = items.get_mut(i) {
            edit(item);
        }
    }
}
