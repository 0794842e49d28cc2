// SPDX-License-Identifier: MIT
// Module Web Worker that renders a batch with qredge's renderBatch and streams every result into
// a ZIP (fflate) whose chunks go to the page as they are produced, so neither the page's main
// thread nor memory holds the whole batch.
//
// page -> worker: { type: 'init', wasmModule }          compiled core.wasm, shared with the page
//                 { type: 'run', id, request, format, size }
//                 { type: 'cancel', id }                 honoured between two items
// worker -> page: ready | started | progress | item-error | thumb | chunk | done | cancelled |
//                 request-error | failed
// Cancelling is cooperative rather than terminate(): a new worker would have to be fetched
// again, and the page must keep working offline.
import { init, renderBatch } from 'qredge';
import { Zip, ZipPassThrough, ZipDeflate, strToU8 } from 'fflate';
import { fileName, indexWidth } from './model.mjs';

const THUMBS = 12;
const post = (msg, transfer = []) => self.postMessage(msg, transfer);
const cancelled = new Set();

self.onmessage = async ({ data }) => {
  try {
    if (data.type === 'init') {
      await init(data.wasmModule ? { wasmModule: data.wasmModule } : {});
      post({ type: 'ready' });
    } else if (data.type === 'cancel') {
      cancelled.add(data.id);
    } else if (data.type === 'run') {
      await run(data);
    }
  } catch (error) {
    post({ type: 'failed', id: data.id, message: String(error?.message ?? error) });
  }
};

async function run({ id, request, format, size }) {
  const total = Array.isArray(request.items) ? request.items.length : 0;
  const output = { format };
  if (size) output.size = size;
  const started = performance.now();

  const zip = new Zip((error, chunk, final) => {
    if (error) throw error;
    // Copy out of fflate's buffer before transferring it to the page.
    const bytes = chunk.slice();
    post({ type: 'chunk', id, bytes, final }, [bytes.buffer]);
  });
  const add = (name, bytes, compress) => {
    const file = compress ? new ZipDeflate(name, { level: 6 }) : new ZipPassThrough(name);
    zip.add(file);
    file.push(bytes, true);
  };

  const lines = [];
  const width = indexWidth(total);
  let done = 0, ok = 0, failed = 0, thumbs = 0;
  let lastYield = performance.now();
  try {
    for await (const rendered of renderBatch(request, output)) {
      if (done === 0) post({ type: 'started', id, total });
      // A failed item has no engine-made name (and may have no type): echo what it was given, so
      // people can find it (issue 15).
      const given = request.items[rendered.index];
      const item = { ...rendered, name: rendered.name || (typeof given?.name === 'string' ? given.name : ''),
        type: rendered.type || (typeof given?.target?.type === 'string' ? given.target.type : '') };
      done += 1;
      if (item.ok) {
        ok += 1;
        const file = fileName(item.index, item.name, item.format, width);
        const bytes = item.format === 'png' ? item.data : strToU8(item.data);
        add(file, bytes, item.format !== 'png');  // PNG is compressed already
        lines.push({ index: item.index, ok: true, name: item.name, type: item.type, kind: item.kind,
          payload: item.payload, format: item.format, file, version: item.version,
          effective_error_correction: item.effective_error_correction, scan: item.scan });
        if (thumbs < THUMBS) {
          thumbs += 1;
          post({ type: 'thumb', id, index: item.index, name: item.name, payload: item.payload, format: item.format, data: item.data });
        }
      } else {
        failed += 1;
        lines.push({ index: item.index, ok: false, name: item.name, type: item.type, error: item.error });
        post({ type: 'item-error', id, index: item.index, name: item.name, error: item.error });
      }
      post({ type: 'progress', id, done, total, ok, failed });
      // Let the worker's event loop run now and then, so a 'cancel' message is seen.
      if (performance.now() - lastYield > 20) {
        await new Promise((r) => setTimeout(r, 0));
        lastYield = performance.now();
      }
      if (cancelled.has(id)) {
        cancelled.delete(id);
        post({ type: 'cancelled', id, done });
        return;
      }
    }
  } catch (error) {
    if (error?.name === 'QredgeError') {
      post({ type: 'request-error', id, errors: error.errors ?? [{ code: error.code, message: error.message, path: error.path }] });
      return;
    }
    throw error;
  }
  add('results.ndjson', strToU8(lines.map((l) => JSON.stringify(l)).join('\n') + '\n'), true);
  add('request.json', strToU8(JSON.stringify({ ...request, output: { ...request.output, ...output } }, null, 2) + '\n'), true);
  zip.end();
  post({ type: 'done', id, total, ok, failed, ms: Math.round(performance.now() - started) });
}
