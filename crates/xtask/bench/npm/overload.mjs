// The overload shapes and the retry rows measured against them; run.mjs copies this file into the scratch
// project that has claude-triage installed and runs it there.
//
// Every (shape, row) pair gets a fresh triage-mock started with `--capacity C --service-ms S`: beyond C requests
// in flight it answers 529 overloaded_error at once, and every accepted request takes S ms. All callers start at
// the same moment; each makes its calls one after another. A counting fetch at the bottom of every stack counts
// what reaches the server.
//
// Per row: success % (calls that returned a message, out of callers × calls per caller), server calls, wall time
// (first call sent to last caller done), p50/p99 of per-call latency (every call that was started, successful or
// not, from its start until it returned or threw — a call cut off by the row timeout counts until then), and the
// ratios against the floor: calls = callers × calls per caller, wall = ceil(calls / capacity) × service ms.

import Anthropic from "@anthropic-ai/sdk";
import { createFetch } from "claude-triage";
import { startMock } from "./mock.mjs";
import { setMaxListeners } from "node:events";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { performance } from "node:perf_hooks";

const SHAPES = [
  { name: "steady-50x4", callers: 50, callsPerCaller: 4, capacity: 8, serviceMs: 200 },
  { name: "steady-80x3", callers: 80, callsPerCaller: 3, capacity: 12, serviceMs: 150 },
  // Everyone arrives in the same instant, once: the crowd must spread itself out with no later traffic to pace it.
  { name: "burst-200x1", callers: 200, callsPerCaller: 1, capacity: 8, serviceMs: 200 },
];

const REQUEST = {
  model: "claude-opus-4-7",
  max_tokens: 64,
  messages: [{ role: "user", content: "Hello" }],
};

const NAIVE_SLEEPS_MS = [1000, 2000, 4000, 8000];

/**
 * Each row builds, for one run, a function giving caller `i` its `call(signal)`; `fetch` is the counting fetch
 * that every stack must end in.
 */
const ROWS = [
  {
    name: "sdk-default",
    setup: ({ baseURL, fetch, key }) => {
      const client = new Anthropic({ apiKey: key, baseURL, fetch });
      return () => (signal) => client.messages.create(REQUEST, { signal });
    },
  },
  {
    name: "sdk-retries-5",
    setup: ({ baseURL, fetch, key }) => {
      const client = new Anthropic({ apiKey: key, baseURL, fetch, maxRetries: 5 });
      return () => (signal) => client.messages.create(REQUEST, { signal });
    },
  },
  {
    // The common advice: up to 5 attempts, sleeping 1 s, 2 s, 4 s, 8 s on any 429, 5xx or connection error.
    name: "naive-1-2-4-8",
    setup: ({ baseURL, fetch, key }) => {
      const client = new Anthropic({ apiKey: key, baseURL, fetch, maxRetries: 0 });
      return () => async (signal) => {
        for (let attempt = 0; ; attempt++) {
          try {
            return await client.messages.create(REQUEST, { signal });
          } catch (error) {
            if (attempt >= NAIVE_SLEEPS_MS.length || !naiveRetries(error)) {
              throw error;
            }
            await sleep(NAIVE_SLEEPS_MS[attempt], signal);
          }
        }
      };
    },
  },
  {
    name: "shared-createFetch",
    setup: ({ baseURL, fetch, key }) => {
      const client = new Anthropic({
        apiKey: key,
        baseURL,
        fetch: createFetch({ fetch, seed: 1 }),
        maxRetries: 0,
      });
      return () => (signal) => client.messages.create(REQUEST, { signal });
    },
  },
  {
    name: "per-caller-createFetch",
    setup: ({ baseURL, fetch, key }) => (caller) => {
      const client = new Anthropic({
        apiKey: key,
        baseURL,
        fetch: createFetch({ fetch, seed: caller }),
        maxRetries: 0,
      });
      return (signal) => client.messages.create(REQUEST, { signal });
    },
  },
];

const ROW_TIMEOUT_MS = Number(process.env.OVERLOAD_ROW_TIMEOUT_MS ?? 120_000);
/** After a row's timeout aborts its calls, how long they get to unwind before the row is reported anyway. */
const GRACE_MS = 5_000;

const only = process.env.OVERLOAD_SHAPES?.split(",").map((s) => s.trim());
const report = { schema: 1, shapes: [] };
for (const shape of SHAPES.filter((s) => !only || only.includes(s.name))) {
  const floor = floorOf(shape);
  const rows = [];
  for (const row of ROWS) {
    rows.push(await measure(shape, floor, row));
  }
  report.shapes.push({ ...shape, floor, rows });
  printTable(report.shapes.at(-1));
}

const out = process.env.BENCH_JSON;
if (out) {
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`\n  figures: ${out}`);
}

function floorOf({ callers, callsPerCaller, capacity, serviceMs }) {
  const calls = callers * callsPerCaller;
  return { calls, wallMs: Math.ceil(calls / capacity) * serviceMs };
}

async function measure(shape, floor, row) {
  const mock = await startMock(["--capacity", String(shape.capacity), "--service-ms", String(shape.serviceMs)]);
  try {
    return await runRow(shape, floor, row, mock.url);
  } finally {
    await mock.stop();
  }
}

async function runRow(shape, floor, row, baseURL) {
  let serverCalls = 0;
  const countingFetch = (input, init) => {
    serverCalls += 1;
    return globalThis.fetch(input, init);
  };
  const callFor = row.setup({ baseURL, fetch: countingFetch, key: "sk-ant-api03-bench-FAKE-1" });
  const controller = new AbortController();
  const { signal } = controller;
  // Every call in flight listens to the row's signal.
  setMaxListeners(0, signal);
  const timer = setTimeout(() => controller.abort(new Error(`row timeout (${ROW_TIMEOUT_MS} ms)`)), ROW_TIMEOUT_MS);
  const calls = [];
  const started = performance.now();

  const callers = Array.from({ length: shape.callers }, async (_, index) => {
    const call = callFor(index + 1);
    for (let n = 0; n < shape.callsPerCaller && !signal.aborted; n++) {
      const record = { start: performance.now(), end: undefined, ok: false, failure: undefined };
      calls.push(record);
      try {
        const message = await call(signal);
        record.ok = message?.type === "message";
        record.failure = record.ok ? undefined : "not a message";
      } catch (error) {
        record.failure = signal.aborted ? "timeout" : failureOf(error);
      }
      record.end = performance.now();
    }
  });
  const done = Promise.allSettled(callers);
  const unwound = new Promise((resolve) => {
    signal.addEventListener("abort", () => setTimeout(resolve, GRACE_MS).unref(), { once: true });
  });
  await Promise.race([done, unwound]);
  const ended = performance.now();
  clearTimeout(timer);
  controller.abort(new Error("row over"));

  const latencies = calls.map((c) => (c.end ?? ended) - c.start).sort((a, b) => a - b);
  const succeeded = calls.filter((c) => c.ok).length;
  const failures = {};
  for (const c of calls) {
    const why = c.end === undefined ? "timeout" : c.failure;
    if (why) {
      failures[why] = (failures[why] ?? 0) + 1;
    }
  }
  const notStarted = floor.calls - calls.length;
  if (notStarted > 0) {
    failures["not started"] = notStarted;
  }
  const wallMs = Math.round(ended - started);
  return {
    name: row.name,
    successPct: round((100 * succeeded) / floor.calls, 1),
    serverCalls,
    wallMs,
    p50Ms: Math.round(percentile(latencies, 0.5)),
    p99Ms: Math.round(percentile(latencies, 0.99)),
    callsVsFloor: round(serverCalls / floor.calls, 2),
    wallVsFloor: round(wallMs / floor.wallMs, 2),
    // Printed, not written: the JSON schema is fixed.
    failures,
  };
}

/** The naive loop's test: any 429, 5xx (529 included) or connection error. */
function naiveRetries(error) {
  if (error instanceof Anthropic.APIUserAbortError) {
    return false;
  }
  if (error instanceof Anthropic.APIConnectionError) {
    return true;
  }
  return error instanceof Anthropic.APIError && (error.status === 429 || error.status >= 500);
}

function failureOf(error) {
  if (error instanceof Anthropic.APIConnectionError) {
    return "connection";
  }
  if (error instanceof Anthropic.APIError && error.status !== undefined) {
    return String(error.status);
  }
  return error?.name ?? "error";
}

/** Nearest rank; 0 for no samples. */
function percentile(sorted, p) {
  if (sorted.length === 0) {
    return 0;
  }
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
}

function round(x, digits) {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

function sleep(ms, signal) {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal.addEventListener("abort", onAbort, { once: true });
  });
}

function printTable(shape) {
  const { callers, callsPerCaller, capacity, serviceMs, floor } = shape;
  console.log(
    `\n  shape: ${shape.name} — ${callers} callers × ${callsPerCaller} calls, capacity ${capacity}, ` +
      `${serviceMs} ms service; floor ${floor.calls} calls, ${(floor.wallMs / 1000).toFixed(1)} s`,
  );
  const headers = ["row", "success", "server calls", "calls/floor", "wall s", "wall/floor", "p50 ms", "p99 ms", "failures"];
  const cells = shape.rows.map((r) => [
    r.name,
    `${r.successPct.toFixed(1)}%`,
    String(r.serverCalls),
    r.callsVsFloor.toFixed(2),
    (r.wallMs / 1000).toFixed(1),
    r.wallVsFloor.toFixed(2),
    String(r.p50Ms),
    String(r.p99Ms),
    Object.entries(r.failures)
      .map(([why, n]) => `${why}×${n}`)
      .join(", ") || "-",
  ]);
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (row) =>
    `  | ${row.map((cell, i) => (i === 0 || i === row.length - 1 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join(" | ")} |`;
  console.log(line(headers));
  console.log(`  |${widths.map((w, i) => (i === 0 || i === widths.length - 1 ? `:${"-".repeat(w + 1)}` : `${"-".repeat(w + 1)}:`)).join("|")}|`);
  for (const row of cells) {
    console.log(line(row));
  }
  for (const row of shape.rows) {
    delete row.failures;
  }
}
