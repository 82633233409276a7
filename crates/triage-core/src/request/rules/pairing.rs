//! `tool_use` / `tool_result` pairing across turns.
//!
//! The API merges consecutive messages of one role into a turn, then requires every `tool_use` id of an
//! assistant turn to be answered by a `tool_result` in the very next (user) turn, every `tool_result` to answer
//! a `tool_use` of the turn just before, and `tool_result` blocks to come first in their message.

use crate::json::borrowed::Node;
use crate::json::{Path, Pointer, Span};
use crate::request::checker::Checker;
use crate::request::diagnostic::Code;
use std::borrow::Cow;

/// A `tool_use` or `tool_result` block: the id, where to point, and the span.
#[derive(Clone)]
struct Call<'n> {
    /// Borrowed from the text unless the id has escapes.
    id: Cow<'n, str>,
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
    fn path(self, messages: &Path) -> Pointer {
        let message = messages.index(self.message);
        let content = message.key("content");
        let block = content.index(self.block);
        if self.id_member {
            block.key("tool_use_id").to_pointer()
        } else {
            block.to_pointer()
        }
    }
}

#[derive(Default)]
struct Turn<'n> {
    role: &'static str,
    uses: Vec<Call<'n>>,
    results: Vec<Call<'n>>,
}

/// What the checks found, reported when the messages walk is over.
enum Finding<'n> {
    /// A `tool_use` without its result; the flag says the conversation ends on it.
    Unanswered(Call<'n>, bool),
    /// A `tool_result` that answers no `tool_use` of the turn before.
    WithoutUse(Call<'n>),
}

/// The messages' turns, collected one message at a time by [`Pairing::add`] while the messages rule walks them
/// (on a long transcript a second walk over the tree mostly waits for memory), and checked as soon as the
/// turns either side of them are complete: only three turns are kept, instead of every turn of the
/// conversation (on the 10 MB transcript, 50,000 turns and their call lists were about a third of the peak
/// heap, issue 26).
#[derive(Default)]
pub struct Pairing<'n> {
    /// The turn before `pending`, already checked.
    before: Option<Turn<'n>>,
    /// Complete but not checked: its checks need the turn after it, `current`.
    pending: Option<Turn<'n>>,
    /// The turn messages are being added to.
    current: Option<Turn<'n>>,
    /// Reported at [`Pairing::finish`], after the other rules' diagnostics on the messages, as when the turns
    /// were checked after the walk: which diagnostics the checker keeps once it has its fill depends on it.
    findings: Vec<Finding<'n>>,
}

impl<'n> Pairing<'n> {
    /// Adds message `i` to the turns (consecutive same-role messages merge; system messages are transparent) and
    /// checks that its `tool_result` blocks lead it.
    pub fn add(&mut self, i: usize, message: &'n Node<'n>, path: &Path, c: &mut Checker) {
        let Some(role) = message
            .get("role")
            .and_then(|r| ["user", "assistant"].into_iter().find(|&known| r.is_str(known)))
        else {
            return;
        };
        if self.current.as_ref().is_none_or(|t| t.role != role) {
            self.start_turn(role);
        }
        if let Some(turn) = self.current.as_mut() {
            add(turn, i, message, path, c);
        }
    }

    /// `current` is complete: `pending` can be checked now, and the oldest turn's lists are reused.
    fn start_turn(&mut self, role: &'static str) {
        self.check_pending();
        let mut turn = self.before.take().unwrap_or_default();
        turn.role = role;
        turn.uses.clear();
        turn.results.clear();
        self.before = self.pending.take();
        self.pending = self.current.take();
        self.current = Some(turn);
    }

    /// The turn before `current` has its neighbours on both sides now: its findings can be made.
    fn check_pending(&mut self) {
        if let Some(pending) = &self.pending {
            check(
                pending,
                self.before.as_ref(),
                self.current.as_ref(),
                &mut self.findings,
            );
        }
    }

    /// Checks the last turns and reports every finding, once every message was added.
    pub fn finish(mut self, path: &Path, c: &mut Checker) {
        self.check_pending();
        if let Some(current) = &self.current {
            check(current, self.pending.as_ref(), None, &mut self.findings);
        }
        for finding in &self.findings {
            match finding {
                Finding::Unanswered(call, is_last_turn) => unanswered(call, path, *is_last_turn, c),
                Finding::WithoutUse(call) => c.error(
                    Code::ToolResultWithoutUse,
                    &Path::of(&call.at.path(path)),
                    call.span,
                    format!(
                        "tool_result for \"{}\" does not answer a tool_use in the assistant turn just before.",
                        call.id
                    ),
                    "A tool_result must answer a tool_use id from the immediately preceding assistant message; \
                     check the id, or remove results of tool calls that are no longer in the history.",
                ),
            }
        }
    }
}

/// The checks of one turn, which need the turns just before and after it.
fn check<'n>(
    turn: &Turn<'n>,
    previous: Option<&Turn<'n>>,
    next: Option<&Turn<'n>>,
    out: &mut Vec<Finding<'n>>,
) {
    if turn.role == "assistant" {
        let answered = sorted_ids(next.filter(|n| n.role == "user").map(|n| &n.results));
        for call in turn.uses.iter().filter(|u| !answered.contains(&u.id)) {
            out.push(Finding::Unanswered(call.clone(), next.is_none()));
        }
    }
    if turn.role == "user" {
        let asked = sorted_ids(previous.filter(|p| p.role == "assistant").map(|p| &p.uses));
        for call in turn.results.iter().filter(|r| !asked.contains(&r.id)) {
            out.push(Finding::WithoutUse(call.clone()));
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
    let mut ids: Vec<&str> = calls.iter().map(|c| c.id.as_ref()).collect();
    crate::sort::by_key(&mut ids, |&id| id);
    Ids::Sorted(ids)
}

fn unanswered(call: &Call, messages: &Path, is_last_turn: bool, c: &mut Checker) {
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
            &Path::of(&call.at.path(messages)),
            call.span,
            message,
            hint,
        );
    } else {
        c.error(
            Code::ToolUseWithoutResult,
            &Path::of(&call.at.path(messages)),
            call.span,
            message,
            hint,
        );
    }
}

fn add<'n>(turn: &mut Turn<'n>, i: usize, message: &'n Node<'n>, path: &Path, c: &mut Checker) {
    let role = turn.role;
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
        let kind = block.get("type");
        if kind.is_some_and(|k| k.is_str("tool_use")) && role == "assistant" {
            if let Some(id) = block.get("id").and_then(Node::as_str) {
                turn.uses.push(Call {
                    id,
                    at,
                    span: block.span(),
                });
            }
        } else if kind.is_some_and(|k| k.is_str("tool_result")) && role == "user" {
            if seen_other {
                c.error(
                    Code::ToolResultNotFirst,
                    &Path::of(&at.path(path)),
                    block.span(),
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
                        span: id_node.span(),
                    });
                }
            }
        } else {
            seen_other = true;
        }
    }
}
