//! The cause codes.

use crate::names::named_enum;
use serde::{Deserialize, Serialize};

named_enum! {
    /// Cause codes: the project's public API (see ERRORS.md). Renaming one is a breaking change.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[cfg_attr(feature = "js", derive(tsify::Tsify))]
    pub enum Cause {
        MissingApiKey = "missing_api_key",
        InvalidApiKey = "invalid_api_key",
        CorsHeaderMissing = "cors_header_missing",
        MissingAnthropicVersion = "missing_anthropic_version",
        CreditBalanceTooLow = "credit_balance_too_low",
        UsageLimitReached = "usage_limit_reached",
        InsufficientBalance = "insufficient_balance",
        SpendLimitReached = "spend_limit_reached",
        ModelNotFound = "model_not_found",
        MaxTokensTooLarge = "max_tokens_too_large",
        ContextWindowExceeded = "context_window_exceeded",
        PromptTooLong = "prompt_too_long",
        UnexpectedRole = "unexpected_role",
        RolesMustAlternate = "roles_must_alternate",
        FirstMessageNotUser = "first_message_not_user",
        ToolUseWithoutResult = "tool_use_without_result",
        UnexpectedToolResult = "unexpected_tool_result",
        ThinkingBudgetTooSmall = "thinking_budget_too_small",
        MaxTokensNotAboveBudget = "max_tokens_not_above_budget",
        TemperatureAndTopP = "temperature_and_top_p",
        PrefillUnsupported = "prefill_unsupported",
        FieldRequired = "field_required",
        InvalidField = "invalid_field",
        UnknownField = "unknown_field",
        InvalidJsonBody = "invalid_json_body",
        EmptyTextContent = "empty_text_content",
        RateLimitRequests = "rate_limit_requests",
        RateLimitInputTokens = "rate_limit_input_tokens",
        RateLimitOutputTokens = "rate_limit_output_tokens",
        RequestTooLarge = "request_too_large",
        Overloaded = "overloaded",
        ServerError = "server_error",
        GatewayTimeout = "gateway_timeout",
        HtmlErrorPage = "html_error_page",
        StreamingRequired = "streaming_required",
        NetworkError = "network_error",
        CorsBlocked = "cors_blocked",
        ClientTimeout = "client_timeout",
        Unknown = "unknown",
    }
}
