// A real redis-server for the tests: on a free loopback port, with no persistence and a fresh directory, killed
// when the test process exits. `cargo xtask test npm` installs it (apt `redis-server`) and passes its path as
// REDIS_SERVER; /usr/bin/redis-server otherwise.
//
//   const redis = await startRedis();
//   redis.url            "redis://127.0.0.1:<port>"
//   await redis.pause()  SIGSTOP: the server holds every connection and answers nothing (a hung store)
//   await redis.resume() SIGCONT
//   await redis.restart() stop, then start again on the same port with its data gone (a store that lost its keys)
//   await redis.stop()

import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createConnection, createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

const BINARY = process.env.REDIS_SERVER || "/usr/bin/redis-server";
const READY_TIMEOUT_MS = 10_000;

/** Every server still running, killed at exit (a test that fails mid-way must not leave one behind). */
const running = new Set();
process.on("exit", () => {
  for (const child of running) child.kill("SIGKILL");
});

/** A port nothing listens on right now (the kernel's choice, released before the server binds it). */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Resolves when the server at `port` answers PING with PONG; rejects after READY_TIMEOUT_MS or if it exits. */
function ready(port, child, output) {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  return new Promise((resolve, reject) => {
    let done = false;
    const finish = (error) => {
      if (done) return;
      done = true;
      child.off("exit", onExit);
      if (error) reject(error);
      else resolve();
    };
    const onExit = (code, signal) =>
      finish(new Error(`redis-server exited (${signal ?? code}) before answering PING: ${output()}`));
    child.on("exit", onExit);
    const attempt = () => {
      if (done) return;
      if (Date.now() > deadline) {
        finish(new Error(`redis-server on port ${port} did not answer PING within ${READY_TIMEOUT_MS} ms: ${output()}`));
        return;
      }
      const socket = createConnection({ host: "127.0.0.1", port });
      let reply = "";
      const retry = () => {
        socket.destroy();
        setTimeout(attempt, 50);
      };
      socket.setTimeout(1_000, retry);
      socket.on("error", retry);
      socket.on("connect", () => socket.write("PING\r\n"));
      socket.on("data", (chunk) => {
        reply += chunk;
        if (reply.includes("\r\n")) {
          socket.destroy();
          if (reply.startsWith("+PONG")) finish();
          else setTimeout(attempt, 50); // -LOADING and the like
        }
      });
    };
    attempt();
  });
}

function launch(port, dir) {
  const child = spawn(
    BINARY,
    ["--bind", "127.0.0.1", "--port", String(port), "--save", "", "--appendonly", "no", "--dir", dir],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  let seen = "";
  const keep = (chunk) => {
    seen = (seen + chunk).slice(-4_000);
  };
  child.stdout.on("data", keep);
  child.stderr.on("data", keep);
  child.on("error", (error) => {
    seen += `\n${error.message}`;
  });
  running.add(child);
  child.on("exit", () => running.delete(child));
  return { child, output: () => seen.trim() || "(no output)" };
}

function exited(child) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once("exit", () => resolve()));
}

/** Starts redis-server; resolves to `{ port, url, stop, pause, resume, restart }`. */
export async function startRedis() {
  const port = await freePort();
  let dir = mkdtempSync(join(tmpdir(), "claude-triage-redis-"));
  let server = launch(port, dir);
  await ready(port, server.child, server.output);

  const stop = async () => {
    const { child } = server;
    child.kill("SIGCONT"); // a paused server cannot act on SIGTERM
    child.kill("SIGKILL");
    await exited(child);
    rmSync(dir, { recursive: true, force: true });
  };
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    stop,
    async pause() {
      server.child.kill("SIGSTOP");
    },
    async resume() {
      server.child.kill("SIGCONT");
    },
    async restart() {
      await stop();
      dir = mkdtempSync(join(tmpdir(), "claude-triage-redis-"));
      server = launch(port, dir);
      await ready(port, server.child, server.output);
    },
  };
}
