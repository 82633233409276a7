// A TypeScript user's program: must type-check under `strict` against the installed package's declarations.
import Anthropic from "@anthropic-ai/sdk";
import {
  createFetch,
  explain,
  explainResponse,
  rateLimits,
  RequestValidationError,
  RetryPolicy,
  schedule,
  Usage,
  validate,
  type Attempt,
  type Decision,
  type Diagnostic,
  type Explanation,
  type Kind,
  type Pacing,
  type Report,
  type RetryConfig,
  type RetryPolicySnapshot,
  type UsageReport,
  type Warning,
  type WarningCode,
} from "claude-triage";
import { simulate, type SimOptions, type SimResult, type Strategy } from "claude-triage/simulate";

const report: Report = validate({ model: "claude-sonnet-4-5", max_tokens: 16, messages: [] });
const firstError: Diagnostic | undefined = report.diagnostics.find((d) => d.severity === "error");
const line: number | undefined = firstError?.line;

const parts: Explanation = explain({ status: 529, headers: { "request-id": "req_1" }, body: "" });
const raw: Explanation = explain("HTTP/1.1 429 Too Many Requests\r\nretry-after: 20\r\n\r\n");
const kind: Kind = parts.kind;
const retryAfter: number | undefined = raw.retry.afterMs;
const fieldNames: string[] = Object.keys(parts.fields);

async function fromResponse(response: Response): Promise<Explanation> {
  return explain(response);
}

function fromThrown(error: unknown): Explanation | undefined {
  if (error instanceof Anthropic.APIError) return explain(error);
  if (error instanceof TypeError) return explain(error, { url: "https://api.anthropic.com/v1/messages" });
  return undefined;
}

const config: RetryConfig = { strategy: "triage", maxAttempts: 4, budget: { capacity: 10 } };
const policy = new RetryPolicy(config, 42);
const decision: Decision = policy.decide(parts, 1);
const later: Decision = policy.decide(parts, 2, 1500, false);
const delay: number = decision.delayMs;
const pacing: Pacing = policy.pace(rateLimits({ "anthropic-ratelimit-requests-remaining": "0" }), Date.now());
const snapshot: RetryPolicySnapshot = policy.toJSON();
const restored: RetryPolicy = RetryPolicy.fromJSON(snapshot);
const timeline: Decision[] = schedule(explainResponse({ status: 503 }), config, 1, 5);
const strategies: Strategy[] = ["exponential", "triage"];
const simOptions: SimOptions = { model: "overload", clients: 10, strategies, seed: 1 };
const rows: SimResult[] = simulate(simOptions);

const attempts: Attempt[] = [];
const client = new Anthropic({
  apiKey: "sk-ant-api03-test-FAKE",
  maxRetries: 0,
  fetch: createFetch({
    validate: true,
    pace: true,
    deadlineMs: 30_000,
    seed: 7,
    onAttempt: (attempt) => attempts.push(attempt),
    sleep: (ms: number, signal?: AbortSignal) =>
      new Promise<void>((resolve) => {
        signal?.throwIfAborted();
        setTimeout(resolve, ms);
      }),
  }),
});

async function send(): Promise<string> {
  try {
    const message = await client.messages.create({
      model: "claude-sonnet-4-5",
      max_tokens: 64,
      messages: [{ role: "user", content: "Hello" }],
    });
    return message.id;
  } catch (error) {
    if (error instanceof Anthropic.APIConnectionError && error.cause instanceof RequestValidationError) {
      return error.cause.report.diagnostics.map((d) => d.code).join(", ");
    }
    return fromThrown(error)?.fix ?? "unknown";
  }
}

const plainFetch: typeof fetch = createFetch({ policy });

const reports: UsageReport[] = [];
const metered = createFetch({ pace: true, balanceUsd: 5, onUsage: (report) => reports.push(report) });
const stats: UsageReport = metered.stats();
const costSoFar: number = stats.costUsd;
const gauge: number | undefined = stats.windows[0]?.usedFraction;
const projection: string | undefined = stats.windows[0]?.projection;
const beforeBig: WarningCode[] = metered.stats({ model: "claude-opus-4-7", max_tokens: 32000, messages: [] }).warnings.map((w) => w.code);
const own = new Usage(2.5);
own.observe({ status: 200, headers: { "anthropic-ratelimit-requests-remaining": "3" }, body: "" }, Date.now(), 1024, "claude-haiku-4-5");
const ownReport: UsageReport = own.report(Date.now());
const preflight: Warning[] = own.preflight("{}", Date.now());

export {
  line,
  kind,
  retryAfter,
  fieldNames,
  fromResponse,
  delay,
  pacing,
  restored,
  timeline,
  rows,
  send,
  plainFetch,
  costSoFar,
  gauge,
  projection,
  beforeBig,
  ownReport,
  preflight,
};
