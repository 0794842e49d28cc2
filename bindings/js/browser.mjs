// SPDX-License-Identifier: MIT
// Browser entry: the glue fetches core.wasm relative to its own URL (same origin as the page's
// bundle). Pass init({ wasmModule }) or init({ wasmBinary }) to load it another way.
import { createApi } from './api.mjs';

export { QredgeError, VERSION, WASM_SHA256 } from './api.mjs';
export const { init, validateBatch, validateDesign, validateOutput, validateMetadata, validateTarget, render, renderBatch, renderPayload } = createApi(async () => ({}));
