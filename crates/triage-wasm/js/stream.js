// Reading a Messages stream ahead until it says something: an `event: error` (or a cut connection) before the
// first event that carries output can be retried by sending the whole request again, since the caller has seen
// nothing yet. After that point the stream passes through untouched. Which event is that point is the core's
// rule (`streamEventCarriesOutput`), the one the playground applies too.

import { streamEventCarriesOutput } from "./triage_wasm.js";

/** A stream that has not decided after this many bytes is handed over as it is (no event is that large). */
const MAX_READ_AHEAD_BYTES = 1 << 20;

/**
 * Reads `response` (a 200 `text/event-stream`) until the first event that carries output, an error event, or its
 * end. Resolves to one of:
 * - `{ failed: false, response, text }`: a Response replaying the bytes read so far and then the rest, unchanged;
 *   `text` is what was read ahead (its `message_start` carries the input side of the usage);
 *   `onLaterError(text)` is called once if an `event: error` comes later (with that event's text), and
 *   `onEnd(text)` when the stream ends, with the text of the `message_delta` events after the read-ahead (their
 *   usage is the final count);
 * - `{ failed: true, text, replay }`: nothing carrying output arrived before an error event or the end (`text`
 *   is everything read, for the core to classify); `replay()` gives a Response with exactly those bytes, for when
 *   the request is not sent again.
 */
export async function readAhead(response, onLaterError = () => {}, onEnd = () => {}) {
  const reader = response.body.getReader();
  const chunks = [];
  const events = new EventSplitter();
  let bytes = 0;
  for (;;) {
    let step;
    try {
      step = await reader.read();
    } catch {
      // Cut mid-body: what arrived is all there is.
      step = { done: true, cut: true };
    }
    if (step.done) {
      // It ended (or was cut) before any output and without message_stop.
      return failed(response, chunks, events.text());
    }
    chunks.push(step.value);
    bytes += step.value.byteLength;
    for (const event of events.push(step.value)) {
      if (event.name === "error") {
        reader.cancel().catch(() => {});
        return failed(response, chunks, events.text());
      }
      if (streamEventCarriesOutput(event.name, event.dataText) || event.name === "message_stop") {
        return handOver(response, chunks, reader, events, onLaterError, onEnd);
      }
    }
    if (bytes > MAX_READ_AHEAD_BYTES) {
      return handOver(response, chunks, reader, events, onLaterError, onEnd);
    }
  }
}

/** The stream passed through from here; what was read ahead is kept as text (without ending the decoder). */
function handOver(response, chunks, reader, events, onLaterError, onEnd) {
  events.keepText = false;
  const text = events.all;
  return { failed: false, response: passThrough(response, chunks, reader, events, onLaterError, onEnd), text };
}

function failed(response, chunks, text) {
  return { failed: true, text, replay: () => replayed(response, chunks) };
}

function replayed(response, chunks) {
  const stream = new ReadableStream({
    start(controller) {
      for (const chunk of chunks) {
        controller.enqueue(chunk);
      }
      controller.close();
    },
  });
  return withBody(response, stream);
}

/**
 * The bytes read so far, then the rest as it arrives; an `event: error` in the rest is reported once, and the
 * `message_delta` events are handed to `onEnd` when the stream ends.
 */
function passThrough(response, chunks, reader, events, onLaterError, onEnd) {
  let reported = false;
  let deltas = "";
  const stream = new ReadableStream({
    start(controller) {
      for (const chunk of chunks) {
        controller.enqueue(chunk);
      }
    },
    async pull(controller) {
      let step;
      try {
        step = await reader.read();
      } catch (error) {
        controller.error(error);
        return;
      }
      if (step.done) {
        controller.close();
        onEnd(deltas);
        return;
      }
      const arrived = events.push(step.value);
      deltas += arrived.filter((e) => e.name === "message_delta").map((e) => `${e.raw}\n\n`).join("");
      const error = reported ? undefined : arrived.find((e) => e.name === "error");
      if (error !== undefined) {
        reported = true;
        onLaterError(`${error.raw}\n\n`);
      }
      controller.enqueue(step.value);
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  });
  return withBody(response, stream);
}

function withBody(response, stream) {
  return new Response(stream, { status: response.status, statusText: response.statusText, headers: response.headers });
}

/** Server-sent events out of byte chunks: `{ name, dataText, raw }` for every event once its blank line has arrived. */
class EventSplitter {
  constructor() {
    this.decoder = new TextDecoder();
    this.all = "";
    this.pending = "";
    // Once the stream is handed over only error events matter: the whole text is not kept.
    this.keepText = true;
  }

  push(bytes) {
    const piece = this.decoder.decode(bytes, { stream: true });
    if (this.keepText) {
      this.all += piece;
    }
    this.pending += piece;
    const events = [];
    for (;;) {
      const end = this.pending.search(/\r?\n\r?\n/);
      if (end < 0) {
        return events;
      }
      const block = this.pending.slice(0, end);
      this.pending = this.pending.slice(end).replace(/^\r?\n\r?\n/, "");
      events.push(parseEvent(block));
    }
  }

  text() {
    return this.all + this.decoder.decode();
  }
}

function parseEvent(block) {
  let name = "message";
  const data = [];
  for (const line of block.split(/\r?\n/)) {
    if (line.startsWith("event:")) {
      name = line.slice(6).trim();
    } else if (line.startsWith("data:")) {
      data.push(line.slice(5).replace(/^ /, ""));
    }
  }
  const dataText = data.join("\n");
  let parsed;
  try {
    parsed = data.length > 0 ? JSON.parse(dataText) : undefined;
  } catch {
    parsed = undefined;
  }
  // Some relays send the error only as `data: {"type":"error",…}` under the default event name.
  if (name === "message" && parsed?.type === "error") {
    name = "error";
  }
  return { name, dataText, raw: block };
}
