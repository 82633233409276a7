// Node entry: no bundler, no fetch of a file URL; read the wasm from disk and instantiate it synchronously.

import { readFileSync } from "node:fs";
import { initSync } from "./triage_wasm.js";

initSync({ module: readFileSync(new URL("./triage_wasm_bg.wasm", import.meta.url)) });

export * from "./api.js";
