//! Collects diagnostics while the rules walk the tree, and the small checks every rule shares: JSON types,
//! required members, unknown members.

use super::catalogue::Field;
use super::diagnostic::{Code, Diagnostic, Severity};
use super::suggest;
use super::types::Types;
use crate::json::borrowed::{Member, Node};
use crate::json::{Path, Pointer, Span};

struct Draft {
    severity: Severity,
    code: Code,
    path: String,
    message: String,
    hint: String,
    span: Span,
}

/// At most this many errors, and as many warnings, are kept: enough to fix a request by, and a 50 MB body of
/// broken messages cannot turn into gigabytes of diagnostics. Errors are capped apart from warnings, so a
/// request with an error always reports at least one.
const MAX_PER_SEVERITY: usize = 1000;

pub struct Checker<'t> {
    /// The request text, to quote values as written (and to keep float formatting out of the wasm build).
    text: &'t str,
    drafts: Vec<Draft>,
    errors: usize,
    warnings: usize,
}

impl<'t> Checker<'t> {
    pub fn new(text: &'t str) -> Self {
        Checker {
            text,
            drafts: Vec::new(),
            errors: 0,
            warnings: 0,
        }
    }

    /// A value as it is written in the request.
    pub fn source(&self, node: &Node) -> &'t str {
        self.text
            .get(node.span().start..node.span().end)
            .unwrap_or_default()
    }

    pub fn error(&mut self, code: Code, path: &Path, span: Span, message: String, hint: impl Into<String>) {
        self.push(Severity::Error, code, path, span, message, hint.into());
    }

    pub fn warn(&mut self, code: Code, path: &Path, span: Span, message: String, hint: impl Into<String>) {
        self.push(Severity::Warning, code, path, span, message, hint.into());
    }

    fn push(
        &mut self,
        severity: Severity,
        code: Code,
        path: &Path,
        span: Span,
        message: String,
        hint: String,
    ) {
        let count = match severity {
            Severity::Error => &mut self.errors,
            Severity::Warning => &mut self.warnings,
        };
        if *count >= MAX_PER_SEVERITY {
            return;
        }
        *count += 1;
        self.drafts.push(Draft {
            severity,
            code,
            path: path.to_pointer().into_string(),
            message,
            hint,
            span,
        });
    }

    /// Whether another warning would still be kept: callers skip the costly "did you mean" search when not.
    pub fn wants_warnings(&self) -> bool {
        self.warnings < MAX_PER_SEVERITY
    }

    /// Whether another error would still be kept.
    pub fn wants_errors(&self) -> bool {
        self.errors < MAX_PER_SEVERITY
    }

    /// `wrong_type` unless `node` has one of `types`; true when it does.
    pub fn expect(&mut self, node: &Node, path: &Path, types: Types) -> bool {
        if types.admits(node) {
            return true;
        }
        let expected = types.describe();
        self.error(
            Code::WrongType,
            path,
            node.span(),
            format!(
                "`{}` must be {expected}, not {}.",
                display_path(&path.to_pointer()),
                node.type_name()
            ),
            format!("Send {expected} here."),
        );
        false
    }

    /// [`Checker::expect`] on the member `key` of the object at `parent`, building the member's path only when
    /// it is reported (this runs for nearly every value of a request).
    pub fn expect_member(&mut self, node: &Node, parent: &Path, key: &str, types: Types) -> bool {
        types.admits(node) || self.expect(node, &parent.key(key), types)
    }

    /// The members of an object node, or `wrong_type` and `None`.
    pub fn object<'n, 'a>(&mut self, node: &'n Node<'a>, path: &Path) -> Option<&'n [Member<'a>]> {
        if self.expect(node, path, Types::OBJECT) {
            node.as_object()
        } else {
            None
        }
    }

    /// The member `key` of `object`, or `missing_field` pointing at the object.
    pub fn require<'n, 'a>(&mut self, object: &'n Node<'a>, path: &Path, key: &str) -> Option<&'n Node<'a>> {
        let found = object.get(key);
        if found.is_none() {
            let field = path.key(key);
            self.error(
                Code::MissingField,
                &field,
                object.span(),
                format!("`{}` is required.", display_path(&field.to_pointer())),
                format!("Add \"{key}\" to this object."),
            );
        }
        found
    }

    /// Type-checks the members `fields` lists and warns about the others; `what` names the object in messages.
    pub fn members(&mut self, object: &Node, path: &Path, fields: &[Field], what: &str) {
        let Some(members) = object.as_object() else {
            return;
        };
        for member in members {
            match fields.iter().find(|f| f.name == member.key()) {
                // The member's path is only built when it is reported: this runs for every member checked.
                Some(field) if field.types.admits(&member.value) => {}
                Some(field) => {
                    self.expect(&member.value, &path.key(&member.key().decode()), field.types);
                }
                None => self.unknown_member(member, path, fields, what),
            }
        }
    }

    fn unknown_member(&mut self, member: &Member, path: &Path, fields: &[Field], what: &str) {
        if !self.wants_warnings() {
            return;
        }
        let key = member.key().decode();
        let near = suggest::nearest(&key, fields.iter().map(|f| f.name));
        let hint = match near {
            Some(name) => {
                format!("Did you mean \"{name}\"? Otherwise remove it: the API rejects extra fields.")
            }
            None => "Remove it, or check that your API version supports it: the API rejects extra fields."
                .to_string(),
        };
        self.warn(
            Code::UnknownField,
            &path.key(&key),
            member.key_span(),
            format!("Unknown field \"{key}\" in {what}."),
            hint,
        );
    }

    /// Warns that `value` is not one of `known` (a typo, or something newer than this catalogue).
    pub fn unknown_value(&mut self, node: &Node, path: &Path, value: &str, known: &[&str], what: &str) {
        if !self.wants_warnings() {
            return;
        }
        let hint = match suggest::nearest(value, known.iter().copied()) {
            Some(near) => format!("Did you mean \"{near}\"?"),
            None => format!("Known values: {}.", quoted_list(known)),
        };
        self.warn(
            Code::UnknownValue,
            path,
            node.span(),
            format!("Unknown {what} \"{value}\"."),
            hint,
        );
    }

    /// `object.key`, when it is a string, must be one of `known`; anything else is a warning.
    pub fn enumerated(&mut self, object: &Node, path: &Path, key: &str, known: &[&str], what: &str) {
        let Some(node) = object.get(key) else {
            return;
        };
        if let Some(value) = node.as_string() {
            if !known.iter().any(|k| value == *k) {
                self.unknown_value(node, &path.key(key), &value.decode(), known, what);
            }
        }
    }

    /// The diagnostics in text order with line and column. One forward pass over the text, so many diagnostics
    /// on one enormous line stay linear.
    pub fn finish(self) -> Vec<Diagnostic> {
        let mut drafts = self.drafts;
        crate::sort::by_key(&mut drafts, |d| (d.span.start, d.severity));
        let bytes = self.text.as_bytes();
        let (mut at, mut line, mut column) = (0usize, 1u32, 1u32);
        drafts
            .into_iter()
            .map(|d| {
                let target = d.span.start.min(bytes.len());
                for &b in &bytes[at.min(target)..target] {
                    if b == b'\n' {
                        line += 1;
                        column = 1;
                    } else if b & 0xC0 != 0x80 {
                        column += 1;
                    }
                }
                at = at.max(target);
                Diagnostic {
                    severity: d.severity,
                    code: d.code,
                    path: d.path,
                    message: d.message,
                    hint: Some(d.hint),
                    span: d.span,
                    line,
                    column,
                }
            })
            .collect()
    }
}

/// A pointer as people read it in messages: `messages[3].content[0]`.
pub fn display_path(path: &Pointer) -> String {
    let mut out = String::new();
    for segment in path.as_str().split('/').skip(1) {
        let segment = if segment.contains('~') {
            segment.replace("~1", "/").replace("~0", "~")
        } else {
            segment.to_string()
        };
        if !segment.is_empty() && segment.bytes().all(|b| b.is_ascii_digit()) {
            out.push('[');
            out.push_str(&segment);
            out.push(']');
        } else {
            if !out.is_empty() {
                out.push('.');
            }
            out.push_str(&segment);
        }
    }
    out
}

pub fn quoted_list(items: &[&str]) -> String {
    items
        .iter()
        .map(|i| format!("\"{i}\""))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_read_like_code() {
        let p = Pointer::root().key("messages").index(3).key("content").index(0);
        assert_eq!(display_path(&p), "messages[3].content[0]");
        assert_eq!(display_path(&Pointer::root().key("a/b")), "a/b");
    }
}
