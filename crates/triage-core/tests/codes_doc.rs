//! CODES.md is generated from the code it documents: each `Code`, `Cause` and usage `WarningCode` variant's doc
//! comment (captured by `named_enum!`), the cause table's title, explanation and fix, and examples run through the
//! core here, so every message, fix and retry decision shown is one the core really gives. The test fails when CODES.md is
//! stale, when a variant has no doc comment, or when an example stops producing its code.
//!
//! Regenerate with `UPDATE_CODES=1 cargo test -p triage-core --test codes_doc`.

use triage_core::causes::row_for;
use triage_core::estimate::{estimate, EstimateOptions};
use triage_core::request::{check_api_key, validate, Code, Diagnostic};
use triage_core::response::{explain_http, explain_transport, Context, Explanation, TransportFailure};
use triage_core::retry::{schedule, RetryConfig};
use triage_core::usage::{Observation, UsageSnapshot, Warning, WarningCode};
use triage_core::Cause;

const PATH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/CODES.md");
const REGENERATE: &str = "UPDATE_CODES=1 cargo test -p triage-core --test codes_doc";

/// A small valid request with `extra` members added at the top level (`extra` is `"key": value, …` or empty).
fn request(extra: &str) -> String {
    let extra = if extra.is_empty() {
        String::new()
    } else {
        format!(", {extra}")
    };
    format!(
        r#"{{"model": "claude-sonnet-4-5", "max_tokens": 1024, "messages": [{{"role": "user", "content": "Hi"}}]{extra}}}"#
    )
}

/// A valid request whose `messages` are `messages` (a JSON array's text).
fn with_messages(messages: &str) -> String {
    format!(r#"{{"model": "claude-sonnet-4-5", "max_tokens": 1024, "messages": {messages}}}"#)
}

/// A user message holding one image block with this media type and base64 data.
fn image(media_type: &str, data: &str) -> String {
    with_messages(&format!(
        r#"[{{"role": "user", "content": [{{"type": "image", "source": {{"type": "base64", "media_type": "{media_type}", "data": "{data}"}}}}]}}]"#
    ))
}

const TOOL: &str = r#"{"name": "get_weather", "input_schema": {"type": "object"}}"#;
const PNG: &str =
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";

/// A request body that draws `code` (the API key's own check for `invalid_api_key_format`). A `match`, so a
/// new code does not compile without an example.
fn example(code: Code) -> Vec<Diagnostic> {
    let body = match code {
        Code::InvalidApiKeyFormat => return check_api_key("sk-ant-api03-test-FAKE-cut-off-0123456789"),
        Code::InvalidJson => r#"{"model": "claude-sonnet-4-5", "max_tokens": 1024,}"#.to_string(),
        Code::NotAnObject => r#"[{"role": "user", "content": "Hi"}]"#.to_string(),
        Code::MissingField => r#"{"model": "claude-sonnet-4-5", "messages": [{"role": "user", "content": "Hi"}]}"#
            .to_string(),
        Code::WrongType => with_messages(r#""Hi""#),
        Code::EmptyMessages => with_messages("[]"),
        Code::InvalidRole => with_messages(r#"[{"role": "bot", "content": "Hi"}]"#),
        Code::SystemRoleInMessages => with_messages(
            r#"[{"role": "system", "content": "Be brief."}, {"role": "user", "content": "Hi"}]"#,
        ),
        Code::EmptyContent => with_messages(r#"[{"role": "user", "content": []}]"#),
        Code::EmptyTextBlock => with_messages(r#"[{"role": "user", "content": [{"type": "text", "text": ""}]}]"#),
        Code::TrailingWhitespaceInFinalAssistant => with_messages(
            r#"[{"role": "user", "content": "Hi"}, {"role": "assistant", "content": "Sure, "}]"#,
        ),
        Code::MaxTokensNotPositiveInteger => {
            r#"{"model": "claude-sonnet-4-5", "max_tokens": -5, "messages": [{"role": "user", "content": "Hi"}]}"#
                .to_string()
        }
        Code::MaxTokensExceedsModelLimit => r#"{"model": "claude-sonnet-4-5", "max_tokens": 128001, "stream": true, "messages": [{"role": "user", "content": "Hi"}]}"#.to_string(),
        Code::UnknownModel => r#"{"model": "my-favourite-model", "max_tokens": 1024, "messages": [{"role": "user", "content": "Hi"}]}"#.to_string(),
        Code::UnknownField => request(r#""temprature": 0.5"#),
        Code::TemperatureOutOfRange => request(r#""temperature": 1.5"#),
        Code::TopPOutOfRange => request(r#""top_p": 1.5"#),
        Code::TemperatureAndTopP => request(r#""temperature": 0.5, "top_p": 0.9"#),
        Code::TopKOutOfRange => request(r#""top_k": -1"#),
        Code::ThinkingBudgetTooSmall => request(r#""thinking": {"type": "enabled", "budget_tokens": 512}"#),
        Code::ThinkingBudgetNotBelowMaxTokens => {
            request(r#""thinking": {"type": "enabled", "budget_tokens": 2048}"#)
        }
        Code::ThinkingIncompatibleToolChoice => request(&format!(
            r#""thinking": {{"type": "enabled", "budget_tokens": 1024}}, "tools": [{TOOL}], "tool_choice": {{"type": "any"}}"#
        )),
        Code::ThinkingIncompatibleSampling => {
            request(r#""thinking": {"type": "enabled", "budget_tokens": 1024}, "temperature": 0.5"#)
        }
        Code::ThinkingUnsupportedByModel => request(r#""thinking": {"type": "adaptive"}"#),
        Code::InvalidToolName => request(r#""tools": [{"name": "get weather", "input_schema": {"type": "object"}}]"#),
        Code::DuplicateToolName => request(&format!(r#""tools": [{TOOL}, {TOOL}]"#)),
        Code::ToolChoiceUnknownTool => {
            request(&format!(r#""tools": [{TOOL}], "tool_choice": {{"type": "tool", "name": "get_time"}}"#))
        }
        Code::InvalidInputSchema => request(r#""tools": [{"name": "get_weather", "input_schema": {"type": "string"}}]"#),
        Code::ToolUseWithoutResult => with_messages(
            r#"[{"role": "user", "content": "Weather?"}, {"role": "assistant", "content": [{"type": "tool_use", "id": "toolu_01", "name": "get_weather", "input": {}}]}, {"role": "user", "content": "Well?"}]"#,
        ),
        Code::ToolResultWithoutUse => with_messages(
            r#"[{"role": "user", "content": [{"type": "tool_result", "tool_use_id": "toolu_01", "content": "Sunny"}]}]"#,
        ),
        Code::ToolResultNotFirst => with_messages(
            r#"[{"role": "user", "content": "Weather?"}, {"role": "assistant", "content": [{"type": "tool_use", "id": "toolu_01", "name": "get_weather", "input": {}}]}, {"role": "user", "content": [{"type": "text", "text": "Here:"}, {"type": "tool_result", "tool_use_id": "toolu_01", "content": "Sunny"}]}]"#,
        ),
        Code::InvalidImageMediaType => image("image/bmp", PNG),
        Code::InvalidImageData => image("image/png", &format!("data:image/png;base64,{PNG}")),
        Code::ImageMediaTypeMismatch => image("image/jpeg", PNG),
        Code::ImageTooLarge => image("image/png", &"A".repeat(7_100_000)),
        Code::TooManyImages => {
            let block = format!(
                r#"{{"type": "image", "source": {{"type": "base64", "media_type": "image/png", "data": "{PNG}"}}}}"#
            );
            let blocks = vec![block; 101].join(", ");
            with_messages(&format!(r#"[{{"role": "user", "content": [{blocks}]}}]"#))
        }
        Code::InvalidDocument => with_messages(
            r#"[{"role": "user", "content": [{"type": "document", "source": {"type": "base64", "media_type": "text/plain", "data": "JVBERi0xLjQK"}}]}]"#,
        ),
        Code::TooManyCacheBreakpoints => {
            let block = r#"{"type": "text", "text": "Context", "cache_control": {"type": "ephemeral"}}"#;
            let blocks = [block; 5].join(", ");
            with_messages(&format!(r#"[{{"role": "user", "content": [{blocks}]}}]"#))
        }
        Code::InvalidStopSequence => request(r#""stop_sequences": ["  "]"#),
        Code::StreamingRequired => r#"{"model": "claude-sonnet-4-5", "max_tokens": 64000, "messages": [{"role": "user", "content": "Hi"}]}"#.to_string(),
        Code::RequestTooLarge => request(&format!(r#""system": "{}""#, "x".repeat(33 * 1024 * 1024))),
        Code::UnknownValue => request(r#""service_tier": "standard-only""#),
    };
    validate(&body).diagnostics
}

/// A failure that the core explains as the cause. A `match`, so a new cause does not compile without one.
fn failure(cause: Cause) -> Explanation {
    let respond = |status: u16, headers: &[(String, String)], error: serde_json::Value| {
        let body = serde_json::json!({"type": "error", "error": error}).to_string();
        explain_http(status, headers, &body, &Context::default())
    };
    let http = |status: u16, error_type: &str, message: &str| {
        respond(
            status,
            &[],
            serde_json::json!({"type": error_type, "message": message}),
        )
    };
    let invalid = |message: &str| http(400, "invalid_request_error", message);
    // A rate limit comes with the wait the server asks for.
    let limited = |message: &str| {
        let headers = [("retry-after".to_string(), "20".to_string())];
        respond(
            429,
            &headers,
            serde_json::json!({"type": "rate_limit_error", "message": message}),
        )
    };
    match cause {
        Cause::MissingApiKey => http(401, "authentication_error", "x-api-key header is required"),
        Cause::InvalidApiKey => http(401, "authentication_error", "invalid x-api-key"),
        Cause::CorsHeaderMissing => http(
            401,
            "authentication_error",
            "CORS requests must set 'anthropic-dangerous-direct-browser-access' header",
        ),
        Cause::MissingAnthropicVersion => invalid("anthropic-version: header is required"),
        Cause::CreditBalanceTooLow => invalid(
            "Your credit balance is too low to access the Anthropic API. Please go to Plans & Billing to upgrade \
             or purchase credits.",
        ),
        Cause::UsageLimitReached => invalid(
            "You have reached your specified API usage limits. You will regain access on 2027-01-01 at 00:00 UTC.",
        ),
        Cause::InsufficientBalance => http(402, "billing_error", "Insufficient balance"),
        Cause::SpendLimitReached => respond(
            429,
            &[],
            serde_json::json!({"type": "rate_limit_error", "message": "You have reached your monthly spend limit.",
                "details": {"error_code": "enforced_spend_limit_reached"}}),
        ),
        Cause::ModelNotFound => http(404, "not_found_error", "model: claude-sonnet-9"),
        Cause::MaxTokensTooLarge => invalid(
            "max_tokens: 128001 > 64000, which is the maximum allowed number of output tokens for \
             claude-sonnet-4-5-20250929",
        ),
        Cause::ContextWindowExceeded => invalid(
            "input length and `max_tokens` exceed context limit: 188059 + 20000 > 200000, decrease input length \
             or `max_tokens` and try again",
        ),
        Cause::PromptTooLong => invalid("prompt is too long: 213462 tokens > 200000 maximum"),
        Cause::UnexpectedRole => invalid(
            "messages: Unexpected role \"system\". The Messages API accepts a top-level `system` parameter, not \
             \"system\" as an input message role.",
        ),
        Cause::RolesMustAlternate => invalid(
            "messages: roles must alternate between \"user\" and \"assistant\", but found multiple \"user\" roles \
             in a row",
        ),
        Cause::FirstMessageNotUser => invalid("messages: first message must use the \"user\" role"),
        Cause::ToolUseWithoutResult => invalid(
            "messages.2: `tool_use` ids were found without `tool_result` blocks immediately after: toolu_01. \
             Each `tool_use` block must have a corresponding `tool_result` block in the next message.",
        ),
        Cause::UnexpectedToolResult => invalid(
            "messages.0.content.0: unexpected `tool_use_id` found in `tool_result` blocks: toolu_01. Each \
             `tool_result` block must have a corresponding `tool_use` block in the previous message.",
        ),
        Cause::ThinkingBudgetTooSmall => {
            invalid("thinking.enabled.budget_tokens: Input should be greater than or equal to 1024")
        }
        Cause::MaxTokensNotAboveBudget => invalid("`max_tokens` must be greater than `thinking.budget_tokens`"),
        Cause::TemperatureAndTopP => invalid(
            "`temperature` and `top_p` cannot both be specified for this model. Please use only one.",
        ),
        Cause::PrefillUnsupported => invalid(
            "This model does not support assistant message prefill. The conversation must end with a user \
             message.",
        ),
        Cause::FieldRequired => invalid("max_tokens: Field required"),
        Cause::InvalidField => invalid("temperature: Input should be less than or equal to 1"),
        Cause::UnknownField => invalid("temprature: Extra inputs are not permitted"),
        Cause::InvalidJsonBody => invalid(
            "The request body is not valid JSON: no low surrogate in string: line 1 column 2379 (char 2378)",
        ),
        Cause::EmptyTextContent => invalid("messages: text content blocks must contain non-whitespace text"),
        Cause::RateLimitRequests => limited(
            "This request would exceed the rate limit for your organization (00000000-0000-4000-8000-000000000000) \
             of 50 requests per minute. For details, refer to: https://docs.claude.com/en/api/rate-limits.",
        ),
        Cause::RateLimitInputTokens => limited(
            "This request would exceed the rate limit for your organization (00000000-0000-4000-8000-000000000000) \
             of 40,000 input tokens per minute.",
        ),
        Cause::RateLimitOutputTokens => limited(
            "This request would exceed the rate limit for your organization (00000000-0000-4000-8000-000000000000) \
             of 8,000 output tokens per minute.",
        ),
        Cause::RequestTooLarge => http(413, "request_too_large", "Request exceeds the maximum allowed number of bytes."),
        Cause::Overloaded => http(529, "overloaded_error", "Overloaded"),
        Cause::ServerError => http(500, "api_error", "Internal server error"),
        Cause::GatewayTimeout => http(504, "timeout_error", "Request timed out"),
        Cause::HtmlErrorPage => explain_http(
            502,
            &[],
            "<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>",
            &Context::default(),
        ),
        Cause::StreamingRequired => invalid(
            "Streaming is strongly recommended for operations that may take longer than 10 minutes.",
        ),
        Cause::NetworkError => explain_transport(TransportFailure::Network, "fetch failed"),
        Cause::CorsBlocked => explain_transport(TransportFailure::CorsBlocked, "Failed to fetch"),
        Cause::ClientTimeout => explain_transport(TransportFailure::Timeout, "The operation timed out."),
        Cause::Unknown => http(400, "invalid_request_error", "Something new went wrong."),
    }
}

/// Where a warning comes from, and the warnings its example produces. A `match`, so a new warning code does not
/// compile without an example.
fn warned(code: WarningCode) -> (&'static str, Vec<Warning>) {
    // One response, at 10:00:00 by its `Date`, whose windows reset at 10:00:30.
    let report = |headers: &[(&str, &str)]| {
        let mut all = vec![("date".to_string(), "Wed, 02 Dec 2026 10:00:00 GMT".to_string())];
        all.extend(headers.iter().map(|(n, v)| (n.to_string(), v.to_string())));
        let body = r#"{"type": "message", "model": "claude-sonnet-4-5", "usage": {"input_tokens": 3000, "output_tokens": 200}}"#;
        let now_ms = 1_796_205_600_000;
        let mut snapshot = UsageSnapshot::new(None);
        snapshot.observe(&Observation {
            status: Some(200),
            headers: &all,
            body,
            now_ms,
            max_tokens: Some(1024),
            model: None,
        });
        snapshot.report(now_ms).warnings
    };
    let estimated = |max_tokens: u32, balance_usd: f64| {
        let body = format!(
            r#"{{"model": "claude-opus-4-1", "max_tokens": {max_tokens}, "messages": [{{"role": "user", "content": "Summarise the attached report."}}]}}"#
        );
        let options = EstimateOptions {
            balance_usd: Some(balance_usd),
            batch: false,
        };
        estimate(&body, &options).expect("a request").warnings
    };
    match code {
        WarningCode::RateLimitNear => (
            "the usage report, after a response with 2 of 50 requests left",
            report(&[
                ("anthropic-ratelimit-requests-limit", "50"),
                ("anthropic-ratelimit-requests-remaining", "2"),
                ("anthropic-ratelimit-requests-reset", "2026-12-02T10:00:30Z"),
            ]),
        ),
        WarningCode::TokensLimitNear => (
            "the usage report, after a response with 1,000 of 20,000 input tokens left",
            report(&[
                ("anthropic-ratelimit-input-tokens-limit", "20000"),
                ("anthropic-ratelimit-input-tokens-remaining", "1000"),
                ("anthropic-ratelimit-input-tokens-reset", "2026-12-02T10:00:30Z"),
            ]),
        ),
        WarningCode::BalanceNear => (
            "an estimate with a balance of $0.50, for a request with `max_tokens` 1024",
            estimated(1024, 0.5),
        ),
        WarningCode::EstimatedCostExceedsBalance => (
            "an estimate with a balance of $0.50, for a request with `max_tokens` 32000",
            estimated(32_000, 0.5),
        ),
    }
}

/// A variant's doc comment as markdown: the `///` lines without their leading space.
fn doc_text(doc: &str) -> String {
    let lines: Vec<&str> = doc.lines().map(|l| l.strip_prefix(' ').unwrap_or(l)).collect();
    lines.join("\n").trim().to_string()
}

/// The first sentence of a doc, for the index.
fn summary(doc: &str) -> String {
    let flat = doc.split("\n\n").next().unwrap_or_default().replace('\n', " ");
    match flat.find(". ") {
        Some(end) => flat[..=end].to_string(),
        None => flat,
    }
}

/// One line of text for a markdown table cell.
fn cell(text: &str) -> String {
    text.replace('|', "\\|")
}

fn codes_section(out: &mut String, problems: &mut Vec<String>) {
    let mut entries = Vec::new();
    for code in Code::ALL {
        let doc = doc_text(code.doc());
        if doc.is_empty() {
            problems.push(format!("Code::{code:?} has no doc comment"));
        }
        let found = example(code);
        let Some(d) = found.iter().find(|d| d.code == code) else {
            problems.push(format!(
                "the example for {} does not produce it: {found:#?}",
                code.as_str()
            ));
            continue;
        };
        entries.push((code, doc, d.clone()));
    }
    out.push_str("## Request diagnostics (`code`)\n\n");
    out.push_str(
        "`validate` (and `check_api_key` for the key) find these before anything is sent. None is ever retried: \
         an error means the API would refuse the request, and the same body gets the same refusal; a warning \
         means it may still go through. Each entry's example message and fix are what the validator says for \
         an example request.\n\n",
    );
    out.push_str("| code | severity | what it means |\n|---|---|---|\n");
    for (code, doc, d) in &entries {
        out.push_str(&format!(
            "| [`{0}`](#{0}) | {1} | {2} |\n",
            code.as_str(),
            d.severity.as_str(),
            cell(&summary(doc))
        ));
    }
    for (code, doc, d) in &entries {
        out.push_str(&format!("\n### {}\n\n{doc}\n\n", code.as_str()));
        out.push_str(&format!("- Severity: {}\n", d.severity.as_str()));
        out.push_str(&format!("- Example message: {}\n", d.message));
        if let Some(hint) = &d.hint {
            out.push_str(&format!("- Fix: {hint}\n"));
        }
        out.push_str("- Retried: no (found before sending)\n");
    }
}

fn causes_section(out: &mut String, problems: &mut Vec<String>) {
    let mut entries = Vec::new();
    for cause in Cause::ALL {
        let doc = doc_text(cause.doc());
        if doc.is_empty() {
            problems.push(format!("Cause::{cause:?} has no doc comment"));
        }
        let e = failure(cause);
        if e.cause != cause {
            problems.push(format!(
                "the example for {} is explained as {}",
                cause.as_str(),
                e.cause.as_str()
            ));
            continue;
        }
        entries.push((cause, doc, e));
    }
    out.push_str("\n## Failure causes (`cause`)\n\n");
    out.push_str(
        "`explain` gives one of these for any failure, with the error family (`kind`) beside it. Title, \
         explanation and fix come from the cause table (`response/causes/rows.rs`); \"Retried\" is the retry \
         advice for the example and the first decision of the default policy (`triage`).\n\n",
    );
    out.push_str("| cause | retried | title |\n|---|---|---|\n");
    for (cause, _, e) in &entries {
        out.push_str(&format!(
            "| [`{0}`](#{0}) | {1} | {2} |\n",
            cause.as_str(),
            if e.retry.retryable { "yes" } else { "no" },
            cell(row_for(*cause).title)
        ));
    }
    for (cause, doc, e) in &entries {
        let row = row_for(*cause);
        let example = match (e.status, &e.message) {
            (Some(status), Some(message)) => format!("HTTP {status} `{}`: {message}", e.kind.as_str()),
            (Some(status), None) => format!("HTTP {status} `{}`", e.kind.as_str()),
            (None, _) => format!("no response (`{}`)", e.kind.as_str()),
        };
        let decision = &schedule(e, &RetryConfig::default(), 1, 1)[0];
        let retried = match (e.retry.retryable, decision.retry) {
            (true, true) => format!("yes: the default policy retries (`{}`)", decision.reason.as_str()),
            (true, false) => format!(
                "allowed, but the default policy gives up (`{}`)",
                decision.reason.as_str()
            ),
            (false, _) => format!("no (`{}`)", decision.reason.as_str()),
        };
        out.push_str(&format!(
            "\n### {}\n\n**{}.** {}\n\n",
            cause.as_str(),
            row.title,
            row.explanation
        ));
        out.push_str(&format!("- Seen as: {}\n", doc.replace('\n', " ")));
        out.push_str(&format!("- Example: {example}\n"));
        if !e.fields.is_empty() {
            let fields: Vec<String> = e.fields.iter().map(|(k, v)| format!("`{k}` = {v}")).collect();
            out.push_str(&format!("- Fields: {}\n", fields.join("; ")));
        }
        out.push_str(&format!("- Fix: {}\n", row.fix));
        out.push_str(&format!("- Retried: {retried}\n"));
    }
}

fn warnings_section(out: &mut String, problems: &mut Vec<String>) {
    let mut entries = Vec::new();
    for code in WarningCode::ALL {
        let doc = doc_text(code.doc());
        if doc.is_empty() {
            problems.push(format!("WarningCode::{code:?} has no doc comment"));
        }
        let (from, found) = warned(code);
        let Some(w) = found.iter().find(|w| w.code == code) else {
            problems.push(format!(
                "the example for {} does not produce it: {found:#?}",
                code.as_str()
            ));
            continue;
        };
        entries.push((code, doc, from, w.message.clone()));
    }
    out.push_str("\n## Usage warnings (`warnings[].code`)\n\n");
    out.push_str(
        "A usage report (`UsageSnapshot::report`, `createFetch`'s `stats()`) and an estimate (`triage estimate`, \
         `estimate()`, `preflight`) warn with these before a request meets a 429 or a 402. They are advice: \
         nothing is refused because of them, and with `createFetch({pace: true})` the rate-limit ones slow sends \
         instead. Each entry's example message is what the core says for its example.\n\n",
    );
    out.push_str("| code | what it means |\n|---|---|\n");
    for (code, doc, _, _) in &entries {
        out.push_str(&format!(
            "| [`{0}`](#{0}) | {1} |\n",
            code.as_str(),
            cell(&summary(doc))
        ));
    }
    for (code, doc, from, message) in &entries {
        out.push_str(&format!("\n### {}\n\n{doc}\n\n", code.as_str()));
        out.push_str(&format!("- Example: {from}\n"));
        out.push_str(&format!("- Example message: {message}\n"));
    }
}

fn generate() -> (String, Vec<String>) {
    let mut out = format!(
        "# Codes\n\n<!-- Generated by `{REGENERATE}` from the doc comments on `Code`, `Cause` and `WarningCode` \
         (crates/triage-core/src) and the cause table. Do not edit by hand. -->\n\n\
         Every diagnostic carries a `code`, every explanation a `cause` and every usage warning a `code`: stable \
         snake_case names, the public API of claude-triage (renaming one is a breaking change). The JSON, the CLI \
         and the npm package all use these names.\n\n"
    );
    let mut problems = Vec::new();
    codes_section(&mut out, &mut problems);
    causes_section(&mut out, &mut problems);
    warnings_section(&mut out, &mut problems);
    (out, problems)
}

#[test]
fn codes_md_is_generated_from_the_source() {
    let (markdown, problems) = generate();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    if std::env::var_os("UPDATE_CODES").is_some() {
        std::fs::write(PATH, &markdown).expect("write CODES.md");
        return;
    }
    let current = std::fs::read_to_string(PATH).unwrap_or_default();
    assert!(
        current == markdown,
        "crates/triage-core/CODES.md is stale: regenerate it with `{REGENERATE}`"
    );
}
