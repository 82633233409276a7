// The overload benchmark (issue 21): retry strategies side by side against triage-mock with a capacity.
// Installs the packed claude-triage tarball into a scratch project as a user would (`npm install <tarball>`,
// offline), copies shapes.mjs there and runs it from inside that project, so `import "claude-triage"` resolves
// through the package's own exports map (and the pinned SDK from this folder's node_modules). Run by
// `cargo xtask bench`, which sets:
//   CLAUDE_TRIAGE_TARBALL  the tarball from `npm pack`
//   TRIAGE_MOCK_BIN        the triage-mock binary
// Optional: OVERLOAD_JSON (where the figures go; default target/bench/overload.json), OVERLOAD_ROW_TIMEOUT_MS
// (default 120000), OVERLOAD_SHAPES (comma-separated shape names, default all).

import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { dirname, join, resolve } from "node:path";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "../../../..");
const tarball = process.env.CLAUDE_TRIAGE_TARBALL;
if (!tarball || !process.env.TRIAGE_MOCK_BIN) {
  console.error("run.mjs: set CLAUDE_TRIAGE_TARBALL and TRIAGE_MOCK_BIN (cargo xtask bench does)");
  process.exit(2);
}

// Inside this folder, so the pinned SDK resolves from its node_modules.
const project = join(here, ".scratch");
rmSync(project, { recursive: true, force: true });
mkdirSync(project);
writeFileSync(
  join(project, "package.json"),
  JSON.stringify({ name: "claude-triage-bench-scratch", private: true, type: "module" }, null, 2),
);
run("npm", ["install", "--offline", "--no-audit", "--no-fund", "--no-package-lock", resolve(tarball)], project);
copyFileSync(join(here, "shapes.mjs"), join(project, "shapes.mjs"));

const env = {
  OVERLOAD_JSON: process.env.OVERLOAD_JSON ?? join(root, "target/bench/overload.json"),
};
// Every row is bounded by its own timeout; this is the backstop if the whole run wedges anyway.
const rowTimeout = Number(process.env.OVERLOAD_ROW_TIMEOUT_MS ?? 120_000);
const status = run("node", ["shapes.mjs"], project, env, { timeout: 3 * 5 * (rowTimeout + 30_000) });
process.exit(status);

function run(program, args, cwd, env = {}, { timeout } = {}) {
  console.log(`  $ ${program} ${args.join(" ")}`);
  const result = spawnSync(program, args, {
    cwd,
    stdio: "inherit",
    env: { ...process.env, ...env },
    timeout,
    // shapes.mjs stops its triage-mock on SIGTERM.
    killSignal: "SIGTERM",
  });
  if (result.status !== 0) {
    const why = result.error ? `: ${result.error.message}` : result.signal ? ` (${result.signal})` : "";
    console.error(`run.mjs: \`${program} ${args.join(" ")}\` failed${why}`);
    process.exit(1);
  }
  return 0;
}
