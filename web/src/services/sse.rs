//! Reading a streamed reply as it arrives: the text so far, and whether any output has reached the user yet
//! (the point after which a failed stream must not be re-sent silently).

use triage_core::json::{self, Node};
use triage_core::response::stream_event_carries_output;

#[derive(Clone, Default, PartialEq, Debug)]
pub struct StreamView {
    pub text: String,
    /// An event that shows output has arrived (the core's `stream_event_carries_output`).
    pub output_delivered: bool,
    pub events: usize,
    pub error: bool,
    pub complete: bool,
}

/// Reads every complete event (`\n\n`-terminated) of the body so far.
pub fn read(body: &str) -> StreamView {
    let mut view = StreamView::default();
    let normalized = body.replace("\r\n", "\n");
    let complete_len = normalized.rfind("\n\n").map_or(0, |i| i + 2);
    for block in normalized[..complete_len].split("\n\n") {
        let mut event = "";
        let mut data = String::new();
        for line in block.lines() {
            if let Some(name) = line.strip_prefix("event:") {
                event = name.trim();
            } else if let Some(d) = line.strip_prefix("data:") {
                data.push_str(d.trim_start());
            }
        }
        if event.is_empty() && data.is_empty() {
            continue;
        }
        view.events += 1;
        let parsed = json::parse(&data).ok();
        let kind = parsed
            .as_ref()
            .and_then(|p| p.get("type"))
            .and_then(Node::as_str)
            .unwrap_or(event);
        view.output_delivered |= stream_event_carries_output(event, parsed.as_ref());
        match kind {
            "content_block_delta" => {
                let delta = parsed.as_ref().and_then(|p| p.get("delta"));
                if let Some(t) = delta.and_then(|d| d.get("text")).and_then(Node::as_str) {
                    view.text.push_str(t);
                }
            }
            "content_block_start" => {
                let block = parsed.as_ref().and_then(|p| p.get("content_block"));
                if let Some(t) = block.and_then(|b| b.get("text")).and_then(Node::as_str) {
                    view.text.push_str(t);
                }
            }
            "error" => view.error = true,
            "message_stop" => view.complete = true,
            _ => {}
        }
    }
    view
}
