// SPDX-License-Identifier: MIT
// Entry of the demo page. Everything it needs is fetched from its own origin at start-up
// (core.wasm once, compiled here and shared with the batch worker; zxing_reader.wasm for the
// scan check), so the page keeps working with the network cut afterwards.
import { init } from 'qredge';
import { setupSingle, hook } from './single.mjs';
import { setupBatch, batchHook } from './batch.mjs';
import { prepareScanner } from './scan.mjs';
import { $ } from './util.mjs';

window.qredgeDemo = { single: hook, batch: batchHook };

// Streaming compilation needs `Content-Type: application/wasm`; a server that sends anything
// else still works, through the slower ArrayBuffer path.
async function compileCore(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  try {
    return await WebAssembly.compileStreaming(response.clone());
  } catch {
    return WebAssembly.compile(await response.arrayBuffer());
  }
}

try {
  const wasmModule = await compileCore(new URL('core.wasm', import.meta.url));
  await init({ wasmModule });
  await Promise.all([setupSingle(), setupBatch(wasmModule), prepareScanner()]);
  $('load-status').textContent = 'Engine ready. From here on the page works offline.';
  $('load-status').dataset.state = 'ready';
  document.body.dataset.ready = '1';
} catch (error) {
  $('load-status').textContent = `The engine could not start: ${error.message}`;
  $('load-status').dataset.state = 'error';
  document.body.dataset.ready = 'error';
  throw error;
}
