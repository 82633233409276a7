// claude-triage/redis: one pacing state per API key in Redis, shared by every process of a fleet.
// `redisCoordinator()` gives createFetch a store whose every update is fleet.lua, a port of the core's fleet step
// that the conformance test keeps equal to it. Node only; the client is ioredis or node-redis, whichever the
// application already has (optional peers, imported only when a `url` is given).

// The wasm is loaded by the Node entry, whichever of the two entries an application imports first.
import "./node.js";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { coordinatorOf } from "./fleet.js";

const SCRIPT = readFileSync(new URL("./fleet.lua", import.meta.url), "utf8");
const SCRIPT_SHA = createHash("sha1").update(SCRIPT).digest("hex");
const DEFAULT_PREFIX = "claude-triage:fleet:";
/** A state nothing has touched for this long is dropped: longer than any lease or pause it can hold. */
const DEFAULT_TTL_MS = 3_600_000;

/**
 * @param {import("./redis.js").RedisCoordinatorOptions} options
 * @returns {import("./redis.js").RedisCoordinator}
 */
export function redisCoordinator(options = {}) {
  const { url, client: given, key = "default", prefix = DEFAULT_PREFIX, ttlMs = DEFAULT_TTL_MS } = options;
  if ((url === undefined) === (given === undefined)) {
    throw new TypeError("redisCoordinator: give either `url` or `client`");
  }
  if (typeof key !== "string" || key === "") {
    throw new TypeError("redisCoordinator: `key` names the fleet and must be a non-empty string");
  }
  const channel = `${prefix}released`;
  let connection; // Promise<Connection>, made on first use
  const connect = () => (connection ??= given !== undefined ? Promise.resolve(wrap(given, false)) : open(url));
  const listeners = new Set();
  let subscribed;

  const store = {
    name: "redis",
    async apply(keyId, event, config) {
      const redis = await connect();
      const args = [JSON.stringify(event), JSON.stringify(config), "", String(ttlMs)];
      const [verdict, nowMs] = await redis.evalScript(keyId, args);
      return { verdict: JSON.parse(verdict), nowMs: Number(nowMs) };
    },
    notify(keyId) {
      connect()
        .then((redis) => redis.command(["PUBLISH", channel, keyId]))
        .catch(() => {});
    },
    subscribe(listener) {
      listeners.add(listener);
      subscribed ??= connect()
        .then((redis) => redis.subscribe(channel, (keyId) => listeners.forEach((l) => l(keyId))))
        .catch(() => undefined);
      return () => listeners.delete(listener);
    },
    async probe() {
      const redis = await connect();
      await redis.command(["PING"]);
    },
    async close() {
      const redis = await connection?.catch(() => undefined);
      await redis?.close();
    },
  };

  // The API key never reaches Redis, not even hashed alone: the fleet's name is part of what is hashed.
  const keyFor = (apiKey) => `${prefix}${createHash("sha256").update(`${key}\n${apiKey}`).digest("hex").slice(0, 32)}`;
  return coordinatorOf(store, keyFor, options);
}

/** A client made here from a `url`: ioredis if the application has it, else node-redis. */
async function open(url) {
  try {
    const { default: Redis } = await import("ioredis");
    // Commands fail at once while disconnected (no offline queue), so the fallback starts in milliseconds.
    const client = new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 0 });
    client.on("error", () => {});
    // Until the first connection, calls time out into the fallback; this resolves whenever Redis first answers.
    await new Promise((resolve) => client.once("ready", resolve));
    return wrap(client, true);
  } catch (error) {
    if (error?.code !== "ERR_MODULE_NOT_FOUND") {
      throw error;
    }
  }
  let redis;
  try {
    redis = await import("redis");
  } catch {
    throw new Error("claude-triage/redis: install `ioredis` or `redis` (npm) to use `url`, or pass your own `client`");
  }
  const client = redis.createClient({ url, disableOfflineQueue: true });
  client.on("error", () => {});
  await client.connect();
  return wrap(client, true);
}

/** The few commands a coordinator needs, on either client. */
function wrap(client, owned) {
  const ioredis = typeof client.call === "function";
  const command = ioredis ? (args) => client.call(...args) : (args) => client.sendCommand(args.map(String));
  let subscriber;
  return {
    command,
    async evalScript(keyId, args) {
      try {
        return await command(["EVALSHA", SCRIPT_SHA, "1", keyId, ...args]);
      } catch (error) {
        // A restarted (or flushed) Redis has lost its script cache.
        if (!String(error?.message ?? error).includes("NOSCRIPT")) {
          throw error;
        }
        return command(["EVAL", SCRIPT, "1", keyId, ...args]);
      }
    },
    async subscribe(channel, onMessage) {
      // The subscriber may queue while it connects: it only listens, and never holds up a send.
      subscriber = ioredis ? client.duplicate({ enableOfflineQueue: true }) : client.duplicate();
      subscriber.on?.("error", () => {});
      if (ioredis) {
        subscriber.on("message", (_, message) => onMessage(message));
        await subscriber.subscribe(channel);
      } else {
        await subscriber.connect();
        await subscriber.subscribe(channel, onMessage);
      }
    },
    async close() {
      // node-redis 5+ deprecates `quit` for `close`; ioredis has only `quit`.
      const end = async (c) => (!ioredis && typeof c.close === "function" ? c.close() : c.quit());
      await Promise.allSettled([subscriber && end(subscriber), owned && end(client)]);
    },
  };
}
