// Runs in the browser page: every vector through the package imported by name, and one simulation.
import { createFetch, explain, validate } from "claude-triage";
import { simulate } from "claude-triage/simulate";

const failures = [];
const check = (ok, what) => ok || failures.push(what);
const load = async (name) => (await fetch(`/vectors/${name}.json`)).json();

const requests = await load("requests");
for (const v of requests) {
  const report = validate(v.body);
  check(report.ok === v.expect.ok, `${v.name}: ok`);
  for (const want of v.expect.errors) {
    check(report.diagnostics.some((d) => d.code === want.code && d.path === want.path), `${v.name}: ${want.code}`);
  }
}

const responses = await load("responses");
for (const v of responses) {
  for (const [how, e] of [
    ["parts", explain({ status: v.status, headers: v.headers, body: v.body })],
    ["Response", await explain(new Response(v.body, { status: v.status, headers: v.headers }))],
  ]) {
    const { expect } = v;
    if (expect.kind) check(e.kind === expect.kind, `${v.name} (${how}): kind ${e.kind}`);
    if (expect.cause) check(e.cause === expect.cause, `${v.name} (${how}): cause ${e.cause}`);
    if (expect.retryable !== undefined) check(e.retry.retryable === expect.retryable, `${v.name} (${how}): retryable`);
    for (const [field, value] of Object.entries(expect.fields ?? {})) {
      check(JSON.stringify(e.fields[field]) === JSON.stringify(value), `${v.name} (${how}): fields.${field}`);
    }
  }
}

// A cross-origin fetch that fails is opaque in a browser: most likely CORS, possibly the network.
const thrown = await fetch("http://127.0.0.1:9/v1/messages").catch((e) => e);
const crossOrigin = explain(thrown, { url: "http://127.0.0.1:9/v1/messages" }).kind;
const sameOrigin = explain(thrown, { url: `${location.origin}/v1/messages` }).kind;

// createFetch asks a server whose cross-origin fetch failed once more with no-cors: an answer means the browser
// withheld the response (CORS, not retried), silence means the network (retried). `localhost` is another origin
// than the page's 127.0.0.1, and this static server sends no CORS headers.
async function attemptCauses(url) {
  const causes = [];
  const triageFetch = createFetch({
    retry: { maxAttempts: 2 },
    sleep: async () => {},
    onAttempt: (a) => causes.push(a.explanation?.cause),
  });
  await triageFetch(url, { method: "POST", body: "{}" }).catch(() => {});
  return causes;
}
const probed = {
  cors: await attemptCauses(`http://localhost:${location.port}/v1/messages`),
  dead: await attemptCauses("http://127.0.0.1:9/v1/messages"),
};

const [simulated] = simulate({ clients: 10, strategies: ["triage"], seed: 1 });

window.result = { failures, requests: requests.length, responses: responses.length, crossOrigin, sameOrigin, probed, simulated };
