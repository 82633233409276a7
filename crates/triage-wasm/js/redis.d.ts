// claude-triage/redis: fleet-wide pacing for createFetch, on a Redis every process of the fleet reaches.

import type { Coordinator, CoordinatorOptions } from "./index.js";

export interface RedisCoordinatorOptions extends CoordinatorOptions {
  /** A Redis URL; the client is made with `ioredis`, or `redis` when only that is installed. Excludes `client`. */
  url?: string;
  /** A connected `ioredis` or `redis` (node-redis) client of the application's. Excludes `url`. */
  client?: unknown;
}

/**
 * One pacing state per API key (and `key` name) in Redis: every process passing it to `createFetch({ coordinator })`
 * waits in the same window and the same buckets. Redis holds a hash of the name and the API key, never the key.
 */
export function redisCoordinator(options: RedisCoordinatorOptions): Coordinator;
