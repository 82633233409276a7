// The package's types as a TypeScript user meets them: `tsc --noEmit` over usage.ts, strict, NodeNext resolution.

import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";

test("a TypeScript program using the package type-checks", () => {
  const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
  const result = spawnSync(process.execPath, [tsc, "--noEmit", "-p", "tsconfig.json"], { encoding: "utf8" });
  assert.equal(result.status, 0, result.stdout + result.stderr);
});

test("a type error in a use of the package is caught", () => {
  const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
  const result = spawnSync(process.execPath, [tsc, "--noEmit", "-p", "tsconfig.misuse.json"], { encoding: "utf8" });
  assert.notEqual(result.status, 0, "misuse.ts should not type-check");
  assert.match(result.stdout, /misuse\.ts/);
});
