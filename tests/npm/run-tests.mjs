// Installs the packed claude-triage tarball into a scratch project as a user would (`npm install <tarball>`,
// offline) and runs the tests in scratch/ from inside that project, so `import "claude-triage"` resolves
// through the package's own exports map. Run by `cargo xtask test npm`, which sets:
//   CLAUDE_TRIAGE_TARBALL  the tarball from `npm pack`
//   TRIAGE_MOCK_BIN        the triage-mock binary

import { cpSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";
import { installPackage, run } from "./scratch-project.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const tarball = process.env.CLAUDE_TRIAGE_TARBALL;
if (!tarball || !process.env.TRIAGE_MOCK_BIN) {
  console.error("run-tests.mjs: set CLAUDE_TRIAGE_TARBALL and TRIAGE_MOCK_BIN (cargo xtask test npm does)");
  process.exit(2);
}

// Inside tests/npm, so the test-only dependencies (SDK, TypeScript, Playwright) resolve from its node_modules.
const project = installPackage(here, tarball, "claude-triage-scratch");
cpSync(join(here, "scratch"), project, { recursive: true });

const vectors = join(here, "../vectors");
process.exit(run("node", ["--test", "--test-concurrency=1"], { cwd: project, env: { VECTORS_DIR: vectors } }));
