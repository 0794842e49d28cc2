// SPDX-License-Identifier: MIT
// Workers entry (workerd): the .wasm is imported as a compiled WebAssembly.Module, because
// workerd forbids compiling wasm from bytes at run time.
import wasmModule from './core.wasm';
import { createApi } from './api.mjs';

export { QredgeError, VERSION, WASM_SHA256 } from './api.mjs';
export const { init, validateBatch, validateDesign, validateOutput, validateMetadata, validateTarget, render, renderBatch, renderPayload } = createApi(async () => ({ wasmModule }));
