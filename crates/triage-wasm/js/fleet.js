// Admission for createFetch from a store that many clients share (Redis for a fleet, localStorage for tabs),
// instead of one process's own window. Who may send, and when, is decided by the core's `fleetStep`, the same step
// the Redis script runs; this file queues this process's calls, asks the store for one call at a time, and keeps
// the calls going on a local state when the store fails.
//
// A store is { name, apply(keyId, event, config) -> Promise<{ verdict, nowMs }>, notify(keyId),
// subscribe(listener) -> unsubscribe, probe() -> Promise, close() }: `apply` runs one event atomically on the
// state of `keyId` and says which clock it used; `notify` tells the other clients that a slot of `keyId` came back.

import { fleetStep, estimate } from "./triage_wasm.js";
import { DeadlineExceededError } from "./gate.js";

/** How long a store may take to answer before this client paces alone, and how often it asks to re-join. */
const DEFAULT_TIMEOUT_MS = 1_000;
const DEFAULT_REJOIN_EVERY_MS = 1_000;
/** A call waiting for a slot asks again this often even when no release was announced (a lease may have ended). */
const RELEASE_POLL_MS = 1_000;
const DEFAULT_LEASE_MS = 600_000;
/** Ends of sends the shared store could not be told of, kept to tell it when it is back (then the lease ends them). */
const MAX_UNSETTLED = 10_000;

/** A store that keeps every state in this process: the fallback when a shared store fails. */
export function localStore(now = Date.now) {
  const states = new Map();
  const listeners = new Set();
  return {
    name: "local",
    async apply(keyId, event, config) {
      const nowMs = now();
      const stepped = JSON.parse(fleetStep(states.get(keyId), JSON.stringify(event), nowMs, JSON.stringify(config)));
      states.set(keyId, JSON.stringify(stepped.state));
      return { verdict: stepped.verdict, nowMs };
    },
    notify(keyId) {
      for (const listener of listeners) {
        listener(keyId);
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async probe() {},
    async close() {},
  };
}

/**
 * The request bucket a coordinator assumes by default: nine tenths of the 6 s the core (and triage-mock) take for
 * the API's. Sends reach the server a few milliseconds apart from when they were admitted, and a bucket paced to
 * exactly empty turns that jitter into 429s; the rate is the same, only the first burst is smaller.
 */
const DEFAULT_BURST_MS = 5_400;

/** The FleetConfig (the core's snake_case JSON) for the options a coordinator takes. */
function fleetConfig({ limits = {}, burstMs = DEFAULT_BURST_MS, tokenBurstMs, admission } = {}) {
  const config = {
    requests_per_minute: limits.requestsPerMinute,
    input_tokens_per_minute: limits.inputTokensPerMinute,
    output_tokens_per_minute: limits.outputTokensPerMinute,
    burst_ms: burstMs,
    token_burst_ms: tokenBurstMs,
  };
  if (admission !== undefined && admission !== true) {
    config.initial_window = admission.initialWindow;
    config.min_window = admission.minWindow;
    config.max_window = admission.maxWindow;
    config.decrease_permille = admission.decrease === undefined ? undefined : Math.round(admission.decrease * 1000);
  }
  return Object.fromEntries(Object.entries(config).filter(([, v]) => v !== undefined));
}

/**
 * A coordinator as createFetch takes it: a store, how a credential becomes the store's key, and the options every
 * coordinator shares.
 */
export function coordinatorOf(store, keyFor, options) {
  return {
    name: store.name,
    store,
    keyFor,
    config: fleetConfig(options),
    leaseMs: options.leaseMs,
    timeoutMs: options.timeoutMs,
    rejoinEveryMs: options.rejoinEveryMs,
    onStoreChange: options.onStoreChange,
    close: () => store.close(),
  };
}

/** What one send costs the buckets: a request, its estimated input tokens, and its `max_tokens`. */
export function sendCost(bodyText) {
  try {
    const e = estimate(bodyText);
    return { requests: 1, input_tokens: e.inputTokens.estimate, output_tokens: e.maxOutputTokens };
  } catch {
    return { requests: 1, input_tokens: 0, output_tokens: 0 };
  }
}

/**
 * The gate createFetch uses with `coordinator` (the same shape as gate.js's): `acquire` waits for a permit from the
 * shared store, `release` reports how the send ended.
 *
 * @param {object} coordinator { store, keyFor(apiKey) -> Promise<string>, config, leaseMs, timeoutMs, rejoinEveryMs,
 *   onStoreChange }
 */
export function createFleetGate(coordinator, now, sleep) {
  const shared = coordinator.store;
  const local = localStore(now);
  const timeoutMs = coordinator.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const rejoinEveryMs = coordinator.rejoinEveryMs ?? DEFAULT_REJOIN_EVERY_MS;
  const leaseMs = coordinator.leaseMs ?? DEFAULT_LEASE_MS;
  const config = coordinator.config ?? {};
  const onStoreChange = coordinator.onStoreChange ?? (() => {});
  const queues = new Map(); // keyId -> { waiting: [], driving, kick }
  let fallback; // { since, probedAt, probing } while the shared store is out
  // Sends the shared store admitted whose ends it could not be told while it was out. Their leases still fill its
  // window, so they are told first when it answers again: left to the lease (10 min), a store that was out for a
  // second would keep the whole fleet waiting for a release long after it re-joined.
  let unsettled = [];
  let held = 0;

  shared.subscribe?.((keyId) => queues.get(keyId)?.kick("release"));

  /** Runs one event on the shared store, or on the local one while the shared store is out. */
  async function apply(keyId, event) {
    if (fallback === undefined) {
      const answer = shared.apply(keyId, event, config);
      try {
        return { ...(await withTimeout(answer, timeoutMs)), store: shared };
      } catch (error) {
        // A reservation that reaches the store after all holds a slot nobody will report: give it back.
        answer.then(
          ({ verdict }) => verdict.admit !== undefined && shared.apply(keyId, { release: { seq: verdict.admit.seq } }, config),
          () => {},
        );
        fallBack(error);
      }
    } else if (now() - fallback.probedAt >= rejoinEveryMs) {
      // Re-joining is checked as calls go by, not by a timer: a process with nothing to send holds nothing open.
      fallback.probedAt = now();
      probe();
    }
    return { ...(await local.apply(keyId, event, config)), store: local };
  }

  function fallBack(error) {
    if (fallback !== undefined) {
      return;
    }
    fallback = { since: now(), probedAt: now() };
    onStoreChange({ state: "fallback", store: shared.name, error: describe(error) });
  }

  /** Asks the shared store whether it is back; once it answers, tells it what it missed, then re-joins it. */
  async function probe() {
    const outage = fallback;
    // Calls go by faster than a probe answers: one at a time, or two could re-join (and report it) at once.
    if (outage === undefined || outage.probing) {
      return;
    }
    outage.probing = true;
    try {
      await withTimeout(shared.probe(), timeoutMs);
      // Before any call asks the store again, so none finds the window still held by sends that ended long ago.
      // Ends that arrive while these are told are told in the next round; the last check and the re-join below
      // happen with no wait between them, so none is left behind.
      while (unsettled.length > 0) {
        const pending = unsettled;
        unsettled = [];
        await Promise.all(
          pending.map(({ keyId, event }) =>
            withTimeout(shared.apply(keyId, event, config), timeoutMs).then(() => shared.notify?.(keyId), () => {}),
          ),
        );
      }
    } catch {
      return;
    } finally {
      outage.probing = false;
    }
    if (fallback !== outage) {
      return;
    }
    fallback = undefined;
    onStoreChange({ state: "rejoined", store: shared.name, afterMs: now() - outage.since });
  }

  function queueOf(keyId) {
    let queue = queues.get(keyId);
    if (queue === undefined) {
      queue = { keyId, waiting: [], driving: false, nap: undefined };
      queue.kick = (why) => {
        if (queue.nap !== undefined && (why !== "release" || queue.nap.forRelease)) {
          queue.nap.wake();
        }
      };
      queues.set(keyId, queue);
    }
    return queue;
  }

  /** Sleeps until `ms` pass or something is kicked awake (a release, an abort, a new first caller). */
  function nap(queue, ms, forRelease) {
    const stop = new AbortController();
    queue.nap = { forRelease, wake: () => stop.abort() };
    return sleep(Math.max(0, ms), stop.signal)
      .catch(() => {})
      .finally(() => {
        queue.nap = undefined;
      });
  }

  /** Asks the store for the first waiting call of `queue`, then the next, until none waits. */
  async function drive(queue) {
    if (queue.driving) {
      return;
    }
    queue.driving = true;
    try {
      while (queue.waiting.length > 0) {
        dropExpired(queue);
        const head = queue.waiting[0];
        if (head === undefined) {
          break;
        }
        const reserve = {
          reserve: { cost: head.cost, deadline_ms: head.deadlineMs ?? null, lease_ms: leaseMs },
        };
        const { verdict, nowMs, store } = await apply(queue.keyId, reserve);
        const stillWaiting = queue.waiting[0] === head;
        if (verdict.admit !== undefined) {
          const permit = { keyId: queue.keyId, seq: verdict.admit.seq, store, waitedMs: now() - head.since };
          if (!stillWaiting) {
            // Its caller left while the store answered: the slot goes straight back.
            settle(permit, { release: { seq: permit.seq } });
            continue;
          }
          queue.waiting.shift();
          held++;
          head.resolve(permit);
        } else if (verdict.refuse !== undefined) {
          if (stillWaiting) {
            queue.waiting.shift();
            refuse(head, verdict.refuse.refusal);
          }
        } else if (stillWaiting && verdict.wait_until !== undefined) {
          await nap(queue, verdict.wait_until.at_ms - nowMs, false);
        } else if (stillWaiting && verdict === "wait_for_release") {
          await nap(queue, RELEASE_POLL_MS, true);
        }
      }
    } finally {
      queue.driving = false;
    }
  }

  function dropExpired(queue) {
    const at = now();
    queue.waiting = queue.waiting.filter((w) => {
      if (w.deadlineMs !== undefined && w.deadlineMs < at) {
        w.reject(new DeadlineExceededError("the deadline passed while the request waited for the fleet", at - w.since));
        return false;
      }
      return true;
    });
  }

  function refuse(waiter, refusal) {
    if (refusal.past_deadline !== undefined) {
      const until = new Date(refusal.past_deadline.until_ms).toISOString();
      waiter.reject(new DeadlineExceededError(`the fleet cannot send before ${until}, past the deadline`, now() - waiter.since));
      return;
    }
    // More than the key allows in a whole minute: no wait helps, so it goes unmetered and the API's own answer
    // (explained as usual) tells the caller why.
    held++;
    waiter.resolve({ keyId: undefined, waitedMs: now() - waiter.since, unmetered: refusal });
  }

  /**
   * Reports a send's end to the store that admitted it. The shared store, while out or when it fails now, is told
   * when it re-joins.
   */
  function settle(permit, event) {
    if (permit.keyId === undefined) {
      return;
    }
    const store = permit.store;
    const keep = () => {
      if (unsettled.length < MAX_UNSETTLED) {
        unsettled.push({ keyId: permit.keyId, event });
      }
    };
    if (store === shared && fallback !== undefined) {
      keep();
      return;
    }
    const sent = store === shared ? withTimeout(store.apply(permit.keyId, event, config), timeoutMs) : store.apply(permit.keyId, event, config);
    sent.then(
      () => {
        store.notify?.(permit.keyId);
        queues.get(permit.keyId)?.kick("release");
      },
      (error) => {
        if (store === shared) {
          keep();
          fallBack(error);
        }
      },
    );
  }

  return {
    /**
     * Waits for a permit. `facts`: `{ apiKey, cost }` of the request. Rejects with DeadlineExceededError, or with
     * the signal's reason when it aborts.
     */
    async acquire(orderMs, deadlineMs, signal, facts = {}) {
      signal?.throwIfAborted();
      const keyId = await coordinator.keyFor(facts.apiKey ?? "");
      const queue = queueOf(keyId);
      const since = now();
      const granted = new Promise((resolve, reject) => {
        const waiter = {
          orderMs,
          deadlineMs,
          cost: facts.cost ?? { requests: 1, input_tokens: 0, output_tokens: 0 },
          since,
          resolve,
          reject,
        };
        // A retry keeps its call's place: the queue is in the order the calls arrived.
        const at = queue.waiting.findIndex((w) => w.orderMs > orderMs);
        queue.waiting.splice(at === -1 ? queue.waiting.length : at, 0, waiter);
        if (at === 0) {
          queue.kick("head");
        }
        signal?.addEventListener(
          "abort",
          () => {
            const i = queue.waiting.indexOf(waiter);
            if (i !== -1) {
              queue.waiting.splice(i, 1);
              if (i === 0) {
                queue.kick("head");
              }
              reject(signal.reason);
            }
          },
          { once: true },
        );
      });
      // A store answer the gate cannot use (never expected) fails the waiting calls instead of leaving them hung.
      drive(queue).catch((error) => {
        for (const waiter of queue.waiting.splice(0)) {
          waiter.reject(error);
        }
      });
      return granted;
    },

    /** Gives a permit back: `outcome` as gate.js's `release` takes it (`atMs`: a 429's pause end, a 529's backoff). */
    release(permit, outcome, atMs) {
      held = Math.max(0, held - 1);
      if (permit.seq === undefined) {
        return;
      }
      const seq = permit.seq;
      const event =
        outcome === "done"
          ? { observe_outcome: { seq, outcome: "success" } }
          : outcome === "overloaded"
            ? { observe_outcome: { seq, outcome: { overloaded: { backoff_ms: Math.max(0, Math.round(atMs ?? 0)) } } } }
            : outcome === "rate_limited"
              ? { observe_outcome: { seq, outcome: { rate_limited: { retry_after_ms: atMs === undefined ? null : Math.max(0, Math.round(atMs - now())) } } } }
              : { release: { seq } };
      settle(permit, event);
    },

    /** A response's rate-limit windows (`rateLimits()`), told to the store of the key that sent it. */
    observeLimits(limits, apiKey) {
      const seen = (w) => (w === undefined ? null : { limit: w.limit ?? null, remaining: w.remaining ?? null });
      const event = {
        observe_limits: {
          limits: {
            requests: seen(limits.requests),
            input_tokens: seen(limits.inputTokens ?? limits.tokens),
            output_tokens: seen(limits.outputTokens),
          },
        },
      };
      Promise.resolve(coordinator.keyFor(apiKey ?? ""))
        .then((keyId) => apply(keyId, event))
        .catch(() => {});
    },

    view() {
      let queued = 0;
      for (const queue of queues.values()) {
        queued += queue.waiting.length;
      }
      return { window: undefined, inFlight: held, queued, store: fallback === undefined ? shared.name : "local" };
    },
  };
}

function withTimeout(promise, ms) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the store did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function describe(error) {
  return error instanceof Error ? error.message : String(error);
}
