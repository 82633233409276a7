//! Reading a response out of pasted text: `curl -i` / `curl -v` output, or an error as SDKs and logs show it.

use super::text;

/// Longest text before a logged body that is still read as its prefix (`Error code: 429 - `).
const MAX_LOG_PREFIX_CHARS: usize = 200;

/// A JSON body escaped inside a log line starts like this, and unescapes by these two replacements.
const ESCAPED_OPEN: &str = "{\\\"";
const ESCAPED_QUOTE: &str = "\\\"";
const ESCAPED_BACKSLASH: &str = "\\\\";

/// A response read from text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawResponse {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
    /// The request's headers, when the text shows them (`curl -v` prints them as `> ` lines).
    pub request_headers: Vec<(String, String)>,
}

/// An error body found inside a log line or an SDK's error message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoggedError {
    /// The last number 100–599 before the body, if any.
    pub status: Option<u16>,
    pub body: String,
}

/// `Error code: 429 - {'type': 'error', …}` (Python SDK), `429 {"type":…}` (TypeScript SDK), `API Error: 529
/// {…} · Retrying…`, or a JSON body escaped inside a log line (`{\"type\":…}`). `None` unless the text is a
/// short prefix followed by a `{`.
pub fn logged(text: &str) -> Option<LoggedError> {
    let trimmed = text.trim_start();
    let brace = trimmed.find('{').filter(|&at| at > 0)?;
    let prefix = trimmed.get(..brace)?;
    if prefix.chars().count() > MAX_LOG_PREFIX_CHARS {
        return None;
    }
    let status = text::numbers(prefix)
        .iter()
        .rev()
        .find(|n| n.is_integer && (100.0..600.0).contains(&n.value))
        .map(|n| n.value as u16);
    let body = trimmed.get(brace..)?;
    let body = if body.starts_with(ESCAPED_OPEN) {
        body.replace(ESCAPED_QUOTE, "\"").replace(ESCAPED_BACKSLASH, "\\")
    } else {
        body.to_string()
    };
    Some(LoggedError { status, body })
}

/// `None` when the text does not start with a status line (nor contain `curl -v`'s `< HTTP/…`). With several
/// header blocks (`100 Continue`, a proxy's `200 Connection established`) the last one is the response.
pub fn split(text: &str) -> Option<RawResponse> {
    if text
        .lines()
        .any(|l| l.starts_with("< HTTP/") || l.starts_with("<  HTTP/"))
    {
        return split_verbose(text);
    }
    let mut rest = text.trim_start();
    let mut response: Option<RawResponse> = None;
    while let Some(status) = rest.lines().next().and_then(status_of) {
        let (head, body) = split_head(rest);
        response = Some(RawResponse {
            status,
            headers: head.lines().skip(1).filter_map(header_of).collect(),
            body: body.to_string(),
            request_headers: Vec::new(),
        });
        rest = body.trim_start_matches(['\r', '\n']);
    }
    response
}

/// The head (status line and headers) and the body after the first blank line, with CRLF or LF.
fn split_head(text: &str) -> (&str, &str) {
    let crlf = text.find("\r\n\r\n").map(|i| (i, 4));
    let lf = text.find("\n\n").map(|i| (i, 2));
    match (crlf, lf) {
        (Some(a), Some(b)) => {
            let (at, len) = if a.0 < b.0 { a } else { b };
            (text.get(..at).unwrap_or(text), text.get(at + len..).unwrap_or(""))
        }
        (Some((at, len)), None) | (None, Some((at, len))) => {
            (text.get(..at).unwrap_or(text), text.get(at + len..).unwrap_or(""))
        }
        (None, None) => (text, ""),
    }
}

/// `curl -v`: `< ` lines are the response head, `> ` the request, `* ` curl's notes, `{ [n bytes data]` its
/// progress; the body is everything else after the last response head.
fn split_verbose(text: &str) -> Option<RawResponse> {
    let mut status = 0;
    let mut headers = Vec::new();
    let mut request_headers = Vec::new();
    let mut body = String::new();
    for line in text.split_inclusive('\n') {
        let bare = line.trim_end_matches(['\r', '\n']);
        if let Some(sent) = bare.strip_prefix("> ") {
            request_headers.extend(header_of(sent));
        } else if let Some(head) = bare.strip_prefix('<') {
            let head = head.trim_start();
            if let Some(s) = status_of(head) {
                status = s;
                headers.clear();
                body.clear();
            } else if let Some(h) = header_of(head) {
                headers.push(h);
            }
        } else if !is_curl_note(bare) {
            // Without a final newline in the body, curl glues its closing note onto the body's last line.
            match line.find("* Connection #") {
                Some(at) => body.push_str(line.get(..at).unwrap_or(line)),
                None => body.push_str(line),
            }
        }
    }
    (status != 0).then_some(RawResponse {
        status,
        headers,
        body,
        request_headers,
    })
}

fn is_curl_note(line: &str) -> bool {
    line.starts_with("* ")
        || line == "*"
        || line.starts_with("> ")
        || line == ">"
        || line.starts_with("{ [")
        || line.starts_with("} [")
}

/// `HTTP/1.1 429 Too Many Requests`, `HTTP/2 529` → the status.
fn status_of(line: &str) -> Option<u16> {
    let mut words = line.split_whitespace();
    let version = words.next()?;
    if !version.get(..5).is_some_and(|p| p.eq_ignore_ascii_case("http/")) {
        return None;
    }
    let code = words.next()?;
    (code.len() == 3 && code.bytes().all(|b| b.is_ascii_digit())).then(|| code.parse().ok())?
}

fn header_of(line: &str) -> Option<(String, String)> {
    let (name, value) = line.split_once(':')?;
    let name = name.trim();
    let valid = !name.is_empty() && !name.contains(char::is_whitespace);
    valid.then(|| (name.to_string(), value.trim().to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn curl_i_with_continue_and_crlf() {
        let text =
            "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 529 Overloaded\r\nRequest-Id: req_1\r\n\r\n{\"a\":1}";
        let r = split(text).expect("a raw response");
        assert_eq!(r.status, 529);
        assert_eq!(r.headers, [("Request-Id".to_string(), "req_1".to_string())]);
        assert_eq!(r.body, "{\"a\":1}");
    }

    #[test]
    fn proxy_connect_block_then_http2() {
        let text = "HTTP/1.1 200 Connection established\n\nHTTP/2 429\nretry-after: 5\n\nbody\n";
        let r = split(text).expect("a raw response");
        assert_eq!((r.status, r.body.as_str()), (429, "body\n"));
    }

    #[test]
    fn curl_v() {
        let text = "*   Trying 1.2.3.4:443...\n> POST /v1/messages HTTP/2\n> x-api-key: sk-ant-FAKE\n>\n\
                    < HTTP/2 401 \n< request-id: req_9\n<\n{ [5 bytes data]\n\
                    {\"error\":1}* Connection #0 to host x left intact\n";
        let r = split(text).expect("a raw response");
        assert_eq!(r.status, 401);
        assert_eq!(r.headers, [("request-id".to_string(), "req_9".to_string())]);
        assert_eq!(r.body, "{\"error\":1}");
    }

    #[test]
    fn logged_errors() {
        let python = "Error code: 429 - {'type': 'error', 'error': {'type': 'rate_limit_error'}}";
        let got = logged(python).expect("logged");
        assert_eq!(got.status, Some(429));
        assert_eq!(
            got.body,
            "{'type': 'error', 'error': {'type': 'rate_limit_error'}}"
        );
        let escaped = logged(r#"[2026-03-25 07:27:01] ERROR 401 {\"type\":\"error\"}"#).expect("logged");
        assert_eq!(
            (escaped.status, escaped.body.as_str()),
            (Some(401), r#"{"type":"error"}"#)
        );
        assert_eq!(logged("{\"a\":1}"), None);
        assert_eq!(logged("no body here"), None);
    }

    #[test]
    fn not_raw() {
        assert_eq!(split("{\"type\":\"error\"}"), None);
        assert_eq!(split("HTTP/1.1 abc"), None);
    }
}
