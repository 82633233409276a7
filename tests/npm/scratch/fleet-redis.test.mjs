// claude-triage/redis against a real redis-server and triage-mock: a fleet of processes paced as one, and every
// store fault (stopped, paused with SIGSTOP, restarted with its data gone) survived with no call lost, failed or
// sent twice.

import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { createFetch } from "claude-triage";
import { redisCoordinator } from "claude-triage/redis";
import Redis from "ioredis";
import { createClient } from "redis";
import { fakeKey, messagesInit, startMock } from "./helpers.mjs";
import { startRedis } from "./redis-server.mjs";

/** Runs one fleet-worker.mjs process; resolves to its figures. */
function worker(mockUrl, redisUrl, concurrency, calls, key) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["fleet-worker.mjs", mockUrl, redisUrl, String(concurrency), String(calls), key], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    child.stdout.on("data", (chunk) => (out += chunk));
    child.on("exit", (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`fleet-worker exited ${code}: ${out}`))));
  });
}

/** A connected node-redis client with its defaults; errors while Redis is away are expected and not thrown. */
async function nodeRedis(url) {
  const client = createClient({ url });
  client.on("error", () => {});
  await client.connect();
  return client;
}

const total = (figures, field) => figures.reduce((n, f) => n + f[field], 0);

test("four processes on one key pace as one with the Redis coordinator, and trip the limit without it", async () => {
  // 1,200 RPM bursts 120; four processes of 60 calls, 5 at a time each, are 240.
  const redis = await startRedis();
  const mock = await startMock(["--rpm", "1200"]);
  try {
    const run = (redisUrl, key) => Promise.all(Array.from({ length: 4 }, () => worker(mock.url, redisUrl, 5, 60, key)));
    const started = Date.now();
    const fleet = await run(redis.url, fakeKey("fleet"));
    const fleetMs = Date.now() - started;
    const alone = await run("none", fakeKey("alone"));
    const line = (f) => `${total(f, "ok")} ok, ${total(f, "failed")} failed, ${total(f, "rateLimited")} 429s in ${total(f, "network")} sends`;
    console.log(`  fleet: ${line(fleet)} in ${fleetMs} ms; alone: ${line(alone)}`);
    assert.equal(total(fleet, "ok"), 240, line(fleet));
    assert.ok(total(fleet, "rateLimited") <= 0.02 * total(fleet, "network"), line(fleet));
    assert.deepEqual(fleet.flatMap((f) => f.storeChanges), []);
    assert.ok(total(alone, "rateLimited") > 5 * Math.max(1, total(fleet, "rateLimited")), line(alone));
  } finally {
    mock.stop();
    await redis.stop();
  }
});

/**
 * One client through a fault: 10 calls, `fault()`, 10 calls, `heal()`, then calls until it has re-joined; resolves
 * to what it saw. `client`: "url" (the coordinator makes its own ioredis client) or "node-redis" (the application's
 * own node-redis client, as it makes one by default: reconnecting, with an offline queue).
 */
async function throughFault(fault, heal, client = "url") {
  const redis = await startRedis();
  const mock = await startMock();
  const changes = [];
  const connection = client === "url" ? { url: redis.url } : { client: await nodeRedis(redis.url) };
  const coordinator = redisCoordinator({
    ...connection,
    key: "faults",
    timeoutMs: 200,
    rejoinEveryMs: 100,
    onStoreChange: (change) => changes.push(change),
  });
  let sends = 0;
  const triageFetch = createFetch({ coordinator, onAttempt: () => (sends += 1) });
  const key = fakeKey("fault");
  const statuses = [];
  const slowest = { ms: 0 };
  const probe = new Redis(redis.url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  probe.on("error", () => {});
  const keysInRedis = async () => {
    await probe.connect().catch(() => {});
    return probe.keys("claude-triage:fleet:*");
  };
  try {
    const call = async () => {
      const t = Date.now();
      const response = await triageFetch(`${mock.url}/v1/messages`, messagesInit(key));
      slowest.ms = Math.max(slowest.ms, Date.now() - t);
      await response.text();
      statuses.push(response.status);
    };
    for (let i = 0; i < 10; i++) {
      await call();
    }
    await fault(redis);
    for (let i = 0; i < 10; i++) {
      await call();
    }
    await heal(redis);
    // Re-joining is checked as calls go by, at most every `rejoinEveryMs`; the client reconnects on its own
    // backoff. Bounded: 60 calls, 100 ms apart.
    for (let i = 0; i < 60; i++) {
      await call();
      if (changes.at(-1)?.state !== "fallback" && i >= 9) {
        break;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    return { statuses, sends, changes, slowest: slowest.ms, keys: await keysInRedis() };
  } finally {
    probe.disconnect();
    await coordinator.close();
    await connection.client?.close();
    mock.stop();
    await redis.stop();
  }
}

function assertSurvived(seen) {
  assert.deepEqual(seen.statuses, Array(seen.statuses.length).fill(200), "every call succeeded");
  assert.equal(seen.sends, seen.statuses.length, "no call was sent twice");
  assert.ok(seen.slowest < 2_000, `no call waited long for the store (${seen.slowest} ms)`);
}

for (const [client, name] of [
  ["url", "Redis stopped"],
  ["node-redis", "Redis stopped, with node-redis as the application's client"],
]) {
  test(`${name}: calls go on paced locally, the fallback is reported once, and the fleet re-joins when it is back`, async () => {
    const seen = await throughFault(
      (redis) => redis.stop(),
      (redis) => redis.restart(),
      client,
    );
    assertSurvived(seen);
    assert.deepEqual(
      seen.changes.map((c) => c.state),
      ["fallback", "rejoined"],
      JSON.stringify(seen.changes),
    );
    assert.equal(seen.keys.length, 1, "after re-joining, the state is in Redis again");
    assert.ok(!seen.keys[0].includes("sk-ant"), "Redis holds a hash, never the key");
  });
}

test("Redis paused (SIGSTOP): calls time out of the store within the bound, go on, and re-join on SIGCONT", async () => {
  const seen = await throughFault(
    (redis) => redis.pause(),
    (redis) => redis.resume(),
  );
  assertSurvived(seen);
  assert.deepEqual(
    seen.changes.map((c) => c.state),
    ["fallback", "rejoined"],
    JSON.stringify(seen.changes),
  );
});

test("Redis restarted with its data gone: the script is loaded again and the state starts afresh", async () => {
  const seen = await throughFault(
    (redis) => redis.restart(),
    async () => {},
  );
  assertSurvived(seen);
  assert.equal(seen.keys.length, 1);
  // A restart between two calls may or may not be noticed as an outage; if it is, it is reported once and healed.
  assert.ok(["", "fallback,rejoined"].includes(seen.changes.map((c) => c.state).join()), JSON.stringify(seen.changes));
});

test("a call waiting for a slot is woken by the release another client publishes, not by its 1 s poll", async () => {
  // One send at a time for the whole fleet; each send takes 300 ms.
  const redis = await startRedis();
  const mock = await startMock(["--service-ms", "300"]);
  const clients = [await nodeRedis(redis.url), await nodeRedis(redis.url)];
  const one = { initialWindow: 1, minWindow: 1, maxWindow: 1 };
  const [first, second] = clients.map((client) => redisCoordinator({ client, key: "release", admission: one }));
  const key = fakeKey("release");
  const call = async (coordinator) => {
    const response = await createFetch({ coordinator })(`${mock.url}/v1/messages`, messagesInit(key));
    await response.text();
    return response.status;
  };
  try {
    // Both coordinators subscribe on their first call; this one warms the second's up.
    assert.equal(await call(second), 200);
    const started = Date.now();
    const holding = call(first);
    await new Promise((r) => setTimeout(r, 50));
    const waiting = call(second);
    assert.deepEqual(await Promise.all([holding, waiting]), [200, 200]);
    const ms = Date.now() - started;
    // Woken by the release: about 300 + 300 ms. Left to its poll, the second send would start after 1,000 ms.
    assert.ok(ms < 950, `both sends took ${ms} ms`);
  } finally {
    await Promise.all([first.close(), second.close()]);
    await Promise.all(clients.map((c) => c.close()));
    mock.stop();
    await redis.stop();
  }
});
