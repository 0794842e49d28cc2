// SPDX-License-Identifier: MIT
// An NDJSON answer (application/x-ndjson) written by a producer while the client reads it.
// The producer runs under waitUntil and the Response is returned first. It waits for the client
// only as far as one chunk of buffer: a send() past that waits until the client reads (pull) or
// leaves (cancel). A client that left cancels the stream: sends become no-ops and the producer
// goes on (a batch stays retrievable with GET /v1/batches/{id}). The stream is closed in
// `finally`, after an error line if the producer failed.
import { failureCode } from './errors.mjs';

const encoder = new TextEncoder();

/**
 * `produce(send)`: `await send(...objects)` writes one line per object, in one chunk.
 * `interrupted` is the message of the error line written if `produce` throws.
 */
export function ndjsonResponse(c, produce, { status = 202, headers = {}, interrupted = 'the answer was interrupted' } = {}) {
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

  const send = async (...objects) => {
    if (!open) return;
    controller.enqueue(encoder.encode(objects.map((o) => `${JSON.stringify(o)}\n`).join('')));
    if (controller.desiredSize <= 0) await new Promise((ok) => { wake = ok; });
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
