// The installed package in headless Chromium: a plain page imports it by name (an import map pointing at the
// exports map's browser entry, as a no-bundler user would write) and runs every vector.

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { extname, join, normalize } from "node:path";
import { chromium } from "playwright-core";
import { checkHostile } from "./hostile-check.mjs";
import { startMock } from "./helpers.mjs";

const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";
const TYPES = { ".html": "text/html", ".js": "text/javascript", ".mjs": "text/javascript", ".json": "application/json", ".wasm": "application/wasm" };

let server;
let origin;
let browser;

before(async () => {
  const roots = { "/vectors/": process.env.VECTORS_DIR, "/": process.cwd() };
  const pages = {
    "/page.html": await browserPage("/page.mjs"),
    "/hostile.html": await browserPage("/hostile-page.mjs"),
    "/tabs.html": await browserPage("/tabs-page.mjs"),
  };
  server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    if (pages[path] !== undefined) {
      res.writeHead(200, { "content-type": "text/html" }).end(pages[path]);
      return;
    }
    const [prefix, root] = Object.entries(roots).find(([p]) => path.startsWith(p));
    const file = normalize(join(root, path.slice(prefix.length)));
    if (!file.startsWith(root) || !existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" });
    res.end(await readFile(file));
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${server.address().port}`;
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--disable-quic",
    ],
  });
});

/**
 * The page a no-bundler user writes: an import map sending "claude-triage" and "claude-triage/simulate" to the
 * entries the package's exports map gives browsers (the "default" condition), then a module that imports them by
 * name.
 */
async function browserPage(script) {
  const pkg = JSON.parse(await readFile("node_modules/claude-triage/package.json", "utf8"));
  const entry = (subpath) => `/node_modules/claude-triage/${pkg.exports[subpath].default.replace(/^\.\//, "")}`;
  const imports = JSON.stringify({
    imports: { "claude-triage": entry("."), "claude-triage/simulate": entry("./simulate") },
  });
  return `<!doctype html><meta charset="utf-8"><title>claude-triage</title>
<script type="importmap">${imports}</script>
<script type="module" src="${script}"></script>`;
}

after(async () => {
  await browser?.close();
  server?.close();
});

test("a page imports the installed package and gets every vector right, and simulates", async () => {
  const page = await browser.newPage();
  const problems = [];
  page.on("pageerror", (e) => problems.push(String(e)));
  await page.goto(`${origin}/page.html`);
  const result = await page.waitForFunction(() => window.result, undefined, { timeout: 30_000 }).then((h) => h.jsonValue());
  assert.deepEqual(problems, []);
  assert.deepEqual(result.failures, []);
  assert.ok(result.requests > 0 && result.responses > 0, JSON.stringify(result));
  assert.equal(result.crossOrigin, "cors_blocked");
  assert.equal(result.sameOrigin, "network_error");
  assert.deepEqual(result.probed, { cors: ["cors_blocked"], dead: ["network_error", "network_error"] });
  assert.equal(result.simulated.policy, "triage", JSON.stringify(result.simulated));
  assert.ok(result.simulated.calls > 0, JSON.stringify(result.simulated));
});

test("every hostile input gets a result or a clear error in Chromium, and the page's module still answers", async () => {
  const page = await browser.newPage();
  const problems = [];
  page.on("pageerror", (e) => problems.push(String(e)));
  await page.goto(`${origin}/hostile.html`);
  const result = await page.waitForFunction(() => window.hostile, undefined, { timeout: 120_000 }).then((h) => h.jsonValue());
  assert.deepEqual(problems, []);
  assert.equal(result.thrown, undefined);
  checkHostile(result, "chromium");
});

test("five tabs with coordinator \"tabs\" pace as one client; alone, they trip the limit", async () => {
  // 60 requests a minute of burst at 600 RPM: five tabs of 18 calls each are 90, so the limit binds.
  const mock = await startMock(["--rpm", "600"]);
  const context = await browser.newContext();
  try {
    const tabs = await Promise.all(
      Array.from({ length: 5 }, async () => {
        const page = await context.newPage();
        await page.goto(`${origin}/tabs.html`);
        await page.waitForFunction(() => window.ready, undefined, { timeout: 30_000 });
        return page;
      }),
    );
    const run = async (coordinated, key) =>
      Promise.all(
        tabs.map((page) =>
          page.evaluate((options) => window.run(options), { mock: mock.url, key, tabs: coordinated, concurrency: 3, calls: 18 }),
        ),
      );
    const sum = (figures, field) => figures.reduce((n, f) => n + f[field], 0);
    const coordinated = await run(true, "sk-ant-api03-test-FAKE-tabs-shared");
    const alone = await run(false, "sk-ant-api03-test-FAKE-tabs-alone");
    const report = (figures) =>
      `${sum(figures, "ok")} ok, ${sum(figures, "failed")} failed, ${sum(figures, "rateLimited")} 429s in ${sum(figures, "network")} sends`;
    console.log(`  tabs coordinated: ${report(coordinated)}; alone: ${report(alone)}`);
    assert.equal(sum(coordinated, "ok"), 90, JSON.stringify(coordinated.map((f) => f.error)));
    assert.ok(sum(coordinated, "rateLimited") <= Math.max(1, 0.02 * sum(coordinated, "network")), report(coordinated));
    assert.ok(sum(alone, "rateLimited") > 5 * Math.max(1, sum(coordinated, "rateLimited")), report(alone));
    const stored = coordinated[0].storage;
    assert.ok(!stored.includes("sk-ant"), "IndexedDB holds no key");
    assert.match(stored, /claude-triage:fleet:[0-9a-f]{32}/);
  } finally {
    await context.close();
    mock.stop();
  }
});
