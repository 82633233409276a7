// Starts the playground: loads the wasm-bindgen glue and the wasm that trunk named on this script tag (see
// Trunk.toml's pattern_script). A file rather than an inline script, so the Content-Security-Policy needs none.
const tag = document.querySelector('script[data-js][data-wasm]');
const glue = await import(tag.dataset.js);
await glue.default({ module_or_path: tag.dataset.wasm });
