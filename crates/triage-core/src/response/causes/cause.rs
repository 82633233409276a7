//! The cause codes.

use crate::names::named_enum;
use serde::{Deserialize, Serialize};

named_enum! {
    /// Cause codes: the project's public API, each documented in CODES.md (generated from these doc comments
    /// and the cause table). Renaming one is a breaking change. Each variant's doc says how the cause shows
    /// up; the table (`rows.rs`) says what to tell a person.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[cfg_attr(feature = "js", derive(tsify::Tsify))]
    pub enum Cause {
        /// A 401 saying `x-api-key header is required`: no key arrived in the header the server reads.
        MissingApiKey = "missing_api_key",
        /// A 401 saying `invalid x-api-key`: a key arrived and was refused.
        InvalidApiKey = "invalid_api_key",
        /// A 401 to a browser request without `anthropic-dangerous-direct-browser-access: true`.
        CorsHeaderMissing = "cors_header_missing",
        /// A 400 saying `anthropic-version: header is required`.
        MissingAnthropicVersion = "missing_anthropic_version",
        /// A 400 saying the credit balance is too low to access the API.
        CreditBalanceTooLow = "credit_balance_too_low",
        /// A 400 saying the specified API usage limits are reached, with the date access returns
        /// (`regain_at`).
        UsageLimitReached = "usage_limit_reached",
        /// A 402 `billing_error`, as resellers and billing send it.
        InsufficientBalance = "insufficient_balance",
        /// A 429 carrying `error.details.error_code: "enforced_spend_limit_reached"` (no `retry-after`): a
        /// spend cap, not a rate limit.
        SpendLimitReached = "spend_limit_reached",
        /// A 404 `model: <name>`: the model id does not exist or the key cannot use it (`model`).
        ModelNotFound = "model_not_found",
        /// A 400 `max_tokens: N > limit, which is the maximum allowed number of output tokens for <model>`
        /// (`requested`, `limit`, `model`).
        MaxTokensTooLarge = "max_tokens_too_large",
        /// A 400 `input length and max_tokens exceed context limit: I + M > L` (`input_tokens`, `max_tokens`,
        /// `limit`).
        ContextWindowExceeded = "context_window_exceeded",
        /// A 400 `prompt is too long: N tokens > L maximum` (`tokens`, `limit`).
        PromptTooLong = "prompt_too_long",
        /// A 400 `messages: Unexpected role "system"` or another role the API does not take (`role`).
        UnexpectedRole = "unexpected_role",
        /// A 400 saying roles must alternate between `user` and `assistant`.
        RolesMustAlternate = "roles_must_alternate",
        /// A 400 `messages: first message must use the "user" role`.
        FirstMessageNotUser = "first_message_not_user",
        /// A 400 saying `tool_use` ids were found without `tool_result` blocks immediately after
        /// (`tool_use_ids`).
        ToolUseWithoutResult = "tool_use_without_result",
        /// A 400 saying an unexpected `tool_use_id` was found in `tool_result` blocks (`tool_use_ids`).
        UnexpectedToolResult = "unexpected_tool_result",
        /// A 400 `thinking.budget_tokens: Input should be greater than or equal to 1024`.
        ThinkingBudgetTooSmall = "thinking_budget_too_small",
        /// A 400 saying `max_tokens` must be greater than `thinking.budget_tokens`.
        MaxTokensNotAboveBudget = "max_tokens_not_above_budget",
        /// A 400 saying `temperature` and `top_p` cannot both be specified for this model.
        TemperatureAndTopP = "temperature_and_top_p",
        /// A 400 refusing an assistant prefill (a final assistant message), as newer models do.
        PrefillUnsupported = "prefill_unsupported",
        /// A 400 `<path>: Field required` (`path`).
        FieldRequired = "field_required",
        /// A 400 `<path>: Input should be …` or another refused value (`path`).
        InvalidField = "invalid_field",
        /// A 400 `<path>: Extra inputs are not permitted`: a misspelt or unsupported parameter (`path`).
        UnknownField = "unknown_field",
        /// A 400 `The request body is not valid JSON: <reason>: line L column C` (`reason`, `line`,
        /// `column`).
        InvalidJsonBody = "invalid_json_body",
        /// A 400 saying text content blocks must contain non-whitespace text, or must be non-empty.
        EmptyTextContent = "empty_text_content",
        /// A 429 naming a requests-per-minute limit (`limit`, `unit`).
        RateLimitRequests = "rate_limit_requests",
        /// A 429 naming an input-tokens-per-minute limit (`limit`, `unit`).
        RateLimitInputTokens = "rate_limit_input_tokens",
        /// A 429 naming an output-tokens-per-minute limit (`limit`, `unit`).
        RateLimitOutputTokens = "rate_limit_output_tokens",
        /// A 413: the body is over the 32 MB Messages limit, often refused at the edge.
        RequestTooLarge = "request_too_large",
        /// A 529 `overloaded_error`, or one inside a stream after a 200.
        Overloaded = "overloaded",
        /// A 500 `api_error`, or a 502/503 from the API or a proxy.
        ServerError = "server_error",
        /// A 504 `timeout_error`, or a 408.
        GatewayTimeout = "gateway_timeout",
        /// A body that is a web page instead of the API's JSON: a proxy, CDN or captive portal answered
        /// (`title`).
        HtmlErrorPage = "html_error_page",
        /// A 400 saying streaming is strongly recommended for operations that may take longer than 10
        /// minutes.
        StreamingRequired = "streaming_required",
        /// No HTTP response reached the caller: DNS, refused or reset connection, TLS.
        NetworkError = "network_error",
        /// No HTTP response the page may read: the browser hid it (fetch's opaque `TypeError`).
        CorsBlocked = "cors_blocked",
        /// No HTTP response before the caller's own timeout fired.
        ClientTimeout = "client_timeout",
        /// Anything the table does not recognise: still explained from the status and the error family.
        Unknown = "unknown",
    }
}
