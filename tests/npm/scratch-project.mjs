// A scratch project with the packed claude-triage tarball installed as a user would install it (`npm install
// <tarball>`, offline), so `import "claude-triage"` resolves through the package's own exports map. Shared by the
// npm tests (run-tests.mjs) and the npm benches (crates/xtask/bench/npm/run.mjs).

import { spawnSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";

// Makes `<folder>/.scratch` anew and installs the tarball there. Inside `folder`, so the packages pinned in that
// folder's own node_modules (the SDK, ioredis, Playwright…) resolve from the scratch project too.
export function installPackage(folder, tarball, name) {
  const project = join(folder, ".scratch");
  rmSync(project, { recursive: true, force: true });
  mkdirSync(project);
  writeFileSync(join(project, "package.json"), JSON.stringify({ name, private: true, type: "module" }, null, 2));
  const install = ["install", "--offline", "--no-audit", "--no-fund", "--no-package-lock", resolve(tarball)];
  if (run("npm", install, { cwd: project }) !== 0) {
    process.exit(1);
  }
  return project;
}

// Runs a command visibly and gives back its exit status, saying why when it failed.
export function run(program, args, { cwd, env = {}, timeout, killSignal } = {}) {
  console.log(`  $ ${program} ${args.join(" ")}`);
  const result = spawnSync(program, args, {
    cwd,
    stdio: "inherit",
    env: { ...process.env, ...env },
    timeout,
    killSignal,
  });
  if (result.status === 0) {
    return 0;
  }
  const why = result.error ? `: ${result.error.message}` : result.signal ? ` (${result.signal})` : "";
  console.error(`\`${program} ${args.join(" ")}\` failed${why}`);
  return result.status ?? 1;
}
