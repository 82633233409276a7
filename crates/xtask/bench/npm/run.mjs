// Runs one benchmark of the npm package: `node run.mjs <bench.mjs> [file…]`. Installs the packed claude-triage
// tarball into a scratch project as a user would (`npm install <tarball>`, offline), copies the bench, mock.mjs
// and the other files it imports (paths from the repository's root) there and runs it from inside that project, so
// `import "claude-triage"` resolves through the package's own exports map, and the pinned SDK and ioredis from this
// folder's node_modules. Run by `cargo xtask bench`, which sets:
//   CLAUDE_TRIAGE_TARBALL  the tarball from `npm pack`
//   TRIAGE_MOCK_BIN        the triage-mock binary
//   BENCH_JSON             where the bench writes its figures
//   BENCH_TIMEOUT_MS       the backstop if the whole bench wedges anyway (each bench bounds its own steps)
// and the bench's own variables (overload.mjs: OVERLOAD_ROW_TIMEOUT_MS, OVERLOAD_SHAPES; fleet.mjs: REDIS_SERVER).

import { copyFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { basename, dirname, join, resolve } from "node:path";
import { installPackage, run } from "../../../../tests/npm/scratch-project.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "../../../..");
const tarball = process.env.CLAUDE_TRIAGE_TARBALL;
const [bench, ...imports] = process.argv.slice(2);
if (!tarball || !process.env.TRIAGE_MOCK_BIN || !process.env.BENCH_JSON || !bench) {
  console.error("usage: node run.mjs <bench.mjs> [file…], with CLAUDE_TRIAGE_TARBALL, TRIAGE_MOCK_BIN and BENCH_JSON set (cargo xtask bench does)");
  process.exit(2);
}

// Inside this folder, so the pinned packages resolve from its node_modules.
const project = installPackage(here, tarball, "claude-triage-bench-scratch");
for (const file of [bench, "mock.mjs"]) {
  copyFileSync(join(here, file), join(project, file));
}
for (const file of imports) {
  copyFileSync(join(root, file), join(project, basename(file)));
}
const timeout = Number(process.env.BENCH_TIMEOUT_MS ?? 3_600_000);
// A bench stops its servers on SIGTERM.
process.exit(run("node", [bench], { cwd: project, timeout, killSignal: "SIGTERM" }) === 0 ? 0 : 1);
