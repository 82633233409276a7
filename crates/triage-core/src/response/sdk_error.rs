//! The Vercel AI SDK's `APICallError` as it is logged: Node's `util.inspect` dump (`statusCode: 529,
//! responseHeaders: { 'request-id': 'req_…' }, responseBody: '{"type":"error",…}'`) or its `JSON.stringify`
//! form (`"statusCode":529,"responseBody":"{\"type\":…}"`). The body is a quoted string, so the error type,
//! status and headers are read from the fields the SDK names, not from the surrounding text.

/// The response an `APICallError` carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiCallError {
    pub status: Option<u16>,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

/// `None` unless the text names a `responseBody` field holding a quoted string.
pub fn api_call_error(text: &str) -> Option<ApiCallError> {
    let body = value_after(text, "responseBody").and_then(|v| quoted(v).map(|(s, _)| s))?;
    let status = value_after(text, "statusCode").and_then(|v| {
        let digits: String = v.chars().take_while(char::is_ascii_digit).collect();
        digits.parse::<u16>().ok().filter(|s| (100..600).contains(s))
    });
    let headers = value_after(text, "responseHeaders")
        .map(header_object)
        .unwrap_or_default();
    Some(ApiCallError {
        status,
        headers,
        body,
    })
}

/// The text after `name:` / `"name":` / `'name':`, spaces skipped.
fn value_after<'a>(text: &'a str, name: &str) -> Option<&'a str> {
    let mut from = 0;
    while let Some(found) = text.get(from..)?.find(name) {
        let end = from + found + name.len();
        let rest = text.get(end..)?;
        let rest = rest.strip_prefix(['"', '\'']).unwrap_or(rest);
        if let Some(value) = rest.trim_start().strip_prefix(':') {
            return Some(value.trim_start());
        }
        from = end;
    }
    None
}

/// A JavaScript string literal at the start of `text` (`'…'`, `"…"` or `` `…` ``, with Node's `' +\n '`
/// continuations joined), unescaped; and the rest of the text after it.
fn quoted(text: &str) -> Option<(String, &str)> {
    let mut out = String::new();
    let mut rest = text;
    loop {
        let quote = rest.chars().next().filter(|c| matches!(c, '\'' | '"' | '`'))?;
        let mut chars = rest.char_indices().skip(1);
        let mut closed = None;
        while let Some((at, c)) = chars.next() {
            if c == quote {
                closed = Some(at + c.len_utf8());
                break;
            }
            if c != '\\' {
                out.push(c);
                continue;
            }
            match chars.next().map(|(_, e)| e) {
                Some('n') => out.push('\n'),
                Some('t') => out.push('\t'),
                Some('r') => out.push('\r'),
                Some('u') => {
                    let hex: String = chars.by_ref().take(4).map(|(_, h)| h).collect();
                    out.push(
                        u32::from_str_radix(&hex, 16)
                            .ok()
                            .and_then(char::from_u32)
                            .unwrap_or('\u{fffd}'),
                    );
                }
                Some(other) => out.push(other),
                None => {}
            }
        }
        rest = rest.get(closed?..)?;
        match rest.trim_start().strip_prefix('+') {
            Some(next) => rest = next.trim_start(),
            None => return Some((out, rest)),
        }
    }
}

/// `{ 'content-type': 'application/json', 'request-id': 'req_1' }` (or its JSON form) → name/value pairs; stops
/// at the first entry it cannot read.
fn header_object(text: &str) -> Vec<(String, String)> {
    let mut headers = Vec::new();
    let Some(mut rest) = text.strip_prefix('{') else {
        return headers;
    };
    loop {
        rest = rest.trim_start().trim_start_matches(',').trim_start();
        let (name, after) = match quoted(rest) {
            Some(q) => q,
            None => {
                let end = rest
                    .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
                    .unwrap_or(rest.len());
                if end == 0 {
                    return headers;
                }
                (rest[..end].to_string(), &rest[end..])
            }
        };
        let Some(value) = after.trim_start().strip_prefix(':') else {
            return headers;
        };
        let Some((value, after)) = quoted(value.trim_start()) else {
            return headers;
        };
        headers.push((name, value));
        rest = after;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn node_inspect_dump() {
        let text = "APICallError [AI_APICallError]: Overloaded\n    at file:///app/index.mjs:431:14 {\n  \
                    cause: undefined,\n  url: 'https://api.anthropic.com/v1/messages',\n  statusCode: 529,\n  \
                    responseHeaders: {\n    'content-type': 'application/json',\n    'request-id': \
                    'req_011CV',\n    'x-should-retry': 'true'\n  },\n  responseBody: \
                    '{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}',\n  \
                    isRetryable: true\n}";
        let e = api_call_error(text).expect("an APICallError");
        assert_eq!(e.status, Some(529));
        assert_eq!(e.headers.len(), 3);
        assert_eq!(e.headers[1], ("request-id".to_string(), "req_011CV".to_string()));
        assert!(e.body.starts_with("{\"type\":\"error\""), "{}", e.body);
    }

    #[test]
    fn json_form_and_continuations() {
        let text = r#"{"name":"AI_APICallError","statusCode":429,"responseHeaders":{"retry-after":"7"},"responseBody":"{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\",\"message\":\"it\\u2019s\"}}"}"#;
        let e = api_call_error(text).expect("an APICallError");
        assert_eq!(e.status, Some(429));
        assert_eq!(e.headers, [("retry-after".to_string(), "7".to_string())]);
        assert!(
            e.body.contains("rate_limit_error") && e.body.contains("it\\u2019s"),
            "{}",
            e.body
        );
        let joined = api_call_error("responseBody: '{\"a\":' +\n    '1}'").expect("joined");
        assert_eq!(joined.body, "{\"a\":1}");
    }

    #[test]
    fn bad_input_is_none_not_a_panic() {
        for text in [
            "",
            "responseBody",
            "responseBody: 5",
            "responseBody: 'unclosed",
            "statusCode: 99999 responseBody: \"\\u12",
        ] {
            let _ = api_call_error(text);
        }
        assert_eq!(api_call_error("responseBody: 'x'").map(|e| e.status), Some(None));
    }
}
