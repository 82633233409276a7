// Node entry of `claude-triage/simulate`. The simulator has a wasm of its own, so the main entry's stays small;
// it loads like node.js loads the main one: read from disk, instantiated synchronously.

import { readFileSync } from "node:fs";
import { initSync } from "./triage_sim.js";

initSync({ module: readFileSync(new URL("./triage_sim_bg.wasm", import.meta.url)) });

export { simulate } from "./triage_sim.js";
