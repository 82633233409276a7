// The fleet benchmark (issue 22): processes that share one API key, paced as one through claude-triage/redis, and
// the same processes each on its own. run.mjs copies this file, mock.mjs, and the npm tests' fleet-worker.mjs and
// redis-server.mjs into the scratch project that has claude-triage installed, and runs it there.
//
// Each scenario is 4 worker processes × 10 concurrent calls × 30 calls (120 in all) against a fresh triage-mock
// with `--rpm 100` (its bucket holds 6 s of refill: 10 at once, then one every 0.6 s) and, for the coordinated one,
// a fresh redis-server. Per scenario: calls that succeeded and failed, sends on the network, 429s (and their share
// of the sends), wall time from the first spawn to the last exit, and throughput against the limit-bound floor:
// (calls − burst) / rpm is the least time any client can take, so floor / wall is the share of the limit used.

import { spawn } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { performance } from "node:perf_hooks";
import { startMock } from "./mock.mjs";
import { startRedis } from "./redis-server.mjs";

const SHAPE = { workers: 4, concurrency: 10, callsPerWorker: 30, rpm: 100, burstMs: 6_000 };
/** A worker that has not finished by then is killed and the run fails: 120 calls at 100 RPM need about 66 s. */
const WORKER_TIMEOUT_MS = 240_000;
const GOAL = { rate_limited_share_max: 0.02, of_limit_bound_min: 0.9 };

/** One fleet-worker.mjs process; resolves to its figures. */
function worker(mockUrl, redisUrl, key) {
  const { concurrency, callsPerWorker } = SHAPE;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["fleet-worker.mjs", mockUrl, redisUrl, String(concurrency), String(callsPerWorker), key], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), WORKER_TIMEOUT_MS);
    let out = "";
    child.stdout.on("data", (chunk) => (out += chunk));
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      if (code === 0) {
        resolve(JSON.parse(out));
      } else {
        reject(new Error(`fleet-worker exited (${signal ?? code}) after ${WORKER_TIMEOUT_MS} ms at most: ${out}`));
      }
    });
  });
}

async function scenario(name, withRedis) {
  const mock = await startMock(["--rpm", String(SHAPE.rpm), "--burst-ms", String(SHAPE.burstMs)]);
  const redis = withRedis ? await startRedis() : undefined;
  try {
    // One key per scenario, obviously fake, the same for every worker of it.
    const key = `sk-ant-api03-bench-FAKE-fleet-${name}-${process.pid}`;
    const started = performance.now();
    const figures = await Promise.all(Array.from({ length: SHAPE.workers }, () => worker(mock.url, redis?.url ?? "none", key)));
    const wallMs = performance.now() - started;
    const sum = (field) => figures.reduce((n, f) => n + f[field], 0);
    const calls = SHAPE.workers * SHAPE.callsPerWorker;
    const burst = Math.max(1, Math.floor((SHAPE.rpm * SHAPE.burstMs) / 60_000));
    const floorMs = ((calls - burst) / SHAPE.rpm) * 60_000;
    const network = sum("network");
    return {
      scenario: name,
      coordinator: withRedis ? "redis" : "none",
      calls,
      ok: sum("ok"),
      failed: sum("failed"),
      network,
      rate_limited: sum("rateLimited"),
      rate_limited_share: Number((sum("rateLimited") / Math.max(1, network)).toFixed(4)),
      wall_ms: Math.round(wallMs),
      floor_ms: Math.round(floorMs),
      of_limit_bound: Number((floorMs / wallMs).toFixed(3)),
      store_changes: figures.flatMap((f) => f.storeChanges),
    };
  } finally {
    await mock.stop();
    await redis?.stop();
  }
}

const rows = [await scenario("coordinated", true), await scenario("alone", false)];
const [fleet] = rows;
const goal = {
  ...GOAL,
  met: fleet.ok === fleet.calls && fleet.rate_limited_share <= GOAL.rate_limited_share_max && fleet.of_limit_bound >= GOAL.of_limit_bound_min,
};

const { workers, concurrency, callsPerWorker, rpm } = SHAPE;
console.log(`  ${workers} processes × ${concurrency} concurrent × ${callsPerWorker} calls on one key, triage-mock --rpm ${rpm}`);
console.log("  | scenario    | ok  | failed | sends | 429s | 429 share | wall s | floor s | of limit |");
console.log("  |:------------|----:|-------:|------:|-----:|----------:|-------:|--------:|---------:|");
for (const r of rows) {
  const cells = [
    r.scenario.padEnd(11),
    String(r.ok).padStart(3),
    String(r.failed).padStart(6),
    String(r.network).padStart(5),
    String(r.rate_limited).padStart(4),
    `${(100 * r.rate_limited_share).toFixed(1)} %`.padStart(9),
    (r.wall_ms / 1000).toFixed(1).padStart(6),
    (r.floor_ms / 1000).toFixed(1).padStart(7),
    `${Math.round(100 * r.of_limit_bound)} %`.padStart(8),
  ];
  console.log(`  | ${cells.join(" | ")} |`);
}
console.log(
  `  goal (coordinated: every call succeeds, 429s ≤ ${100 * GOAL.rate_limited_share_max} % of sends, ≥ ${100 * GOAL.of_limit_bound_min} % of the limit): ${goal.met ? "met" : "NOT met"}`,
);

const out = process.env.BENCH_JSON;
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, `${JSON.stringify({ schema: 1, shape: SHAPE, goal, scenarios: rows }, null, 2)}\n`);
console.log(`\n  figures: ${out}`);
