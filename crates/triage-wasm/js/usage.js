// The usage snapshot behind createFetch's `stats()`, `onUsage` and `pace`: every response is folded into the
// core's Usage (limit headers, retry-after, the body's `usage`); the report and the pace are the core's.

import { Usage } from "./triage_wasm.js";
import { headerRecord } from "./explain.js";

/**
 * @param {{ balanceUsd?: number, onUsage?: (report: object) => void, now: () => number }} options
 */
export function createUsage({ balanceUsd, onUsage, now }) {
  const usage = new Usage(balanceUsd);
  return {
    /**
     * Folds in one response to a request whose body said `sent` ({ maxTokens, model }). `text` is the body when
     * it was read already: a JSON body's clone, or a stream's read-ahead (its `message_start` usage; the rest comes
     * to `streamEnded`). Otherwise a JSON body is read from a clone (the caller's body stays unread); any other body
     * counts by its headers. Resolves to the time it was observed at.
     */
    async observe(response, text, sent = {}) {
      const body = text ?? (await jsonText(response));
      const at = now();
      usage.observe(
        { status: response.status, headers: headerRecord(response.headers), body: body ?? "" },
        at,
        sent.maxTokens,
        sent.model,
      );
      onUsage?.(usage.report(now()));
      return at;
    },

    /** A stream observed at `at` has ended: `rest` (its later `message_delta` events) carries the final counts. */
    streamEnded(at, rest, sent = {}) {
      if (rest === "") {
        return;
      }
      usage.observeStreamEnd(at, rest, sent.model);
      onUsage?.(usage.report(now()));
    },

    /** The report as of now; with `next` (a request body), its warnings are those for sending it next. */
    report(next) {
      const report = usage.report(now());
      return next === undefined ? report : { ...report, warnings: usage.preflight(next, now()) };
    },

    /** How long to hold the next send so no window runs dry before its reset (0: send now). */
    paceMs() {
      return usage.report(now()).paceMs;
    },
  };
}

/** The request's `max_tokens` and `model`, which the snapshot counts and prices by; `{}` when it has none. */
export async function requestFacts(request) {
  try {
    const body = JSON.parse((await request.text()) ?? "");
    return {
      maxTokens: Number.isSafeInteger(body?.max_tokens) && body.max_tokens >= 0 ? body.max_tokens : undefined,
      model: typeof body?.model === "string" ? body.model : undefined,
    };
  } catch {
    return {};
  }
}

async function jsonText(response) {
  const type = (response.headers.get("content-type") ?? "").toLowerCase();
  if (!type.includes("json") || response.body === null || response.bodyUsed) {
    return undefined;
  }
  return response.clone().text().catch(() => undefined);
}
