// The hostile corpus (hostile.mjs) through the installed package in Node; browser.test.mjs runs it in Chromium.

import { test } from "node:test";
import assert from "node:assert/strict";
import * as api from "claude-triage";
import { checkHostile } from "./hostile-check.mjs";
import { runHostile } from "./hostile.mjs";

test("every hostile input gets a result or a clear error in Node, and the module still answers", async () => {
  checkHostile(await runHostile(api), "node");
});
