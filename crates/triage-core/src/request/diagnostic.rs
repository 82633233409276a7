use crate::json::{JsonError, LineIndex, Span};
use crate::names::named_enum;
use crate::redact;
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
    /// Diagnostic codes: the project's public API, each documented in CODES.md (generated from these doc
    /// comments). Renaming one is a breaking change.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[cfg_attr(feature = "js", derive(tsify::Tsify))]
    pub enum Code {
        /// The body is not valid JSON (a trailing comma, a comment, single quotes, a lone UTF-16 surrogate, a
        /// raw control character, text that is not UTF-8…), so the API cannot read any of it. The span points
        /// at the first offending character.
        InvalidJson = "invalid_json",
        /// The body is valid JSON but not an object: an array, a string or a number where the request object
        /// should be.
        NotAnObject = "not_an_object",
        /// A required member is missing: `model`, `max_tokens` or `messages` at the top level, or a required
        /// member of a block, tool or source (a text block's `text`, a base64 source's `data`…).
        MissingField = "missing_field",
        /// A value has the wrong JSON type for its field: a string where `messages` wants an array, a number
        /// given as a string, an object where a list belongs.
        WrongType = "wrong_type",
        /// `messages` is an empty array: the API needs at least one message to answer.
        EmptyMessages = "empty_messages",
        /// A message's `role` is neither `user` nor `assistant` (`bot`, `human`, `model`, `tool`…).
        InvalidRole = "invalid_role",
        /// A message in `messages` has the role `system`, as in other providers' chat APIs. The Messages API
        /// takes system instructions in the top-level `system` field instead.
        SystemRoleInMessages = "system_role_in_messages",
        /// A message's `content` is empty (`""` or `[]`). Only the final assistant message (a prefill) may be
        /// empty.
        EmptyContent = "empty_content",
        /// A text block's `text` is empty or only whitespace, which the API rejects.
        EmptyTextBlock = "empty_text_block",
        /// The conversation ends with an assistant message (a prefill the model continues from) whose text
        /// ends in whitespace, which the API rejects.
        TrailingWhitespaceInFinalAssistant = "trailing_whitespace_in_final_assistant",
        /// `max_tokens` is negative, fractional or not a number. (`0` is allowed, with a warning: it
        /// pre-warms the prompt cache and returns no content.)
        MaxTokensNotPositiveInteger = "max_tokens_not_positive_integer",
        /// `max_tokens` is above the most output tokens the model can produce (the model catalogue's limit),
        /// so the API refuses the request instead of capping it.
        MaxTokensExceedsModelLimit = "max_tokens_exceeds_model_limit",
        /// The model catalogue does not know this `model`: a typo, a retired model, an alias a proxy
        /// invented, or a model newer than the catalogue. A warning, never an error: new models appear every
        /// few months.
        UnknownModel = "unknown_model",
        /// A field the request catalogue does not know: usually a misspelt or another provider's parameter,
        /// which the API rejects as "Extra inputs are not permitted"; sometimes a parameter newer than the
        /// catalogue. A warning, with the nearest known name.
        UnknownField = "unknown_field",
        /// `temperature` is outside 0–1 (the Claude API's range is narrower than OpenAI's 0–2).
        TemperatureOutOfRange = "temperature_out_of_range",
        /// `top_p` is outside 0–1.
        TopPOutOfRange = "top_p_out_of_range",
        /// Both `temperature` and `top_p` are set. Newer models refuse the pair (an error for those the
        /// catalogue marks); older ones accept it (a warning), though one of them is usually enough.
        TemperatureAndTopP = "temperature_and_top_p",
        /// Extended thinking's `budget_tokens` is below the minimum of 1024.
        ThinkingBudgetTooSmall = "thinking_budget_too_small",
        /// Extended thinking's `budget_tokens` is not below `max_tokens`: thinking tokens count towards
        /// `max_tokens`, so no room is left for the answer.
        ThinkingBudgetNotBelowMaxTokens = "thinking_budget_not_below_max_tokens",
        /// A tool's `name` does not match `^[a-zA-Z0-9_-]{1,64}$` (spaces, dots or other punctuation, or too
        /// long).
        InvalidToolName = "invalid_tool_name",
        /// Two tools have the same `name`, so a tool call could not say which one it means.
        DuplicateToolName = "duplicate_tool_name",
        /// `tool_choice` forces a tool by name that is not in `tools`.
        ToolChoiceUnknownTool = "tool_choice_unknown_tool",
        /// An assistant `tool_use` block is not answered by a `tool_result` (same `tool_use_id`) in the very
        /// next user message. Every tool call must be answered before the conversation goes on; an unanswered
        /// call in the final assistant turn is only a warning.
        ToolUseWithoutResult = "tool_use_without_result",
        /// A `tool_result` answers a `tool_use_id` that the assistant message just before did not call: a
        /// wrong id, or a result kept after its call was trimmed from the history.
        ToolResultWithoutUse = "tool_result_without_use",
        /// An image's `media_type` is not one the API accepts: `image/jpeg`, `image/png`, `image/gif` or
        /// `image/webp`.
        InvalidImageMediaType = "invalid_image_media_type",
        /// A base64 image is over the API's 5 MB limit per image (decoded size).
        ImageTooLarge = "image_too_large",
        /// More images (and PDF pages) in one request than the model allows: 600, or 100 for models with a
        /// 200k-token context window.
        TooManyImages = "too_many_images",
        /// A stop sequence is empty or only whitespace, which the API rejects.
        InvalidStopSequence = "invalid_stop_sequence",
        /// A non-streaming request with a `max_tokens` so large that the response may take more than 10
        /// minutes: the official SDKs refuse to send it, and a proxy may cut the connection first.
        StreamingRequired = "streaming_required",
        /// The API key to be sent does not look like a Claude API key: whitespace or quotes around it,
        /// `Bearer ` glued on, a placeholder or unexpanded variable, an admin key or OAuth token, a cut-off
        /// copy, or another provider's prefix. Found by `request::check_api_key` (`triage validate --key-env
        /// VAR`), never in the body; a warning, since resellers may issue keys of their own shape.
        InvalidApiKeyFormat = "invalid_api_key_format",
        /// `top_k` is negative.
        TopKOutOfRange = "top_k_out_of_range",
        /// Extended thinking is on while `tool_choice` forces a tool (`any` or `tool`), which the API does
        /// not allow with thinking.
        ThinkingIncompatibleToolChoice = "thinking_incompatible_tool_choice",
        /// Extended thinking is on together with `top_k`, a `temperature` other than 1, or a `top_p` below
        /// 0.95: thinking needs the default sampling.
        ThinkingIncompatibleSampling = "thinking_incompatible_sampling",
        /// The model catalogue says this model does not take this kind of `thinking`: `enabled` is refused
        /// from the 4.7 models on (use `adaptive`), and `adaptive` by 4.5 and older models. A warning, in
        /// case the catalogue is behind.
        ThinkingUnsupportedByModel = "thinking_unsupported_by_model",
        /// A custom tool's `input_schema` is not a JSON schema of `"type": "object"`: tool inputs are always
        /// objects.
        InvalidInputSchema = "invalid_input_schema",
        /// A document block's source is malformed: a base64 source that is not `application/pdf`, a text
        /// source with another media type, or missing `data`, `url` or `file_id`.
        InvalidDocument = "invalid_document",
        /// An image's base64 `data` is not plain base64: a `data:image/…;base64,` URL prefix, line breaks or
        /// other stray characters.
        InvalidImageData = "invalid_image_data",
        /// The image bytes are in a different format than `media_type` says (a PNG sent as `image/jpeg`),
        /// which the API rejects.
        ImageMediaTypeMismatch = "image_media_type_mismatch",
        /// More than 4 `cache_control` breakpoints in one request.
        TooManyCacheBreakpoints = "too_many_cache_breakpoints",
        /// In a user message, `tool_result` blocks must come before any other block; text after them is fine,
        /// text before them is rejected.
        ToolResultNotFirst = "tool_result_not_first",
        /// The body is over the Messages API's 32 MB request limit, so the API (or its edge) answers 413
        /// before reading it.
        RequestTooLarge = "request_too_large",
        /// A `type` or enumerated value the catalogue does not know (a service tier, a block or tool type, a
        /// cache TTL, an effort level…): a typo, or something newer than the catalogue. A warning, with the
        /// nearest known value.
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
    /// Messages quote values from the body, which may be a key pasted in the wrong place (`"model":
    /// "sk-ant-…"`): those are shown in their short form ([`crate::redact`]).
    pub fn new(mut diagnostics: Vec<Diagnostic>) -> Self {
        for d in &mut diagnostics {
            d.message = redact::secrets_owned(std::mem::take(&mut d.message));
            d.hint = d.hint.take().map(redact::secrets_owned);
        }
        let ok = diagnostics.iter().all(|d| d.severity != Severity::Error);
        Report { ok, diagnostics }
    }
}
