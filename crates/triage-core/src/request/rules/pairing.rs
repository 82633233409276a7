//! `tool_use` / `tool_result` pairing across turns.
//!
//! The API merges consecutive messages of one role into a turn, then requires every `tool_use` id of an
//! assistant turn to be answered by a `tool_result` in the very next (user) turn, every `tool_result` to answer
//! a `tool_use` of the turn just before, and `tool_result` blocks to come first in their message.

use crate::json::borrowed::Node;
use crate::json::{Pointer, Span};
use crate::request::checker::Checker;
use crate::request::diagnostic::Code;

/// A `tool_use` or `tool_result` block: the id, where to point, and the span.
struct Call<'n> {
    id: &'n str,
    at: At,
    span: Span,
}

/// Where a call is, as indices: a transcript has a call in nearly every message and almost all of them pair up,
/// so the JSON pointer (an allocation) is only built for the few that get a diagnostic (issue 26).
#[derive(Clone, Copy)]
struct At {
    message: usize,
    block: usize,
    /// The `tool_use_id` member of a result, not the block.
    id_member: bool,
}

impl At {
    fn path(self, messages: &Pointer) -> Pointer {
        let block = messages.index(self.message).key("content").index(self.block);
        if self.id_member {
            block.key("tool_use_id")
        } else {
            block
        }
    }
}

#[derive(Default)]
struct Turn<'n> {
    role: &'n str,
    uses: Vec<Call<'n>>,
    results: Vec<Call<'n>>,
}

/// The messages' turns, collected one message at a time by [`Pairing::add`] while the messages rule walks them:
/// on a long transcript a second walk over the tree mostly waits for memory (issue 26).
#[derive(Default)]
pub struct Pairing<'n> {
    turns: Vec<Turn<'n>>,
}

impl<'n> Pairing<'n> {
    /// Adds message `i` to the turns (consecutive same-role messages merge; system messages are transparent) and
    /// checks that its `tool_result` blocks lead it.
    pub fn add(&mut self, i: usize, message: &'n Node<'n>, path: &Pointer, c: &mut Checker) {
        add(&mut self.turns, i, message, path, c);
    }

    /// Checks the pairs across turns, once every message was added.
    pub fn finish(self, path: &Pointer, c: &mut Checker) {
        check(&self.turns, path, c);
    }
}

fn check(turns: &[Turn], path: &Pointer, c: &mut Checker) {
    for (t, turn) in turns.iter().enumerate() {
        let next = turns.get(t + 1);
        if turn.role == "assistant" {
            let answered = sorted_ids(next.filter(|n| n.role == "user").map(|n| &n.results));
            for call in turn.uses.iter().filter(|u| !answered.contains(u.id)) {
                unanswered(call, path, next.is_none(), c);
            }
        }
        if turn.role == "user" {
            let previous = t.checked_sub(1).and_then(|p| turns.get(p));
            let asked = sorted_ids(previous.filter(|p| p.role == "assistant").map(|p| &p.uses));
            for call in turn.results.iter().filter(|r| !asked.contains(r.id)) {
                c.error(
                    Code::ToolResultWithoutUse,
                    &call.at.path(path),
                    call.span,
                    format!(
                        "tool_result for \"{}\" does not answer a tool_use in the assistant turn just before.",
                        call.id
                    ),
                    "A tool_result must answer a tool_use id from the immediately preceding assistant message; \
                     check the id, or remove results of tool calls that are no longer in the history.",
                );
            }
        }
    }
}

/// The ids of a turn's calls, to look ids up in.
enum Ids<'c> {
    /// Most turns make one or two calls: searched in place, without allocating a list per turn (issue 26).
    Few(&'c [Call<'c>]),
    /// Sorted for binary search (a sorted Vec keeps hash tables out of the wasm build).
    Sorted(Vec<&'c str>),
}

/// Up to this many calls are searched in place.
const FEW_CALLS: usize = 8;

impl Ids<'_> {
    fn contains(&self, id: &str) -> bool {
        match self {
            Ids::Few(calls) => calls.iter().any(|c| c.id == id),
            Ids::Sorted(ids) => ids.binary_search(&id).is_ok(),
        }
    }
}

fn sorted_ids<'c>(calls: Option<&'c Vec<Call<'c>>>) -> Ids<'c> {
    let calls = calls.map_or(&[][..], Vec::as_slice);
    if calls.len() <= FEW_CALLS {
        return Ids::Few(calls);
    }
    let mut ids: Vec<&str> = calls.iter().map(|c| c.id).collect();
    crate::sort::by_key(&mut ids, |&id| id);
    Ids::Sorted(ids)
}

fn unanswered(call: &Call, messages: &Pointer, is_last_turn: bool, c: &mut Checker) {
    let message = format!(
        "tool_use \"{}\" has no tool_result in the next user message.",
        call.id
    );
    let hint = "Send a user message right after it whose content starts with {\"type\": \"tool_result\", \
                \"tool_use_id\": \"…\"} for every tool_use id.";
    if is_last_turn {
        // The conversation ends on the call: possibly a prefill the caller completes next; the API may refuse.
        c.warn(
            Code::ToolUseWithoutResult,
            &call.at.path(messages),
            call.span,
            message,
            hint,
        );
    } else {
        c.error(
            Code::ToolUseWithoutResult,
            &call.at.path(messages),
            call.span,
            message,
            hint,
        );
    }
}

fn add<'n>(turns: &mut Vec<Turn<'n>>, i: usize, message: &'n Node<'n>, path: &Pointer, c: &mut Checker) {
    let Some(role) = message.get("role").and_then(Node::as_str) else {
        return;
    };
    if role != "user" && role != "assistant" {
        return;
    }
    if turns.last().is_none_or(|t| t.role != role) {
        turns.push(Turn {
            role,
            ..Turn::default()
        });
    }
    let Some(turn) = turns.last_mut() else {
        return;
    };
    let blocks = message
        .get("content")
        .and_then(Node::as_array)
        .unwrap_or_default();
    let mut seen_other = false;
    for (j, block) in blocks.iter().enumerate() {
        let at = At {
            message: i,
            block: j,
            id_member: false,
        };
        match block.get("type").and_then(Node::as_str) {
            Some("tool_use") if role == "assistant" => {
                if let Some(id) = block.get("id").and_then(Node::as_str) {
                    turn.uses.push(Call {
                        id,
                        at,
                        span: block.span,
                    });
                }
            }
            Some("tool_result") if role == "user" => {
                if seen_other {
                    c.error(
                        Code::ToolResultNotFirst,
                        &at.path(path),
                        block.span,
                        "tool_result blocks must come before any other block in the message.".to_string(),
                        "Move the tool_result blocks to the start of `content`; put text after them.",
                    );
                }
                if let Some(id_node) = block.get("tool_use_id") {
                    if let Some(id) = id_node.as_str() {
                        turn.results.push(Call {
                            id,
                            at: At {
                                id_member: true,
                                ..at
                            },
                            span: id_node.span,
                        });
                    }
                }
            }
            _ => seen_other = true,
        }
    }
}
