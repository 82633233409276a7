use crate::json::{JsonError, LineIndex, Span};
use crate::names::named_enum;
use serde::{Deserialize, Serialize};

named_enum! {
    /// Errors first: diagnostics at one position are ordered by severity.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
    #[cfg_attr(feature = "js", derive(tsify::Tsify))]
    pub enum Severity {
        /// The API would refuse the request.
        Error = "error",
        /// The request may go through, but probably not as meant.
        Warning = "warning",
    }
}

named_enum! {
    /// Diagnostic codes: the project's public API (see ERRORS.md). Renaming one is a breaking change.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[cfg_attr(feature = "js", derive(tsify::Tsify))]
    pub enum Code {
        InvalidJson = "invalid_json",
        NotAnObject = "not_an_object",
        MissingField = "missing_field",
        WrongType = "wrong_type",
        EmptyMessages = "empty_messages",
        InvalidRole = "invalid_role",
        SystemRoleInMessages = "system_role_in_messages",
        EmptyContent = "empty_content",
        EmptyTextBlock = "empty_text_block",
        TrailingWhitespaceInFinalAssistant = "trailing_whitespace_in_final_assistant",
        MaxTokensNotPositiveInteger = "max_tokens_not_positive_integer",
        MaxTokensExceedsModelLimit = "max_tokens_exceeds_model_limit",
        UnknownModel = "unknown_model",
        UnknownField = "unknown_field",
        TemperatureOutOfRange = "temperature_out_of_range",
        TopPOutOfRange = "top_p_out_of_range",
        TemperatureAndTopP = "temperature_and_top_p",
        ThinkingBudgetTooSmall = "thinking_budget_too_small",
        ThinkingBudgetNotBelowMaxTokens = "thinking_budget_not_below_max_tokens",
        InvalidToolName = "invalid_tool_name",
        DuplicateToolName = "duplicate_tool_name",
        ToolChoiceUnknownTool = "tool_choice_unknown_tool",
        ToolUseWithoutResult = "tool_use_without_result",
        ToolResultWithoutUse = "tool_result_without_use",
        InvalidImageMediaType = "invalid_image_media_type",
        ImageTooLarge = "image_too_large",
        TooManyImages = "too_many_images",
        InvalidStopSequence = "invalid_stop_sequence",
        StreamingRequired = "streaming_required",
        InvalidApiKeyFormat = "invalid_api_key_format",
        // Rules ERRORS.md implies without naming a code.
        /// `top_k` is negative.
        TopKOutOfRange = "top_k_out_of_range",
        /// Thinking is on and `tool_choice` forces a tool (`any` or `tool`).
        ThinkingIncompatibleToolChoice = "thinking_incompatible_tool_choice",
        /// Thinking is on with `top_k`, a `temperature` other than 1, or `top_p` below 0.95.
        ThinkingIncompatibleSampling = "thinking_incompatible_sampling",
        /// Warning: the catalog says this model does not take this kind of `thinking`.
        ThinkingUnsupportedByModel = "thinking_unsupported_by_model",
        /// A custom tool's `input_schema` is not a JSON schema of `"type": "object"`.
        InvalidInputSchema = "invalid_input_schema",
        /// A document block's source is malformed (media type, missing data).
        InvalidDocument = "invalid_document",
        /// Image `data` is not plain base64 (a `data:` URL prefix, stray characters).
        InvalidImageData = "invalid_image_data",
        /// The image bytes are in a different format than `media_type` says.
        ImageMediaTypeMismatch = "image_media_type_mismatch",
        /// More than 4 `cache_control` breakpoints.
        TooManyCacheBreakpoints = "too_many_cache_breakpoints",
        /// In a user message, `tool_result` blocks must come before any other block.
        ToolResultNotFirst = "tool_result_not_first",
        /// The body is over the Messages API's 32 MB request limit (the API answers 413).
        RequestTooLarge = "request_too_large",
        /// Warning: a `type` or enumerated value the catalogue does not know (a typo, or something newer).
        UnknownValue = "unknown_value",
    }
}

/// One problem found in a request, located precisely.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "js", derive(tsify::Tsify), serde(rename_all = "camelCase"))]
pub struct Diagnostic {
    pub severity: Severity,
    pub code: Code,
    /// JSON pointer to the offending value (`/messages/3/content/0/tool_use_id`); `""` is the whole document.
    pub path: String,
    pub message: String,
    /// How to fix it.
    pub hint: Option<String>,
    /// Byte offsets into the text.
    pub span: Span,
    /// 1-based.
    pub line: u32,
    /// 1-based, in characters.
    pub column: u32,
}

impl Diagnostic {
    pub fn from_json_error(e: &JsonError, lines: &LineIndex) -> Self {
        let (line, column) = lines.line_col(e.span.start);
        Diagnostic {
            severity: Severity::Error,
            code: Code::InvalidJson,
            path: String::new(),
            message: e.message.clone(),
            hint: Some(e.hint().to_string()),
            span: e.span,
            line,
            column,
        }
    }
}

/// The result of validating one request: `ok` is true when no diagnostic is an error (warnings are fine).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "js", derive(tsify::Tsify), serde(rename_all = "camelCase"))]
pub struct Report {
    pub ok: bool,
    pub diagnostics: Vec<Diagnostic>,
}

impl Report {
    /// Derives `ok` from `diagnostics`, which are in text order already (errors first where two share a
    /// position): the checker sorts them once, as it needs the order to count lines in one pass.
    pub fn new(diagnostics: Vec<Diagnostic>) -> Self {
        let ok = diagnostics.iter().all(|d| d.severity != Severity::Error);
        Report { ok, diagnostics }
    }
}
