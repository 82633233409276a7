// Browser and bundler entry: fetch and instantiate the wasm next to this file before anything is exported.
// `new URL(…, import.meta.url)` is the pattern bundlers (Vite, webpack, esbuild, Parcel) recognise as an asset.

import init from "./triage_wasm.js";

await init({ module_or_path: new URL("./triage_wasm_bg.wasm", import.meta.url) });

export * from "./api.js";
