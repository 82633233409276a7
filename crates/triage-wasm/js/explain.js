// explain(): every shape a Claude API failure reaches JavaScript in, turned into the core's Explanation.
// Only the reading of JavaScript objects happens here; the classification is the core's (wasm).

import { explainRaw, explainResponse, explainTransport } from "./triage_wasm.js";

/**
 * @param {unknown} input a `{status, headers, body}` object, raw `curl -i` text, a fetch `Response`, an error thrown
 *   by `fetch`, an error from an SDK (`@anthropic-ai/sdk`'s `APIError`, the Vercel AI SDK's `APICallError` and
 *   `RetryError`, LangChain's wrappers of either), or a stream's error event (`{type: "overloaded_error", …}`).
 * @param {{nowMs?: number, sentKey?: string, url?: string | URL}} [options]
 */
export function explain(input, options = {}) {
  const context = { nowMs: options.nowMs ?? Date.now(), sentKey: options.sentKey };
  const value = innermost(input);
  if (typeof value === "string") {
    return explainRaw(value, context);
  }
  if (isResponse(value)) {
    return explainFetchResponse(value, context);
  }
  if (isApiError(value)) {
    return explainApiError(value, context, options.url);
  }
  if (isApiCallError(value)) {
    return explainApiCallError(value, context, options.url);
  }
  if (value instanceof Error || isDomException(value)) {
    return explainThrown(value, options.url);
  }
  if (isPlainResponse(value)) {
    const response = { status: value.status, headers: headerRecord(value.headers), body: bodyText(value.body) };
    return explainResponse(response, context);
  }
  const streamed = streamErrorBody(value);
  if (streamed !== undefined) {
    return explainStreamError(streamed, {}, context);
  }
  throw new TypeError(
    "explain: expected {status, headers, body}, raw response text, a fetch Response, an error thrown by fetch, " +
      "an SDK error (@anthropic-ai/sdk, Vercel AI SDK, LangChain) or a stream error event",
  );
}

/** Wrappers go deeper than this only by accident (a cause cycle). */
const MAX_WRAPPING = 8;

/**
 * The error that carries the response: the Vercel AI SDK's `RetryError` holds each attempt's error in `errors`
 * (the last one says why it gave up), and wrappers such as LangChain's `ContextOverflowError` or an app's own
 * `new Error("…", { cause })` keep the SDK's error as their `cause`.
 */
function innermost(input) {
  let value = input;
  for (let depth = 0; depth < MAX_WRAPPING; depth += 1) {
    if (isRetryError(value)) {
      value = value.lastError ?? value.errors.at(-1);
    } else if (value instanceof Error && !carriesResponse(value) && carriesResponse(value.cause)) {
      value = value.cause;
    } else {
      return value;
    }
  }
  return value;
}

function carriesResponse(value) {
  return isApiError(value) || isApiCallError(value) || isRetryError(value);
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
  if (name === "TimeoutError" || name === "DeadlineExceededError") {
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

/**
 * `APIError` from @anthropic-ai/sdk: `status`, `headers` (Headers) and `error` (the parsed body). An `event: error`
 * inside a stream arrives as an APIError with no status, the stream's headers and the event's body.
 */
function explainApiError(error, context, url) {
  const streamed = error.status === undefined ? streamErrorBody(error.error) : undefined;
  if (streamed !== undefined) {
    return explainStreamError(streamed, headerRecord(error.headers), context);
  }
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

/**
 * The Vercel AI SDK's `APICallError`: `statusCode`, `responseHeaders` (a plain object), `responseBody` (text).
 * An error event that is a stream's first chunk is thrown as one too, with the 200's event-stream headers, the
 * event's inner error object as the body and a made-up status (529 for overloaded, else 500): it is a stream
 * error, and the core says so.
 */
function explainApiCallError(error, context, url) {
  const headers = headerRecord(error.responseHeaders);
  if (typeof error.statusCode !== "number") {
    // No response: the fetch under it failed, and the reason is its cause.
    return explainThrown(error.cause instanceof Error ? error.cause : error, url ?? error.url);
  }
  if (isEventStream(headers)) {
    const streamed = streamErrorBody(parseJson(error.responseBody));
    if (streamed !== undefined) {
      return explainStreamError(streamed, headers, context);
    }
  }
  return explainResponse({ status: error.statusCode, headers, body: bodyText(error.responseBody) }, context);
}

/**
 * The API's error envelope (`{type: "error", error: {type, message}}`) for what a stream's error event said: the
 * envelope itself, or the inner `{type: "overloaded_error", message}` that SDKs pass on. `undefined` otherwise.
 */
function streamErrorBody(value) {
  if (typeof value !== "object" || value === null || value instanceof Error) {
    return undefined;
  }
  if (value.type === "error" && typeof value.error?.type === "string") {
    return value;
  }
  if (typeof value.type === "string" && value.type.endsWith("_error") && typeof value.message === "string") {
    return { type: "error", error: value };
  }
  return undefined;
}

/** A stream that began with 200 and then sent `event: error`, as the core reads streams. */
function explainStreamError(body, headers, context) {
  const sse = `event: error\ndata: ${JSON.stringify(body)}\n\n`;
  const streamHeaders = { ...headers, "content-type": "text/event-stream" };
  return explainResponse({ status: 200, headers: streamHeaders, body: sse }, context);
}

function isEventStream(headers) {
  return Object.entries(headers).some(
    ([name, value]) => name.toLowerCase() === "content-type" && value.toLowerCase().includes("event-stream"),
  );
}

function parseJson(text) {
  try {
    return typeof text === "string" ? JSON.parse(text) : text;
  } catch {
    return undefined;
  }
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

/** By shape, not `instanceof`: apps often bundle their own copy of `@ai-sdk/provider`. */
function isApiCallError(value) {
  return value instanceof Error && ("statusCode" in value || value.name === "AI_APICallError") && "responseBody" in value;
}

function isRetryError(value) {
  return value instanceof Error && Array.isArray(value.errors) && value.errors.length > 0 && value.name === "AI_RetryError";
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
