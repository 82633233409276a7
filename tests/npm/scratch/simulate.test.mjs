// `claude-triage/simulate` in Node 20, imported by name as a user would: the simulator's own entry point and
// wasm, and a main entry that no longer carries it.

import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import * as main from "claude-triage";
import { simulate } from "claude-triage/simulate";

test("simulate gives one row per requested strategy, in the order asked", () => {
  const rows = simulate({ clients: 20, strategies: ["exponential", "triage"], seed: 3 });
  assert.deepEqual(rows.map((r) => r.policy), ["exponential", "triage"]);
  for (const r of rows) {
    assert.ok(r.successRate >= 0 && r.successRate <= 1, JSON.stringify(r));
    assert.ok(r.calls >= 20 && r.wastedCalls <= r.calls, JSON.stringify(r));
  }
});

test("simulate is seeded: the same seed gives the same rows", () => {
  const options = { model: "occ", clients: 30, strategies: ["full_jitter", "decorrelated_jitter"], seed: 11 };
  assert.deepEqual(simulate(options), simulate(options));
});

test("simulate rejects bad options with an Error naming the field", () => {
  assert.throws(() => simulate({ strategies: ["nope"] }), /simulate: strategies\[0\]: unknown value `nope`/);
  assert.equal(simulate({ clients: 5, strategies: ["none"] }).length, 1);
});

test("the main entry has no simulate, and its wasm no simulator export", () => {
  assert.equal("simulate" in main, false);
  const dir = dirname(createRequire(import.meta.url).resolve("claude-triage/package.json"));
  const exported = (file) =>
    WebAssembly.Module.exports(new WebAssembly.Module(readFileSync(join(dir, file)))).map((e) => e.name);
  assert.ok(!exported("triage_wasm_bg.wasm").includes("simulate"));
  assert.ok(exported("triage_sim_bg.wasm").includes("simulate"));
  assert.ok(!exported("triage_sim_bg.wasm").includes("validate"));
});
