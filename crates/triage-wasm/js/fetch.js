// createFetch(): a fetch that validates, paces, classifies, waits and re-sends, reporting every attempt and
// keeping a usage snapshot of every response (`stats()`).
// Every decision is the core's (RetryPolicy in wasm); this file only moves bytes and time around.

import { RetryPolicy, explainResponse, rateLimits, validate } from "./triage_wasm.js";
import { explainFetchResponse, explainThrownProbed, headerRecord } from "./explain.js";
import { createGate } from "./gate.js";
import { createFleetGate, sendCost } from "./fleet.js";
import { tabsCoordinator } from "./tabs.js";
import { readAhead } from "./stream.js";
import { createUsage, requestFacts } from "./usage.js";

export { DeadlineExceededError } from "./gate.js";

/** Thrown (before anything is sent) when `validate: true` and the request would be rejected by the API. */
export class RequestValidationError extends Error {
  constructor(report) {
    const errors = report.diagnostics.filter((d) => d.severity === "error");
    const first = errors[0];
    const where = first ? ` at ${first.path || "the document root"} (line ${first.line}, column ${first.column})` : "";
    const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : "";
    super(`claude-triage: the API would reject this request: ${first?.message ?? "invalid request"}${where}${more}`);
    this.name = "RequestValidationError";
    this.report = report;
  }
}

const MESSAGES_PATH = /\/v1\/messages\/?$/;

/**
 * @param {import("./index.js").CreateFetchOptions} [options]
 * @returns {import("./index.js").TriageFetch}
 */
export function createFetch(options = {}) {
  if (options.policy !== undefined && (options.retry !== undefined || options.deadlineMs !== undefined)) {
    throw new TypeError("createFetch: give either `policy` or `retry`/`deadlineMs`, not both (set them on the policy)");
  }
  const policy =
    options.policy ??
    new RetryPolicy(
      options.deadlineMs === undefined ? options.retry : { ...options.retry, deadlineMs: options.deadlineMs },
      options.seed,
    );
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? abortableSleep;
  const onAttempt = options.onAttempt ?? (() => {});
  const fetchImpl = options.fetch ?? globalThis.fetch;
  // One window for every call through this fetch: sharing one fetch (one SDK client) is what lets it learn. With a
  // coordinator, the window and the rate buckets are the fleet's, kept in a store every client shares.
  const coordinator = options.coordinator === "tabs" ? tabsCoordinator({ admission: options.admission }) : options.coordinator;
  const gate =
    coordinator !== undefined
      ? createFleetGate(coordinator, now, sleep)
      : options.admission === false
        ? undefined
        : createGate(options.admission ?? true, now, sleep);
  const deadlineMs = policy.toJSON().config.deadlineMs;
  // Every response this fetch sees, shared by its requests: stats, warnings and pacing are per client.
  const usage = createUsage({ balanceUsd: options.balanceUsd, onUsage: options.onUsage, now });

  /** An error event after output reached the caller: never retried, only reported (and counted by the policy). */
  function laterError({ attempt, started }, response, text) {
    const explanation = explainBody(response, text, { nowMs: now() });
    const decision = policy.decide(explanation, attempt, Math.max(0, now() - started), true);
    onAttempt({ attempt, response, explanation, decision });
  }

  async function triageFetch(input, init) {
    const request = await replayable(input, init);
    const signal = request.signal;
    if (options.validate) {
      await checkRequest(request);
    }
    const sent = isMessagesPost(request) ? await requestFacts(request) : {};
    const facts =
      coordinator === undefined
        ? undefined
        : { apiKey: request.credential, cost: isMessagesPost(request) ? sendCost(await request.text()) : undefined };
    const started = now();
    const deadlineAt = deadlineMs === undefined ? undefined : started + deadlineMs;
    policy.recordCall();
    for (let attempt = 1; ; attempt++) {
      signal?.throwIfAborted();
      if (options.pace) {
        // The snapshot's pace: a pending retry-after, or the spacing that keeps a window from running dry.
        const paceMs = usage.paceMs();
        if (paceMs > 0) {
          await sleep(paceMs, signal);
        }
      }
      const permit = gate === undefined ? undefined : await gate.acquire(started, deadlineAt, signal, facts);
      let response;
      let error;
      try {
        response = await fetchImpl(...request.args());
      } catch (thrown) {
        error = thrown;
      }
      if (response !== undefined) {
        const seen = pacingLimits(response.headers);
        if (seen !== undefined) {
          gate?.observeLimits(seen, request.credential);
        }
      }
      // A 200 can still fail: a stream's `event: error` (or a cut) before any output, or an error body. Until the
      // caller has seen output, sending the whole request again loses and duplicates nothing.
      let failedBody;
      if (response?.ok) {
        const call = { attempt, started };
        let observedAt;
        const checked =
          options.streamRetry === false
            ? { response }
            : await checkSuccess(response, request, {
                onLaterError: (text) => laterError(call, response, text),
                // The stream's rest arrives only once the caller reads it, after `observedAt` is set.
                onEnd: (rest) => usage.streamEnded(observedAt, rest, sent),
              });
        observedAt = await usage.observe(response, checked.failedBody ?? checked.seen, sent);
        if (checked.failedBody === undefined) {
          gate?.release(permit, "done");
          policy.recordSuccess();
          onAttempt({ attempt, response: checked.response, ...admissionReport(gate, permit) });
          return checked.response;
        }
        failedBody = checked.failedBody;
        response = checked.replay();
      } else if (response !== undefined) {
        await usage.observe(response, undefined, sent);
      }
      if (signal?.aborted) {
        // The caller gave up; nothing to classify or retry.
        gate?.release(permit, "abandoned");
        throw error ?? signal.reason;
      }
      const context = { nowMs: now(), sentKey: request.apiKey };
      const explanation =
        failedBody !== undefined
          ? explainBody(response, failedBody, context)
          : response !== undefined
            ? await explainFetchResponse(response, context)
            : await explainThrownProbed(error, request.url, fetchImpl);
      const decision = policy.decide(explanation, attempt, Math.max(0, now() - started), false);
      // With admission, an overload or a rate limit is waited out in the queue (the window shrinks, or every
      // send pauses until the server's time); other failures sleep the decision's delay here.
      const queued = gate !== undefined && release(gate, permit, explanation, response, decision, now());
      onAttempt({ attempt, response, error, explanation, decision, ...admissionReport(gate, permit) });
      if (!decision.retry) {
        // The last response goes back as it came, so callers (and SDKs) see their own errors.
        if (response !== undefined) {
          return response;
        }
        throw error;
      }
      // Free the connection of a response nobody will read.
      response?.body?.cancel().catch(() => {});
      if (!queued) {
        await sleep(decision.delayMs, signal);
      }
    }
  }

  /** The usage snapshot as of now: totals, cost, windows with projections, warnings and the pace. */
  triageFetch.stats = (next) => usage.report(next);
  return triageFetch;
}

/**
 * Looks inside a 200 from `POST …/v1/messages` for a failure the caller has not seen: a stream read ahead to its
 * first output ([`readAhead`]), or a JSON body that is an error. Resolves to `{ response, seen }` to hand over
 * (`seen`: the body text read, if any), or to `{ failedBody, replay }`, where `replay()` gives the response exactly
 * as the server sent it.
 */
async function checkSuccess(response, request, { onLaterError, onEnd }) {
  if (!isMessagesPost(request) || response.body === null) {
    return { response };
  }
  const type = (response.headers.get("content-type") ?? "").toLowerCase();
  if (type.includes("event-stream")) {
    const ahead = await readAhead(response, onLaterError, onEnd);
    return ahead.failed
      ? { failedBody: ahead.text, replay: ahead.replay }
      : { response: ahead.response, seen: ahead.text };
  }
  if (type.includes("json")) {
    const text = await response.clone().text().catch(() => undefined);
    if (text !== undefined && isErrorBody(text)) {
      return { failedBody: text, replay: () => response };
    }
    return { response, seen: text };
  }
  return { response };
}

/** A response's status and headers with a body already read (a stream's text up to its failure). */
function explainBody(response, body, context) {
  return explainResponse({ status: response.status, headers: headerRecord(response.headers), body }, context);
}

function isMessagesPost(request) {
  return request.method === "POST" && MESSAGES_PATH.test(pathOf(request.url));
}

function isErrorBody(text) {
  try {
    return JSON.parse(text)?.type === "error";
  } catch {
    return false;
  }
}

/**
 * Returns a failed attempt's permit, saying what the server's answer means for the window; true when the retry's
 * wait is the queue's.
 */
function release(gate, permit, explanation, response, decision, nowMs) {
  const overloaded =
    explanation.status === 529 || explanation.kind === "overloaded_error" || explanation.cause === "overloaded";
  if (overloaded) {
    gate.release(permit, "overloaded", decision.delayMs);
    return true;
  }
  if (explanation.status === 429 && explanation.retry.afterMs !== undefined) {
    // The policy's delay is `retry-after` plus its spread: the pause every call of this fetch waits out.
    gate.release(permit, "rate_limited", nowMs + decision.delayMs);
    return true;
  }
  gate.release(permit, response === undefined ? "abandoned" : "done");
  return false;
}

/** What `onAttempt` reports of admission: the wait for this attempt's permit and the window after it. */
function admissionReport(gate, permit) {
  if (gate === undefined) {
    return {};
  }
  const view = gate.view();
  return { queueWaitMs: permit.waitedMs, window: view.window, inFlight: view.inFlight, queued: view.queued };
}

/** The `anthropic-ratelimit-*` windows of a response, or `undefined` when it has none. */
function pacingLimits(headers) {
  const found = rateLimits(headerRecord(headers));
  return Object.values(found).some((w) => w !== undefined) ? found : undefined;
}

/**
 * The request in a form that can be sent again: a body given as a stream is read once into bytes, and a
 * `Request` is cloned for each attempt.
 */
async function replayable(input, init) {
  if (typeof Request === "function" && input instanceof Request) {
    const template = init === undefined ? input : new Request(input, init);
    return {
      url: template.url,
      method: template.method,
      apiKey: template.headers.get("x-api-key") ?? undefined,
      credential: credentialOf(template.headers),
      signal: template.signal,
      text: () => (template.body ? template.clone().text() : Promise.resolve(undefined)),
      args: () => [template.clone()],
    };
  }
  const body = await bufferBody(init?.body);
  const sent = body === init?.body ? init : { ...init, body };
  return {
    url: String(input),
    method: (init?.method ?? "GET").toUpperCase(),
    apiKey: new Headers(init?.headers).get("x-api-key") ?? undefined,
    credential: credentialOf(new Headers(init?.headers)),
    signal: init?.signal ?? undefined,
    text: () => bodyText(body),
    args: () => [input, sent],
  };
}

/** What a request authenticates with (`x-api-key`, or a proxy's bearer token): the key a fleet paces. */
function credentialOf(headers) {
  const bearer = /^Bearer\s+(.+)$/i.exec(headers.get("authorization") ?? "");
  return headers.get("x-api-key") ?? bearer?.[1] ?? undefined;
}

/** Streams can be read only once: keep their bytes. Strings, bytes, Blobs, forms and params re-send as they are. */
async function bufferBody(body) {
  if (body == null || typeof body === "string") {
    return body;
  }
  if (typeof ReadableStream === "function" && body instanceof ReadableStream) {
    return new Uint8Array(await new Response(body).arrayBuffer());
  }
  if (typeof body[Symbol.asyncIterator] === "function") {
    const chunks = [];
    for await (const chunk of body) {
      chunks.push(typeof chunk === "string" ? new TextEncoder().encode(chunk) : new Uint8Array(chunk));
    }
    return new Uint8Array(await new Blob(chunks).arrayBuffer());
  }
  return body;
}

async function bodyText(body) {
  if (body == null || typeof body === "string") {
    return body ?? undefined;
  }
  if (body instanceof ArrayBuffer || ArrayBuffer.isView(body)) {
    return new TextDecoder().decode(body);
  }
  if (typeof Blob === "function" && body instanceof Blob) {
    return body.text();
  }
  // Forms and URL parameters are not Messages requests.
  return undefined;
}

async function checkRequest(request) {
  if (!isMessagesPost(request)) {
    return;
  }
  const text = await request.text();
  if (text === undefined) {
    return;
  }
  const report = validate(text);
  if (!report.ok) {
    throw new RequestValidationError(report);
  }
}

function pathOf(url) {
  try {
    return new URL(url, globalThis.location?.href ?? "http://localhost").pathname;
  } catch {
    return url;
  }
}

/** `setTimeout` as a promise that rejects with the signal's reason as soon as it aborts. */
export function abortableSleep(ms, signal) {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
