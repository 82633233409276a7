// Copied into the scratch project by run.mjs, so `claude-triage` resolves through the package's exports map.
import { explain, validate } from "claude-triage";
import { readFileSync, writeFileSync } from "node:fs";
import { performance } from "node:perf_hooks";

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const time = (f) => {
  const t = performance.now();
  f();
  return performance.now() - t;
};

const rows = [];
for (const pair of process.env.VALIDATE_INPUTS.split(",")) {
  const [name, file] = pair.split("=");
  const text = readFileSync(file, "utf8");
  const report = validate(text);
  if (!report.ok) throw new Error(`${name}: the generated transcript should be valid: ${JSON.stringify(report.diagnostics[0])}`);
  // Warm both up (JIT, the wasm's heap grown to size), then interleave.
  for (let i = 0; i < 3; i++) {
    validate(text);
    JSON.parse(text);
  }
  const runs = Math.max(9, Math.min(401, Math.round(4e7 / text.length)));
  const v = [];
  const p = [];
  for (let i = 0; i < runs; i++) {
    globalThis.gc?.();
    v.push(time(() => validate(text)));
    globalThis.gc?.();
    p.push(time(() => JSON.parse(text)));
  }
  const row = {
    name,
    bytes: Buffer.byteLength(text),
    messages: JSON.parse(text).messages.length,
    runs,
    validate_ms: median(v),
    json_parse_ms: median(p),
  };
  row.ratio = row.validate_ms / row.json_parse_ms;
  row.wasm_mb_per_s = row.bytes / 1e6 / (row.validate_ms / 1e3);
  rows.push(row);
  console.log(
    `  ${name.padEnd(5)} ${String(row.bytes).padStart(9)} B  ${String(row.messages).padStart(6)} messages  validate ${row.validate_ms.toFixed(2)} ms  JSON.parse ${row.json_parse_ms.toFixed(2)} ms  ratio ${row.ratio.toFixed(2)}x  wasm ${row.wasm_mb_per_s.toFixed(0)} MB/s`,
  );
}
// explain on every response vector, beside JSON.parse of the same body (a body that is not JSON is parsed as a
// string literal of itself, so the baseline still reads every byte).
const explained = [];
if (process.env.RESPONSE_VECTORS) {
  const micro = (f) => {
    for (let i = 0; i < 50; i++) f();
    const xs = [];
    for (let r = 0; r < 15; r++) {
      const t = performance.now();
      for (let i = 0; i < 100; i++) f();
      xs.push(((performance.now() - t) / 100) * 1e3);
    }
    return median(xs);
  };
  for (const v of JSON.parse(readFileSync(process.env.RESPONSE_VECTORS, "utf8"))) {
    if (typeof v.body !== "string" || typeof v.status !== "number") continue;
    const response = { status: v.status, headers: v.headers ?? {}, body: v.body };
    const nowMs = 1_700_000_000_000;
    const baseline = (() => {
      try {
        JSON.parse(v.body);
        return () => JSON.parse(v.body);
      } catch {
        const quoted = JSON.stringify(v.body);
        return () => JSON.parse(quoted);
      }
    })();
    const explain_us = micro(() => explain(response, { nowMs }));
    const json_parse_us = micro(baseline);
    explained.push({ name: v.name, body_bytes: Buffer.byteLength(v.body), explain_us, json_parse_us, ratio: explain_us / json_parse_us });
  }
  const ratios = explained.map((e) => e.ratio);
  console.log(`  explain: ${explained.length} response vectors, median ${median(explained.map((e) => e.explain_us)).toFixed(1)} µs, median ratio to JSON.parse ${median(ratios).toFixed(1)}x`);
}
writeFileSync(process.env.VALIDATE_JSON, JSON.stringify({ node: process.version, rows, explain: explained }, null, 2));
