// SPDX-License-Identifier: MIT
// Node entry: reads core.wasm shipped beside this file; renderBatch may spread a batch over
// worker_threads (node-threads.mjs).
import { readFile } from 'node:fs/promises';
import { createApi } from './api.mjs';
import { threadCount, renderOnThreads } from './node-threads.mjs';

export { QredgeError, VERSION, WASM_SHA256 } from './api.mjs';
export const { init, validateBatch, validateDesign, validateOutput, validateTarget, render, renderBatch, renderPayload } = createApi(async () => ({
  wasmBinary: await readFile(new URL('./core.wasm', import.meta.url)),
}), { count: threadCount, render: renderOnThreads });
