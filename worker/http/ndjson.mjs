// SPDX-License-Identifier: MIT
// An NDJSON answer (application/x-ndjson) written by a producer while the client reads it.
// The producer runs under waitUntil and the Response is returned first. It keeps at most one
// chunk ahead of the client: a send() past that waits until the client reads (pull) or leaves.
// A client that left cancels the stream (cancel()): sends become no-ops and the producer goes
// on (a batch stays retrievable with GET /v1/batches/{id}). The stream is closed in `finally`,
// after an error line if the producer failed.
//
// A client that stays connected but stops reading is not a client that left: workerd sees no
// disconnect and never cancels (checked with workerd 2026-04-26: a Node fetch() aborted after
// its first chunk, while the producer awaited D1, brought no cancel() and no request.signal
// abort; with no awaits between lines the write failed and cancel() came). Such a
// reader gets a write timeout, as HTTP servers give one: a chunk it has not taken within
// WRITE_TIMEOUT_MS ends its answer with an error, and the producer goes on without it.
import { failureCode } from './errors.mjs';

const WRITE_TIMEOUT_MS = 5000;
const encoder = new TextEncoder();

/**
 * `produce(send)`: `await send(...objects)` writes one line per object, in one chunk.
 * `interrupted` is the message of the error line written if `produce` throws.
 */
export function ndjsonResponse(c, produce, { status = 202, headers = {}, interrupted = 'the answer was interrupted',
  writeTimeoutMs = WRITE_TIMEOUT_MS } = {}) {
  let controller;
  let open = true;
  let wake = null;
  const resume = () => { wake?.(); wake = null; };
  const body = new ReadableStream({
    start(ctrl) { controller = ctrl; },
    pull: resume,
    cancel() {
      open = false;
      resume();
    },
  }, { highWaterMark: 1 });

  // Resolves when the client has taken the chunk (or left); false when it did not within the timeout.
  const taken = () => {
    let timer;
    return Promise.race([
      new Promise((ok) => { wake = () => ok(true); }),
      new Promise((ok) => { timer = setTimeout(() => ok(false), writeTimeoutMs); }),
    ]).finally(() => clearTimeout(timer));
  };

  const send = async (...objects) => {
    if (!open) return;
    controller.enqueue(encoder.encode(objects.map((o) => `${JSON.stringify(o)}\n`).join('')));
    if (controller.desiredSize > 0 || await taken() || !open) return;
    open = false;
    wake = null;
    controller.error(new Error('the client stopped reading'));
  };

  c.ctx.waitUntil((async () => {
    try {
      await produce(send);
    } catch (e) {
      console.error('ndjson', c.requestId, e?.stack ?? e);
      await send({ object: 'error', error: { code: failureCode(e), message: interrupted, request_id: c.requestId } });
    } finally {
      if (open) {
        open = false;
        controller.close();
      }
    }
  })());
  return new Response(body, { status, headers: { 'content-type': 'application/x-ndjson; charset=utf-8', 'cache-control': 'no-store', ...headers } });
}
