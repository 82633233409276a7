// fleet.lua against the Rust it ports: the same event sequences through `fleetStep` (triage_core's fleet::step,
// compiled to wasm) and through the script on a real redis-server, comparing every verdict and every state, the
// stored text byte for byte. The script comes from the installed package, as users get it.
//
// FLEET_SEED=<n> reruns one failing sequence (its seed is in the failure message).

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { Redis } from "ioredis";
import { fleetStep } from "claude-triage";
import { startRedis } from "./redis-server.mjs";

const SCRIPT = readFileSync(new URL("fleet.lua", import.meta.resolve("claude-triage")), "utf8");
const EXPIRY_MS = 600_000;
const EPOCH = 1_700_000_000_000;
const SEQUENCES = 320;
const MAX_EVENTS = 200;

let server;
let redis;
before(async () => {
  server = await startRedis();
  redis = new Redis(server.url, { maxRetriesPerRequest: 1 });
  redis.defineCommand("fleet", { numberOfKeys: 1, lua: SCRIPT });
});
after(async () => {
  redis?.disconnect();
  await server?.stop();
});

/** One event through the script at `now` ("" for Redis's clock): `{ verdict, now, stored }`, the stored text. */
async function script(key, event, config, now, expiry = EXPIRY_MS) {
  const [[error, reply], [, stored]] = await redis
    .pipeline()
    .fleet(key, event, config, String(now), String(expiry))
    .get(key)
    .exec();
  if (error) throw error;
  return { verdict: reply[0], now: reply[1], stored };
}

/** One event through the Rust: `{ state, verdict }` as JSON text, in serde's field order. */
function rust(state, event, now, config) {
  const { state: next, verdict } = JSON.parse(fleetStep(state, event, now, config));
  return { state: JSON.stringify(next), verdict: JSON.stringify(verdict), parsed: { next, verdict } };
}

// mulberry32: small, seeded, and the same on every machine.
function prng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const rng = {
    next,
    /** An integer in [lo, hi]. */
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    chance: (p) => next() < p,
    pick: (items) => items[Math.floor(next() * items.length)],
    /** A magnitude spread over many scales: 0, small, medium, up to `top`. */
    spread: (top) => {
      const scale = rng.pick([0, 10, 1_000, 100_000, 10_000_000, top]);
      return scale === 0 ? 0 : rng.int(0, Math.min(scale, top));
    },
  };
  return rng;
}

const BIG = [100_000_000, 100_000_001, 2 ** 40, 2 ** 52, 2 ** 53, 2 ** 60];

/** A config: unknown, small, big, tiny bursts, odd windows and permille; any field may be left out. */
function randomConfig(rng) {
  const kind = rng.pick(["unknown", "small", "big", "mixed", "tiny"]);
  const perMinute = () => {
    switch (kind) {
      case "unknown":
        return rng.pick([undefined, null]);
      case "small":
        return rng.int(1, 20);
      case "big":
        return rng.chance(0.3) ? rng.pick(BIG) : rng.int(1_000_000, 100_000_000);
      case "tiny":
        return rng.int(1, 500);
      default:
        return rng.pick([undefined, null, 0, rng.int(1, 200), rng.int(1_000, 200_000), rng.pick(BIG)]);
    }
  };
  const config = {
    requests_per_minute: perMinute(),
    input_tokens_per_minute: perMinute(),
    output_tokens_per_minute: perMinute(),
    burst_ms: kind === "tiny" ? rng.int(0, 20) : rng.pick([0, 1, 100, 6_000, 60_000, 3_600_000, 3_600_001, 2 ** 50]),
    token_burst_ms: kind === "tiny" ? rng.int(0, 5) : rng.pick([0, 1, 6_000, 60_000, rng.int(1, 4_000_000)]),
    initial_window: rng.pick([0, 1, 2, 4, rng.int(1, 300), 100_000, 100_001, 4_294_967_295]),
    min_window: rng.pick([0, 1, 2, 3, rng.int(1, 100), 100_000, 200_000]),
    max_window: rng.pick([0, 1, 2, 8, 256, rng.int(1, 100_000), 100_000, 4_000_000]),
    decrease_permille: rng.pick([0, 1, 500, 700, 999, 1000, 1500, rng.int(0, 2000)]),
  };
  for (const field of Object.keys(config)) {
    if (config[field] === undefined || rng.chance(0.25)) delete config[field];
  }
  return config;
}

/** A seq that exists (a lease), was used, or never was. */
function randomSeq(rng, state) {
  const leases = state?.leases ?? [];
  const nextSeq = state?.next_seq ?? 0;
  if (leases.length && rng.chance(0.6)) return rng.pick(leases).seq;
  if (rng.chance(0.05)) return rng.pick([2 ** 40, 2 ** 53, 2 ** 60]);
  return rng.int(0, nextSeq + 3);
}

/** Units of one dimension: mostly within its burst or its limit (as far as the config says), at times beyond. */
function randomUnits(rng, perMinute, learned, burstMs, top) {
  const configured = Math.min(perMinute ?? 0, 100_000_000);
  const limit = configured && learned ? Math.min(configured, learned) : configured || learned;
  if (limit === 0 || rng.chance(0.04)) return rng.spread(top);
  const burst = Math.min(limit, Math.max(1, Math.floor((limit * Math.min(Math.max(burstMs ?? 6_000, 1), 3_600_000)) / 60_000)));
  const p = rng.next();
  if (p < 0.15) return 0;
  if (p < 0.55) return rng.int(1, Math.max(1, Math.floor(burst / 3)));
  if (p < 0.8) return rng.int(1, burst);
  if (p < 0.96) return rng.int(1, limit);
  return limit + rng.int(1, 10);
}

function randomEvent(rng, state, now, config, verdict) {
  const which = rng.next();
  const units = (d, burstMs) =>
    randomUnits(rng, config[`${d}_per_minute`], Math.min(state?.[d].learned_limit ?? 0, 100_000_000), burstMs, 200_000_000);
  if (which < 0.55) {
    const cost = {
      requests: rng.chance(0.8) ? 1 : units("requests", config.burst_ms),
      input_tokens: units("input_tokens", config.token_burst_ms ?? 60_000),
      output_tokens: units("output_tokens", config.token_burst_ms ?? 60_000),
    };
    const reserve = { cost };
    const deadline = rng.pick(["null", "absent", "near", "far", "past", "exact"]);
    // Exactly when the last wait (or the pause) ends, or a millisecond either side.
    const until = verdict?.wait_until?.at_ms ?? verdict?.refuse?.refusal?.past_deadline?.until_ms ?? state?.paused_until_ms ?? now;
    if (deadline === "exact") reserve.deadline_ms = until + rng.pick([0, 0, -1, 1]);
    if (deadline === "null") reserve.deadline_ms = null;
    if (deadline === "near") reserve.deadline_ms = now + rng.int(0, 5_000);
    if (deadline === "far") reserve.deadline_ms = now + rng.int(0, 3_700_000);
    if (deadline === "past") reserve.deadline_ms = now - rng.int(0, 5_000);
    const lease = rng.pick(["absent", "short", "zero", "long", "huge"]);
    if (lease === "short") reserve.lease_ms = rng.int(1, 20_000);
    if (lease === "zero") reserve.lease_ms = 0;
    if (lease === "long") reserve.lease_ms = rng.int(1, 4_000_000);
    if (lease === "huge") reserve.lease_ms = rng.pick([2 ** 40, 2 ** 53, 2 ** 60]);
    return { reserve };
  }
  if (which < 0.7) {
    const seen = (top) => {
      if (rng.chance(0.3)) return rng.pick([undefined, null]);
      const s = {};
      const limit = rng.pick(["absent", "null", "zero", "some", "big"]);
      if (limit === "null") s.limit = null;
      if (limit === "zero") s.limit = 0;
      if (limit === "some") s.limit = rng.int(1, top);
      if (limit === "big") s.limit = rng.pick(BIG);
      const remaining = rng.pick(["absent", "null", "some", "big"]);
      if (remaining === "null") s.remaining = null;
      if (remaining === "some") s.remaining = rng.int(0, top);
      if (remaining === "big") s.remaining = rng.pick(BIG);
      return s;
    };
    const limits = {
      requests: seen(rng.pick([5, 100, 5_000])),
      input_tokens: seen(rng.pick([1_000, 100_000, 10_000_000])),
      output_tokens: seen(rng.pick([1_000, 100_000, 10_000_000])),
    };
    for (const d of Object.keys(limits)) if (limits[d] === undefined) delete limits[d];
    return { observe_limits: { limits } };
  }
  if (which < 0.92) {
    // Now and then a pause of an hour or more (cut to one).
    const long = () => (rng.chance(0.04) ? rng.pick([rng.int(1, 4_000_000), 2 ** 60]) : undefined);
    const outcome = rng.pick([
      () => "success",
      () => "success",
      () => ({ overloaded: { backoff_ms: long() ?? rng.pick([0, rng.int(1, 5_000)]) } }),
      () => ({ rate_limited: { retry_after_ms: long() ?? rng.pick([null, 0, rng.int(1, 30_000)]) } }),
      () => ({ rate_limited: {} }),
    ])();
    return { observe_outcome: { seq: randomSeq(rng, state), outcome } };
  }
  return { release: { seq: randomSeq(rng, state) } };
}

/**
 * A time step: often none, sometimes backwards (clocks disagree), now and then past every lease, and at times
 * exactly to an instant the state or the last verdict named (a lease's end, the pause's, a wait's), where `>`
 * and `>=` part.
 */
function randomStep(rng, now, state, verdict) {
  const instants = [
    ...(state?.leases ?? []).map((l) => l.until_ms),
    state?.paused_until_ms,
    verdict?.wait_until?.at_ms,
    verdict?.refuse?.refusal?.past_deadline?.until_ms,
  ].filter((t) => t > now && t - now < 4_000_000);
  if (instants.length && rng.chance(0.12)) return rng.pick(instants) - now + rng.pick([0, 0, 0, -1, 1]);
  const kind = rng.next();
  if (kind < 0.2) return 0;
  if (kind < 0.3) return -rng.int(1, 500);
  if (kind < 0.32) return rng.int(600_000, 4_000_000);
  return rng.int(1, rng.pick([10, 100, 2_000, 20_000, 60_000]));
}

/** How often each verdict (each refusal) came up, so a generator that stopped reaching one is seen. */
const kinds = {};

/** Runs sequence `seed` through both; returns how many events were compared. */
async function runSequence(seed) {
  const rng = prng(seed);
  const settings = randomConfig(rng);
  const config = JSON.stringify(settings);
  const key = `fleet-conformance:${seed}`;
  const events = rng.int(1, MAX_EVENTS);
  let now = EPOCH + rng.int(0, 1_000_000);
  let state; // Rust's state text; undefined: nothing used the key yet
  let parsed;
  let verdict;
  const trail = [];
  for (let i = 0; i < events; i++) {
    now += randomStep(rng, now, parsed, verdict);
    const event = JSON.stringify(randomEvent(rng, parsed, now, settings, verdict));
    trail.push(`${now} ${event}`);
    const context = () => `seed ${seed} (FLEET_SEED=${seed}), config ${config}, event ${i}:\n${trail.slice(-8).join("\n")}`;
    const expected = rust(state, event, now, config);
    const got = await script(key, event, config, now);
    assert.equal(got.now, String(now), context());
    assert.deepEqual(JSON.parse(got.verdict), expected.parsed.verdict, context());
    assert.equal(got.verdict, expected.verdict, context());
    assert.deepEqual(JSON.parse(got.stored), expected.parsed.next, context());
    assert.equal(got.stored, expected.state, context());
    state = expected.state;
    parsed = expected.parsed.next;
    verdict = expected.parsed.verdict;
    const v = verdict;
    const kind = typeof v === "string" ? v : Object.keys(v)[0] === "refuse" ? Object.keys(v.refuse.refusal)[0] : Object.keys(v)[0];
    kinds[kind] = (kinds[kind] ?? 0) + 1;
  }
  await redis.del(key);
  return events;
}

test("fleet.lua gives the Rust's verdict and state for every event of random sequences", async () => {
  const only = process.env.FLEET_SEED;
  const seeds = only ? [Number(only)] : Array.from({ length: SEQUENCES }, (_, i) => 0x5eed0000 + i);
  let compared = 0;
  // A few sequences at once (each on its own key) keep the round trips overlapping.
  for (let i = 0; i < seeds.length; i += 8) {
    const counts = await Promise.all(seeds.slice(i, i + 8).map(runSequence));
    compared += counts.reduce((a, b) => a + b, 0);
  }
  console.log(
    `fleet conformance: ${seeds.length} sequences, ${compared} events compared (verdict and state): ${JSON.stringify(kinds)}`,
  );
  if (!only) {
    assert.ok(compared > SEQUENCES * 50, `${compared} events`);
    for (const kind of ["admit", "wait_until", "wait_for_release", "cost_over_limit", "past_deadline", "noted"]) {
      assert.ok(kinds[kind] >= 100, `only ${kinds[kind] ?? 0} ${kind} verdicts: ${JSON.stringify(kinds)}`);
    }
  }
});

test("a key nothing has used starts as FleetState::new, and every write sets its expiry", async () => {
  const config = JSON.stringify({ requests_per_minute: 60, initial_window: 7, max_window: 9 });
  const event = JSON.stringify({ release: { seq: 0 } });
  const got = await script("fleet:fresh", event, config, EPOCH, 5_000);
  assert.equal(got.stored, rust(undefined, event, EPOCH, config).state);
  assert.equal(JSON.parse(got.stored).window_milli, 7_000);
  const ttl = await redis.pttl("fleet:fresh");
  assert.ok(ttl > 0 && ttl <= 5_000, `PTTL ${ttl}`);
  // A wait writes too (the state unchanged), so a key in use never expires.
  await redis.pexpire("fleet:fresh", 100_000);
  await script("fleet:fresh", event, config, EPOCH + 1, 5_000);
  const again = await redis.pttl("fleet:fresh");
  assert.ok(again > 0 && again <= 5_000, `PTTL ${again}`);
});

test('now "" is Redis\'s clock', async () => {
  const config = JSON.stringify({ requests_per_minute: 60 });
  const event = JSON.stringify({ reserve: { cost: { requests: 1, input_tokens: 0, output_tokens: 0 }, deadline_ms: null } });
  const before = Date.now();
  const got = await script("fleet:clock", event, config, "");
  const now = Number(got.now);
  assert.ok(Math.abs(now - before) < 1_000, `Redis says ${now}, Date.now() ${before}`);
  assert.equal(got.stored, rust(undefined, event, now, config).state);
  assert.equal(JSON.parse(got.stored).requests.at_ms, now);
});

test("a value that is not a state is replaced by a fresh one", async () => {
  const config = JSON.stringify({ input_tokens_per_minute: 1_000 });
  const event = JSON.stringify({ observe_outcome: { seq: 0, outcome: "success" } });
  const fresh = rust(undefined, event, EPOCH, config);
  const state = JSON.parse(fresh.state);
  const garbage = [
    "not json",
    "",
    "[]",
    "null",
    '{"requests":1}',
    JSON.stringify({ ...state, window_milli: -1 }),
    JSON.stringify({ ...state, next_seq: 1.5 }),
    JSON.stringify({ ...state, leases: { seq: 1, until_ms: 2 } }),
    JSON.stringify({ ...state, leases: [{ seq: 1 }] }),
    JSON.stringify({ ...state, paused_until_ms: undefined }),
  ];
  for (const value of garbage) {
    await redis.set("fleet:garbage", value);
    const got = await script("fleet:garbage", event, config, EPOCH);
    assert.equal(got.stored, fresh.state, `from ${JSON.stringify(value)}`);
    assert.equal(got.verdict, fresh.verdict);
  }
  // A key of another type too.
  await redis.del("fleet:garbage");
  await redis.hset("fleet:garbage", "a", "b");
  assert.equal((await script("fleet:garbage", event, config, EPOCH)).stored, fresh.state);
  // Fields a state does not have are dropped, as serde ignores them.
  await redis.set("fleet:garbage", JSON.stringify({ ...state, extra: [1, 2] }));
  assert.equal((await script("fleet:garbage", event, config, EPOCH)).stored, rust(fresh.state, event, EPOCH, config).state);
});

test("a malformed event, config, time or expiry is an error reply naming it, and writes nothing", async () => {
  const cost = { requests: 1, input_tokens: 0, output_tokens: 0 };
  const event = JSON.stringify({ reserve: { cost } });
  const config = "{}";
  const both = [
    // [event, config]: refused by the Rust and the script alike.
    ["", config],
    ["nope", config],
    ['{"bogus":{}}', config],
    ['"reserve"', config],
    [JSON.stringify({ reserve: { cost }, release: { seq: 1 } }), config],
    [JSON.stringify({ reserve: {} }), config],
    [JSON.stringify({ reserve: { cost: { requests: 1, input_tokens: 0 } } }), config],
    [JSON.stringify({ reserve: { cost: { ...cost, requests: -1 } } }), config],
    [JSON.stringify({ reserve: { cost: { ...cost, requests: "1" } } }), config],
    [JSON.stringify({ reserve: { cost: { ...cost, requests: null } } }), config],
    [JSON.stringify({ reserve: { cost, deadline_ms: "soon" } }), config],
    [JSON.stringify({ reserve: { cost, lease_ms: null } }), config],
    [JSON.stringify({ release: {} }), config],
    [JSON.stringify({ release: { seq: 1.5 } }), config],
    [JSON.stringify({ observe_outcome: { seq: 1, outcome: "overloaded" } }), config],
    [JSON.stringify({ observe_outcome: { seq: 1, outcome: { overloaded: {} } } }), config],
    [JSON.stringify({ observe_outcome: { seq: 1, outcome: { success: {} } } }), config],
    [JSON.stringify({ observe_outcome: { seq: 1, outcome: "fine" } }), config],
    [JSON.stringify({ observe_limits: {} }), config],
    [JSON.stringify({ observe_limits: { limits: { requests: { limit: -5 } } } }), config],
    [event, ""],
    [event, "5"],
    [event, JSON.stringify({ burst_ms: -1 })],
    [event, JSON.stringify({ burst_ms: null })],
    [event, JSON.stringify({ min_window: 4_294_967_296 })],
    [event, JSON.stringify({ requests_per_minute: "60" })],
  ];
  await redis.set("fleet:malformed", "untouched");
  for (const [e, c] of both) {
    assert.throws(() => fleetStep(undefined, e, EPOCH, c), undefined, `the Rust accepts ${e} ${c}`);
    await assert.rejects(script("fleet:malformed", e, c, EPOCH), /^ReplyError: claude-triage fleet: \S/, `${e} ${c}`);
  }
  for (const [now, expiry] of [["soon", 1_000], ["1.5", 1_000], ["1e12", 1_000], [EPOCH, 0], [EPOCH, "x"], [EPOCH, -1]]) {
    await assert.rejects(script("fleet:malformed", event, config, now, expiry), /claude-triage fleet: /, `${now} ${expiry}`);
  }
  const message = await script("fleet:malformed", '{"bogus":{}}', config, EPOCH).catch((e) => e.message);
  assert.match(message, /^claude-triage fleet: event is not reserve/);
  assert.equal(await redis.get("fleet:malformed"), "untouched");
});

test("spellings serde accepts are accepted alike", async () => {
  const config = JSON.stringify({ requests_per_minute: 10, unknown_field: true });
  const events = [
    { reserve: { cost: { requests: 1, input_tokens: 0, output_tokens: 0 } } },
    { reserve: { cost: { requests: 1, input_tokens: 0, output_tokens: 0, extra: 1 }, deadline_ms: null, lease_ms: 5 } },
    { observe_outcome: { seq: 0, outcome: { success: null } } },
    { observe_outcome: { seq: 1, outcome: { rate_limited: { retry_after_ms: null } } } },
    { observe_outcome: { seq: 1, outcome: { rate_limited: {} } } },
    { observe_limits: { limits: {} } },
    { observe_limits: { limits: { requests: {}, input_tokens: null } } },
    { observe_limits: { limits: { requests: { limit: null, remaining: 2 } } } },
  ];
  let state;
  for (const [i, e] of events.entries()) {
    const event = JSON.stringify(e);
    const expected = rust(state, event, EPOCH + i, config);
    const got = await script("fleet:spellings", event, config, EPOCH + i);
    assert.equal(got.verdict, expected.verdict, event);
    assert.equal(got.stored, expected.state, event);
    state = expected.state;
  }
});

test("an empty leases array is stored as [] and read back", async () => {
  const config = "{}";
  const reserve = JSON.stringify({ reserve: { cost: { requests: 1, input_tokens: 0, output_tokens: 0 } } });
  const release = JSON.stringify({ release: { seq: 0 } });
  assert.equal((await script("fleet:empty", reserve, config, EPOCH)).verdict, '{"admit":{"seq":0}}');
  const released = await script("fleet:empty", release, config, EPOCH + 1);
  assert.match(released.stored, /"leases":\[\],/);
  const again = await script("fleet:empty", release, config, EPOCH + 2);
  assert.match(again.stored, /"leases":\[\],/);
  assert.equal(JSON.parse(again.stored).next_seq, 1, "read back as a state, not replaced by a fresh one");
});

test("numbers near 2^52 stay exact: late epochs, the largest limits and debts", async () => {
  const config = JSON.stringify({
    requests_per_minute: 100_000_000,
    input_tokens_per_minute: 2 ** 60,
    output_tokens_per_minute: 99_999_999,
    burst_ms: 3_600_000,
    token_burst_ms: 1,
    max_window: 100_000,
    initial_window: 100_000,
  });
  const start = 2 ** 52 - 3_600_000 - 10_000;
  const events = [
    { reserve: { cost: { requests: 2 ** 60, input_tokens: 100_000_000, output_tokens: 99_999_999 }, lease_ms: 2 ** 60 } },
    { reserve: { cost: { requests: 1, input_tokens: 99_999_999, output_tokens: 1 }, deadline_ms: 2 ** 53 } },
    { reserve: { cost: { requests: 1, input_tokens: 1, output_tokens: 99_999_999 } } },
    { observe_limits: { limits: { requests: { limit: 2 ** 53, remaining: 0 }, output_tokens: { remaining: 0 } } } },
    { reserve: { cost: { requests: 100_000_000, input_tokens: 1, output_tokens: 1 }, deadline_ms: start } },
    { observe_outcome: { seq: 0, outcome: { overloaded: { backoff_ms: 2 ** 60 } } } },
    { observe_outcome: { seq: 1, outcome: { rate_limited: { retry_after_ms: 2 ** 53 } } } },
    { reserve: { cost: { requests: 1, input_tokens: 1, output_tokens: 1 } } },
  ];
  let state;
  for (const [i, e] of events.entries()) {
    const now = start + i * 3;
    const event = JSON.stringify(e);
    const expected = rust(state, event, now, config);
    const got = await script("fleet:big", event, config, now);
    assert.equal(got.verdict, expected.verdict, event);
    assert.equal(got.stored, expected.state, event);
    state = expected.state;
  }
  const final = JSON.parse(state);
  assert.ok(final.paused_until_ms > start + 3_590_000, state);
  assert.ok(final.input_tokens.debt >= 100_000_000 * 60_000, state);
});
