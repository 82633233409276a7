// One playground-like tab: `window.run()` sends `calls` requests, `concurrency` at a time, through one createFetch,
// paced with the other tabs of this origin (`coordinator: "tabs"`) or alone, and resolves to its figures.

import { createFetch } from "claude-triage";

window.run = async ({ mock, key, tabs, concurrency, calls }) => {
  const figures = { ok: 0, failed: 0, network: 0, rateLimited: 0, storeChanges: [] };
  const triageFetch = createFetch({
    coordinator: tabs ? "tabs" : undefined,
    onAttempt: (a) => {
      figures.network += 1;
      figures.rateLimited += a.response?.status === 429 ? 1 : 0;
    },
  });
  const init = {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-api-key": key,
      "anthropic-version": "2023-06-01",
      "anthropic-dangerous-direct-browser-access": "true",
    },
    body: JSON.stringify({ model: "claude-opus-4-7", max_tokens: 64, messages: [{ role: "user", content: "Hello" }] }),
  };
  let next = 0;
  const loop = async () => {
    while (next < calls) {
      next += 1;
      try {
        const response = await triageFetch(`${mock}/v1/messages`, init);
        await response.text();
        figures[response.ok ? "ok" : "failed"] += 1;
      } catch (error) {
        figures.failed += 1;
        figures.error = String(error);
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, loop));
  if (tabs) {
    // What the origin's IndexedDB holds: the fleet's state under a hash, never the key.
    figures.storage = await new Promise((resolve, reject) => {
      const open = indexedDB.open("claude-triage-fleet");
      open.onerror = () => reject(open.error);
      open.onsuccess = () => {
        const states = open.result.transaction("states").objectStore("states");
        const keys = states.getAllKeys();
        const values = states.getAll();
        values.onsuccess = () => resolve(JSON.stringify([keys.result, values.result]));
      };
    });
  }
  return figures;
};
window.ready = true;
