// Browser and bundler entry of `claude-triage/simulate`. The simulator has a wasm of its own, so the main
// entry's stays small; it loads like browser.js loads the main one, with the asset pattern bundlers recognise.

import init from "./triage_sim.js";

await init({ module_or_path: new URL("./triage_sim_bg.wasm", import.meta.url) });

export { simulate } from "./triage_sim.js";
