// The validate benchmark (issue 26): `validate(text)` from the installed npm package against `JSON.parse` on
// the same text, in one process, interleaved (one validate, one JSON.parse, again), so both see the same
// machine state; the figure that matters is their ratio. Installs the packed tarball into a scratch project
// as a user would (`npm install <tarball>`, offline) and times from inside it. Run by `cargo xtask bench`:
//   CLAUDE_TRIAGE_TARBALL  the tarball from `npm pack`
//   VALIDATE_INPUTS        comma-separated name=file pairs (the seeded transcripts xtask wrote)
//   VALIDATE_JSON          where the figures go
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const { CLAUDE_TRIAGE_TARBALL: tarball, VALIDATE_INPUTS: inputs, VALIDATE_JSON: out } = process.env;
if (!tarball || !inputs || !out) {
  console.error("run.mjs: set CLAUDE_TRIAGE_TARBALL, VALIDATE_INPUTS and VALIDATE_JSON (cargo xtask bench does)");
  process.exit(2);
}

const project = join(here, ".scratch");
rmSync(project, { recursive: true, force: true });
mkdirSync(project);
writeFileSync(join(project, "package.json"), JSON.stringify({ name: "scratch", private: true, type: "module" }));
const npm = spawnSync("npm", ["install", "--offline", "--no-audit", "--no-fund", "--no-package-lock", resolve(tarball)], {
  cwd: project,
  stdio: "inherit",
});
if (npm.status !== 0) process.exit(npm.status ?? 1);
writeFileSync(join(project, "time.mjs"), readFileSync(join(here, "time.mjs")));
const run = spawnSync("node", ["--expose-gc", "time.mjs"], { cwd: project, stdio: "inherit", env: process.env });
process.exit(run.status ?? 1);
