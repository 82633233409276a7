//! Reading a server-sent event stream as text: did it finish, and did an `event: error` arrive after the 200?

use super::body::ErrorBody;
use crate::json;

/// What a stream's text shows.
#[derive(Debug, Clone, PartialEq)]
pub struct StreamSummary {
    /// Events before the error (or in the whole stream).
    pub events_before_error: usize,
    /// The first error event's payload.
    pub error: Option<ErrorBody>,
    /// `message_stop` (or an OpenAI-style `[DONE]` from a relay) arrived.
    pub complete: bool,
}

/// Whether the text is an SSE stream: its first non-empty line is an `event:`, `data:`, `id:` or `:` line.
pub fn looks_like_sse(text: &str) -> bool {
    text.lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .is_some_and(|first| {
            ["event:", "data:", "id:", ":"]
                .iter()
                .any(|p| first.starts_with(p))
        })
}

/// Whether an event shows the caller output: the point after which a stream that fails must not be sent again
/// silently, since the caller would see its start twice. Any delta does, and so does a block that starts with
/// content of its own: a tool call (its name is shown at once), redacted thinking, a non-empty text or thinking.
/// An empty text or thinking block is only a frame. `name` is the `event:` line's; the payload's `type` wins when
/// it has one (relays that send every event as `message`). The one rule createFetch and the playground apply.
pub fn stream_event_carries_output(name: &str, payload: Option<&json::Node>) -> bool {
    match member_str(payload, "type").unwrap_or(name) {
        "content_block_delta" => true,
        "content_block_start" => {
            let Some(block) = payload
                .and_then(|p| p.get("content_block"))
                .filter(|b| b.as_object().is_some())
            else {
                return false;
            };
            let non_empty = |key: &str| member_str(Some(block), key).is_some_and(|s| !s.is_empty());
            match member_str(Some(block), "type") {
                Some("text") => non_empty("text"),
                Some("thinking") => non_empty("thinking"),
                _ => true,
            }
        }
        _ => false,
    }
}

fn member_str<'a>(node: Option<&'a json::Node>, key: &str) -> Option<&'a str> {
    node?.get(key)?.as_str()
}

pub fn read(text: &str) -> StreamSummary {
    let mut summary = StreamSummary {
        events_before_error: 0,
        error: None,
        complete: false,
    };
    let mut name = String::new();
    let mut data = String::new();
    // A final event without its blank line still counts: the text may have been cut right after it.
    for line in text.lines().chain(std::iter::once("")) {
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.is_empty() {
            if !name.is_empty() || !data.is_empty() {
                dispatch(&mut summary, &name, &data);
                if summary.error.is_some() {
                    break;
                }
            }
            name.clear();
            data.clear();
        } else if let Some(value) = field(line, "event") {
            name = value.to_string();
        } else if let Some(value) = field(line, "data") {
            if !data.is_empty() {
                data.push('\n');
            }
            data.push_str(value);
        }
    }
    summary
}

/// The value of an `event:`/`data:` line (one optional space after the colon, per the SSE spec).
fn field<'a>(line: &'a str, name: &str) -> Option<&'a str> {
    let value = line.strip_prefix(name)?.strip_prefix(':')?;
    Some(value.strip_prefix(' ').unwrap_or(value))
}

fn dispatch(summary: &mut StreamSummary, name: &str, data: &str) {
    let payload = json::parse(data).ok();
    let payload_type = payload
        .as_ref()
        .and_then(|p| p.get("type"))
        .and_then(|t| t.as_str());
    let has_error_object = payload
        .as_ref()
        .and_then(|p| p.get("error"))
        .is_some_and(|e| !e.is_null());
    if name == "error" || payload_type == Some("error") || has_error_object {
        summary.error = Some(ErrorBody::parse(data));
        return;
    }
    if name == "message_stop" || payload_type == Some("message_stop") || data.trim() == "[DONE]" {
        summary.complete = true;
    }
    summary.events_before_error += 1;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_error_after_content() {
        let text = "event: message_start\ndata: {\"type\":\"message_start\"}\n\n\
                    event: error\r\ndata: {\"type\":\"error\",\"error\":{\"type\":\"api_error\",\
                    \"message\":\"x\"}}\r\n\r\n";
        let s = read(text);
        assert_eq!(s.events_before_error, 1);
        assert_eq!(s.error.and_then(|e| e.error_type).as_deref(), Some("api_error"));
        assert!(!s.complete);
    }

    #[test]
    fn output_starts_at_a_delta_or_a_block_with_content() {
        let carries =
            |name: &str, data: &str| stream_event_carries_output(name, json::parse(data).ok().as_ref());
        assert!(carries(
            "content_block_delta",
            r#"{"type":"content_block_delta","delta":{"text":""}}"#
        ));
        assert!(carries("message", r#"{"type":"content_block_delta"}"#));
        assert!(carries("content_block_delta", "not json"));
        let start =
            |block: &str| format!(r#"{{"type":"content_block_start","index":0,"content_block":{block}}}"#);
        assert!(!carries(
            "content_block_start",
            &start(r#"{"type":"text","text":""}"#)
        ));
        assert!(carries(
            "content_block_start",
            &start(r#"{"type":"text","text":"Hi"}"#)
        ));
        assert!(!carries(
            "content_block_start",
            &start(r#"{"type":"thinking","thinking":""}"#)
        ));
        assert!(carries(
            "content_block_start",
            &start(r#"{"type":"tool_use","id":"t","name":"f","input":{}}"#)
        ));
        assert!(carries(
            "content_block_start",
            &start(r#"{"type":"redacted_thinking","data":"x"}"#)
        ));
        assert!(!carries("content_block_start", &start("null")));
        assert!(!carries(
            "content_block_start",
            r#"{"type":"content_block_start"}"#
        ));
        for quiet in ["message_start", "ping", "message_delta", "message_stop", "error"] {
            assert!(!carries(quiet, &format!(r#"{{"type":"{quiet}"}}"#)), "{quiet}");
        }
    }

    #[test]
    fn complete_and_truncated_streams() {
        assert!(read("event: message_stop\ndata: {\"type\":\"message_stop\"}").complete);
        let cut = read("event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"delta\":{\"te");
        assert!(!cut.complete && cut.error.is_none());
        assert!(looks_like_sse(": ping\n\nevent: x"));
        assert!(!looks_like_sse("{\"data\": 1}"));
    }
}
