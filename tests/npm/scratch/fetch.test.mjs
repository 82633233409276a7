// createFetch against triage-mock's scripted failures, with a fake clock: attempts, waits and final outcomes.

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { createFetch, explain, RequestValidationError } from "claude-triage";
import { closedPort, fakeKey, fakeTime, messagesInit, startMock } from "./helpers.mjs";

let mock;
before(async () => {
  mock = await startMock();
});
after(() => mock.stop());

/** A createFetch with a fake clock that records every attempt and every underlying send. */
function harness(options = {}) {
  const time = fakeTime();
  const attempts = [];
  const sent = [];
  const fetch = createFetch({
    seed: 1,
    now: time.now,
    sleep: time.sleep,
    onAttempt: (a) => attempts.push(a),
    fetch: (input, init) => {
      sent.push(input instanceof Request ? input.url : String(input));
      return globalThis.fetch(input, init);
    },
    ...options,
  });
  return { fetch, time, attempts, sent };
}

test("overloaded then ok: retries after each 529 and returns the success", async () => {
  const { fetch, time, attempts } = harness();
  const response = await fetch(`${mock.url}/s/overloaded-then-ok/v1/messages?n=2`, messagesInit(fakeKey("otk")));
  assert.equal(response.status, 200);
  assert.equal((await response.json()).type, "message");
  assert.deepEqual(attempts.map((a) => a.response?.status), [529, 529, 200]);
  const failures = attempts.filter((a) => a.explanation);
  assert.deepEqual(failures.map((a) => a.explanation.kind), ["overloaded_error", "overloaded_error"]);
  assert.ok(failures.every((a) => a.decision.retry));
  assert.deepEqual(time.slept, failures.map((a) => a.decision.delayMs));
  assert.equal(attempts[2].explanation, undefined);
});

test("rate limited: every wait honours retry-after, and the last 429 comes back readable", async () => {
  const { fetch, time, attempts } = harness({ retry: { maxAttempts: 3 } });
  const response = await fetch(`${mock.url}/s/rate-limited/v1/messages`, messagesInit(fakeKey("rl")));
  assert.equal(response.status, 429);
  assert.equal(attempts.length, 3);
  const retried = attempts.filter((a) => a.decision.retry);
  assert.equal(retried.length, 2);
  for (const a of retried) {
    const retryAfterMs = Number(a.response.headers.get("retry-after")) * 1000;
    assert.ok(a.decision.delayMs >= retryAfterMs, `waited ${a.decision.delayMs} ms, retry-after ${retryAfterMs} ms`);
    assert.equal(a.decision.reason, "retry_after");
  }
  assert.deepEqual(time.slept, retried.map((a) => a.decision.delayMs));
  assert.equal(attempts[2].decision.reason, "attempts_exhausted");
  const e = await explain(response);
  assert.equal(e.kind, "rate_limit_error");
  assert.equal((await response.json()).error.type, "rate_limit_error");
});

test("invalid key: one attempt, no wait, the 401 is returned and explained", async () => {
  const { fetch, time, attempts } = harness();
  const key = fakeKey("revoked");
  const response = await fetch(`${mock.url}/v1/messages`, messagesInit(key));
  assert.equal(response.status, 401);
  assert.equal(attempts.length, 1);
  assert.deepEqual(time.slept, []);
  assert.equal(attempts[0].explanation.kind, "authentication_error");
  assert.equal(attempts[0].explanation.cause, "invalid_api_key");
  assert.equal(attempts[0].decision.reason, "not_retryable");
  assert.ok(!JSON.stringify(attempts[0].explanation).includes(key), "the key must not appear in an explanation");
});

test("network refused: retried per policy, then the fetch error is thrown", async () => {
  const { fetch, time, attempts } = harness({ retry: { maxAttempts: 3 } });
  const url = `http://127.0.0.1:${await closedPort()}/v1/messages`;
  await assert.rejects(fetch(url, messagesInit(fakeKey())), TypeError);
  assert.equal(attempts.length, 3);
  assert.ok(attempts.every((a) => a.explanation.kind === "network_error" && a.response === undefined));
  assert.deepEqual(attempts.map((a) => a.decision.retry), [true, true, false]);
  assert.equal(time.slept.length, 2);
});

test("validate: an invalid body is rejected before anything is sent", async () => {
  const { fetch, sent } = harness({ validate: true });
  const body = { model: "claude-sonnet-4-5", messages: [{ role: "system", content: "Be brief." }] };
  const error = await fetch(`${mock.url}/v1/messages`, messagesInit(fakeKey(), body)).catch((e) => e);
  assert.ok(error instanceof RequestValidationError, String(error));
  assert.equal(error.report.ok, false);
  assert.ok(error.report.diagnostics.some((d) => d.code === "missing_field" && d.path === "/max_tokens"));
  assert.deepEqual(sent, []);
  const ok = await fetch(`${mock.url}/v1/messages`, messagesInit(fakeKey()));
  assert.equal(ok.status, 200);
});

test("a Request with a body is re-sent whole on every attempt", async () => {
  const { fetch, attempts } = harness();
  const init = messagesInit(fakeKey("req"));
  const request = new Request(`${mock.url}/s/overloaded-then-ok/v1/messages?n=1`, init);
  const response = await fetch(request);
  assert.equal(response.status, 200);
  assert.equal(attempts.length, 2);
});

test("a stream body is buffered so it can be re-sent", async () => {
  const { fetch, attempts } = harness();
  const init = messagesInit(fakeKey("stream-body"));
  const text = init.body;
  init.body = new ReadableStream({
    start(controller) {
      controller.enqueue(new TextEncoder().encode(text));
      controller.close();
    },
  });
  init.duplex = "half";
  const response = await fetch(`${mock.url}/s/overloaded-then-ok/v1/messages?n=1`, init);
  assert.equal(response.status, 200);
  assert.equal(attempts.length, 2);
});

test("a successful stream is returned unread", async () => {
  const { fetch } = harness();
  const init = messagesInit(fakeKey(), { model: "claude-sonnet-4-5", max_tokens: 16, stream: true, messages: [{ role: "user", content: "Hi" }] });
  const response = await fetch(`${mock.url}/v1/messages`, init);
  assert.equal(response.status, 200);
  assert.equal(response.bodyUsed, false);
  assert.match(await response.text(), /event: message_start/);
});

test("the deadline stops waiting: a 529 with no time left comes straight back", async () => {
  const { fetch, attempts, time } = harness({ deadlineMs: 1 });
  const response = await fetch(`${mock.url}/s/overloaded/v1/messages`, messagesInit(fakeKey()));
  assert.equal(response.status, 529);
  assert.equal(attempts.length, 1);
  assert.equal(attempts[0].decision.reason, "deadline_exceeded");
  assert.deepEqual(time.slept, []);
});

test("aborting during a wait rejects at once with the signal's reason", async () => {
  const controller = new AbortController();
  const fetch = createFetch({
    seed: 1,
    retry: { baseMs: 60_000, capMs: 60_000, strategy: "constant" },
    onAttempt: () => controller.abort(new DOMException("user gave up", "AbortError")),
  });
  const started = Date.now();
  const init = { ...messagesInit(fakeKey()), signal: controller.signal };
  await assert.rejects(fetch(`${mock.url}/s/overloaded/v1/messages`, init), { name: "AbortError" });
  assert.ok(Date.now() - started < 10_000, "the 60 s wait must be cut short");
});

test("pacing: an exhausted requests window delays the next send", async () => {
  const { fetch, time } = harness({ pace: true, retry: { maxAttempts: 1 } });
  const key = fakeKey("pace");
  const limited = await fetch(`${mock.url}/s/rate-limited/v1/messages`, messagesInit(key));
  assert.equal(limited.headers.get("anthropic-ratelimit-requests-remaining"), "0");
  assert.deepEqual(time.slept, []);
  await fetch(`${mock.url}/v1/messages`, messagesInit(key));
  assert.equal(time.slept.length, 1, "one pacing wait before the second request");
  assert.ok(time.slept[0] > 0);
});

test("createFetch refuses both a policy and retry options", () => {
  assert.throws(() => createFetch({ policy: {}, retry: {} }), TypeError);
});
