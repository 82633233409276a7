//! Pasted-error samples for the Explain tab, one of each kind it reads. Keys in them are obviously fake.

pub struct Sample {
    pub id: &'static str,
    pub name: &'static str,
    pub text: &'static str,
}

pub const SAMPLES: &[Sample] = &[
    Sample {
        id: "curl-i",
        name: "curl -i output",
        text: "HTTP/2 529\r\ncontent-type: application/json\r\nrequest-id: req_011CurlI529Overload\r\nx-should-retry: true\r\n\r\n{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"},\"request_id\":\"req_011CurlI529Overload\"}",
    },
    Sample {
        id: "curl-v",
        name: "curl -v output",
        text: "*   Trying 160.79.104.10:443...\n* Connected to api.anthropic.com\n> POST /v1/messages HTTP/2\n> host: api.anthropic.com\n> authorization: Bearer sk-ant-api03-sample-FAKE-0000000000000000000000000000000000000000000000-AAAA\n> anthropic-version: 2023-06-01\n>\n< HTTP/2 401\n< content-type: application/json\n< request-id: req_011CurlV401\n<\n{\"type\":\"error\",\"error\":{\"type\":\"authentication_error\",\"message\":\"x-api-key header is required\"}}\n* Connection #0 to host api.anthropic.com left intact\n",
    },
    Sample {
        id: "body",
        name: "A bare body",
        text: "{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\",\"message\":\"Your credit balance is too low to access the Anthropic API. Please go to Plans & Billing to upgrade or purchase credits.\"}}",
    },
    Sample {
        id: "sse",
        name: "An SSE stream with event: error",
        text: "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_01\",\"type\":\"message\",\"role\":\"assistant\",\"content\":[],\"model\":\"claude-sonnet-4-5\"}}\n\nevent: ping\ndata: {\"type\": \"ping\"}\n\nevent: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}\n\n",
    },
    Sample {
        id: "python",
        name: "Python SDK error",
        text: "anthropic.RateLimitError: Error code: 429 - {'type': 'error', 'error': {'type': 'rate_limit_error', 'message': 'This request would exceed the rate limit for your organization of 30,000 input tokens per minute.'}, 'request_id': 'req_011PySdk429'}",
    },
    Sample {
        id: "typescript",
        name: "TypeScript SDK error",
        text: "Error: 529 {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"},\"request_id\":\"req_011TsSdk529\"}\n    at APIError.generate (node_modules/@anthropic-ai/sdk/core/error.mjs:62:20)",
    },
    Sample {
        id: "vercel",
        name: "Vercel AI SDK APICallError",
        text: "APICallError [AI_APICallError]: Overloaded\n    at file:///app/node_modules/@ai-sdk/provider-utils/dist/index.mjs:431:14 {\n  cause: undefined,\n  url: 'https://api.anthropic.com/v1/messages',\n  statusCode: 529,\n  responseHeaders: {\n    'content-type': 'application/json',\n    'request-id': 'req_011Vercel529',\n    'x-should-retry': 'true'\n  },\n  responseBody: '{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}',\n  isRetryable: true,\n  data: { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }\n}",
    },
    Sample {
        id: "claude-code",
        name: "Claude Code API Error",
        text: "API Error: 529 {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"},\"request_id\":\"req_011ClaudeCode529\"} · Retrying in 4 seconds… (attempt 3/10)",
    },
];
