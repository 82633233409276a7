// Keys that a server, proxy or pasted dump echoes never come back out of claude-triage: explain() on every input
// shape, and createFetch's onAttempt explanations, carry only the short form (sk-ant-api…ONLY).

import { test } from "node:test";
import assert from "node:assert/strict";
import Anthropic from "@anthropic-ai/sdk";
import { createFetch, explain } from "claude-triage";
import { fakeTime, messagesInit, request } from "./helpers.mjs";

// An obviously fake Anthropic key of the real length (108 characters).
const KEY = `sk-ant-api03-${"FAKE".repeat(22).slice(0, 86)}-TESTONLY`;
const SHORT = "sk-ant-api…ONLY";
const URL = "https://api.invalid/v1/messages";

function assertHidden(value, label) {
  const text = typeof value === "string" ? value : JSON.stringify(value);
  assert.ok(!text.includes(KEY.slice(10, -4)), `${label}: the key leaked: ${text}`);
}

const resellerBody = JSON.stringify({
  type: "error",
  error: { type: "authentication_error", message: `invalid x-api-key ${KEY}` },
  request_id: "req_011CFAKE",
});
// A gateway that embeds the upstream body as an escaped string.
const gatewayBody = JSON.stringify({
  error: { message: JSON.stringify({ error: { message: `invalid x-api-key ${KEY}` } }), type: "upstream_error", code: 401 },
});

function leakingFetch(status, body, headers = { "content-type": "application/json" }) {
  return async () => new Response(body, { status, headers });
}

function harness(fetch, options = {}) {
  const time = fakeTime();
  const attempts = [];
  const triageFetch = createFetch({ seed: 1, now: time.now, sleep: time.sleep, onAttempt: (a) => attempts.push(a), fetch, ...options });
  return { fetch: triageFetch, attempts };
}

test("explain: a key echoed in a body comes back in its short form, whatever the input shape", async () => {
  const fromObject = explain({ status: 401, headers: { "request-id": "req_011CFAKE" }, body: resellerBody });
  assert.equal(fromObject.cause, "invalid_api_key");
  assert.equal(fromObject.message, `invalid x-api-key ${SHORT}`);
  assert.equal(fromObject.requestId, "req_011CFAKE");
  assertHidden(fromObject, "object");

  const fromResponse = await explain(new Response(gatewayBody, { status: 401 }));
  assert.ok(fromResponse.message.includes(SHORT), fromResponse.message);
  assertHidden(fromResponse, "Response");

  // `curl -v` with the key wrapped onto the next line, in the request header and in the echoed message.
  const [head, tail] = [KEY.slice(0, 45), KEY.slice(45)];
  const dump =
    `> POST /v1/messages HTTP/2\n> x-api-key: ${head}\n${tail}\n> anthropic-version: 2023-06-01\n>\n` +
    `< HTTP/2 401\n< request-id: req_011CFAKE\n<\n` +
    `{"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key ${head}\\n${tail}"}}`;
  const fromText = explain(dump);
  assert.equal(fromText.message, `invalid x-api-key ${SHORT}`);
  assertHidden(fromText, "curl -v");

  const thrown = explain(new TypeError(`fetch failed: https://proxy.invalid/v1/messages?key=${KEY}`));
  assert.equal(thrown.kind, "network_error");
  assertHidden(thrown, "thrown");
});

test("createFetch: onAttempt's explanation and decision hold only the short form; the response is the caller's", async () => {
  const { fetch, attempts } = harness(leakingFetch(401, resellerBody));
  const response = await fetch(URL, messagesInit(KEY));
  assert.equal(response.status, 401);
  assert.equal(attempts.length, 1);
  const [{ explanation, decision }] = attempts;
  assert.equal(explanation.cause, "invalid_api_key");
  assert.equal(explanation.message, `invalid x-api-key ${SHORT}`);
  // The sent key is checked and named by its short form too.
  assert.ok(explanation.explanation.includes(SHORT), explanation.explanation);
  assertHidden({ explanation, decision }, "onAttempt");
  // What the server sent is handed back untouched: it is the caller's (and the SDK's) own response.
  assert.equal((await response.json()).error.message, `invalid x-api-key ${KEY}`);
});

test("createFetch: a stream whose error event echoes the key is reported with its short form", async () => {
  const stream =
    'event: message_start\ndata: {"type":"message_start"}\n\n' +
    `event: error\ndata: {"type":"error","error":{"type":"overloaded_error","message":"Overloaded (x-api-key: ${KEY})"}}\n\n`;
  const { fetch, attempts } = harness(leakingFetch(200, stream, { "content-type": "text/event-stream" }), {
    retry: { maxAttempts: 1 },
  });
  const response = await fetch(URL, messagesInit(KEY, { ...request, stream: true }));
  assert.equal(response.status, 200);
  const failed = attempts.find((a) => a.explanation);
  assert.equal(failed.explanation.kind, "stream_error");
  assertHidden({ explanation: failed.explanation, decision: failed.decision }, "stream onAttempt");
});

test("the official SDK: explain() of the APIError for a gateway that echoes the key", async () => {
  const { fetch, attempts } = harness(leakingFetch(401, gatewayBody));
  const anthropic = new Anthropic({ apiKey: KEY, baseURL: "https://api.invalid", maxRetries: 0, logLevel: "off", fetch });
  const error = await anthropic.messages.create(request).catch((e) => e);
  assert.ok(error instanceof Anthropic.AuthenticationError, String(error));
  const explained = explain(error);
  assert.equal(explained.kind, "authentication_error");
  assert.ok(explained.message.includes(SHORT), explained.message);
  assertHidden(explained, "explain(APIError)");
  assertHidden(attempts.map(({ explanation, decision }) => ({ explanation, decision })), "SDK onAttempt");
});
