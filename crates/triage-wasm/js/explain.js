// explain(): every shape a Claude API failure reaches JavaScript in, turned into the core's Explanation.
// Only the reading of JavaScript objects happens here; the classification is the core's (wasm).

import { explainRaw, explainResponse, explainTransport } from "./triage_wasm.js";

/**
 * @param {unknown} input a `{status, headers, body}` object, raw `curl -i` text, a fetch `Response`, an error thrown
 *   by `fetch`, or an `@anthropic-ai/sdk` `APIError`.
 * @param {{nowMs?: number, sentKey?: string, url?: string | URL}} [options]
 */
export function explain(input, options = {}) {
  const context = { nowMs: options.nowMs ?? Date.now(), sentKey: options.sentKey };
  if (typeof input === "string") {
    return explainRaw(input, context);
  }
  if (isResponse(input)) {
    return explainFetchResponse(input, context);
  }
  if (isApiError(input)) {
    return explainApiError(input, context, options.url);
  }
  if (input instanceof Error || isDomException(input)) {
    return explainThrown(input, options.url);
  }
  if (isPlainResponse(input)) {
    const response = { status: input.status, headers: headerRecord(input.headers), body: bodyText(input.body) };
    return explainResponse(response, context);
  }
  throw new TypeError(
    "explain: expected {status, headers, body}, raw response text, a fetch Response, an error thrown by fetch, " +
      "or an @anthropic-ai/sdk APIError",
  );
}

/** Reads a clone, so the caller can still read the response. */
export async function explainFetchResponse(response, context) {
  const body = await readText(response);
  return explainResponse({ status: response.status, headers: headerRecord(response.headers), body }, context);
}

/** An error from `fetch` itself (no response): refused, reset, DNS, CORS, aborted, timed out. */
export function explainThrown(error, url) {
  const name = error?.name;
  if (name === "AbortError") {
    return explainTransport("aborted", describe(error));
  }
  if (name === "TimeoutError") {
    return explainTransport("timeout", describe(error));
  }
  if (inBrowser() && error instanceof TypeError && isCrossOrigin(url)) {
    // A browser hides why a cross-origin fetch failed: the TypeError is the same for a missing CORS header and
    // for a dead network. CORS is the likelier cause once the page is online, but both stay possible.
    return explainTransport("cors_blocked", `${describe(error)} (network or CORS: the browser does not say which)`);
  }
  return explainTransport("network", describe(error));
}

/** How long a probe may take before the server counts as unreachable. */
const PROBE_TIMEOUT_MS = 5000;

/**
 * Like {@link explainThrown}, but a browser's opaque cross-origin `TypeError` is told apart by asking the server
 * once more with `mode: "no-cors"`: any live server answers that (with a response the page cannot read), so an
 * answer means the browser withheld the real response (CORS) and no answer means the network failed. Node has no
 * CORS, so there is nothing to ask there.
 */
export async function explainThrownProbed(error, url, fetchImpl = globalThis.fetch) {
  if (!(inBrowser() && error instanceof TypeError && isCrossOrigin(url))) {
    return explainThrown(error, url);
  }
  const answered = await fetchImpl(String(url), {
    mode: "no-cors",
    cache: "no-store",
    credentials: "omit",
    signal: AbortSignal.timeout(PROBE_TIMEOUT_MS),
  }).then(
    () => true,
    () => false,
  );
  return answered
    ? explainTransport("cors_blocked", `${describe(error)} (the server answered a no-cors probe: the browser withheld the response)`)
    : explainTransport("network", `${describe(error)} (no answer to a no-cors probe either: the server is unreachable)`);
}

/** `APIError` from @anthropic-ai/sdk: `status`, `headers` (Headers) and `error` (the parsed body). */
function explainApiError(error, context, url) {
  if (typeof error.status !== "number") {
    // APIConnectionError and friends: no response arrived.
    if (error.name === "APIConnectionTimeoutError") {
      return explainTransport("timeout", describe(error));
    }
    if (error.name === "APIUserAbortError") {
      return explainTransport("aborted", describe(error));
    }
    const cause = error.cause instanceof Error ? error.cause : error;
    return explainThrown(cause, url);
  }
  const response = { status: error.status, headers: headerRecord(error.headers), body: bodyText(error.error) };
  return explainResponse(response, context);
}

/** A `Response` from any realm or fetch implementation (undici, a browser, node-fetch). */
function isResponse(value) {
  return (
    (typeof Response === "function" && value instanceof Response) ||
    (typeof value === "object" &&
      value !== null &&
      typeof value.status === "number" &&
      typeof value.clone === "function" &&
      typeof value.text === "function" &&
      typeof value.headers?.get === "function")
  );
}

function isApiError(value) {
  return value instanceof Error && "status" in value && "headers" in value && "error" in value;
}

function isDomException(value) {
  return typeof DOMException === "function" && value instanceof DOMException;
}

function isPlainResponse(value) {
  return typeof value === "object" && value !== null && typeof value.status === "number";
}

async function readText(response) {
  if (response.bodyUsed) {
    return "";
  }
  try {
    return await response.clone().text();
  } catch {
    // Cut off mid-body (a hang-up): the status and headers still say a lot.
    return "";
  }
}

/** Header names and values as a plain object, from Headers, a Map, `[name, value]` pairs or an object. */
export function headerRecord(headers) {
  const record = {};
  if (headers == null) {
    return record;
  }
  if (typeof headers.forEach === "function" && typeof headers.get === "function") {
    // Headers joins repeated names with ", " and lower-cases them; a Map keeps what it was given.
    headers.forEach((value, name) => {
      record[String(name)] = String(value);
    });
    return record;
  }
  const entries = Array.isArray(headers) ? headers : Object.entries(headers);
  for (const [name, value] of entries) {
    if (value !== undefined && value !== null) {
      record[String(name)] = Array.isArray(value) ? value.join(", ") : String(value);
    }
  }
  return record;
}

function bodyText(body) {
  if (body === undefined || body === null) {
    return "";
  }
  return typeof body === "string" ? body : JSON.stringify(body);
}

function describe(error) {
  const message = error?.message || String(error);
  // Node's fetch says only "fetch failed"; the reason (ECONNREFUSED, ENOTFOUND, a TLS error) is in the cause.
  const cause = error?.cause;
  const detail = cause?.code ?? cause?.message;
  return detail && !message.includes(detail) ? `${message}: ${cause.message ?? detail}` : message;
}

function inBrowser() {
  return typeof document === "object" && typeof globalThis.location?.origin === "string";
}

function isCrossOrigin(url) {
  if (url === undefined) {
    return true;
  }
  try {
    return new URL(String(url), globalThis.location.href).origin !== globalThis.location.origin;
  } catch {
    return true;
  }
}
