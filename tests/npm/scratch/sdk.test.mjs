// The official SDK with claude-triage's fetch underneath: our retries and explanations, the SDK's own errors.

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import Anthropic from "@anthropic-ai/sdk";
import { createFetch, explain, RequestValidationError } from "claude-triage";
import { closedPort, fakeKey, fakeTime, request, startMock } from "./helpers.mjs";

let mock;
before(async () => {
  mock = await startMock();
});
after(() => mock.stop());

function client(baseURL, apiKey, options = {}) {
  const time = fakeTime();
  const attempts = [];
  const anthropic = new Anthropic({
    apiKey,
    baseURL,
    maxRetries: 0,
    logLevel: "off",
    fetch: createFetch({ seed: 3, now: time.now, sleep: time.sleep, onAttempt: (a) => attempts.push(a), ...options }),
  });
  return { anthropic, attempts, time };
}

test("overloaded then ok: the SDK call succeeds after our retries", async () => {
  const { anthropic, attempts, time } = client(`${mock.url}/s/overloaded-then-ok`, fakeKey("sdk-otk"));
  const message = await anthropic.messages.create(request);
  assert.equal(message.type, "message");
  assert.deepEqual(attempts.map((a) => a.response?.status), [529, 529, 200]);
  assert.equal(time.slept.length, 2);
});

test("rate limited: after our attempts the SDK raises its RateLimitError, which explain() reads", async () => {
  const { anthropic, attempts, time } = client(`${mock.url}/s/rate-limited`, fakeKey("sdk-rl"), { retry: { maxAttempts: 2 } });
  const error = await anthropic.messages.create(request).catch((e) => e);
  assert.ok(error instanceof Anthropic.RateLimitError, String(error));
  assert.equal(attempts.length, 2);
  assert.equal(time.slept.length, 1);
  const e = explain(error);
  assert.equal(e.kind, "rate_limit_error");
  assert.equal(e.retry.retryable, true);
  assert.ok(e.retry.afterMs > 0);
});

test("invalid key: one attempt, AuthenticationError, explained as invalid_api_key", async () => {
  const { anthropic, attempts } = client(mock.url, fakeKey("revoked"));
  const error = await anthropic.messages.create(request).catch((e) => e);
  assert.ok(error instanceof Anthropic.AuthenticationError, String(error));
  assert.equal(attempts.length, 1);
  assert.equal(explain(error).cause, "invalid_api_key");
});

test("network refused: the SDK raises APIConnectionError, explained as a network error", async () => {
  const { anthropic, attempts } = client(`http://127.0.0.1:${await closedPort()}`, fakeKey(), { retry: { maxAttempts: 2 } });
  const error = await anthropic.messages.create(request).catch((e) => e);
  assert.ok(error instanceof Anthropic.APIConnectionError, String(error));
  assert.equal(attempts.length, 2);
  assert.equal(explain(error).kind, "network_error");
});

test("validate: the SDK surfaces our RequestValidationError as the connection error's cause", async () => {
  const { anthropic, attempts } = client(mock.url, fakeKey(), { validate: true });
  const messages = [{ role: "system", content: "Be brief." }];
  const error = await anthropic.messages.create({ ...request, messages }).catch((e) => e);
  assert.ok(error instanceof Anthropic.APIConnectionError, String(error));
  assert.ok(error.cause instanceof RequestValidationError, String(error.cause));
  assert.equal(attempts.length, 0);
});

test("streaming through our fetch: events arrive untouched", async () => {
  const { anthropic } = client(mock.url, fakeKey());
  const stream = await anthropic.messages.create({ ...request, stream: true });
  const types = [];
  for await (const event of stream) types.push(event.type);
  assert.equal(types[0], "message_start");
  assert.equal(types.at(-1), "message_stop");
});

test("the SDK's connection errors without a status are explained from their kind", () => {
  assert.equal(explain(new Anthropic.APIConnectionTimeoutError()).kind, "client_timeout");
  assert.equal(explain(new Anthropic.APIUserAbortError()).retry.retryable, false);
  const refused = new TypeError("fetch failed", { cause: { code: "ECONNREFUSED", message: "connect ECONNREFUSED" } });
  assert.equal(explain(new Anthropic.APIConnectionError({ cause: refused })).kind, "network_error");
});
