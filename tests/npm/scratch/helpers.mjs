// Shared by the tests: the vectors, triage-mock on a free port, a fake clock, and a port nobody listens on.

import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";

export function vectors(name) {
  return JSON.parse(readFileSync(join(process.env.VECTORS_DIR, `${name}.json`), "utf8"));
}

/** `curl -i` text for a response vector. */
export function curlText(v) {
  const headers = Object.entries(v.headers).map(([name, value]) => `${name}: ${value}\r\n`);
  return `HTTP/1.1 ${v.status}\r\n${headers.join("")}\r\n${v.body}`;
}

/** Starts triage-mock on a free loopback port (with extra flags, e.g. `--capacity`); resolves to `{ url, stop }`. */
export async function startMock(flags = []) {
  const child = spawn(process.env.TRIAGE_MOCK_BIN, ["--addr", "127.0.0.1:0", "--quiet", ...flags], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  const url = await new Promise((resolve, reject) => {
    let seen = "";
    const timer = setTimeout(() => reject(new Error(`triage-mock did not start: ${seen}`)), 10_000);
    child.stderr.on("data", (chunk) => {
      seen += chunk;
      const match = /listening on (http:\/\/[\d.]+:\d+)/.exec(seen);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.on("exit", (code) => reject(new Error(`triage-mock exited (${code}): ${seen}`)));
  });
  return { url, stop: () => child.kill("SIGTERM") };
}

/** A clock that only moves when the fetch sleeps; `slept` records every wait. */
export function fakeTime() {
  const time = { t: Date.now(), slept: [] };
  time.now = () => time.t;
  time.sleep = async (ms, signal) => {
    signal?.throwIfAborted();
    time.slept.push(ms);
    time.t += ms;
  };
  return time;
}

/** A loopback port that refuses connections (bound, then released). */
export async function closedPort() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

let keys = 0;
/** A fresh, obviously fake key: triage-mock counts `overloaded-then-ok` calls per key. */
export function fakeKey(label = "") {
  keys += 1;
  return `sk-ant-api03-test-FAKE-${label}${process.pid}-${keys}`;
}

// A current model: the SDK prints a deprecation warning for older ones.
export const request = {
  model: "claude-opus-4-7",
  max_tokens: 64,
  messages: [{ role: "user", content: "Hello" }],
};

export function messagesInit(key, body = request) {
  return {
    method: "POST",
    headers: { "content-type": "application/json", "x-api-key": key, "anthropic-version": "2023-06-01" },
    body: typeof body === "string" ? body : JSON.stringify(body),
  };
}
