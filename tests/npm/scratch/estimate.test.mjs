// estimate(): the core's token and cost estimate from JavaScript, and its band against triage-mock's
// count_tokens answer for the same body.

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { estimate } from "claude-triage";
import { fakeKey, startMock } from "./helpers.mjs";

let mock;
before(async () => {
  mock = await startMock();
});
after(() => mock?.stop());

const body = {
  model: "claude-sonnet-4-5",
  max_tokens: 1024,
  messages: [{ role: "user", content: "Hello, Claude" }],
};

test("estimate takes an object or text and gives camelCase bands", () => {
  const e = estimate(body);
  assert.deepEqual(estimate(JSON.stringify(body)), e);
  assert.equal(e.inputTokens.estimate, 12);
  assert.ok(e.inputTokens.low <= 12 && 12 <= e.inputTokens.high);
  assert.equal(e.maxOutputTokens, 1024);
  assert.ok(e.costUsd.low < e.costUsd.high);
  assert.deepEqual(e.warnings, []);
  assert.equal(estimate(body, 0.001).warnings[0].code, "estimated_cost_exceeds_balance");
  assert.throws(() => estimate("{"), /estimate/);
});

test("the band contains the mock's count_tokens answer", async () => {
  const { max_tokens, ...counted } = body;
  const reply = await fetch(`${mock.url}/v1/messages/count_tokens`, {
    method: "POST",
    headers: { "x-api-key": fakeKey("estimate"), "anthropic-version": "2023-06-01", "content-type": "application/json" },
    body: JSON.stringify(counted),
  });
  assert.equal(reply.status, 200);
  const { input_tokens } = await reply.json();
  const band = estimate(counted).inputTokens;
  assert.ok(band.low <= input_tokens && input_tokens <= band.high, `${input_tokens} in ${JSON.stringify(band)}`);
});
