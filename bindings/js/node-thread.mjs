// SPDX-License-Identifier: MIT
// One render thread of renderBatch in Node (node-threads.mjs starts it): an engine of its own,
// loaded from the compiled module the batch's thread pool hands over, draws the payloads it is
// sent with the batch's validated design and output texts, one answer per item:
//   in:  { design, output } (the batch's validated texts) first, then { index, payload, path? }
//   out: { ready: true } once, then { index, rendered } or { index, error: { code, message } }
// With a `path` (renderBatch's `files`), the image is written there first (writeImage, at once)
// and the answer carries no bytes ({ index, rendered } without `data`), or is
// { index, writeError } when the file could not be written.
// An error that is not a QredgeError (an engine fault) is not caught: the thread stops, and the
// pool draws its unanswered items again elsewhere (node-threads.mjs says how).
import { parentPort, workerData } from 'node:worker_threads';
import { createApi, QredgeError } from './api.mjs';
import { writeImage } from './node-threads.mjs';

// The pool may start this thread before the batch is validated: the texts come in a message.
const { wasmModule } = workerData;
let design;
let output;
const api = createApi(async () => ({ wasmModule }));

// Listening before the engine is loaded keeps this thread's event loop alive meanwhile (messages
// that come sooner wait in `early`). With nothing alive, Node leaves the loop to wait for every
// task on V8's shared worker threads (NodePlatform::DrainTasks), and the code that follows
// init() ran inside that wait: the thread then sat until V8 had finished optimising the calling
// thread's first drawings, 30-100 ms at the start of a batch (docs/performance.md, "The command line
// on threads").
let early = [];
parentPort.on('message', (m) => (early ? early.push(m) : handle(m)));
await api.init();
parentPort.postMessage({ ready: true });
for (const m of early.splice(0)) handle(m);
early = null;

function handle(m) {
  if (m.design !== undefined) {
    ({ design, output } = m);
    return;
  }
  const { index, payload, path } = m;
  let result;
  try {
    // An image for a file is written straight from the engine's memory (no copy).
    result = path !== undefined ? api.renderPayloadView(payload, design, output) : api.renderPayload(payload, design, output);
  } catch (error) {
    if (!(error instanceof QredgeError)) throw error;
    parentPort.postMessage({ index, error: { code: error.code, message: error.message } });
    return;
  }
  const { payload: _, ...rendered } = result;
  if (path !== undefined) {
    try {
      writeImage(path, rendered.data);
    } catch (error) {
      parentPort.postMessage({ index, writeError: error.message });
      return;
    }
    delete rendered.data;
    parentPort.postMessage({ index, rendered });
    return;
  }
  // The image's bytes move to the pool's thread rather than being copied (a string is copied).
  parentPort.postMessage({ index, rendered }, typeof rendered.data === 'string' ? [] : [rendered.data.buffer]);
}
