// The installed package in Node 20, imported by name as a user would: every vector through validate/explain in
// every input shape, and the package's metadata and types.

import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { explain, explainRaw, RetryPolicy, schedule, validate } from "claude-triage";
import { curlText, vectors } from "./helpers.mjs";

function checkRequest(v, report) {
  assert.equal(report.ok, v.expect.ok, `${v.name}: ${JSON.stringify(report.diagnostics)}`);
  for (const want of v.expect.errors) {
    const found = report.diagnostics.some((d) => d.severity === "error" && d.code === want.code && d.path === want.path);
    assert.ok(found, `${v.name}: no ${want.code} at "${want.path}"`);
  }
}

function checkExplanation(v, e, how) {
  const name = `${v.name} (${how})`;
  const { expect } = v;
  if (expect.kind) assert.equal(e.kind, expect.kind, name);
  if (expect.cause) assert.equal(e.cause, expect.cause, name);
  if (expect.retryable !== undefined) assert.equal(e.retry.retryable, expect.retryable, name);
  if (expect.request_id) assert.equal(e.requestId, expect.request_id, name);
  for (const [field, value] of Object.entries(expect.fields ?? {})) {
    assert.deepEqual(e.fields[field], value, `${name}: fields.${field}`);
  }
  if (expect.min_after_ms !== undefined) {
    const [first] = schedule(e, undefined, 7, 1);
    assert.ok(first.delayMs >= expect.min_after_ms, `${name}: first retry after ${first.delayMs} ms`);
  }
}

test("every request vector validates as expected, from text and from an object", () => {
  for (const v of vectors("requests")) {
    checkRequest(v, validate(v.body));
    let object;
    try {
      object = JSON.parse(v.body);
    } catch {
      continue; // invalid JSON has no object form
    }
    assert.equal(validate(object).ok, v.expect.ok, `${v.name} (object)`);
  }
});

test("every response vector explains as expected from parts, raw text and a fetch Response", async () => {
  for (const v of vectors("responses")) {
    checkExplanation(v, explain({ status: v.status, headers: v.headers, body: v.body }), "parts");
    checkExplanation(v, explain(curlText(v)), "raw");
    checkExplanation(v, explainRaw(curlText(v)), "explainRaw");
    const response = new Response(v.body, { status: v.status, headers: v.headers });
    checkExplanation(v, await explain(response), "Response");
    assert.equal(await response.text(), v.body, `${v.name}: explain must leave the body readable`);
  }
});

test("errors thrown by fetch are explained without a status", () => {
  const refused = new TypeError("fetch failed", { cause: Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:9"), { code: "ECONNREFUSED" }) });
  const network = explain(refused);
  assert.equal(network.kind, "network_error");
  assert.equal(network.status, undefined);
  assert.match(network.message, /ECONNREFUSED/);
  assert.equal(explain(new DOMException("The operation was aborted.", "AbortError")).kind, "client_timeout");
  assert.equal(explain(new DOMException("The operation timed out.", "TimeoutError")).kind, "client_timeout");
  assert.equal(explain(new DOMException("The operation was aborted.", "AbortError")).retry.retryable, false);
});

test("bad input throws an Error instead of crashing the module", () => {
  assert.throws(() => validate(42), /validate/);
  assert.throws(() => explain({ status: "teapot" }), TypeError);
  assert.throws(() => new RetryPolicy({ maxAttempts: "six" }), /RetryPolicy/);
  // The module still works afterwards.
  assert.equal(validate("{}").ok, false);
});

test("package.json: exports for Node and browsers, types, metadata", () => {
  const require = createRequire(import.meta.url);
  const pkgPath = require.resolve("claude-triage/package.json");
  const pkg = JSON.parse(readFileSync(pkgPath, "utf8"));
  assert.equal(pkg.name, "claude-triage");
  assert.match(pkg.version, /^\d+\.\d+\.\d+$/);
  assert.equal(pkg.license, "MIT OR Apache-2.0");
  assert.match(pkg.repository.url, /claude-triage/);
  assert.equal(pkg.type, "module");
  assert.deepEqual(Object.keys(pkg.exports["."]), ["types", "node", "default"]);
  assert.deepEqual(Object.keys(pkg.exports["./simulate"]), ["types", "node", "default"]);
  assert.deepEqual(pkg.sideEffects, ["./browser.js", "./node.js", "./simulate-browser.js", "./simulate-node.js"]);
  const dir = dirname(pkgPath);
  for (const file of ["index.d.ts", "triage_wasm.d.ts", "simulate.d.ts", "triage_sim.d.ts"]) {
    const text = readFileSync(join(dir, file), "utf8");
    // The wasm loader's own declarations (InitOutput) are not re-exported by index.d.ts.
    const publicPart = text.split("export type InitInput")[0];
    assert.doesNotMatch(publicPart, /:\s*any\b|<any>|\bany\[\]/, `${file} declares any`);
  }
});

test("index.d.ts re-exports every type the core declares", () => {
  const require = createRequire(import.meta.url);
  const dir = dirname(require.resolve("claude-triage/package.json"));
  const generated = readFileSync(join(dir, "triage_wasm.d.ts"), "utf8").split("export type InitInput")[0];
  const index = readFileSync(join(dir, "index.d.ts"), "utf8");
  const declared = [...generated.matchAll(/^export (?:interface|type|class|function) (\w+)/gm)].map((m) => m[1]);
  const missing = declared.filter((name) => !new RegExp(`^\\s+${name},$`, "m").test(index));
  assert.deepEqual(missing, []);
});

test("a policy survives JSON.stringify and continues with the same decisions", () => {
  const overloaded = explain({ status: 529, body: '{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}' });
  const policy = new RetryPolicy({ maxAttempts: 10 }, 99);
  policy.decide(overloaded, 1, 0, false);
  const restored = RetryPolicy.fromJSON(JSON.parse(JSON.stringify(policy)));
  for (let attempt = 2; attempt < 6; attempt++) {
    assert.deepEqual(restored.decide(overloaded, attempt, 0, false), policy.decide(overloaded, attempt, 0, false));
  }
});
