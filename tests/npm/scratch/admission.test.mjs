// Adaptive admission in createFetch: one shared fetch for many concurrent calls against a server with limited
// capacity (real time, loopback, bounded), and the queue's deadlines and aborts (fake time).

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import Anthropic from "@anthropic-ai/sdk";
import { createFetch, DeadlineExceededError, explain } from "claude-triage";
import { fakeKey, fakeTime, messagesInit, request, startMock } from "./helpers.mjs";

const CAPACITY = 4;
const SERVICE_MS = 40;
let mock;
before(async () => {
  mock = await startMock(["--capacity", String(CAPACITY), "--service-ms", String(SERVICE_MS)]);
});
after(() => mock.stop());

/** A fetch that counts what reaches the server. */
function counting() {
  const counter = { calls: 0, statuses: [] };
  counter.fetch = async (input, init) => {
    counter.calls += 1;
    const response = await globalThis.fetch(input, init);
    counter.statuses.push(response.status);
    return response;
  };
  return counter;
}

async function manyCallers(fetchFor, callers, callsEach) {
  const outcomes = [];
  await Promise.all(
    Array.from({ length: callers }, async (_, i) => {
      const client = new Anthropic({ apiKey: fakeKey("adm"), baseURL: mock.url, maxRetries: 0, logLevel: "off", fetch: fetchFor(i) });
      for (let call = 0; call < callsEach; call++) {
        outcomes.push(await client.messages.create(request).then((m) => m.type, (e) => explain(e).cause));
      }
    }),
  );
  return outcomes;
}

test("one shared createFetch: 24 callers x 3 calls all succeed, near the server's capacity", async () => {
  const counter = counting();
  const attempts = [];
  const shared = createFetch({ seed: 1, fetch: counter.fetch, onAttempt: (a) => attempts.push(a) });
  const outcomes = await manyCallers(() => shared, 24, 3);
  assert.equal(outcomes.length, 72, "every call ends exactly once");
  assert.deepEqual([...new Set(outcomes)], ["message"], `outcomes: ${outcomes}`);
  // The bench holds the tight goal (1.2x on its shapes); a busy test machine gets some slack.
  assert.ok(counter.calls <= 72 * 1.4, `${counter.calls} server calls for 72 calls`);
  assert.ok(attempts.every((a) => a.window >= 1 && a.inFlight >= 0 && a.queueWaitMs >= 0));
  assert.ok(attempts.some((a) => a.queueWaitMs > 0), "calls waited in the queue instead of failing");
});

test("a queued call whose deadline passes rejects with DeadlineExceededError, explained as a client timeout", async () => {
  const time = fakeTime();
  let release;
  const held = new Promise((resolve) => (release = resolve));
  // The first call holds the only permit until released.
  const fetch = createFetch({
    seed: 2,
    now: time.now,
    sleep: time.sleep,
    deadlineMs: 1_000,
    admission: { initialWindow: 1, maxWindow: 1 },
    fetch: async (input, init) => {
      await held;
      return globalThis.fetch(input, init);
    },
  });
  const first = fetch(`${mock.url}/v1/messages`, messagesInit(fakeKey("dl")));
  const second = fetch(`${mock.url}/v1/messages`, messagesInit(fakeKey("dl")));
  const error = await second.catch((e) => e);
  assert.ok(error instanceof DeadlineExceededError, String(error));
  assert.equal(error.decision.reason, "deadline_exceeded");
  assert.equal(explain(error).kind, "client_timeout");
  release();
  assert.equal((await first).status, 200);
});

test("aborting a queued call rejects at once with the signal's reason and frees its place", async () => {
  let release;
  const held = new Promise((resolve) => (release = resolve));
  const fetch = createFetch({
    seed: 3,
    admission: { initialWindow: 1, maxWindow: 1 },
    fetch: async (input, init) => {
      await held;
      return globalThis.fetch(input, init);
    },
  });
  const first = fetch(`${mock.url}/v1/messages`, messagesInit(fakeKey("ab")));
  const controller = new AbortController();
  const queued = fetch(`${mock.url}/v1/messages`, { ...messagesInit(fakeKey("ab")), signal: controller.signal });
  const third = fetch(`${mock.url}/v1/messages`, messagesInit(fakeKey("ab")));
  controller.abort(new Error("user left"));
  assert.equal((await queued.catch((e) => e)).message, "user left");
  release();
  assert.equal((await first).status, 200);
  assert.equal((await third).status, 200, "the call behind the aborted one still goes");
});
