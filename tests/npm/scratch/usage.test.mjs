// createFetch's usage snapshot against triage-mock, whose rate-limit headers and usage blocks are real: stats(),
// onUsage, pace: true near an empty window, and the balance warnings. A fake clock: waits are asserted as the
// reported pace, never as wall-clock time.

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { createFetch, Usage } from "claude-triage";
import { fakeKey, fakeTime, messagesInit, request, startMock } from "./helpers.mjs";

let mock;
let slow; // 10 requests per minute per key
before(async () => {
  mock = await startMock();
  // A whole minute's burst: the pace test sends six at once and reads the minute's budget counting down.
  slow = await startMock(["--rpm", "10", "--burst-ms", "60000"]);
});
after(() => {
  mock.stop();
  slow.stop();
});

function harness(options = {}) {
  const time = fakeTime();
  const reports = [];
  const fetch = createFetch({ seed: 1, now: time.now, sleep: time.sleep, onUsage: (r) => reports.push(r), ...options });
  return { fetch, time, reports };
}

const window = (report, dimension) => report.windows.find((w) => w.dimension === dimension);

test("stats() after calls: requests, token totals, cost and every window the headers name", async () => {
  const { fetch, reports } = harness();
  const key = fakeKey("stats");
  const bodies = [];
  for (let i = 0; i < 3; i++) {
    const response = await fetch(`${mock.url}/v1/messages`, messagesInit(key));
    assert.equal(response.status, 200);
    bodies.push(await response.json()); // the caller's body is still unread
  }
  const stats = fetch.stats();
  assert.equal(stats.requests, 3);
  const sum = (field) => bodies.reduce((n, b) => n + b.usage[field], 0);
  assert.equal(stats.totals.inputTokens, sum("input_tokens"));
  assert.equal(stats.totals.outputTokens, sum("output_tokens"));
  assert.ok(stats.totals.inputTokens > 0 && stats.totals.outputTokens > 0);
  assert.ok(stats.costUsd > 0, "claude-opus-4-7 is in the price list");
  assert.equal(stats.unpricedRequests, 0);
  for (const dimension of ["requests", "input_tokens", "output_tokens"]) {
    const w = window(stats, dimension);
    assert.ok(w, `a ${dimension} window`);
    assert.ok(w.limit > 0 && w.remaining < w.limit && w.resetInMs > 0, JSON.stringify(w));
  }
  // The bucket refills continuously (100,000 a minute here), so what three sends owe is partly paid back already.
  const requestsWindow = window(stats, "requests");
  assert.ok(requestsWindow.remaining >= requestsWindow.limit - 3, JSON.stringify(requestsWindow));
  // Output limits count max_tokens up front: the observed pace is 3 × max_tokens, not the tokens produced.
  const outputRate = window(stats, "output_tokens").ratePerMinute;
  assert.ok(Math.abs(outputRate - ((2 * request.max_tokens) / 1000) * 60_000) < 1e-6, `${outputRate}`);
  assert.deepEqual(stats.warnings, []);
  assert.equal(stats.paceMs, 0);

  // onUsage fired once per response, each report one request further on; the last is the snapshot now.
  assert.deepEqual(reports.map((r) => r.requests), [1, 2, 3]);
  assert.deepEqual(reports[2], stats);
});

test("errors count as requests with their headers; a stream counts its start at once and its end once read", async () => {
  const { fetch, reports } = harness({ retry: { maxAttempts: 1 } });
  const key = fakeKey("stream");
  const limited = await fetch(`${mock.url}/s/rate-limited/v1/messages`, messagesInit(key));
  assert.equal(limited.status, 429);
  const after429 = fetch.stats();
  assert.equal(after429.requests, 1);
  assert.equal(after429.totals.inputTokens, 0);
  assert.ok(after429.retryAfterMs > 0, "the 429's retry-after is pending");

  const streamed = await fetch(`${mock.url}/v1/messages`, messagesInit(key, { ...request, stream: true }));
  const atStart = fetch.stats();
  const text = await streamed.text();
  assert.match(text, /event: message_stop/);
  const start = JSON.parse(/event: message_start\ndata: (.*)/.exec(text)[1]).message.usage;
  const deltas = [...text.matchAll(/event: message_delta\ndata: (.*)/g)].map((m) => JSON.parse(m[1]).usage);
  const final = deltas.at(-1);
  assert.ok(final.output_tokens > start.output_tokens, "the mock's stream reports more output at its end");
  assert.equal(atStart.requests, 2);
  assert.deepEqual([atStart.totals.inputTokens, atStart.totals.outputTokens], [start.input_tokens, start.output_tokens]);
  const stats = fetch.stats();
  assert.equal(stats.requests, 2);
  assert.deepEqual([stats.totals.inputTokens, stats.totals.outputTokens], [start.input_tokens, final.output_tokens]);
  assert.ok(stats.costUsd > atStart.costUsd);
  // One report per response, and one more when the stream ended.
  assert.deepEqual(reports.map((r) => r.totals.outputTokens), [0, start.output_tokens, final.output_tokens]);
});

test("pace: true spaces sends as the requests window runs dry, waiting exactly the reported pace", async () => {
  const { fetch, time, reports } = harness({ pace: true });
  const key = fakeKey("pace");
  const waits = [];
  for (let i = 0; i < 6; i++) {
    const before = time.slept.length;
    const response = await fetch(`${slow.url}/v1/messages`, messagesInit(key));
    assert.equal(response.status, 200, `send ${i + 1}`);
    waits.push(time.slept.slice(before).reduce((a, b) => a + b, 0));
  }
  const paces = reports.map((r) => r.paceMs);
  // The first send has nothing to go on, and one response sets no pace (one request a minute is the refill).
  // From the second, two sends in no time project the window empty long before its reset, and each send waits
  // what the last report said.
  assert.deepEqual(waits.slice(0, 2), [0, 0]);
  assert.deepEqual(waits.slice(1), paces.slice(0, 5));
  assert.ok(paces.slice(1).every((p) => p > 0), `paces ${paces}`);
  // The reset is when the bucket is full again (6 s per request owed, to the second), so the pace spreads what is
  // left over that refill: the spacing grows as the bucket drains, never past one request's refill and rounding.
  assert.ok(
    paces.slice(1).every((p, i, later) => p > 1_000 && p <= 6_500 && (i === 0 || p > later[i - 1])),
    `paces ${paces}`,
  );
  const requests = reports.map((r) => window(r, "requests"));
  assert.deepEqual(requests.map((w) => w.remaining), [9, 8, 7, 6, 5, 4]);
  const projected = requests.find((w) => w.runsOutBeforeReset);
  assert.match(projected.projection, /^at this pace the requests limit runs out in .+, before its reset in .+$/);
  assert.equal(reports[1].warnings[0].code, "rate_limit_near");
});

test("without pace the same sends go at once, and the projection still warns", async () => {
  const { fetch, time } = harness();
  const key = fakeKey("nopace");
  for (let i = 0; i < 4; i++) {
    assert.equal((await fetch(`${slow.url}/v1/messages`, messagesInit(key))).status, 200);
  }
  assert.deepEqual(time.slept, []);
  const stats = fetch.stats();
  assert.ok(stats.paceMs > 0);
  assert.deepEqual(stats.warnings.map((w) => w.code), ["rate_limit_near"]);
});

test("balanceUsd: balance_near as the spending nears it, estimated_cost_exceeds_balance for a request beyond it", async () => {
  const probe = harness();
  await probe.fetch(`${mock.url}/v1/messages`, messagesInit(fakeKey("probe")));
  const cost = probe.fetch.stats().costUsd;
  assert.ok(cost > 0);

  const { fetch } = harness({ balanceUsd: cost * 5 });
  assert.equal(fetch.stats().balanceRemainingUsd, cost * 5);
  await fetch(`${mock.url}/v1/messages`, messagesInit(fakeKey("balance")));
  const stats = fetch.stats();
  assert.ok(Math.abs(stats.balanceRemainingUsd - cost * 4) < 1e-12);
  assert.deepEqual(stats.warnings.map((w) => w.code), ["balance_near"]);
  assert.match(stats.warnings[0].message, /4 more requests/);

  const big = { ...request, max_tokens: 32_000 };
  const next = fetch.stats(big);
  assert.ok(next.warnings.some((w) => w.code === "estimated_cost_exceeds_balance"), JSON.stringify(next.warnings));
  assert.ok(fetch.stats(request).warnings.every((w) => w.code !== "estimated_cost_exceeds_balance"));
});

test("Usage on its own: a response as data folded in, reported, and a preflight", () => {
  const usage = new Usage(1);
  const now = Date.parse("2026-12-02T10:00:00Z");
  usage.observe(
    {
      status: 200,
      headers: {
        date: "Wed, 02 Dec 2026 10:00:00 GMT",
        "anthropic-ratelimit-input-tokens-limit": "10000",
        "anthropic-ratelimit-input-tokens-remaining": "500",
        "anthropic-ratelimit-input-tokens-reset": "2026-12-02T10:00:40Z",
      },
      body: JSON.stringify({ type: "message", model: "claude-haiku-4-5", usage: { input_tokens: 9500, output_tokens: 20 } }),
    },
    now,
    1024,
  );
  const report = usage.report(now);
  assert.equal(report.totals.inputTokens, 9500);
  const w = report.windows[0];
  assert.deepEqual([w.dimension, w.remaining, w.resetInMs], ["input_tokens", 500, 40_000]);
  assert.equal(report.warnings[0].code, "tokens_limit_near");
  assert.ok(report.paceMs > 0);
  const warnings = usage.preflight({ model: "claude-haiku-4-5", max_tokens: 16, messages: [{ role: "user", content: "x".repeat(4000) }] }, now);
  assert.ok(warnings.some((x) => x.code === "tokens_limit_near" && /needs up to/.test(x.message)), JSON.stringify(warnings));
  assert.throws(() => usage.preflight(42, now), /Usage.preflight/);
});
