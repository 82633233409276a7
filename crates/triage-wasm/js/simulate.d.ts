// Types of `claude-triage/simulate`. They are generated from the Rust core into triage_sim.d.ts; this file
// re-exports the simulator's by name (the generated file also declares the wasm loader, which is not public).

export { simulate } from "./triage_sim.js";

export type { Model, SimOptions, SimResult, Strategy } from "./triage_sim.js";
