//! The rows: how each cause is recognised, what is pulled out of its message, and what a person is told.

use super::cause::Cause;
use super::row::{row, CauseRow, Extract, Matcher};
use crate::response::explanation::Kind;

const RATE_LIMIT_FIX: &str = "Wait until the time `retry-after` gives (or the limit's reset), then retry; \
                              spread requests out using the `anthropic-ratelimit-*-remaining` headers, and \
                              ask for a higher tier if this is steady load.";

/// The table, in matching priority order (specific before general).
pub static CAUSES: &[CauseRow] = &[
    CauseRow {
        matchers: &[Matcher::Code("enforced_spend_limit_reached"), Matcher::Phrases(&["spend limit"])],
        never_retry: true,
        ..row(
            Cause::SpendLimitReached,
            "Spend limit reached",
            "Your organization hit the monthly spend limit set in the console. This 429 is not a rate limit: \
             it lasts until the limit is raised or the month ends.",
            "Raise the spend limit (Console → Settings → Limits) or wait for the next month; retrying will \
             not help.",
        )
    },
    CauseRow {
        matchers: &[
            Matcher::Phrases(&["dangerous-direct-browser-access"]),
            Matcher::Phrases(&["cors", "header"]),
        ],
        ..row(
            Cause::CorsHeaderMissing,
            "Browser request without the CORS opt-in",
            "The request came from a browser (it carried an `Origin` header) without opting in to direct \
             browser access, so the API refused it. Calling from a browser exposes your API key to anyone \
             who can open the page.",
            "Send the header `anthropic-dangerous-direct-browser-access: true` (the SDKs' \
             `dangerouslyAllowBrowser: true`) only for a key the user owns, or call the API from your server \
             and keep the key there. Check the base URL too: a proxy's URL needs its own CORS setup.",
        )
    },
    CauseRow {
        matchers: &[
            Matcher::Phrases(&["api-key header is required"]),
            Matcher::Phrases(&["api key", "required"]),
            Matcher::Phrases(&["missing", "api key"]),
            Matcher::Phrases(&["no api key"]),
            Matcher::Phrases(&["authorization header", "required"]),
            Matcher::Phrases(&["missing", "authorization"]),
            Matcher::Phrases(&["missing", "token"]),
        ],
        ..row(
            Cause::MissingApiKey,
            "No API key sent",
            "The request reached the server without an API key in the header it expects.",
            "The Claude API reads the key from `x-api-key: <key>`; many resellers and proxies read \
             `Authorization: Bearer <key>` instead. Check that the variable holding the key is set (an empty \
             `ANTHROPIC_API_KEY` sends nothing) and that the header name matches the base URL you call.",
        )
    },
    CauseRow {
        matchers: &[
            Matcher::Phrases(&["invalid", "api key"]),
            Matcher::Phrases(&["incorrect", "api key"]),
            Matcher::Phrases(&["api key", "not valid"]),
            Matcher::Phrases(&["invalid", "token"]),
            Matcher::Phrases(&["invalid", "authentication"]),
            Matcher::Phrases(&["unauthorized"]),
        ],
        fallback_for: &[Kind::AuthenticationError],
        ..row(
            Cause::InvalidApiKey,
            "API key rejected",
            "The server received a key but does not accept it: it is mistyped, truncated, revoked, from \
             another provider, or carries stray whitespace or quotes.",
            "Copy the key again from the console (Claude API keys start with `sk-ant-`), strip quotes and \
             newlines, and send it in `x-api-key`. If you call a reseller or proxy, use its key and its \
             header (often `Authorization: Bearer <key>`).",
        )
    },
    CauseRow {
        matchers: &[
            Matcher::Phrases(&["anthropic-version", "required"]),
            Matcher::Phrases(&["anthropic-version", "header"]),
        ],
        ..row(
            Cause::MissingAnthropicVersion,
            "Missing anthropic-version header",
            "Every Claude API request must say which API version it speaks.",
            "Send the header `anthropic-version: 2023-06-01` (the SDKs do this for you).",
        )
    },
    CauseRow {
        matchers: &[Matcher::Phrases(&["credit balance", "too low"])],
        never_retry: true,
        ..row(
            Cause::CreditBalanceTooLow,
            "Credit balance too low",
            "The organization's prepaid credit is used up, so the API refuses new requests.",
            "Buy credits or enable auto-reload in the console (Plans & Billing); retrying will not help \
             until the balance is topped up. Credits can take a few minutes to apply.",
        )
    },
    CauseRow {
        matchers: &[
            Matcher::Phrases(&["api usage limits"]),
            Matcher::Phrases(&["usage limit", "regain access"]),
        ],
        fields: &[("regain_at", &[Extract::DateTime])],
        never_retry: true,
        detail: Some("Access returns at {regain_at}."),
        ..row(
            Cause::UsageLimitReached,
            "Usage limit reached",
            "The organization reached the usage limit set for it; requests fail until the date in the \
             message.",
            "Raise the limit in the console (Settings → Limits) or wait until access returns; retrying \
             before then will not help.",
        )
    },
    CauseRow {
        matchers: &[
            Matcher::Code("insufficient_balance"),
            Matcher::Code("insufficient_quota"),
            Matcher::Code("insufficient_user_quota"),
            Matcher::Phrases(&["insufficient", "balance"]),
            Matcher::Phrases(&["insufficient", "quota"]),
            Matcher::Phrases(&["insufficient", "credit"]),
            Matcher::Phrases(&["insufficient funds"]),
            Matcher::Phrases(&["balance", "insufficient"]),
            Matcher::Phrases(&["top up"]),
            Matcher::Phrases(&["current quota"]),
            Matcher::Phrases(&["out of credit"]),
            Matcher::Phrases(&["out of credits"]),
            Matcher::Phrases(&["not enough credits"]),
            Matcher::Phrases(&["payment required"]),
            Matcher::Phrases(&["recharge"]),
            Matcher::Phrases(&["余额不足"]),
        ],
        fallback_for: &[Kind::BillingError],
        never_retry: true,
        ..row(
            Cause::InsufficientBalance,
            "Insufficient balance",
            "The account that pays for the request (yours, or your key's at a reseller or relay) has no \
             money left; some relays report this as 402, 403 or 429.",
            "Top up the account (the console, or the reseller's dashboard); retrying will not help until the \
             balance is positive.",
        )
    },
    CauseRow {
        matchers: &[
            Matcher::Prefix(Kind::NotFoundError, "model:"),
            Matcher::Code("model_not_found"),
            Matcher::Phrases(&["model", "not found"]),
            Matcher::Phrases(&["model", "does not exist"]),
            Matcher::Phrases(&["unknown model"]),
        ],
        fields: &[("model", &[Extract::TokenAfter("model:"), Extract::Model])],
        detail: Some("The model name sent was `{model}`."),
        ..row(
            Cause::ModelNotFound,
            "Model not found",
            "The model name is misspelt, retired, or not available to this key (or at this reseller).",
            "Use a current model id from the models list (e.g. `claude-sonnet-4-5`); `GET /v1/models` shows \
             the ones your key can use.",
        )
    },
    CauseRow {
        matchers: &[
            Matcher::Phrases(&["context limit"]),
            Matcher::Phrases(&["context window"]),
            Matcher::Phrases(&["context length"]),
        ],
        fields: &[
            ("input_tokens", &[Extract::NumberAt(0)]),
            ("max_tokens", &[Extract::NumberAt(1)]),
            ("limit", &[Extract::NumberAt(2)]),
        ],
        detail: Some("Input {input_tokens} + max_tokens {max_tokens} is over the {limit}-token context \
                      window."),
        ..row(
            Cause::ContextWindowExceeded,
            "Input plus max_tokens exceed the context window",
            "The prompt's tokens plus the room reserved for the answer (`max_tokens`) do not fit in the \
             model's context window.",
            "Lower `max_tokens` to at most the limit minus the input tokens, or shorten the input (trim \
             history, summarise, drop large tool results).",
        )
    },
    CauseRow {
        matchers: &[
            Matcher::Phrases(&["max tokens", "maximum allowed"]),
            Matcher::Phrases(&["max tokens", "output tokens for"]),
            Matcher::Phrases(&["max tokens", "too large"]),
        ],
        fields: &[
            ("requested", &[Extract::NumberAt(0)]),
            ("limit", &[Extract::NumberAt(1)]),
            ("model", &[Extract::Model]),
        ],
        detail: Some("You asked for {requested} output tokens; {model} allows at most {limit}."),
        ..row(
            Cause::MaxTokensTooLarge,
            "max_tokens above the model's output limit",
            "`max_tokens` asks for more output tokens than this model can produce in one response.",
            "Set `max_tokens` to the model's maximum or less (`triage validate` knows the limits); for \
             longer output, continue in a follow-up request.",
        )
    },
    CauseRow {
        matchers: &[
            Matcher::Phrases(&["prompt is too long"]),
            Matcher::Phrases(&["prompt too long"]),
            Matcher::Phrases(&["too many", "input tokens"]),
        ],
        fields: &[("tokens", &[Extract::NumberAt(0)]), ("limit", &[Extract::NumberAt(1)])],
        detail: Some("The prompt has {tokens} tokens; the limit is {limit}."),
        ..row(
            Cause::PromptTooLong,
            "Prompt too long",
            "The input alone is larger than the model's context window.",
            "Shorten the input: trim old turns, summarise, drop or truncate large documents and tool \
             results. The token counting endpoint measures a request before sending it.",
        )
    },
    CauseRow {
        matchers: &[
            Matcher::Phrases(&["max tokens", "greater than", "budget tokens"]),
            Matcher::Phrases(&["budget tokens", "less than", "max tokens"]),
        ],
        ..row(
            Cause::MaxTokensNotAboveBudget,
            "max_tokens must exceed the thinking budget",
            "With extended thinking, `thinking.budget_tokens` is part of `max_tokens`, so `max_tokens` must \
             be larger than the budget.",
            "Raise `max_tokens` above `thinking.budget_tokens` (leave room for the answer) or lower the \
             budget.",
        )
    },
    CauseRow {
        matchers: &[
            Matcher::Phrases(&["budget tokens", "greater than or equal"]),
            Matcher::Phrases(&["budget tokens", "at least"]),
            Matcher::Phrases(&["budget tokens", "minimum"]),
        ],
        fields: &[("minimum", &[Extract::NumberAfter("equal to"), Extract::NumberAfter("at least")])],
        detail: Some("The smallest allowed budget is {minimum} tokens."),
        ..row(
            Cause::ThinkingBudgetTooSmall,
            "Thinking budget too small",
            "`thinking.budget_tokens` is below the minimum (1024 tokens).",
            "Set `thinking.budget_tokens` to at least 1024, or remove `thinking` to turn extended thinking \
             off.",
        )
    },
    CauseRow {
        matchers: &[
            Matcher::Phrases(&["temperature", "top p", "cannot both"]),
            Matcher::Phrases(&["temperature and top p"]),
        ],
        ..row(
            Cause::TemperatureAndTopP,
            "temperature and top_p together",
            "This model accepts only one of `temperature` and `top_p`.",
            "Remove one of them (usually keep `temperature`).",
        )
    },
    CauseRow {
        matchers: &[
            Matcher::Phrases(&["tool use", "without", "tool result"]),
            Matcher::Phrases(&["tool use block must have a corresponding tool result"]),
        ],
        fields: &[("tool_use_ids", &[Extract::Ids(&["toolu_", "srvtoolu_"])])],
        detail: Some("Unanswered tool calls: {tool_use_ids}."),
        ..row(
            Cause::ToolUseWithoutResult,
            "tool_use without a tool_result",
            "An assistant message calls tools, but the next message does not answer every call with a \
             `tool_result` block.",
            "Put one `tool_result` block per `tool_use` id (same `tool_use_id`) at the start of the very \
             next user message, before any text; report failures with `is_error: true` rather than dropping \
             them.",
        )
    },
    CauseRow {
        matchers: &[
            Matcher::Phrases(&["unexpected", "tool use id"]),
            Matcher::Phrases(&["tool result block must have a corresponding tool use"]),
        ],
        fields: &[("tool_use_ids", &[Extract::Ids(&["toolu_", "srvtoolu_"])])],
        detail: Some("Orphan results: {tool_use_ids}."),
        ..row(
            Cause::UnexpectedToolResult,
            "tool_result without a matching tool_use",
            "A `tool_result` refers to a `tool_use_id` that the previous assistant message did not contain, \
             often after history was trimmed or reordered.",
            "Keep each `tool_result` right after the assistant message with its `tool_use`, and trim history \
             in whole call/result pairs.",
        )
    },
    CauseRow {
        matchers: &[Matcher::Phrases(&["unexpected role"]), Matcher::Phrases(&["invalid role"])],
        fields: &[("role", &[Extract::TokenAfter("role")])],
        detail: Some("The offending role is \"{role}\"."),
        ..row(
            Cause::UnexpectedRole,
            "Unexpected message role",
            "`messages` accepts only the roles \"user\" and \"assistant\"; a system prompt goes in the \
             top-level `system` parameter.",
            "Move a \"system\" message's text into the top-level `system` field, and map other roles (tool, \
             function, developer) onto user/assistant content blocks.",
        )
    },
    CauseRow {
        matchers: &[Matcher::Phrases(&["roles must alternate"])],
        ..row(
            Cause::RolesMustAlternate,
            "Roles must alternate",
            "The conversation has an ordering the API does not accept between \"user\" and \"assistant\" \
             turns.",
            "Make turns alternate user/assistant (merge consecutive same-role messages into one).",
        )
    },
    CauseRow {
        matchers: &[Matcher::Phrases(&["first message must"])],
        ..row(
            Cause::FirstMessageNotUser,
            "First message must be from the user",
            "The first entry in `messages` has the assistant role.",
            "Start `messages` with a \"user\" message (put instructions in `system`).",
        )
    },
    CauseRow {
        matchers: &[
            Matcher::Phrases(&["prefill"]),
            Matcher::Phrases(&["pre fill"]),
            Matcher::Phrases(&["conversation must end with a user message"]),
        ],
        ..row(
            Cause::PrefillUnsupported,
            "Assistant prefill not supported",
            "The last message is from the assistant (a prefill), which this model does not accept.",
            "End `messages` with a user message; to shape the output use instructions, structured outputs or \
             tools instead of a prefill.",
        )
    },
    CauseRow {
        matchers: &[
            Matcher::Phrases(&["streaming is strongly recommended"]),
            Matcher::Phrases(&["streaming is required"]),
        ],
        ..row(
            Cause::StreamingRequired,
            "Streaming required",
            "The request may run longer than the non-streaming limit (10 minutes), so the API asks for a \
             stream.",
            "Send `\"stream\": true` (the SDKs' `.stream()` helpers), or lower `max_tokens`.",
        )
    },
    CauseRow {
        matchers: &[Matcher::Phrases(&["not valid json"]), Matcher::Phrases(&["invalid json"])],
        fields: &[
            ("reason", &[Extract::Between("json:", ": line")]),
            ("line", &[Extract::NumberAfter("line")]),
            ("column", &[Extract::NumberAfter("column")]),
        ],
        detail: Some("The parser stopped at line {line}, column {column}: {reason}."),
        ..row(
            Cause::InvalidJsonBody,
            "Request body is not valid JSON",
            "The body could not be parsed as JSON: typically a raw control character or newline inside a \
             string, a lone UTF-16 surrogate (an emoji cut in half), or text glued on by string building.",
            "Serialise the body with a JSON library instead of building it by hand; `triage validate` points \
             at the exact byte.",
        )
    },
    CauseRow {
        matchers: &[
            Matcher::Phrases(&["text content blocks must"]),
            Matcher::Phrases(&["content", "must be non-empty"]),
            Matcher::Phrases(&["content", "non-whitespace"]),
            Matcher::Phrases(&["non-empty content"]),
        ],
        ..row(
            Cause::EmptyTextContent,
            "Empty text content",
            "A message or text block is empty or whitespace only.",
            "Drop empty messages and blocks (or put real text in them) before sending.",
        )
    },
    CauseRow {
        matchers: &[
            Matcher::Phrases(&["extra inputs are not permitted"]),
            Matcher::Phrases(&["unknown field"]),
            Matcher::Phrases(&["unrecognized request argument"]),
        ],
        fields: &[(
            "path",
            &[
                Extract::TokenBefore("extra inputs"),
                Extract::TokenAfter("argument supplied:"),
                Extract::TokenAfter("unknown field"),
            ],
        )],
        detail: Some("The parameter `{path}` is not part of this API."),
        ..row(
            Cause::UnknownField,
            "Unknown parameter",
            "The request has a parameter the API does not accept: misspelt, from another provider's API \
             (e.g. OpenAI's `response_format`), or needing a beta header.",
            "Remove or rename the parameter (`triage validate` suggests the nearest known name); beta \
             features need their `anthropic-beta` header.",
        )
    },
    CauseRow {
        matchers: &[Matcher::Phrases(&["field required"]), Matcher::Phrases(&["missing required"])],
        fields: &[("path", &[Extract::TokenBefore("field required")])],
        detail: Some("Missing: `{path}`."),
        ..row(
            Cause::FieldRequired,
            "Required field missing",
            "A required parameter is absent.",
            "Add the field named in the message (every request needs `model`, `max_tokens` and `messages`).",
        )
    },
    CauseRow {
        matchers: &[Matcher::Phrases(&["input should be"]), Matcher::Phrases(&["invalid value"])],
        fields: &[("path", &[Extract::TokenBefore("input should be")])],
        detail: Some("The value at `{path}` is not allowed."),
        ..row(
            Cause::InvalidField,
            "Invalid parameter value",
            "A parameter has the wrong type or a value outside what it allows.",
            "Fix the value named in the message; `triage validate` checks types and ranges before sending.",
        )
    },
    CauseRow {
        matchers: &[
            Matcher::Phrases(&["requests per minute"]),
            Matcher::Phrases(&["number of requests"]),
            Matcher::Phrases(&["request rate"]),
        ],
        fields: &[
            ("limit", &[Extract::NumberBefore("requests per minute")]),
            ("unit", &[Extract::Const("requests_per_minute")]),
        ],
        detail: Some("The limit is {limit} requests per minute."),
        ..row(
            Cause::RateLimitRequests,
            "Requests-per-minute limit hit",
            "Your organization sent more requests this minute than its tier allows (the limit is replenished \
             continuously, not at the top of the minute).",
            RATE_LIMIT_FIX,
        )
    },
    CauseRow {
        matchers: &[
            Matcher::Phrases(&["output tokens per minute"]),
            Matcher::Phrases(&["number of output tokens"]),
            Matcher::Phrases(&["output tokens", "rate limit"]),
        ],
        fields: &[
            ("limit", &[Extract::NumberBefore("output tokens per minute")]),
            ("unit", &[Extract::Const("output_tokens_per_minute")]),
        ],
        detail: Some("The limit is {limit} output tokens per minute."),
        ..row(
            Cause::RateLimitOutputTokens,
            "Output-tokens-per-minute limit hit",
            "Responses generated this minute used more output tokens than your tier allows; a large \
             `max_tokens` counts against it.",
            RATE_LIMIT_FIX,
        )
    },
    CauseRow {
        matchers: &[
            Matcher::Phrases(&["input tokens per minute"]),
            Matcher::Phrases(&["number of request tokens"]),
            Matcher::Phrases(&["number of input tokens"]),
            Matcher::Phrases(&["input tokens", "rate limit"]),
            Matcher::Phrases(&["tokens per minute"]),
            Matcher::Phrases(&["number of tokens", "rate limit"]),
        ],
        fields: &[
            (
                "limit",
                &[Extract::NumberBefore("input tokens per minute"), Extract::NumberBefore("tokens per")],
            ),
            ("unit", &[Extract::Const("input_tokens_per_minute")]),
        ],
        detail: Some("The limit is {limit} input tokens per minute."),
        ..row(
            Cause::RateLimitInputTokens,
            "Input-tokens-per-minute limit hit",
            "Prompts sent this minute used more input tokens than your tier allows (cached reads usually do \
             not count).",
            "Wait until the time `retry-after` gives, then retry; send fewer or shorter prompts per minute, \
             cache long shared prefixes with prompt caching, and ask for a higher tier if this is steady \
             load.",
        )
    },
    CauseRow {
        matchers: &[
            Matcher::Phrases(&["exceeds the maximum allowed number of bytes"]),
            Matcher::Phrases(&["request too large"]),
            Matcher::Phrases(&["payload too large"]),
            Matcher::Phrases(&["request entity too large"]),
        ],
        fallback_for: &[Kind::RequestTooLarge],
        ..row(
            Cause::RequestTooLarge,
            "Request too large",
            "The request body is over the size limit (32 MB for the Messages API; proxies may allow less), \
             so it was refused before reaching the model.",
            "Send less: resize or drop images and documents, or upload them once with the Files API and \
             refer to them by id. Retrying the same body will fail the same way.",
        )
    },
    CauseRow {
        matchers: &[Matcher::Phrases(&["overloaded"])],
        fallback_for: &[Kind::OverloadedError],
        ..row(
            Cause::Overloaded,
            "API overloaded",
            "The API is out of capacity across all users right now (HTTP 529, or `overloaded_error` inside a \
             stream); your request and account are fine. Retrying in a tight loop adds to the overload and \
             slows everyone's recovery.",
            "Back off: wait several seconds, then retry with growing, jittered delays and a retry budget; do \
             not loop. Consider a fallback model, or queue the work for later.",
        )
    },
    CauseRow {
        matchers: &[
            Matcher::Phrases(&["timed out"]),
            Matcher::Phrases(&["timeout"]),
            Matcher::Phrases(&["gateway time"]),
        ],
        fallback_for: &[Kind::TimeoutError],
        ..row(
            Cause::GatewayTimeout,
            "Gateway timeout",
            "The request did not complete in time somewhere between you and the model (the API, a gateway or \
             a proxy).",
            "Retry with backoff; stream long generations (streaming keeps the connection alive) and raise \
             proxy and client timeouts.",
        )
    },
    CauseRow {
        matchers: &[
            Matcher::Phrases(&["internal server error"]),
            Matcher::Phrases(&["bad gateway"]),
            Matcher::Phrases(&["service unavailable"]),
            Matcher::Phrases(&["upstream connect"]),
            Matcher::Phrases(&["no healthy upstream"]),
            Matcher::Phrases(&["upstream error"]),
        ],
        fallback_for: &[Kind::ApiError],
        ..row(
            Cause::ServerError,
            "Server error",
            "An unexpected error happened on the server or in a proxy in front of it; the request itself is \
             probably fine.",
            "Retry with exponential backoff and jitter. If it persists, check the status page and quote the \
             request id to support.",
        )
    },
    CauseRow {
        // Recognised from the body's shape, not its words; the message is the page's title.
        fields: &[("title", &[Extract::Whole])],
        detail: Some("The page's title: \"{title}\"."),
        ..row(
            Cause::HtmlErrorPage,
            "HTML error page instead of an API answer",
            "The body is a web page, not the API's JSON: a proxy, load balancer, CDN or captive portal \
             answered (or the base URL points at a website).",
            "Check the base URL (it should end at the API host, with `/v1/messages` as the path) and any \
             proxy in between. Server-side statuses (5xx) are worth a retry with backoff.",
        )
    },
    row(
        Cause::NetworkError,
        "Network error",
        "No HTTP response arrived: DNS failure, refused or reset connection, TLS problem, or a proxy that \
         dropped the request.",
        "Check connectivity, the base URL and any proxy settings; retry with backoff.",
    ),
    row(
        Cause::CorsBlocked,
        "Blocked by the browser (CORS)",
        "The browser hid the response from the page (fetch rejected with an opaque `TypeError`). Either the \
         request lacked the header `anthropic-dangerous-direct-browser-access: true`, so the API's CORS \
         answer did not allow it, or the base URL points at a host (a proxy, a typo) that sends no CORS \
         headers.",
        "For a user-owned key in the browser, send `anthropic-dangerous-direct-browser-access: true` and use \
         the API's own base URL; otherwise call the API from your server and keep the key there. Retrying \
         will not help.",
    ),
    row(
        Cause::ClientTimeout,
        "Client timeout",
        "Your client stopped waiting before the response arrived; the request may still have been processed.",
        "Retry with backoff; raise the client timeout or stream long generations.",
    ),
    UNKNOWN,
];

pub(super) const UNKNOWN: CauseRow = row(
    Cause::Unknown,
    "Unrecognised error",
    "The message does not match a known cause.",
    "Read the raw message; the status and error type say what kind of problem it is.",
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_row_per_cause() {
        for cause in Cause::ALL {
            assert_eq!(CAUSES.iter().filter(|r| r.cause == cause).count(), 1, "{cause:?}");
        }
        assert_eq!(CAUSES.len(), Cause::ALL.len());
    }

    #[test]
    fn every_detail_names_only_extracted_fields() {
        for row in CAUSES {
            let Some(detail) = row.detail else { continue };
            for piece in detail.split('{').skip(1) {
                let name = piece.split('}').next().unwrap_or_default();
                assert!(
                    row.fields.iter().any(|(f, _)| *f == name),
                    "{:?} names {name}",
                    row.cause
                );
            }
        }
    }
}
