// The waiting around the core's Admission: a promise per queued request and one timer for the next wake-up.
// Who may send, and when, is decided by the core (Admission.poll); this file only resolves promises.

import { Admission } from "./triage_wasm.js";

/** Thrown when a request cannot be sent before its deadline (`decision.reason` is `deadline_exceeded`). */
export class DeadlineExceededError extends Error {
  constructor(message, waitedMs) {
    super(`claude-triage: ${message}`);
    this.name = "DeadlineExceededError";
    this.decision = { retry: false, reason: "deadline_exceeded", delayMs: 0, waitedMs };
  }
}

/**
 * @param {object | true} config `true` for the defaults, else an AdmissionConfig
 * @param {() => number} now
 * @param {(ms: number, signal?: AbortSignal) => Promise<void>} sleep
 */
export function createGate(config, now, sleep) {
  const admission = new Admission(config === true ? undefined : config);
  const waiting = new Map(); // ticket -> { resolve, reject, since }
  let timer; // { at, stop: AbortController }

  function pump() {
    const poll = admission.poll(now());
    for (const ticket of poll.expired) {
      const w = waiting.get(ticket);
      waiting.delete(ticket);
      w?.reject(new DeadlineExceededError("the deadline passed while the request waited for the admission window", now() - w.since));
    }
    for (const permit of poll.granted) {
      const w = waiting.get(permit.ticket);
      waiting.delete(permit.ticket);
      if (w) {
        w.resolve({ ...permit, waitedMs: now() - w.since });
      } else {
        // Its caller left between the poll and now: give the permit straight back.
        admission.complete(permit.ticket, permit.seq, "abandoned", now());
      }
    }
    schedule(poll.wakeAtMs);
  }

  function schedule(wakeAtMs) {
    if (wakeAtMs === undefined || waiting.size === 0) {
      return;
    }
    if (timer && timer.at <= wakeAtMs) {
      return;
    }
    timer?.stop.abort();
    const stop = new AbortController();
    timer = { at: wakeAtMs, stop };
    sleep(Math.max(0, wakeAtMs - now()), stop.signal).then(
      () => {
        if (timer?.stop === stop) {
          timer = undefined;
          pump();
        }
      },
      () => {},
    );
  }

  return {
    /**
     * Waits for a permit. `orderMs`: when the logical call arrived; `deadlineMs`: epoch ms or undefined.
     * Rejects with DeadlineExceededError, or with the signal's reason when it aborts.
     */
    acquire(orderMs, deadlineMs, signal) {
      signal?.throwIfAborted();
      const since = now();
      const queued = admission.enqueue(since, orderMs, deadlineMs);
      if (queued.ticket === undefined) {
        const why =
          queued.refused === "queue_full"
            ? "the admission queue is full"
            : `every send is paused until ${new Date(queued.pausedUntilMs).toISOString()}, past the deadline`;
        return Promise.reject(new DeadlineExceededError(why, 0));
      }
      const ticket = queued.ticket;
      const granted = new Promise((resolve, reject) => {
        waiting.set(ticket, { resolve, reject, since });
        signal?.addEventListener(
          "abort",
          () => {
            if (waiting.delete(ticket)) {
              admission.cancel(ticket);
              reject(signal.reason);
            }
          },
          { once: true },
        );
      });
      pump();
      return granted;
    },

    /** Gives a permit back: `outcome` as `Admission.complete` takes it. */
    release(permit, outcome, atMs) {
      admission.complete(permit.ticket, permit.seq, outcome, now(), atMs);
      pump();
    },

    observeLimits(limits) {
      admission.observeLimits(limits);
    },

    view() {
      return admission.view(now());
    },
  };
}
