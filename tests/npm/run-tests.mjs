// Installs the packed claude-triage tarball into a scratch project as a user would (`npm install <tarball>`,
// offline) and runs the tests in scratch/ from inside that project, so `import "claude-triage"` resolves
// through the package's own exports map. Run by `cargo xtask test npm`, which sets:
//   CLAUDE_TRIAGE_TARBALL  the tarball from `npm pack`
//   TRIAGE_MOCK_BIN        the triage-mock binary

import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";

const here = dirname(fileURLToPath(import.meta.url));
const tarball = process.env.CLAUDE_TRIAGE_TARBALL;
if (!tarball || !process.env.TRIAGE_MOCK_BIN) {
  console.error("run-tests.mjs: set CLAUDE_TRIAGE_TARBALL and TRIAGE_MOCK_BIN (cargo xtask test npm does)");
  process.exit(2);
}

// Inside tests/npm, so the test-only dependencies (SDK, TypeScript, Playwright) resolve from its node_modules.
const project = join(here, ".scratch");
rmSync(project, { recursive: true, force: true });
mkdirSync(project);
writeFileSync(
  join(project, "package.json"),
  JSON.stringify({ name: "claude-triage-scratch", private: true, type: "module" }, null, 2),
);
run("npm", ["install", "--offline", "--no-audit", "--no-fund", "--no-package-lock", tarball], project);
cpSync(join(here, "scratch"), project, { recursive: true });

const vectors = join(here, "../vectors");
const status = run("node", ["--test", "--test-concurrency=1"], project, { VECTORS_DIR: vectors }, false);
process.exit(status);

function run(program, args, cwd, env = {}, mustPass = true) {
  console.log(`  $ ${program} ${args.join(" ")}`);
  const result = spawnSync(program, args, { cwd, stdio: "inherit", env: { ...process.env, ...env } });
  if (mustPass && result.status !== 0) {
    console.error(`run-tests.mjs: \`${program} ${args.join(" ")}\` failed`);
    process.exit(1);
  }
  return result.status ?? 1;
}
