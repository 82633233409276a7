//! The cause table: one row per cause code (ERRORS.md), data rather than code.

use serde::{Deserialize, Serialize};

/// Cause codes: the project's public API (see ERRORS.md). Renaming one is a breaking change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "js", derive(tsify::Tsify))]
pub enum Cause {
    MissingApiKey,
    InvalidApiKey,
    CorsHeaderMissing,
    MissingAnthropicVersion,
    CreditBalanceTooLow,
    UsageLimitReached,
    InsufficientBalance,
    SpendLimitReached,
    ModelNotFound,
    MaxTokensTooLarge,
    ContextWindowExceeded,
    PromptTooLong,
    UnexpectedRole,
    RolesMustAlternate,
    FirstMessageNotUser,
    ToolUseWithoutResult,
    UnexpectedToolResult,
    ThinkingBudgetTooSmall,
    MaxTokensNotAboveBudget,
    TemperatureAndTopP,
    PrefillUnsupported,
    FieldRequired,
    InvalidField,
    UnknownField,
    InvalidJsonBody,
    EmptyTextContent,
    RateLimitRequests,
    RateLimitInputTokens,
    RateLimitOutputTokens,
    RequestTooLarge,
    Overloaded,
    ServerError,
    GatewayTimeout,
    HtmlErrorPage,
    StreamingRequired,
    NetworkError,
    CorsBlocked,
    ClientTimeout,
    Unknown,
}
