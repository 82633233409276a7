// The hostile corpus: inputs built to break a parser, a header reader or the boundary between JavaScript and wasm.
// The same module runs in Node (hostile.test.mjs) and in Chromium (browser.test.mjs), because the wasm is built
// with `panic = "abort"`: a panic would not be an exception but a trap that leaves the module unusable for the
// whole page. So every case must come back as a result or as an ordinary `Error` with a message, never as a
// `WebAssembly.RuntimeError`, and the module must still answer afterwards.

const MINIMAL = '{"model":"claude-sonnet-4-5","max_tokens":16,"messages":[{"role":"user","content":"hi"}]}';

const repeat = (text, n) => text.repeat(n);
const request = (overrides) => JSON.stringify({ model: "claude-sonnet-4-5", max_tokens: 16, messages: [{ role: "user", content: "hi" }], ...overrides });
const curl = (status, headerLines, body) => `HTTP/2 ${status}\r\n${headerLines.join("\r\n")}\r\n\r\n${body}`;
const errorBody = (type, message) => JSON.stringify({ type: "error", error: { type, message } });

/** Each case: a name and a function of the package's exports that returns a value (or a promise of one). */
export function hostileCases() {
  const cyclic = { model: "claude-sonnet-4-5" };
  cyclic.self = cyclic;
  const invalidUtf8 = new Uint8Array([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0xc3, 0x28, 0xed, 0xa0, 0x80, 0x22, 0x7d]);
  const binary = new Uint8Array(64 * 1024).map((_, i) => (i * 7919 + 13) & 0xff);
  return [
    ["10,000-deep arrays", ({ validate }) => validate(repeat("[", 10_000) + repeat("]", 10_000))],
    ["10,000-deep objects", ({ validate }) => validate(repeat('{"a":', 10_000) + "1" + repeat("}", 10_000))],
    // Built as text: JSON.stringify of the nested value would overflow Node's own stack first.
    ["10,000-deep message content", ({ validate }) => validate(MINIMAL.replace('"hi"', repeat("[", 10_000) + repeat("]", 10_000)))],
    ["100,001 messages", ({ validate }) => validate(request({ messages: Array.from({ length: 100_001 }, (_, i) => ({ role: i % 2 ? "assistant" : "user", content: "x" })) }))],
    ["30 MB body", ({ validate }) => validate(request({ messages: [{ role: "user", content: repeat("a", 30 * 1024 * 1024) }] }))],
    ["10 MB single-line string, unterminated", ({ validate }) => validate('{"model":"' + repeat("b", 10 * 1024 * 1024))],
    ["100,000 keys in one object", ({ validate }) => validate("{" + Array.from({ length: 100_000 }, (_, i) => `"k${i}":${i}`).join(",") + "}")],
    ["invalid UTF-8 bytes as a response body", ({ explain }) => explain(new Response(invalidUtf8, { status: 400 }))],
    ["lone surrogates", ({ validate }) => validate(request({ system: "\ud800 and \udfff", messages: [{ role: "user", content: "\udbff" }] }))],
    ["escaped lone surrogates in JSON text", ({ validate }) => validate('{"model":"\\ud800","max_tokens":1,"messages":[]}')],
    ["1e400 and -1e400", ({ validate }) => validate('{"model":"claude-sonnet-4-5","max_tokens":1e400,"temperature":-1e400,"messages":[]}')],
    ["2^64 and 1e-400", ({ validate }) => validate('{"model":"claude-sonnet-4-5","max_tokens":18446744073709551616,"top_p":1e-400,"messages":[]}')],
    ["NUL bytes", ({ validate, explain }) => [validate('{"model":"claude\u0000sonnet","max_tokens":1,"messages":[{"role":"user","content":"\\u0000"}]}'), explain("HTTP/2 400\r\n\r\n\u0000\u0000{")]],
    ["BOM, RTL override, ZWJ emoji, combining marks", ({ validate }) => validate("\ufeff" + request({ model: "claude\u202e-sonnet", tools: [{ name: "👩‍👩‍👧‍👦e\u0301", input_schema: { type: "object" } }] }))],
    ["wrong types everywhere", ({ validate }) => validate(request({ model: 5, max_tokens: "many", messages: { role: "user" }, tools: "all", stream: "yes", system: [1, null, true] }))],
    ["not a request at all", ({ validate }) => [validate("null"), validate("[]"), validate('"text"'), validate(""), validate("   ")]],
    ["a cyclic object", ({ validate }) => validate(cyclic)],
    ["undefined, a number, a symbol", ({ validate }) => [validate(undefined), validate(42), validate(Symbol("s"))]],
    ["100 KB retry-after", ({ explain }) => explain({ status: 429, headers: { "retry-after": repeat("9", 100 * 1024) }, body: errorBody("rate_limit_error", "slow down") })],
    ["odd retry-after values", ({ explain }) => ["-5", "1e400", "NaN", "Fri, 31 Dec 99999 23:59:59 GMT", "\u0000", "0x10"].map((v) => explain({ status: 529, headers: { "retry-after": v }, body: "" }))],
    ["100,000 header lines", ({ explain }) => explain(curl(429, Array.from({ length: 100_000 }, (_, i) => `x-h${i}: ${i}`), errorBody("rate_limit_error", "x")))],
    ["a 64 KB binary body", ({ explain }) => explain(new Response(binary, { status: 500, headers: { "content-type": "application/octet-stream" } }))],
    ["an HTML error page from a proxy", ({ explain }) => explain({ status: 502, headers: { "content-type": "text/html" }, body: "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>cloudflare</center></body></html>" + repeat("<div>", 50_000) })],
    ["a truncated SSE stream and 100,000 pings", ({ explain }) => [explain(curl(200, ["content-type: text/event-stream"], 'event: message_start\ndata: {"type":"message_st')), explain(curl(200, ["content-type: text/event-stream"], repeat('event: ping\ndata: {"type":"ping"}\n\n', 100_000)))]],
    ["an error body nested 10,000 deep", ({ explain }) => explain({ status: 400, headers: {}, body: repeat('{"error":', 10_000) + "1" + repeat("}", 10_000) })],
    ["explain: a status that is not a number", ({ explain }) => explain({ status: "abc", headers: 5, body: 7 })],
    ["explain: a status of 1e10", ({ explain }) => explain({ status: 1e10, headers: {}, body: "" })],
    ["explain: a negative status", ({ explain }) => explain({ status: -1, headers: {}, body: "" })],
    ["RetryPolicy from absurd numbers", ({ RetryPolicy }) => new RetryPolicy({ baseMs: 1e300, capMs: -1, maxAttempts: 4294967296, budget: { capacity: -5, retryCost: 1e308 } }, 1)],
    ["RetryPolicy from wrong types", ({ RetryPolicy }) => new RetryPolicy({ strategy: "warp", baseMs: "fast", budget: [] }, "seed")],
    ["decide with absurd attempt and elapsed", ({ RetryPolicy, explain }) => new RetryPolicy({ budget: { capacity: 1e308 } }, 1).decide(explain({ status: 529, headers: {}, body: "" }), 2 ** 40, 1e300, true)],
    ["decide with half an explanation", ({ RetryPolicy }) => new RetryPolicy({}, 1).decide({ kind: "overloaded_error" }, 1)],
    ["schedule a billion attempts", ({ schedule, explain }) => schedule(explain({ status: 529, headers: {}, body: "" }), { maxAttempts: 1e9 }, 1, 1e9)],
  ];
}

/** Runs every case; returns one line per case and whether the module still works after all of them. */
export async function runHostile(api) {
  const results = [];
  for (const [name, run] of hostileCases()) {
    const started = performance.now();
    let outcome;
    let message;
    try {
      await run(api);
      outcome = "result";
    } catch (error) {
      // A trap is a RuntimeError ("unreachable"); anything else is the boundary saying what it did not accept.
      outcome = error instanceof WebAssembly.RuntimeError ? `trap: ${error.message}` : error?.message ? "error" : `bad throw: ${String(error)}`;
      message = String(error?.message ?? error).slice(0, 160);
    }
    results.push({ name, outcome, message, ms: Math.round(performance.now() - started) });
  }
  const stillWorks = api.validate(MINIMAL).ok === true && api.explain({ status: 529, headers: {}, body: "" }).kind === "overloaded_error";
  return { results, stillWorks };
}
