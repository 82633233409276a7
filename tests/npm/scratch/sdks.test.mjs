// Other SDKs as users run them, installed from npm: the Vercel AI SDK (`ai` + `@ai-sdk/anthropic`), LangChain's
// `ChatAnthropic`, the official SDK's stream errors, and the OpenAI SDK against OpenAI-compatible gateways
// (OpenRouter's and LiteLLM's error envelopes). Each one uses createFetch as its fetch where it can, and explain()
// reads the errors it raises.

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import Anthropic from "@anthropic-ai/sdk";
import { createAnthropic } from "@ai-sdk/anthropic";
import { APICallError, generateText, RetryError, streamText } from "ai";
import { ChatAnthropic } from "@langchain/anthropic";
import { ContextOverflowError } from "@langchain/core/errors";
import OpenAI from "openai";
import { createFetch, explain } from "claude-triage";
import { fakeKey, fakeTime, request, startMock } from "./helpers.mjs";

let mock;
let gateway;
before(async () => {
  mock = await startMock();
  gateway = await startGateway();
});
after(() => {
  mock.stop();
  gateway.close();
});

function triageFetch(options = {}) {
  const time = fakeTime();
  const attempts = [];
  const fetch = createFetch({ seed: 5, now: time.now, sleep: time.sleep, onAttempt: (a) => attempts.push(a), ...options });
  return { fetch, attempts, time };
}

// --- Vercel AI SDK ---------------------------------------------------------------------------------------------

function vercel(scenario, fetch, key = fakeKey("ai-sdk")) {
  const prefix = scenario ? `/s/${scenario}` : "";
  return createAnthropic({ baseURL: `${mock.url}${prefix}/v1`, apiKey: key, fetch })(request.model);
}

test("Vercel AI SDK: overloaded then ok succeeds through createFetch, with the SDK's own retries off", async () => {
  const { fetch, attempts } = triageFetch();
  const result = await generateText({ model: vercel("overloaded-then-ok", fetch), prompt: "Hello", maxRetries: 0 });
  assert.match(result.text, /triage-mock/);
  assert.deepEqual(attempts.map((a) => a.response?.status), [529, 529, 200]);
});

test("Vercel AI SDK: APICallError for a 400 credit-balance error is explained from its status and body", async () => {
  const { fetch } = triageFetch();
  const error = await generateText({ model: vercel("credit-low", fetch), prompt: "Hello", maxRetries: 0 }).catch((e) => e);
  assert.ok(APICallError.isInstance(error), String(error));
  assert.equal(error.statusCode, 400);
  const e = explain(error);
  assert.equal(e.kind, "invalid_request_error");
  assert.equal(e.cause, "credit_balance_too_low");
  assert.equal(e.retry.retryable, false);
});

test("Vercel AI SDK: RetryError is explained by its last attempt's error", async () => {
  // Plain fetch, so the AI SDK's own retries run and give up with a RetryError.
  const model = vercel("overloaded", globalThis.fetch);
  const error = await generateText({ model, prompt: "Hello", maxRetries: 1 }).catch((e) => e);
  assert.ok(RetryError.isInstance(error), String(error));
  assert.equal(error.errors.length, 2);
  const e = explain(error);
  assert.equal(e.status, 529);
  assert.equal(e.kind, "overloaded_error");
  assert.equal(e.cause, "overloaded");
});

test("Vercel AI SDK: an error event after some text reaches fullStream and is explained as a stream error", async () => {
  const { fetch } = triageFetch();
  const result = streamText({ model: vercel("stream-error", fetch), prompt: "Hello", maxRetries: 0, onError: () => {} });
  const parts = [];
  for await (const part of result.fullStream) parts.push(part);
  const failure = parts.find((p) => p.type === "error");
  assert.ok(parts.some((p) => p.type === "text-delta"), "some text came first");
  assert.ok(failure, `no error part in ${parts.map((p) => p.type)}`);
  const e = explain(failure.error);
  assert.equal(e.kind, "stream_error");
  assert.equal(e.cause, "overloaded");
});

test("Vercel AI SDK: an error event as the stream's first chunk (thrown as a made-up 529) is a stream error", async () => {
  const model = createAnthropic({ baseURL: `${gateway.url}/early-stream-error/v1`, apiKey: fakeKey("ai-sdk-early") })(request.model);
  let thrown;
  const result = streamText({ model, prompt: "Hello", maxRetries: 0, onError: ({ error }) => (thrown = error) });
  for await (const _ of result.fullStream);
  assert.ok(APICallError.isInstance(thrown), String(thrown));
  assert.equal(thrown.statusCode, 529, "the AI SDK invents 529 for an overloaded first chunk");
  const e = explain(thrown);
  assert.equal(e.kind, "stream_error");
  assert.equal(e.cause, "overloaded");
  assert.equal(e.status, 200, "the server's real status");
});

// --- LangChain ---------------------------------------------------------------------------------------------------

function langchain(scenario, fetch) {
  const prefix = scenario ? `/s/${scenario}` : "";
  return new ChatAnthropic({
    model: request.model,
    maxTokens: 64,
    apiKey: fakeKey("langchain"),
    anthropicApiUrl: `${mock.url}${prefix}`,
    maxRetries: 0,
    clientOptions: { fetch },
  });
}

test("LangChain ChatAnthropic: overloaded then ok succeeds through createFetch", async () => {
  const { fetch, attempts } = triageFetch();
  const reply = await langchain("overloaded-then-ok", fetch).invoke("Hello");
  assert.match(String(reply.content), /triage-mock/);
  assert.deepEqual(attempts.map((a) => a.response?.status), [529, 529, 200]);
});

test("LangChain ChatAnthropic: its errors, and its wrappers of them, are explained by the inner API error", async () => {
  const { fetch } = triageFetch({ retry: { maxAttempts: 1 } });
  const error = await langchain("rate-limited", fetch).invoke("Hello").catch((e) => e);
  assert.equal(error.lc_error_code, "MODEL_RATE_LIMIT", String(error));
  const e = explain(error);
  assert.equal(e.kind, "rate_limit_error");
  assert.ok(e.retry.afterMs > 0);
  const overflow = ContextOverflowError.fromError(error);
  assert.deepEqual(explain(overflow), e);
  const appWrapped = new Error("chat turn failed", { cause: error });
  assert.deepEqual(explain(appWrapped), e);
});

// --- The official SDK's stream errors ----------------------------------------------------------------------------

test("@anthropic-ai/sdk: an error event mid-stream (an APIError without a status) is a stream error", async () => {
  const { fetch } = triageFetch();
  const anthropic = new Anthropic({ apiKey: fakeKey("sdk-stream"), baseURL: `${mock.url}/s/stream-error`, maxRetries: 0, fetch });
  const stream = await anthropic.messages.create({ ...request, stream: true });
  const error = await (async () => {
    for await (const _ of stream);
  })().catch((e) => e);
  assert.ok(error instanceof Anthropic.APIError, String(error));
  assert.equal(error.status, undefined);
  const e = explain(error);
  assert.equal(e.kind, "stream_error");
  assert.equal(e.cause, "overloaded");
});

// --- OpenAI-compatible gateways ----------------------------------------------------------------------------------

function openai(route) {
  return new OpenAI({ apiKey: "sk-or-v1-FAKE-test-key", baseURL: `${gateway.url}/${route}/v1`, maxRetries: 0 });
}

test("OpenRouter's envelope: the Anthropic error in error.metadata.raw is the cause", async () => {
  const error = await openai("openrouter").chat.completions.create({ model: "anthropic/claude-opus-4.7", messages: [{ role: "user", content: "Hi" }] }).catch((e) => e);
  assert.ok(error instanceof OpenAI.APIError, String(error));
  const e = explain(error);
  assert.equal(e.kind, "overloaded_error");
  assert.equal(e.cause, "overloaded");
  assert.equal(e.requestId, "req_011CgatewayFAKE");
  // The same body pasted as text reads the same.
  assert.equal(explain({ status: 529, body: gateway.bodies.openrouter }).cause, "overloaded");
});

test("LiteLLM's envelope: the Anthropic error inside its message is the cause", async () => {
  const error = await openai("litellm").chat.completions.create({ model: "claude-opus-4-7", messages: [{ role: "user", content: "Hi" }] }).catch((e) => e);
  assert.ok(error instanceof OpenAI.APIError, String(error));
  const e = explain(error);
  assert.equal(e.kind, "rate_limit_error");
  assert.equal(e.cause, "rate_limit_requests");
});

/**
 * A stand-in for what sits between a user and the API: OpenRouter's and LiteLLM's error envelopes, and an
 * Anthropic stream whose first event is an error (the mock's stream-error scenario fails after some text).
 */
async function startGateway() {
  const inner = (type, message) => JSON.stringify({ type: "error", error: { type, message }, request_id: "req_011CgatewayFAKE" });
  const bodies = {
    openrouter: JSON.stringify({
      error: { message: "Provider returned error", code: 529, metadata: { raw: inner("overloaded_error", "Overloaded"), provider_name: "Anthropic" } },
      user_id: "user_FAKE",
    }),
    litellm: JSON.stringify({
      error: {
        message: `litellm.RateLimitError: AnthropicException - ${inner("rate_limit_error", "This request would exceed the rate limit for your organization of 50 requests per minute. For details, refer to the docs.")}. Received Model Group=claude-opus-4-7`,
        type: null,
        param: null,
        code: "429",
      },
    }),
  };
  const server = createServer((req, res) => {
    req.resume();
    if (req.url.startsWith("/openrouter/")) {
      res.writeHead(529, { "content-type": "application/json" }).end(bodies.openrouter);
    } else if (req.url.startsWith("/litellm/")) {
      res.writeHead(429, { "content-type": "application/json" }).end(bodies.litellm);
    } else if (req.url.startsWith("/early-stream-error/")) {
      // The AI SDK throws an APICallError only when the error is the stream's first event; after message_start it
      // passes the event on as an error part, like the mid-stream case above.
      res.writeHead(200, { "content-type": "text/event-stream", "request-id": "req_011CgatewayFAKE" });
      res.end(`event: error\ndata: ${inner("overloaded_error", "Overloaded")}\n\n`);
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${server.address().port}`, bodies, close: () => server.close() };
}
