//! Writing a parsed request back out: pretty JSON (what the form view writes into the editor) and a Python
//! literal (the Python export). Member order is kept.

use triage_core::json::{Node, Number, Value};

/// Two-space indented JSON, with short arrays of scalars and small objects kept on one line.
pub fn pretty(node: &Node) -> String {
    let mut out = String::new();
    write(node, 0, &mut out, Flavor::Json);
    out
}

/// The same value as a Python literal (`True`, `False`, `None`), indented like [`pretty`].
pub fn python(node: &Node) -> String {
    let mut out = String::new();
    write(node, 0, &mut out, Flavor::Python);
    out
}

#[derive(Clone, Copy, PartialEq)]
enum Flavor {
    Json,
    Python,
}

/// One-line values up to this many characters stay on one line.
const INLINE_MAX: usize = 72;

fn write(node: &Node, depth: usize, out: &mut String, flavor: Flavor) {
    let inline = inline(node, flavor);
    if inline.len() <= INLINE_MAX || !is_container(node) {
        out.push_str(&inline);
        return;
    }
    let pad = "  ".repeat(depth + 1);
    match &node.value {
        Value::Array(items) => {
            out.push_str("[\n");
            for (i, item) in items.iter().enumerate() {
                out.push_str(&pad);
                write(item, depth + 1, out, flavor);
                out.push_str(if i + 1 < items.len() { ",\n" } else { "\n" });
            }
            out.push_str(&"  ".repeat(depth));
            out.push(']');
        }
        Value::Object(members) => {
            out.push_str("{\n");
            for (i, m) in members.iter().enumerate() {
                out.push_str(&pad);
                out.push_str(&string(&m.key));
                out.push_str(": ");
                write(&m.value, depth + 1, out, flavor);
                out.push_str(if i + 1 < members.len() { ",\n" } else { "\n" });
            }
            out.push_str(&"  ".repeat(depth));
            out.push('}');
        }
        _ => out.push_str(&inline),
    }
}

fn is_container(node: &Node) -> bool {
    matches!(node.value, Value::Array(_) | Value::Object(_))
}

fn inline(node: &Node, flavor: Flavor) -> String {
    let py = flavor == Flavor::Python;
    match &node.value {
        Value::Null => if py { "None" } else { "null" }.to_string(),
        Value::Bool(b) => match (b, py) {
            (true, true) => "True".to_string(),
            (false, true) => "False".to_string(),
            (b, false) => b.to_string(),
        },
        Value::Number(n) => number(n),
        Value::String(s) => string(s),
        Value::Array(items) => {
            let parts: Vec<String> = items.iter().map(|i| inline(i, flavor)).collect();
            format!("[{}]", parts.join(", "))
        }
        Value::Object(members) if members.is_empty() => "{}".to_string(),
        Value::Object(members) => {
            let parts: Vec<String> = members
                .iter()
                .map(|m| format!("{}: {}", string(&m.key), inline(&m.value, flavor)))
                .collect();
            format!("{{{}}}", parts.join(", "))
        }
    }
}

fn number(n: &Number) -> String {
    if n.written_as_integer && n.value.abs() < 9.0e15 {
        format!("{}", n.value as i64)
    } else if n.value.is_finite() {
        format!("{}", n.value)
    } else {
        "0".to_string()
    }
}

/// A JSON string literal (also a valid Python one).
pub fn string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
