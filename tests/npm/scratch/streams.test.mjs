// Streams that fail before any output are re-sent whole by createFetch; the caller sees one good stream and no
// event twice. After output, errors pass through. Counts compare what the caller received with what the server
// sent (every response body is teed by a counting fetch under createFetch).

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import Anthropic from "@anthropic-ai/sdk";
import { createAnthropic } from "@ai-sdk/anthropic";
import { streamText } from "ai";
import { createFetch, explain, streamEventCarriesOutput } from "claude-triage";
import { fakeKey, fakeTime, request, startMock } from "./helpers.mjs";

let mock;
before(async () => {
  mock = await startMock();
});
after(() => mock.stop());

/** Counts the SSE events of every response the server sent (read from a clone, so the caller's copy is untouched). */
function countingFetch() {
  const sent = [];
  const fetch = async (input, init) => {
    const response = await globalThis.fetch(input, init);
    const events = response.clone().text().then(eventNames, () => []);
    sent.push(events);
    return response;
  };
  return { fetch, sent: async () => Promise.all(sent) };
}

function eventNames(text) {
  return [...text.matchAll(/^event: *(\S+)/gm)].map((m) => m[1]);
}

function setup(scenario, options = {}) {
  const time = fakeTime();
  const attempts = [];
  const counter = countingFetch();
  const fetch = createFetch({ seed: 4, now: time.now, sleep: time.sleep, fetch: counter.fetch, onAttempt: (a) => attempts.push(a), ...options });
  const anthropic = new Anthropic({ apiKey: fakeKey(scenario), baseURL: `${mock.url}/s/${scenario}`, maxRetries: 0, logLevel: "off", fetch });
  return { anthropic, attempts, counter, fetch, time };
}

test("messages.stream(): an error before the first delta, once, then ok: one complete message, no event twice", async () => {
  const { anthropic, attempts, counter } = setup("stream-error-early-then-ok");
  const received = [];
  const stream = anthropic.messages.stream(request);
  stream.on("streamEvent", (event) => received.push(event.type));
  const message = await stream.finalMessage();
  assert.match(message.content[0].text, /triage-mock/);
  const sent = await counter.sent();
  assert.equal(sent.length, 2, "the request was sent twice");
  assert.ok(sent[0].includes("error") && !sent[0].includes("content_block_delta"), `first: ${sent[0]}`);
  assert.deepEqual(received, sent[1].filter((e) => e !== "ping"), "the caller got exactly the second stream's events");
  assert.equal(received.filter((e) => e === "message_start").length, 1);
  assert.equal(attempts[0].explanation.kind, "stream_error");
  assert.equal(attempts[0].explanation.cause, "overloaded");
  assert.equal(attempts[0].decision.retry, true);
  console.log(`events: server sent ${sent.map((s) => s.length).join(" + ")}, caller received ${received.length} (pings not counted by the SDK)`);
});

test("create({ stream: true }): a connection cut before the first delta, once, then ok", async () => {
  const { anthropic, counter } = setup("stream-cut-early");
  const stream = await anthropic.messages.create({ ...request, stream: true });
  const received = [];
  for await (const event of stream) received.push(event.type);
  const sent = await counter.sent();
  assert.equal(sent.length, 2);
  assert.ok(!sent[0].includes("message_stop"), `the first stream was cut: ${sent[0]}`);
  assert.deepEqual(received, sent[1].filter((e) => e !== "ping"));
  assert.equal(received.at(-1), "message_stop");
});

test("an error after a ping, every time: the last failed stream is handed over as sent, and the SDK raises it", async () => {
  // No counting fetch here: its clone of the last stream, which is handed over, did not finish reading in this test.
  const time = fakeTime();
  const attempts = [];
  const fetch = createFetch({ seed: 4, now: time.now, sleep: time.sleep, retry: { maxAttempts: 3 }, onAttempt: (a) => attempts.push(a) });
  const anthropic = new Anthropic({ apiKey: fakeKey("after-ping"), baseURL: `${mock.url}/s/stream-error-after-ping`, maxRetries: 0, logLevel: "off", fetch });
  const stream = await anthropic.messages.create({ ...request, stream: true });
  const error = await (async () => {
    for await (const _ of stream);
  })().catch((e) => e);
  assert.ok(error instanceof Anthropic.APIError, String(error));
  assert.equal(attempts.length, 3);
  assert.deepEqual(attempts.map((a) => a.decision?.reason), ["overload_backoff", "overload_backoff", "attempts_exhausted"]);
  assert.equal(explain(error).kind, "stream_error");
});

test("an error after some text is never retried: it passes through and is reported as stream_output_delivered", async () => {
  const { anthropic, attempts, counter } = setup("stream-error");
  const stream = await anthropic.messages.create({ ...request, stream: true });
  const received = [];
  const error = await (async () => {
    for await (const event of stream) received.push(event.type);
  })().catch((e) => e);
  assert.ok(error instanceof Anthropic.APIError, String(error));
  assert.ok(received.includes("content_block_delta"), "the text before the error arrived");
  assert.equal((await counter.sent()).length, 1, "sent once");
  const reported = attempts.find((a) => a.decision?.reason === "stream_output_delivered");
  assert.ok(reported, `attempts: ${JSON.stringify(attempts.map((a) => a.decision))}`);
  assert.equal(reported.explanation.kind, "stream_error");
});

test("Vercel AI SDK streamText: an early stream error is retried under it, and the text arrives whole", async () => {
  const time = fakeTime();
  const counter = countingFetch();
  const fetch = createFetch({ seed: 5, now: time.now, sleep: time.sleep, fetch: counter.fetch });
  const model = createAnthropic({ baseURL: `${mock.url}/s/stream-error-early-then-ok/v1`, apiKey: fakeKey("ai-stream"), fetch })(request.model);
  let failure;
  const result = streamText({ model, prompt: "Hello", maxRetries: 0, onError: ({ error }) => (failure = error) });
  let text = "";
  for await (const delta of result.textStream) text += delta;
  assert.equal(failure, undefined, String(failure));
  assert.match(text, /triage-mock/);
  assert.equal((await counter.sent()).length, 2);
});

test("streamRetry: false hands the failed stream straight over", async () => {
  const { anthropic, counter } = setup("stream-error-early-then-ok", { streamRetry: false });
  const stream = await anthropic.messages.create({ ...request, stream: true });
  const error = await (async () => {
    for await (const _ of stream);
  })().catch((e) => e);
  assert.ok(error instanceof Anthropic.APIError, String(error));
  assert.equal((await counter.sent()).length, 1);
});

test("streamEventCarriesOutput: a delta or a block with content is output; frames and pings are not", () => {
  const start = (block) => JSON.stringify({ type: "content_block_start", index: 0, content_block: block });
  assert.equal(streamEventCarriesOutput("content_block_delta", '{"type":"content_block_delta","delta":{"text":"Hi"}}'), true);
  assert.equal(streamEventCarriesOutput("content_block_start", start({ type: "text", text: "" })), false);
  assert.equal(streamEventCarriesOutput("content_block_start", start({ type: "tool_use", id: "toolu_1", name: "f", input: {} })), true);
  assert.equal(streamEventCarriesOutput("message", '{"type":"content_block_delta"}'), true);
  for (const quiet of ["message_start", "ping", "message_delta", "message_stop"]) {
    assert.equal(streamEventCarriesOutput(quiet, JSON.stringify({ type: quiet })), false, quiet);
  }
  assert.equal(streamEventCarriesOutput("content_block_start", "{not json"), false);
  assert.equal(streamEventCarriesOutput("", ""), false);
});
