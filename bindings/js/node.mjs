// SPDX-License-Identifier: MIT
// Node entry: reads core.wasm shipped beside this file; renderBatch may spread a batch over
// worker_threads (node-threads.mjs). The .wasm is compiled here, not by the glue, so that render
// threads get this very module: compiling the same bytes again while V8 still optimises the
// first copy took 250 ms on a busy machine, ten times a thread's own start.
import { readFile } from 'node:fs/promises';
import { createApi } from './api.mjs';
import { threadCount, renderOnThreads, startEarly } from './node-threads.mjs';

export { QredgeError, VERSION, WASM_SHA256 } from './api.mjs';
export const { init, validateBatch, validateDesign, validateOutput, validateMetadata, validateTarget, render, renderBatch, renderPayload } = createApi(async () => ({
  wasmModule: await WebAssembly.compile(await readFile(new URL('./core.wasm', import.meta.url))),
}), { count: threadCount, early: startEarly, render: renderOnThreads });
