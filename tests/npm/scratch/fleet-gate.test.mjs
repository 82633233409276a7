// The fleet gate (createFetch({ coordinator })) over a store that fails on demand, with a fake clock: what happens
// to the sends a store admitted when it goes out before they end. The coordinator is built by hand in the shape
// redisCoordinator and tabsCoordinator return, around the package's own fleetStep.

import { test } from "node:test";
import assert from "node:assert/strict";
import { createFetch, fleetStep } from "claude-triage";
import { fakeKey, fakeTime, messagesInit } from "./helpers.mjs";

/** A store like Redis that keeps one state per key and fails every call while `down` is set. */
function flakyStore(now) {
  const states = new Map();
  const store = {
    name: "flaky",
    down: false,
    events: [],
    async apply(keyId, event, config) {
      await new Promise((resolve) => setTimeout(resolve, 1));
      if (store.down) {
        throw new Error("connection refused");
      }
      store.events.push(Object.keys(event)[0]);
      const nowMs = now();
      const stepped = JSON.parse(fleetStep(states.get(keyId), JSON.stringify(event), nowMs, JSON.stringify(config)));
      states.set(keyId, JSON.stringify(stepped.state));
      return { verdict: stepped.verdict, nowMs };
    },
    async probe() {
      // As a real store does, it answers a little later (apply too): calls keep going by, and probing, meanwhile.
      await new Promise((resolve) => setTimeout(resolve, 5));
      if (store.down) {
        throw new Error("connection refused");
      }
    },
    async close() {},
  };
  return store;
}

const MESSAGE = JSON.stringify({
  id: "msg_1",
  type: "message",
  role: "assistant",
  model: "claude-opus-4-7",
  content: [{ type: "text", text: "Hi" }],
  stop_reason: "end_turn",
  usage: { input_tokens: 5, output_tokens: 1 },
});

test("a send the store admitted before it went out is released when it re-joins (once, however many probes are out), not left to its lease", async () => {
  const time = fakeTime();
  const store = flakyStore(time.now);
  const changes = [];
  // One send at a time: a lease nobody releases blocks every later send until it ends.
  const coordinator = {
    name: store.name,
    store,
    keyFor: async (apiKey) => `k-${apiKey.length}`,
    config: { initial_window: 1, min_window: 1, max_window: 1 },
    rejoinEveryMs: 0,
    onStoreChange: (change) => changes.push(change.state),
  };
  let duringSend = () => {};
  const triageFetch = createFetch({
    coordinator,
    now: time.now,
    sleep: time.sleep,
    fetch: async () => {
      duringSend();
      duringSend = () => {};
      time.t += 100;
      return new Response(MESSAGE, { status: 200, headers: { "content-type": "application/json" } });
    },
  });
  const key = fakeKey("gate");
  const call = async () => {
    const response = await triageFetch("http://127.0.0.1:9/v1/messages", messagesInit(key));
    await response.text();
    return response.status;
  };

  // Admitted by the store, which goes out before the send ends: its end cannot be reported.
  duringSend = () => (store.down = true);
  assert.equal(await call(), 200);
  assert.equal(await call(), 200); // paced locally
  assert.deepEqual(changes, ["fallback"]);

  store.down = false;
  // Still local; each starts a probe, and both probes are out at once: the fleet re-joins once.
  assert.deepEqual(await Promise.all([call(), call()]), [200, 200]);
  await new Promise((resolve) => setTimeout(resolve, 30));
  assert.deepEqual(changes, ["fallback", "rejoined"]);

  // The store's window of one is free again: the next send goes at once.
  const before = time.now();
  assert.equal(await call(), 200);
  assert.ok(time.now() - before < 1_000, `the send waited ${time.now() - before} ms for a lease nobody released`);
  await new Promise((resolve) => setTimeout(resolve, 30)); // the last end is told as the call returns
  assert.deepEqual(store.events, ["reserve", "observe_outcome", "reserve", "observe_outcome"]);
});
