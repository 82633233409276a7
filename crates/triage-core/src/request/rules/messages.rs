//! The `messages` array: roles, content, empty turns, the final assistant turn, and tool pairing.

use super::content::{self, Place};
use super::{pairing, Tally};
use crate::json::borrowed::Node;
use crate::json::Path;
use crate::request::catalogue as cat;
use crate::request::checker::{display_path, Checker};
use crate::request::diagnostic::Code;
use crate::request::suggest;

pub fn check(root: &Node, c: &mut Checker, tally: &mut Tally) {
    let path = Path::root().key("messages");
    let Some(messages) = root.get("messages").and_then(Node::as_array) else {
        return;
    };
    if messages.is_empty() {
        if let Some(node) = root.get("messages") {
            c.error(
                Code::EmptyMessages,
                &path,
                node.span(),
                "`messages` is empty: the API needs at least one message.".to_string(),
                "Add a user message, e.g. {\"role\": \"user\", \"content\": \"Hello\"}.",
            );
        }
        return;
    }
    let last = messages.len() - 1;
    let mut pairing = pairing::Pairing::default();
    for (i, message) in messages.iter().enumerate() {
        one(message, &path.index(i), i == last, c, tally);
        // In the same walk, while the message is still in the cache (issue 26).
        pairing.add(i, message, &path, c);
    }
    pairing.finish(&path, c);
}

fn one(message: &Node, path: &Path, is_last: bool, c: &mut Checker, tally: &mut Tally) {
    if c.object(message, path).is_none() {
        return;
    }
    c.members(message, path, cat::MESSAGE, "a message");
    let role = c.require(message, path, "role");
    let content = c.require(message, path, "content");
    let role = role.and_then(|r| check_role(r, content, &path.key("role"), c));
    let Some(content) = content else {
        return;
    };
    let at = path.key("content");
    let final_assistant = is_last && role == Some("assistant");
    // A content of the wrong type was reported with the message's members.
    if let Some(text) = content.as_string() {
        if final_assistant {
            trailing_whitespace(&text.decode(), content, &at, c);
        } else if text.is_blank() {
            empty_content(content, &at, c);
        }
    } else if let Some(blocks) = content.as_array() {
        if blocks.is_empty() && !final_assistant {
            empty_content(content, &at, c);
        }
        for (j, block) in blocks.iter().enumerate() {
            content::block(block, &at.index(j), Place::Top, c, tally);
        }
        if let Some((j, text)) = last_text(blocks).filter(|_| final_assistant) {
            trailing_whitespace(
                &text.as_str().unwrap_or_default(),
                text,
                &at.index(j).key("text"),
                c,
            );
        }
    }
}

/// The role, when valid; `system` is valid only for a turn made of `mid_conv_system` blocks.
fn check_role(role: &Node, content: Option<&Node>, path: &Path, c: &mut Checker) -> Option<&'static str> {
    // A role of the wrong type was reported with the message's members.
    let name = role.as_str()?;
    match name.as_ref() {
        "user" => Some("user"),
        "assistant" => Some("assistant"),
        "system" if is_mid_conversation_system(content) => Some("system"),
        "system" => {
            c.error(
                Code::SystemRoleInMessages,
                path,
                role.span(),
                "The Messages API has no \"system\" role for ordinary messages.".to_string(),
                "Move this text to the top-level `system` field: \"system\": \"…\".",
            );
            None
        }
        _ if !c.wants_errors() => None,
        _ => {
            let hint = match suggest::nearest(&name, ["user", "assistant"]) {
                Some(near) => format!("Did you mean \"{near}\"? Roles are \"user\" and \"assistant\"."),
                None => {
                    "Use \"user\" or \"assistant\"; put system instructions in the top-level `system` field."
                        .to_string()
                }
            };
            c.error(
                Code::InvalidRole,
                path,
                role.span(),
                format!("\"{name}\" is not a message role."),
                hint,
            );
            None
        }
    }
}

/// A mid-conversation system message: `content` is a non-empty array of `mid_conv_system` blocks.
fn is_mid_conversation_system(content: Option<&Node>) -> bool {
    content.and_then(Node::as_array).is_some_and(|blocks| {
        !blocks.is_empty()
            && blocks
                .iter()
                .all(|b| b.get("type").is_some_and(|t| t.is_str("mid_conv_system")))
    })
}

fn empty_content(content: &Node, path: &Path, c: &mut Checker) {
    c.error(
        Code::EmptyContent,
        path,
        content.span(),
        format!(
            "`{}` is empty; only a final assistant message may be empty.",
            display_path(&path.to_pointer())
        ),
        "Put text or blocks in it, or remove the message.",
    );
}

/// The last text block of a final assistant turn, the one the model continues from.
fn last_text<'n>(blocks: &'n [Node<'n>]) -> Option<(usize, &'n Node<'n>)> {
    let (j, block) = blocks.iter().enumerate().next_back()?;
    if !block.get("type").is_some_and(|t| t.is_str("text")) {
        return None;
    }
    Some((j, block.get("text")?))
}

fn trailing_whitespace(text: &str, node: &Node, path: &Path, c: &mut Checker) {
    if !text.is_empty() && text.ends_with(char::is_whitespace) {
        c.error(
            Code::TrailingWhitespaceInFinalAssistant,
            path,
            node.span(),
            "The final assistant message (a prefill) ends with whitespace, which the API rejects."
                .to_string(),
            "Trim the trailing spaces and newlines from the prefill.",
        );
    }
}
