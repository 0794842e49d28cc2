// SPDX-License-Identifier: MIT
// Node entry: reads core.wasm shipped beside this file.
import { readFile } from 'node:fs/promises';
import { createApi } from './api.mjs';

export { QredgeError, VERSION, WASM_SHA256 } from './api.mjs';
export const { init, validateBatch, validateDesign, validateOutput, validateMetadata, validateTarget, render, renderBatch, renderPayload } = createApi(async () => ({
  wasmBinary: await readFile(new URL('./core.wasm', import.meta.url)),
}));
