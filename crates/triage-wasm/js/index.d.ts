// Types of the public API. The data types are generated from the Rust core (tsify) into triage_wasm.d.ts; this
// file re-exports them by name (the generated file also declares the wasm loader, which is not public) and
// declares the hand-written JavaScript layer: explain() and createFetch().

import type {
  AdmissionConfig,
  Decision,
  ExplainContext,
  Explanation,
  Report,
  RetryConfig,
  UsageReport,
} from "./triage_wasm.js";
import { RetryPolicy } from "./triage_wasm.js";

export {
  Admission,
  fleetStep,
  estimate,
  explainRaw,
  explainResponse,
  explainTransport,
  rateLimits,
  RetryPolicy,
  schedule,
  streamEventCarriesOutput,
  Usage,
  validate,
} from "./triage_wasm.js";

export type {
  AdmissionConfig,
  AdmissionView,
  BudgetConfig,
  Cause,
  Code,
  Context,
  Decision,
  Diagnostic,
  Enqueued,
  Estimate,
  LongContext,
  EstimateError,
  OtherLimit,
  Dimension,
  Window,
  WindowReport,
  UsageSnapshot,
  Price,
  UsageReport,
  UsageBlock,
  Spend,
  EstimateOptions,
  TokenBand,
  CostBand,
  Part,
  PartKind,
  Warning,
  WarningCode,
  ExplainContext,
  Explanation,
  FieldValue,
  HttpResponse,
  JsonErrorKind,
  KeyFinding,
  KeyProblem,
  Kind,
  LimitWindow,
  Model,
  OverloadConfig,
  Pacing,
  PacingReason,
  Permit,
  Poll,
  PolicyState,
  RateLimits,
  RateLimitWindow,
  Reason,
  Report,
  RetryAdvice,
  RetryBudget,
  RetryConfig,
  RetryPolicySnapshot,
  RetrySource,
  Rng,
  Severity,
  SimOptions,
  SimResult,
  Span,
  Strategy,
  TransportFailure,
} from "./triage_wasm.js";

/** A response as plain data; `headers` may be a `Headers`, a `Map`, `[name, value]` pairs or an object. */
export interface ResponseLike {
  status: number;
  headers?: Headers | ReadonlyMap<string, string> | ReadonlyArray<readonly [string, string]> | Record<string, string | readonly string[]>;
  /** Raw text, or an already parsed JSON body. */
  body?: string | object | null;
}

/** The parts of an `@anthropic-ai/sdk` `APIError` that explain() reads (`status` is absent on connection errors). */
export interface APIErrorLike extends Error {
  status: number | undefined;
  headers: Headers | Record<string, string> | undefined;
  /** The parsed error body (`{type: "error", error: {...}}`), or its text. */
  error: unknown;
}

/** The parts of the Vercel AI SDK's `APICallError` that explain() reads (`statusCode` is absent when no response came). */
export interface APICallErrorLike extends Error {
  statusCode?: number;
  responseHeaders?: Record<string, string>;
  responseBody?: string;
  url?: string;
}

/** The Vercel AI SDK's `RetryError`: every attempt's error; explain() reads the last. */
export interface RetryErrorLike extends Error {
  name: "AI_RetryError";
  errors: unknown[];
  lastError?: unknown;
}

/**
 * An `event: error` payload as stream consumers get it: the API's envelope, or the inner error object that the
 * Vercel AI SDK's `fullStream` / `onError` pass on.
 */
export type StreamErrorLike = { type: "error"; error: { type: string; message: string } } | { type: string; message: string };

export interface ExplainOptions extends ExplainContext {
  /** The URL that was fetched, for telling a CORS refusal from a network failure in a browser. */
  url?: string | URL;
}

/** Explains a fetch `Response` (reading a clone of its body, so it stays readable). */
export function explain(input: Response, options?: ExplainOptions): Promise<Explanation>;
/**
 * Explains raw response text (`curl -i`, SSE, a bare body), a response as data, an error thrown by `fetch`
 * (`TypeError`, `AbortError`, `TimeoutError`), an SDK's error (`@anthropic-ai/sdk`'s `APIError`, the Vercel AI
 * SDK's `APICallError` and `RetryError`, LangChain's wrappers, any error whose `cause` is one of these) or a
 * stream's error event.
 */
export function explain(
  input: string | ResponseLike | APIErrorLike | APICallErrorLike | RetryErrorLike | StreamErrorLike | Error | DOMException,
  options?: ExplainOptions,
): Explanation;

/** Thrown by a `createFetch` fetch (before sending) when `validate` is on and the API would reject the request. */
export class RequestValidationError extends Error {
  constructor(report: Report);
  readonly name: "RequestValidationError";
  /** Every diagnostic, with JSON pointer paths, spans, lines and columns in the body text. */
  readonly report: Report;
}

/** One attempt of a `createFetch` request, as reported to `onAttempt`. */
export interface Attempt {
  /** 1 for the first send. */
  attempt: number;
  /** What came back, if anything did (a success, or the failure that was classified). */
  response?: Response;
  /** What `fetch` threw when no response arrived. */
  error?: unknown;
  /** Why the attempt failed; absent on success. */
  explanation?: Explanation;
  /**
   * Whether and when the request is sent again; absent on success. With admission on, an overload (529) or a
   * rate limit with `retry-after` is waited out in the window's queue instead of by sleeping `delayMs`: the window
   * shrinks, or (when it would not hold the retry back) every send through this fetch pauses for `delayMs`.
   */
  decision?: Decision;
  /** With admission: how long this attempt waited for its permit (ms). */
  queueWaitMs?: number;
  /** With admission: the learned concurrency window after this attempt. */
  window?: number;
  /** With admission: requests of this fetch in flight, and waiting, after this attempt. */
  inFlight?: number;
  queued?: number;
}

/** Rejected when a request cannot be sent before its deadline (`deadlineMs`); `decision.reason` says so. */
export class DeadlineExceededError extends Error {
  readonly name: "DeadlineExceededError";
  readonly decision: { retry: false; reason: "deadline_exceeded"; delayMs: 0; waitedMs: number };
}

export type Fetch = (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>;

/** Limits a coordinator paces to before any response has stated them (`anthropic-ratelimit-*-limit`). */
export interface FleetLimits {
  requestsPerMinute?: number;
  inputTokensPerMinute?: number;
  outputTokensPerMinute?: number;
}

/** What a coordinator reports when its store fails, and when it answers again. */
export interface StoreChange {
  state: "fallback" | "rejoined";
  store: string;
  /** Why the store was left (`fallback`). */
  error?: string;
  /** How long calls were paced alone (`rejoined`). */
  afterMs?: number;
}

export interface CoordinatorOptions {
  /** Names the fleet: clients with the same name and API key share one state. Default `"default"`. */
  key?: string;
  /** Prefix of the store's keys. Default `"claude-triage:fleet:"`. */
  prefix?: string;
  limits?: FleetLimits;
  /** The request bucket holds this many ms of refill: 6,000 lets 60 RPM burst 6, then send one a second. */
  burstMs?: number;
  /** The same for the token buckets; a minute by default. */
  tokenBurstMs?: number;
  /** The longest a send holds its slot when its client dies before reporting it. Default 600,000. */
  leaseMs?: number;
  /** How long the store may take to answer before this client paces alone. Default 1,000. */
  timeoutMs?: number;
  /** While paced alone, how often to ask the store again (as calls go by). Default 1,000. */
  rejoinEveryMs?: number;
  /** A state nothing has used for this long is dropped. Default an hour. */
  ttlMs?: number;
  /** Called once when the store fails (calls go on, paced alone) and once when it is back. */
  onStoreChange?: (change: StoreChange) => void;
}

export interface TabsCoordinatorOptions extends CoordinatorOptions {
  /** The admission window's tuning (the same fields as `admission`). */
  admission?: boolean | AdmissionConfig;
}

/** A shared pacing state, as `redisCoordinator()` and `tabsCoordinator()` make it; pass it as `coordinator`. */
export interface Coordinator {
  readonly name: string;
  /** Closes what the coordinator opened (a Redis connection made from a `url`, a BroadcastChannel). */
  close(): Promise<void>;
}

/** Every tab of this origin paces as one client of each API key. */
export function tabsCoordinator(options?: TabsCoordinatorOptions): Coordinator;

export interface CreateFetchOptions {
  /** The fetch to wrap; defaults to `globalThis.fetch` at call time. */
  fetch?: Fetch;
  /** Retry configuration for the policy createFetch makes (fields left out take the `triage` defaults). */
  retry?: RetryConfig;
  /** A policy to share (one per client: its budget and overload mode work across requests). Excludes `retry`. */
  policy?: RetryPolicy;
  /** Seed for the policy's jitter, to replay a run; random when absent. */
  seed?: number;
  /** Validate the JSON body of `POST …/v1/messages` first; an invalid one rejects with `RequestValidationError`. */
  validate?: boolean;
  /**
   * Wait before a send as the usage snapshot's `paceMs` says: until a pending `retry-after` has passed, and, when
   * a rate-limit window is nearly empty or at the observed pace would run dry before its reset, long enough
   * between sends that what remains (plus the refill) lasts until the reset.
   */
  pace?: boolean;
  /** The balance at the start, in USD: `stats()` then says what remains and warns with `balance_near`. */
  balanceUsd?: number;
  /**
   * Called with the usage report after every response is folded into the snapshot, and again when a stream ends.
   * A JSON body's `usage` is read from a clone; a stream counts its headers and the `message_start` usage it was
   * read ahead to (input and cache tokens) at once, and its final output count (the last `message_delta`) when you
   * have read it to the end. With `streamRetry: false` a stream counts by its headers only.
   */
  onUsage?: (report: UsageReport) => void;
  /** Give up rather than wait past this many ms after the first send (same as `retry.deadlineMs`). */
  deadlineMs?: number;
  /**
   * Adaptive admission, on by default: every call through this fetch waits in one fair queue for a place in a
   * concurrency window learned from the server's answers (a 529 shrinks it, successes grow it; `retry-after` and
   * `anthropic-ratelimit-requests-remaining` bound it). Share one fetch (one SDK client) across an app's calls.
   * `false` turns it off (each call retries on its own); an object tunes it.
   */
  admission?: boolean | AdmissionConfig;
  /**
   * Pace with other clients of the same API key instead of alone: the window, the request and token buckets and
   * the pause live in a store they all share, and are updated with the core's fleet step. `"tabs"`: every tab of
   * this origin (localStorage, Web Locks, BroadcastChannel; or `tabsCoordinator()` to tune it). For processes and
   * machines, `redisCoordinator()` from `claude-triage/redis`. When the store fails, calls go on paced by this
   * client alone, and re-join it when it answers again (`onStoreChange` says when).
   */
  coordinator?: "tabs" | Coordinator;
  /**
   * On by default: a 200 from `POST …/v1/messages` is read ahead until it carries output. A stream whose
   * `event: error` (or cut connection) comes before its first output, or a JSON body that is an error, is
   * classified and, as the policy decides, the whole request is sent again; the caller only ever sees the good
   * stream, with no event twice. Once output has flowed nothing is retried: a later error passes through as the
   * server sent it and is reported to `onAttempt` with `stream_output_delivered`. `false` hands every 200 over
   * unread.
   */
  streamRetry?: boolean;
  /** Called after every attempt, successful or not. */
  onAttempt?: (attempt: Attempt) => void;
  /** The clock, in epoch ms (tests inject a fake one). */
  now?: () => number;
  /** Waits `ms`, rejecting with `signal.reason` when the signal aborts (tests inject a fake one). */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/**
 * A `fetch` that validates (optionally), paces (optionally), classifies every failure, waits as the retry policy
 * decides (honouring the request's `AbortSignal` and the deadline) and sends again. A final failure resolves to
 * the last `Response` (so an SDK's own errors still work), or rejects with the last network error.
 *
 * Use it with the official SDK as `new Anthropic({ fetch: createFetch(), maxRetries: 0 })`.
 */
export function createFetch(options?: CreateFetchOptions): TriageFetch;

/** The fetch `createFetch` returns. */
export interface TriageFetch extends Fetch {
  /**
   * The usage snapshot of every response this fetch has seen, as of now: requests, token totals, cost so far,
   * each rate-limit window with its projection, warnings (`rate_limit_near`, `tokens_limit_near`, `balance_near`)
   * and `paceMs`. With `next` (a Messages request body, as text or an object) the warnings are those for sending
   * it next: the report's, plus whether its estimated tokens fit the windows and its worst-case cost the balance
   * (`estimated_cost_exceeds_balance`).
   */
  stats(next?: string | object): UsageReport;
}
