// triage-mock for the benches: started on a free loopback port, stopped when the bench is (run.mjs's backstop sends
// SIGTERM) or exits.

import { spawn } from "node:child_process";

const mocks = new Set();
process.on("SIGTERM", () => {
  for (const child of mocks) {
    child.kill("SIGTERM");
  }
  process.exit(143);
});
process.on("exit", () => {
  for (const child of mocks) {
    child.kill("SIGKILL");
  }
});

/** Starts triage-mock on a free loopback port; resolves to `{ url, stop }` (`stop` waits for it to exit). */
export function startMock(flags) {
  const child = spawn(process.env.TRIAGE_MOCK_BIN, ["--addr", "127.0.0.1:0", "--quiet", ...flags], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  mocks.add(child);
  const exited = new Promise((resolve) => child.on("exit", resolve));
  exited.then(() => mocks.delete(child));
  return new Promise((resolve, reject) => {
    let seen = "";
    const timer = setTimeout(() => {
      child.kill("SIGTERM");
      reject(new Error(`triage-mock did not start: ${seen}`));
    }, 10_000);
    child.stderr.on("data", (chunk) => {
      seen += chunk;
      const match = /listening on (http:\/\/[\d.]+:\d+)/.exec(seen);
      if (match) {
        clearTimeout(timer);
        resolve({
          url: match[1],
          stop: () => {
            child.kill("SIGTERM");
            return exited;
          },
        });
      }
    });
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`triage-mock exited (${code}): ${seen}`));
    });
  });
}
