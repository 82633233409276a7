//! Error texts beyond the shared vectors: other numbers, models, ids and wordings, reseller and proxy shapes,
//! HTML, empty and truncated bodies, raw `curl` output, SSE streams and transport failures.

use serde_json::{json, Value};
use triage_core::response::{
    explain_http, explain_raw, explain_response, explain_transport, Context, Explanation, RetrySource,
    TransportFailure,
};
use triage_core::time;

fn api_error(error_type: &str, message: &str) -> String {
    json!({"type": "error", "error": {"type": error_type, "message": message}, "request_id": "req_011CTEST"})
        .to_string()
}

fn http(status: u16, headers: &[(&str, &str)], body: &str) -> Explanation {
    http_with(status, headers, body, &Context::default())
}

fn http_with(status: u16, headers: &[(&str, &str)], body: &str, ctx: &Context) -> Explanation {
    let headers: Vec<(String, String)> = headers
        .iter()
        .map(|(n, v)| (n.to_string(), v.to_string()))
        .collect();
    explain_http(status, &headers, body, ctx)
}

/// The explanation's JSON: kind, cause, retryable and fields are compared as the public API spells them.
fn summary(e: &Explanation) -> Value {
    let v = serde_json::to_value(e).expect("serialisable");
    json!({"kind": v["kind"], "cause": v["cause"], "retryable": v["retry"]["retryable"], "fields": v["fields"]})
}

fn assert_case(e: &Explanation, kind: &str, cause: &str, retryable: bool, fields: Value) {
    let want = json!({"kind": kind, "cause": cause, "retryable": retryable, "fields": fields});
    assert_eq!(summary(e), want, "\n{e:#?}");
}

#[test]
fn rate_limits_in_other_units_and_numbers() {
    let msg = "This request would exceed the rate limit for your organization \
               (d3f27ff7-9afe-4ee2-9645-76ecfc73c2b7) of 8,000 output tokens per minute. For details, refer \
               to: https://docs.claude.com/en/api/rate-limits.";
    let e = http(
        429,
        &[("retry-after", "7.5")],
        &api_error("rate_limit_error", msg),
    );
    assert_case(
        &e,
        "rate_limit_error",
        "rate_limit_output_tokens",
        true,
        json!({"limit": 8000, "unit": "output_tokens_per_minute"}),
    );
    assert_eq!(
        (e.retry.after_ms, e.retry.source),
        (Some(7500), RetrySource::RetryAfter)
    );

    let msg = "This request would exceed the rate limit for your organization of 2,000,000 input tokens per \
               minute.";
    let e = http(429, &[], &api_error("rate_limit_error", msg));
    assert_case(
        &e,
        "rate_limit_error",
        "rate_limit_input_tokens",
        true,
        json!({"limit": 2_000_000, "unit": "input_tokens_per_minute"}),
    );

    let e = http(
        429,
        &[],
        &api_error(
            "rate_limit_error",
            "Number of output tokens has exceeded your per-minute rate limit",
        ),
    );
    assert_eq!(e.cause, triage_core::Cause::RateLimitOutputTokens);
}

#[test]
fn openai_compatible_shape_keeps_the_429_family() {
    let message =
        "This request would exceed the rate limit for your organization of 20,000 input tokens per \
                   minute.";
    let body = json!({
        "error": {"code": "rate_limit_error", "param": null, "type": "invalid_request_error", "message": message}
    });
    let e = http(429, &[("retry-after", "3")], &body.to_string());
    assert_case(
        &e,
        "rate_limit_error",
        "rate_limit_input_tokens",
        true,
        json!({"limit": 20000, "unit": "input_tokens_per_minute"}),
    );
}

#[test]
fn a_rate_limit_without_a_known_wording_is_named_from_the_headers() {
    let body = api_error(
        "rate_limit_error",
        "Number of concurrent connections has exceeded your rate limit.",
    );
    let e = http(429, &[], &body);
    assert_case(&e, "rate_limit_error", "unknown", true, json!({}));
    let e = http(
        429,
        &[
            ("date", "Tue, 24 Nov 2026 12:00:00 GMT"),
            ("anthropic-ratelimit-requests-limit", "4000"),
            ("anthropic-ratelimit-requests-remaining", "0"),
            ("anthropic-ratelimit-requests-reset", "2026-11-24T12:00:20Z"),
            ("anthropic-ratelimit-input-tokens-remaining", "150000"),
        ],
        &body,
    );
    assert_eq!(e.cause, triage_core::Cause::RateLimitRequests);
    assert!(
        e.explanation
            .contains("limit 4000, 0 remaining, resets at 2026-11-24T12:00:20Z (in 20 s)"),
        "{e:#?}"
    );
    let requests = e.rate_limit.requests.as_ref().expect("requests window");
    assert_eq!((requests.limit, requests.remaining), (Some(4000), Some(0)));
    assert_eq!(
        e.rate_limit.input_tokens.as_ref().and_then(|w| w.remaining),
        Some(150_000)
    );
}

#[test]
fn token_limits_with_other_numbers_and_models() {
    let e = http(
        400,
        &[],
        &api_error(
            "invalid_request_error",
            "max_tokens: 200000 > 128000, which is the maximum allowed number of output tokens for \
             claude-sonnet-5",
        ),
    );
    assert_case(
        &e,
        "invalid_request_error",
        "max_tokens_too_large",
        false,
        json!({"requested": 200000, "limit": 128000, "model": "claude-sonnet-5"}),
    );
    assert!(e
        .explanation
        .contains("You asked for 200000 output tokens; claude-sonnet-5 allows at most 128000."));

    let e = http(
        400,
        &[],
        &api_error(
            "invalid_request_error",
            "input length and `max_tokens` exceed context limit: 1,000,500 + 64,000 > 1,000,000, decrease \
             input length or `max_tokens` and try again",
        ),
    );
    assert_case(
        &e,
        "invalid_request_error",
        "context_window_exceeded",
        false,
        json!({"input_tokens": 1_000_500, "max_tokens": 64000, "limit": 1_000_000}),
    );

    let e = http(
        400,
        &[],
        &api_error(
            "invalid_request_error",
            "Prompt is too long: 1048577 tokens > 1000000 maximum.",
        ),
    );
    assert_case(
        &e,
        "invalid_request_error",
        "prompt_too_long",
        false,
        json!({"tokens": 1_048_577, "limit": 1_000_000}),
    );
}

#[test]
fn models_not_found_in_several_shapes() {
    let e = http(
        404,
        &[],
        &api_error("not_found_error", "model: claude-opus-4-7-20260101"),
    );
    assert_case(
        &e,
        "not_found_error",
        "model_not_found",
        false,
        json!({"model": "claude-opus-4-7-20260101"}),
    );
    let reseller = json!({"error": {"message": "The model `claude-x-9` does not exist",
        "type": "invalid_request_error", "code": "model_not_found"}});
    let e = http(404, &[], &reseller.to_string());
    assert_case(
        &e,
        "not_found_error",
        "model_not_found",
        false,
        json!({"model": "claude-x-9"}),
    );
    // A 400 about the `model` field is about its value, not a missing model.
    let e = http(
        400,
        &[],
        &api_error("invalid_request_error", "model: Input should be a valid string"),
    );
    assert_case(
        &e,
        "invalid_request_error",
        "invalid_field",
        false,
        json!({"path": "model"}),
    );
}

#[test]
fn tool_pairing_lists_every_id() {
    let e = http(
        400,
        &[],
        &api_error(
            "invalid_request_error",
            "messages.3.content.0: unexpected `tool_use_id` found in `tool_result` blocks: toolu_01AbC, \
             toolu_02XyZ. Each `tool_result` block must have a corresponding `tool_use` block in the \
             previous message.",
        ),
    );
    assert_case(
        &e,
        "invalid_request_error",
        "unexpected_tool_result",
        false,
        json!({"tool_use_ids": ["toolu_01AbC", "toolu_02XyZ"]}),
    );
    let e = http(
        400,
        &[],
        &api_error(
            "invalid_request_error",
            "messages.4: `tool_use` ids were found without `tool_result` blocks immediately after: \
             toolu_0001, srvtoolu_0002. Each `tool_use` block must have a corresponding `tool_result` block \
             in the next message.",
        ),
    );
    assert_case(
        &e,
        "invalid_request_error",
        "tool_use_without_result",
        false,
        json!({"tool_use_ids": ["toolu_0001", "srvtoolu_0002"]}),
    );
}

#[test]
fn request_shape_messages() {
    let cases: &[(&str, &str, Value)] = &[
        (
            "messages.1.content.0.text: Field required",
            "field_required",
            json!({"path": "messages.1.content.0.text"}),
        ),
        (
            "temperature: Input should be less than or equal to 1",
            "invalid_field",
            json!({"path": "temperature"}),
        ),
        (
            "tools.0.custom.strict_mode: Extra inputs are not permitted",
            "unknown_field",
            json!({"path": "tools.0.custom.strict_mode"}),
        ),
        (
            "`temperature` and `top_p` cannot both be specified for this model. Please use only one.",
            "temperature_and_top_p",
            json!({}),
        ),
        (
            "This model does not support assistant message prefill. The conversation must end with a \
             user message.",
            "prefill_unsupported",
            json!({}),
        ),
        (
            "Your API request included an `assistant` message in the final position, which would \
             pre-fill the `assistant` response.",
            "prefill_unsupported",
            json!({}),
        ),
        (
            "messages: roles must alternate between \"user\" and \"assistant\", but found multiple \
             \"user\" roles in a row",
            "roles_must_alternate",
            json!({}),
        ),
        (
            "messages: first message must use the \"user\" role",
            "first_message_not_user",
            json!({}),
        ),
        (
            "messages: text content blocks must be non-empty",
            "empty_text_content",
            json!({}),
        ),
        (
            "messages: all messages must have non-empty content except for the optional final \
             assistant message",
            "empty_text_content",
            json!({}),
        ),
        (
            "`max_tokens` must be greater than `thinking.budget_tokens`. Please consult our \
             documentation.",
            "max_tokens_not_above_budget",
            json!({}),
        ),
        (
            "thinking.budget_tokens: Input should be greater than or equal to 2048",
            "thinking_budget_too_small",
            json!({"minimum": 2048}),
        ),
        (
            "Streaming is strongly recommended for operations that may take longer than 10 minutes.",
            "streaming_required",
            json!({}),
        ),
        (
            "messages: Unexpected role 'developer'. Allowed roles are user and assistant.",
            "unexpected_role",
            json!({"role": "developer"}),
        ),
        (
            "anthropic-version: header is required",
            "missing_anthropic_version",
            json!({}),
        ),
        (
            "The request body is not valid JSON: Expecting ',' delimiter: line 3 column 17 (char 45)",
            "invalid_json_body",
            json!({"reason": "Expecting ',' delimiter", "line": 3, "column": 17}),
        ),
        (
            "You have reached your specified API usage limits. You will regain access on 2027-01-01 \
             at 12:30 UTC.",
            "usage_limit_reached",
            json!({"regain_at": "2027-01-01T12:30:00Z"}),
        ),
        (
            "You have reached your specified API usage limits. You will regain access on December 1, \
             2026 at 00:00 UTC.",
            "usage_limit_reached",
            json!({"regain_at": "2026-12-01T00:00:00Z"}),
        ),
    ];
    for (message, cause, fields) in cases {
        let e = http(400, &[], &api_error("invalid_request_error", message));
        assert_case(&e, "invalid_request_error", cause, false, fields.clone());
        assert_eq!(e.message.as_deref(), Some(*message));
    }
}

#[test]
fn authentication_messages_and_the_key_that_was_sent() {
    let e = http(
        401,
        &[],
        &api_error("authentication_error", "x-api-key header is required"),
    );
    assert_case(&e, "authentication_error", "missing_api_key", false, json!({}));
    assert!(e.fix.contains("x-api-key") && e.fix.contains("Authorization: Bearer"));
    for message in [
        "Invalid bearer token",
        "OAuth authentication is currently not supported.",
        "",
    ] {
        let e = http(401, &[], &api_error("authentication_error", message));
        assert_case(&e, "authentication_error", "invalid_api_key", false, json!({}));
    }
    let reseller = json!({"error": {"message": "Incorrect API key provided: sk-proj-****FAKE",
        "type": "invalid_request_error", "code": "invalid_api_key"}});
    assert_eq!(
        http(401, &[], &reseller.to_string()).cause,
        triage_core::Cause::InvalidApiKey
    );

    let sent = "sk-ant-api03-test-FAKE-truncated";
    let ctx = Context {
        sent_key: Some(format!(" {sent}")),
        ..Context::default()
    };
    let e = http_with(
        401,
        &[],
        &api_error("authentication_error", "invalid x-api-key"),
        &ctx,
    );
    assert!(
        e.explanation.contains("whitespace") && e.explanation.contains("cut off"),
        "{}",
        e.explanation
    );
    assert!(!serde_json::to_string(&e).expect("json").contains(sent));
}

#[test]
fn money_problems_are_final_whatever_the_status() {
    let e = http(
        400,
        &[],
        &api_error(
            "invalid_request_error",
            "Your credit balance is too low to access the Claude API.",
        ),
    );
    assert_case(
        &e,
        "invalid_request_error",
        "credit_balance_too_low",
        false,
        json!({}),
    );
    let e = http(
        402,
        &[],
        &json!({"error": {"message": "余额不足", "type": "new_api_error"}}).to_string(),
    );
    assert_case(&e, "billing_error", "insufficient_balance", false, json!({}));
    assert!(e.fix.contains("Top up") && e.fix.contains("retrying will not help"));
    let quota = json!({
        "error": {"message": "user quota is not enough", "type": "new_api_error", "code": "insufficient_user_quota"}
    });
    let e = http(
        429,
        &[("retry-after", "5"), ("x-should-retry", "true")],
        &quota.to_string(),
    );
    assert_case(&e, "rate_limit_error", "insufficient_balance", false, json!({}));
    assert_eq!(e.retry.after_ms, None);
    let quota = json!({
        "error": {"message": "You exceeded your current quota, please check your plan and billing details."}
    });
    assert_case(
        &http(402, &[], &quota.to_string()),
        "billing_error",
        "insufficient_balance",
        false,
        json!({}),
    );
    let e = http(
        429,
        &[],
        &api_error(
            "rate_limit_error",
            "You have reached your organization's spend limit of $500.",
        ),
    );
    assert_case(&e, "rate_limit_error", "spend_limit_reached", false, json!({}));
}

#[test]
fn capacity_and_server_failures() {
    let e = http(529, &[], &api_error("overloaded_error", "Overloaded"));
    assert!(
        e.explanation.contains("all users") && e.fix.contains("do not loop"),
        "{e:#?}"
    );
    let e = http(
        503,
        &[],
        "upstream connect error or disconnect/reset before headers. reset reason: overflow",
    );
    assert_case(&e, "api_error", "server_error", true, json!({}));
    let page =
        "<html><head><title>api.example.com | 504: Gateway time-out</title></head><body>…</body></html>";
    let e = http(504, &[("content-type", "text/html; charset=UTF-8")], page);
    assert_case(
        &e,
        "timeout_error",
        "html_error_page",
        true,
        json!({"title": "api.example.com | 504: Gateway time-out"}),
    );
    assert_eq!(
        e.message.as_deref(),
        Some("api.example.com | 504: Gateway time-out")
    );
    let page = "<html>\r\n<head><title>413 Request Entity Too Large</title></head>\r\n<body></body></html>";
    assert_case(
        &http(413, &[], page),
        "request_too_large",
        "html_error_page",
        false,
        json!({"title": "413 Request Entity Too Large"}),
    );
}

#[test]
fn empty_truncated_and_unknown_bodies() {
    assert_case(
        &http(401, &[], ""),
        "authentication_error",
        "invalid_api_key",
        false,
        json!({}),
    );
    assert_case(
        &http(529, &[], "  \n"),
        "overloaded_error",
        "overloaded",
        true,
        json!({}),
    );
    assert_case(&http(500, &[], ""), "api_error", "server_error", true, json!({}));
    let cut = r#"{"type":"error","error":{"type":"overloaded_error","message":"Overl"#;
    assert_case(
        &http(529, &[], cut),
        "overloaded_error",
        "overloaded",
        true,
        json!({}),
    );
    assert_case(
        &explain_raw(cut, &Context::default()),
        "overloaded_error",
        "overloaded",
        true,
        json!({}),
    );
    assert_case(&http(599, &[], "?"), "unknown", "unknown", true, json!({}));
    let e = http(451, &[], "Unavailable For Legal Reasons");
    assert_case(&e, "unknown", "unknown", false, json!({}));
    assert!(e.title.contains("451") && e.explanation.contains("Unavailable For Legal Reasons"));
    let e = http(
        400,
        &[],
        &api_error("invalid_request_error", "This organization has been disabled."),
    );
    assert_case(&e, "invalid_request_error", "unknown", false, json!({}));
    assert!(e.explanation.contains("This organization has been disabled."));
    let flat = concat!(
        r#"{"type":"invalid_request_error","#,
        r#""message":"Your credit balance is too low to access the Anthropic API."}"#
    );
    assert_case(
        &explain_raw(flat, &Context::default()),
        "invalid_request_error",
        "credit_balance_too_low",
        false,
        json!({}),
    );
}

#[test]
fn success_is_not_an_error() {
    let message =
        r#"{"id":"msg_01","type":"message","role":"assistant","content":[{"type":"text","text":"hi"}]}"#;
    let e = http(200, &[], message);
    assert_eq!((e.title.as_str(), e.retry.retryable), ("No error", false));
    let proxied = api_error("overloaded_error", "Overloaded");
    assert_case(
        &http(200, &[], &proxied),
        "overloaded_error",
        "overloaded",
        true,
        json!({}),
    );
}

#[test]
fn server_hints_decide_retry_and_timing() {
    let e = http(
        400,
        &[("X-Should-Retry", "true")],
        &api_error("invalid_request_error", "odd"),
    );
    assert_eq!(
        (e.retry.retryable, e.retry.source),
        (true, RetrySource::XShouldRetry)
    );
    let date_headers = [
        ("retry-after", "Tue, 24 Nov 2026 12:00:30 GMT"),
        ("Date", "Tue, 24 Nov 2026 12:00:00 GMT"),
    ];
    let e = http(529, &date_headers, &api_error("overloaded_error", "Overloaded"));
    assert_eq!(e.retry.after_ms, Some(30_000));
    let ctx = Context {
        now_ms: time::parse_rfc3339("2026-11-24T12:00:10Z"),
        ..Context::default()
    };
    let e = http_with(
        529,
        &date_headers[..1],
        &api_error("overloaded_error", "Overloaded"),
        &ctx,
    );
    assert_eq!(e.retry.after_ms, Some(20_000));
    let e = http(
        429,
        &[("retry-after-ms", "1234.5"), ("retry-after", "2")],
        &api_error("rate_limit_error", "x"),
    );
    assert_eq!(
        (e.retry.after_ms, e.retry.source),
        (Some(1235), RetrySource::RetryAfterMs)
    );
    for absurd in ["-3", "99999999999", "NaN"] {
        let e = http(
            429,
            &[("retry-after", absurd)],
            &api_error("rate_limit_error", "x"),
        );
        assert_eq!((e.retry.retryable, e.retry.after_ms), (true, None), "{absurd}");
    }
}

#[test]
fn ids_come_from_headers_of_any_case_or_the_body() {
    let e = http(
        500,
        &[
            ("Request-Id", "req_FROM_HEADER"),
            ("Anthropic-Organization-Id", "org-FAKE"),
        ],
        &api_error("api_error", "x"),
    );
    assert_eq!(e.request_id.as_deref(), Some("req_FROM_HEADER"));
    assert_eq!(e.organization_id.as_deref(), Some("org-FAKE"));
    assert_eq!(
        http(500, &[], &api_error("api_error", "x")).request_id.as_deref(),
        Some("req_011CTEST")
    );
}

#[test]
fn raw_curl_outputs() {
    let body = api_error(
        "rate_limit_error",
        "This request would exceed your organization's rate limit of 50 requests per minute.",
    );
    let verbose = format!(
        "*   Trying 127.0.0.1:8080...\n* Connected\n> POST /v1/messages HTTP/1.1\n> Host: localhost\n> \
         x-api-key: sk-ant-api03-test-FAKE\n>\n< HTTP/1.1 429 Too Many Requests\n< Retry-After: 9\n< \
         request-id: req_V\n<\n{body}* Connection #0 to host localhost left intact\n"
    );
    let e = explain_raw(&verbose, &Context::default());
    assert_eq!(
        (e.status, e.retry.after_ms, e.request_id.as_deref()),
        (Some(429), Some(9000), Some("req_V"))
    );
    assert_case(
        &e,
        "rate_limit_error",
        "rate_limit_requests",
        true,
        json!({"limit": 50, "unit": "requests_per_minute"}),
    );

    let through_proxy = format!(
        "HTTP/1.1 200 Connection established\r\n\r\nHTTP/1.1 401 Unauthorized\r\nContent-Type: \
         application/json\r\n\r\n{}",
        api_error("authentication_error", "invalid x-api-key")
    );
    assert_case(
        &explain_raw(&through_proxy, &Context::default()),
        "authentication_error",
        "invalid_api_key",
        false,
        json!({}),
    );
}

#[test]
fn streams_after_a_200() {
    let start = "event: message_start\r\ndata: {\"type\":\"message_start\"}\r\n\r\nevent: \
                 content_block_delta\r\ndata: \
                 {\"type\":\"content_block_delta\",\"delta\":{\"type\":\"text_delta\",\"text\":\"Hi\"}}\r\n\r\n";
    let with_error = format!(
        "{start}event:error\r\ndata:{}\r\n\r\n",
        r#"{"type":"error","error":{"type":"api_error","message":"Internal server error"}}"#
    );
    let e = explain_raw(&with_error, &Context::default());
    assert_case(&e, "stream_error", "server_error", true, json!({}));
    assert!(e.fix.contains("re-send the whole request"), "{}", e.fix);
    assert!(e.explanation.contains("2 event(s)"), "{}", e.explanation);

    let raw = format!("HTTP/2 200\ncontent-type: text/event-stream\nrequest-id: req_S\n\n{start}");
    let e = explain_raw(&raw, &Context::default());
    assert_case(&e, "stream_error", "network_error", true, json!({}));
    assert!(
        e.title.contains("cut off") && e.explanation.contains("message_stop"),
        "{e:#?}"
    );
    assert_eq!(e.request_id.as_deref(), Some("req_S"));

    let complete = format!("{start}event: message_stop\ndata: {{\"type\":\"message_stop\"}}\n\n");
    let e = explain_response(Some(200), &[], &complete, &Context::default());
    assert_eq!((e.title.as_str(), e.retry.retryable), ("No error", false));
}

#[test]
fn transport_failures() {
    let e = explain_transport(TransportFailure::CorsBlocked, "TypeError: Failed to fetch");
    assert_case(&e, "cors_blocked", "cors_blocked", false, json!({}));
    assert!(
        e.explanation
            .contains("anthropic-dangerous-direct-browser-access")
            && e.fix.contains("base URL")
    );
    assert_eq!(e.status, None);
    let e = explain_transport(TransportFailure::Network, "TypeError: Failed to fetch");
    assert_case(&e, "network_error", "network_error", true, json!({}));
    assert!(e.explanation.contains("CORS"));
    assert_case(
        &explain_transport(TransportFailure::Timeout, ""),
        "client_timeout",
        "client_timeout",
        true,
        json!({}),
    );
    let e = explain_transport(
        TransportFailure::Aborted,
        "AbortError: The user aborted a request.",
    );
    assert_eq!(
        (e.retry.retryable, e.title.as_str()),
        (false, "Request cancelled")
    );
    let e = explain_transport(TransportFailure::Aborted, "TimeoutError: signal timed out");
    assert!(e.retry.retryable);
}

#[test]
fn cors_opt_in_explained_on_a_401() {
    let e = http(
        401,
        &[],
        &api_error(
            "authentication_error",
            "CORS requests must set 'anthropic-dangerous-direct-browser-access' header",
        ),
    );
    assert!(e.fix.contains("anthropic-dangerous-direct-browser-access: true") && e.fix.contains("base URL"));
}

#[test]
fn errors_as_sdks_and_logs_print_them() {
    let python = "anthropic.RateLimitError: Error code: 429 - {'type': 'error', 'error': {'type': \
                  'rate_limit_error', 'message': 'This request would exceed the rate limit for your \
                  organization of 30,000 input tokens per minute.'}}";
    let e = explain_raw(python, &Context::default());
    assert_eq!(e.status, Some(429));
    assert_case(
        &e,
        "rate_limit_error",
        "rate_limit_input_tokens",
        true,
        json!({"limit": 30000, "unit": "input_tokens_per_minute"}),
    );

    let claude_code = concat!(
        r#"API Error: 401 {"type":"error","error":{"type":"authentication_error","#,
        r#""message":"Invalid bearer token"},"request_id":"req_011CLOG"} · Please run /login"#
    );
    let e = explain_raw(claude_code, &Context::default());
    assert_eq!(
        (e.status, e.request_id.as_deref()),
        (Some(401), Some("req_011CLOG"))
    );
    assert_case(&e, "authentication_error", "invalid_api_key", false, json!({}));

    let escaped = concat!(
        r#"2026-03-25T07:27:01Z warn upstream error body={\"type\":\"error\","#,
        r#"\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}"#
    );
    assert_case(
        &explain_raw(escaped, &Context::default()),
        "overloaded_error",
        "overloaded",
        true,
        json!({}),
    );

    let typescript = r#"529 {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}"#;
    assert_eq!(explain_raw(typescript, &Context::default()).status, Some(529));

    let line = "HTTP 401 authentication_error: Invalid bearer token";
    assert_case(
        &explain_raw(line, &Context::default()),
        "authentication_error",
        "invalid_api_key",
        false,
        json!({}),
    );
}

#[test]
fn vercel_ai_sdk_api_call_error() {
    let dump = concat!(
        "APICallError [AI_APICallError]: Overloaded\n    at file:///app/node_modules/@ai-sdk/provider-utils/",
        "dist/index.mjs:431:14 {\n  cause: undefined,\n  url: 'https://api.anthropic.com/v1/messages',\n  ",
        "requestBodyValues: { model: 'claude-sonnet-4-5', max_tokens: 1024 },\n  statusCode: 529,\n  ",
        "responseHeaders: {\n    'content-type': 'application/json',\n    'request-id': 'req_011CVERCEL',\n  },\n  ",
        r#"responseBody: '{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}',"#,
        "\n  isRetryable: true,\n  data: { type: 'error', error: { type: 'overloaded_error' } }\n}"
    );
    let e = explain_raw(dump, &Context::default());
    assert_eq!(
        (e.status, e.request_id.as_deref()),
        (Some(529), Some("req_011CVERCEL"))
    );
    assert_case(&e, "overloaded_error", "overloaded", true, json!({}));

    let stringified = concat!(
        r#"{"name":"AI_APICallError","statusCode":429,"responseHeaders":{"retry-after":"12"},"#,
        r#""responseBody":"{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\",\"message\":\"slow down\"}}"}"#
    );
    let e = explain_raw(stringified, &Context::default());
    assert_eq!((e.status, e.retry.after_ms), (Some(429), Some(12_000)));
    assert_eq!(e.kind.as_str(), "rate_limit_error");
}

#[test]
fn curl_v_shows_which_auth_header_was_sent() {
    let key = "sk-ant-api03-test-FAKE-0123456789";
    let text = format!(
        "> POST /v1/messages HTTP/2\n> host: api.anthropic.com\n> authorization: Bearer {key}\n>\n\
         < HTTP/2 401\n<\n{}",
        api_error("authentication_error", "x-api-key header is required")
    );
    let e = explain_raw(&text, &Context::default());
    assert_eq!(e.cause, triage_core::Cause::MissingApiKey);
    assert!(
        e.explanation.contains("sent `Authorization` and no `x-api-key`"),
        "{}",
        e.explanation
    );
    assert!(e.explanation.contains("cut off"), "{}", e.explanation);
    assert!(!serde_json::to_string(&e).expect("json").contains(key));
}

#[test]
fn pages_that_are_not_the_api() {
    let page = "<!doctype html><html><head><title>Sign in to the Wi-Fi</title></head></html>";
    let e = http(200, &[], page);
    assert_case(
        &e,
        "unknown",
        "html_error_page",
        false,
        json!({"title": "Sign in to the Wi-Fi"}),
    );
    let moved = "<html><head><title>301 Moved Permanently</title></head></html>";
    let e = http(301, &[("location", "https://example.com/")], moved);
    assert_case(
        &e,
        "unknown",
        "html_error_page",
        false,
        json!({"title": "301 Moved Permanently"}),
    );
    assert!(e.explanation.contains("redirect"), "{}", e.explanation);
}

#[test]
fn matching_ignores_case_spacing_and_quote_styles() {
    let loud = http(
        400,
        &[],
        &api_error(
            "invalid_request_error",
            "PROMPT IS TOO LONG: 300,000 TOKENS > 200,000 MAXIMUM",
        ),
    );
    assert_case(
        &loud,
        "invalid_request_error",
        "prompt_too_long",
        false,
        json!({"tokens": 300000, "limit": 200000}),
    );
    let tight =
        "max_tokens:128001>64000 which is the maximum allowed number of output tokens for claude-opus-4-5";
    assert_case(
        &http(400, &[], &api_error("invalid_request_error", tight)),
        "invalid_request_error",
        "max_tokens_too_large",
        false,
        json!({"requested": 128001, "limit": 64000, "model": "claude-opus-4-5"}),
    );
    let curly = "messages: unexpected role “system”. Use the top-level system parameter.";
    assert_case(
        &http(400, &[], &api_error("invalid_request_error", curly)),
        "invalid_request_error",
        "unexpected_role",
        false,
        json!({"role": "system"}),
    );
    assert_eq!(
        http(401, &[], &api_error("authentication_error", "INVALID X-API-KEY")).cause,
        triage_core::Cause::InvalidApiKey
    );
    let relay = "upstream rate limit exceeded, please retry later";
    assert_case(
        &http(429, &[], relay),
        "rate_limit_error",
        "unknown",
        true,
        json!({}),
    );
}
