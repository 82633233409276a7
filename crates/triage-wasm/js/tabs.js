// createFetch({ coordinator: "tabs" }): one pacing state per API key for every tab of this origin, so five open
// tabs pace as one client. The state lives in IndexedDB and each update is one readwrite transaction (read, the
// core's fleetStep, write), which the browser runs one at a time per store across tabs, as Redis runs the fleet
// script. Not localStorage under a Web Lock: Chromium syncs localStorage between tab processes asynchronously, so
// a tab can read a state another tab has already replaced (measured: 7 429s in 97 sends where IndexedDB gives
// none). A BroadcastChannel tells the other tabs when a slot came back.

import { fleetStep } from "./triage_wasm.js";
import { coordinatorOf } from "./fleet.js";

const DEFAULT_PREFIX = "claude-triage:fleet:";
/** A state nothing has touched for this long is dropped: longer than any lease or pause it can hold. */
const DEFAULT_TTL_MS = 3_600_000;
const DATABASE = "claude-triage-fleet";
const STATES = "states";

/**
 * @param {import("./index.js").TabsCoordinatorOptions} [options]
 */
export function tabsCoordinator(options = {}) {
  const { key = "default", prefix = DEFAULT_PREFIX, ttlMs = DEFAULT_TTL_MS } = options;
  const listeners = new Set();
  const keyIds = new Map(); // credential -> Promise<keyId>, in memory only
  let channel;
  let swept = false;

  let database; // Promise<IDBDatabase>, opened on first use

  function open() {
    database ??= new Promise((resolve, reject) => {
      if (globalThis.indexedDB === undefined) {
        reject(new Error("the tabs coordinator needs IndexedDB (a page or worker of this origin)"));
        return;
      }
      const request = globalThis.indexedDB.open(DATABASE, 1);
      request.onupgradeneeded = () => request.result.createObjectStore(STATES);
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    }).catch((error) => {
      database = undefined;
      throw error;
    });
    return database;
  }

  function listen() {
    if (channel === undefined && typeof BroadcastChannel === "function") {
      channel = new BroadcastChannel(`${prefix}released`);
      channel.onmessage = (message) => listeners.forEach((l) => l(message.data));
    }
    return channel;
  }

  const store = {
    name: "tabs",
    async apply(keyId, event, config) {
      const db = await open();
      return new Promise((resolve, reject) => {
        const tx = db.transaction(STATES, "readwrite");
        const states = tx.objectStore(STATES);
        let answer;
        const read = states.get(keyId);
        read.onsuccess = () => {
          try {
            const nowMs = Date.now();
            const stepped = step(read.result, event, nowMs, config);
            states.put({ until: nowMs + ttlMs, state: JSON.stringify(stepped.state) }, keyId);
            answer = { verdict: stepped.verdict, nowMs };
            if (!swept) {
              swept = true;
              sweep(states, nowMs);
            }
          } catch (error) {
            tx.abort();
            reject(error);
          }
        };
        tx.oncomplete = () => resolve(answer);
        tx.onerror = () => reject(tx.error);
      });
    },
    notify(keyId) {
      listen()?.postMessage(keyId);
    },
    subscribe(listener) {
      listeners.add(listener);
      listen();
      return () => listeners.delete(listener);
    },
    async probe() {
      await open();
    },
    async close() {
      channel?.close();
      channel = undefined;
    },
  };

  // IndexedDB sees a hash of the fleet's name and the key, never the key.
  const keyFor = (credential) => {
    let id = keyIds.get(credential);
    if (id === undefined) {
      id = digest(`${key}\n${credential}`).then((hex) => `${prefix}${hex.slice(0, 32)}`);
      keyIds.set(credential, id);
    }
    return id;
  };
  return coordinatorOf(store, keyFor, options);
}

/** One fleet step on the stored entry; an entry that is not a state (damaged, another version's) starts afresh. */
function step(entry, event, nowMs, config) {
  const run = (state) => JSON.parse(fleetStep(state, JSON.stringify(event), nowMs, JSON.stringify(config)));
  const state = entry?.until > nowMs && typeof entry.state === "string" ? entry.state : undefined;
  try {
    return run(state);
  } catch (error) {
    if (state !== undefined && String(error?.message).startsWith("fleetStep: state")) {
      return run(undefined);
    }
    throw error;
  }
}

/** Drops the states of keys nothing has used for their time to live (IndexedDB keeps them otherwise). */
function sweep(states, nowMs) {
  const cursor = states.openCursor();
  cursor.onsuccess = () => {
    const at = cursor.result;
    if (at) {
      if (!(at.value?.until > nowMs)) {
        at.delete();
      }
      at.continue();
    }
  };
}

async function digest(text) {
  const bytes = await globalThis.crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return Array.from(new Uint8Array(bytes), (b) => b.toString(16).padStart(2, "0")).join("");
}
