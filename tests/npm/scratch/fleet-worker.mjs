// One process of a fleet: `concurrency` loops that send `calls` requests in all through one createFetch, paced by
// the Redis coordinator (or alone, with `none`). Prints its figures as one JSON line. Used by fleet-redis.test.mjs
// and the fleet benchmark.
//   node fleet-worker.mjs <mock url> <redis url | none> <concurrency> <calls> <api key>

import { createFetch } from "claude-triage";
import { redisCoordinator } from "claude-triage/redis";

const [mockUrl, redisUrl, concurrency, calls, apiKey] = process.argv.slice(2);
const figures = { ok: 0, failed: 0, network: 0, rateLimited: 0, overloaded: 0, storeChanges: [] };
const coordinator =
  redisUrl === "none"
    ? undefined
    : redisCoordinator({ url: redisUrl, key: "fleet-worker", onStoreChange: (c) => figures.storeChanges.push(c.state) });
const triageFetch = createFetch({
  coordinator,
  onAttempt: (a) => {
    figures.network += 1;
    figures.rateLimited += a.response?.status === 429 ? 1 : 0;
    figures.overloaded += a.response?.status === 529 ? 1 : 0;
  },
});
const body = JSON.stringify({ model: "claude-opus-4-7", max_tokens: 64, messages: [{ role: "user", content: "Hello" }] });
const init = {
  method: "POST",
  headers: { "content-type": "application/json", "x-api-key": apiKey, "anthropic-version": "2023-06-01" },
  body,
};

const started = Date.now();
let next = 0;
async function loop() {
  while (next < Number(calls)) {
    next += 1;
    try {
      const response = await triageFetch(`${mockUrl}/v1/messages`, init);
      await response.text();
      figures[response.ok ? "ok" : "failed"] += 1;
    } catch {
      figures.failed += 1;
    }
  }
}
await Promise.all(Array.from({ length: Number(concurrency) }, loop));
figures.ms = Date.now() - started;
await coordinator?.close();
console.log(JSON.stringify(figures));
