use crate::json::{JsonError, LineIndex, Span};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "js", derive(tsify::Tsify))]
pub enum Severity {
    Error,
    Warning,
}

/// Diagnostic codes: the project's public API (see ERRORS.md). Renaming one is a breaking change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "js", derive(tsify::Tsify))]
pub enum Code {
    InvalidJson,
    NotAnObject,
    MissingField,
    WrongType,
    EmptyMessages,
    InvalidRole,
    SystemRoleInMessages,
    EmptyContent,
    EmptyTextBlock,
    TrailingWhitespaceInFinalAssistant,
    MaxTokensNotPositiveInteger,
    MaxTokensExceedsModelLimit,
    UnknownModel,
    UnknownField,
    TemperatureOutOfRange,
    TopPOutOfRange,
    TemperatureAndTopP,
    ThinkingBudgetTooSmall,
    ThinkingBudgetNotBelowMaxTokens,
    InvalidToolName,
    DuplicateToolName,
    ToolChoiceUnknownTool,
    ToolUseWithoutResult,
    ToolResultWithoutUse,
    InvalidImageMediaType,
    ImageTooLarge,
    TooManyImages,
    InvalidStopSequence,
    StreamingRequired,
    InvalidApiKeyFormat,
    // Rules ERRORS.md implies without naming a code.
    /// `top_k` is negative.
    TopKOutOfRange,
    /// Thinking is on and `tool_choice` forces a tool (`any` or `tool`).
    ThinkingIncompatibleToolChoice,
    /// Thinking is on with `top_k`, a `temperature` other than 1, or `top_p` below 0.95.
    ThinkingIncompatibleSampling,
    /// Warning: the catalog says this model does not take this kind of `thinking`.
    ThinkingUnsupportedByModel,
    /// A custom tool's `input_schema` is not a JSON schema of `"type": "object"`.
    InvalidInputSchema,
    /// A document block's source is malformed (media type, missing data).
    InvalidDocument,
    /// Image `data` is not plain base64 (a `data:` URL prefix, stray characters).
    InvalidImageData,
    /// The image bytes are in a different format than `media_type` says.
    ImageMediaTypeMismatch,
    /// More than 4 `cache_control` breakpoints.
    TooManyCacheBreakpoints,
    /// In a user message, `tool_result` blocks must come before any other block.
    ToolResultNotFirst,
    /// The body is over the Messages API's 32 MB request limit (the API answers 413).
    RequestTooLarge,
    /// Warning: a `type` or enumerated value the catalogue does not know (a typo, or something newer).
    UnknownValue,
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
    /// Orders diagnostics by position (errors first where two share one) and derives `ok`.
    pub fn new(mut diagnostics: Vec<Diagnostic>) -> Self {
        crate::sort::by_key(&mut diagnostics, |d| (d.span.start, d.severity));
        let ok = diagnostics.iter().all(|d| d.severity != Severity::Error);
        Report { ok, diagnostics }
    }
}
