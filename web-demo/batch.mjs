// SPDX-License-Identifier: MIT
// The batch panel: CSV/JSON input (paste, drop or file), rendering in a module Web Worker,
// progress, per-item errors and the ZIP download (chunks streamed from the worker by fflate).
import { parseBatchInput, describePath, csvTemplate } from './model.mjs';
import { currentDesign } from './single.mjs';
import { $, readFile, saveBlob, imageBlob } from './util.mjs';

const MAX_ERROR_ROWS = 500;
const EXAMPLE = `type,destination,text,email,subject,phone,ssid,password,title,start,end,location,name,tags
url,https://example.com/spring?ref=flyer,,,,,,,,,,,Spring flyer,print;spring
text,,Table 12 — ask for the menu,,,,,,,,,,Table card,
email,,,hello@example.com,Hello!,,,,,,,,Contact,
sms,,,,,+1 555 010 0200,,,,,,,Text us,
wifi,,,,,,Guest network,correct horse,,,,,Guest Wi-Fi,
event,,,,,,,,Launch party,2026-05-01T18:00:00+02:00,2026-05-01T21:00:00+02:00,Main hall,Launch,
url,not a url,,,,,,,,,,,Broken row,
`;

/** Test and debugging hook: the batch's state and every progress value shown. */
export const batchHook = { state: 'idle', progress: [], total: 0, ok: 0, failed: 0, zipBytes: 0, errors: [] };

let worker = null;
let workerReady = null;
let wasmModule = null;
let runId = 0;
let run = null;

function startWorker() {
  worker = new Worker(new URL('./batch-worker.mjs', import.meta.url), { type: 'module', name: 'qredge-batch' });
  workerReady = new Promise((resolve, reject) => {
    worker.onmessage = ({ data }) => {
      if (data.type === 'ready') resolve();
      else if (data.type === 'failed' && data.id === undefined) reject(new Error(data.message));
      else onMessage(data);
    };
    worker.onerror = (e) => reject(new Error(e.message || 'the batch worker failed to start'));
  });
  worker.postMessage({ type: 'init', wasmModule });
  return workerReady;
}

function setProgress(done, total, failed) {
  const bar = $('batch-progress');
  bar.max = Math.max(total, 1);
  bar.value = done;
  const failedText = failed ? ` · ${failed} failed` : '';
  $('batch-progress-text').textContent = `${done} of ${total} rendered${failedText}`;
  batchHook.progress.push(done);
}

function addErrorRow(index, name, error) {
  batchHook.errors.push({ index, name, ...error });
  if (batchHook.errors.length > MAX_ERROR_ROWS) {
    $('batch-errors-more').textContent = `… and ${batchHook.errors.length - MAX_ERROR_ROWS} more: every result is in results.ndjson.`;
    return;
  }
  const tr = document.createElement('tr');
  const where = describePath(error.path, run.rowOf);
  for (const text of [String(index), name || '—', where, `${error.message} (${error.code})`]) {
    const td = document.createElement('td');
    td.textContent = text;
    tr.append(td);
  }
  $('batch-error-rows').append(tr);
  $('batch-errors').hidden = false;
}

function addThumb({ index, name, payload, format, data }) {
  const li = document.createElement('li');
  const img = new Image(96, 96);
  img.src = URL.createObjectURL(imageBlob(format, data));
  img.alt = `Item ${index}: ${payload.slice(0, 60)}`;
  const caption = document.createElement('span');
  caption.textContent = `${index} · ${name || payload}`;
  li.append(img, caption);
  $('batch-thumbs').append(li);
}

function onMessage(msg) {
  if (!run || msg.id !== run.id) return;
  switch (msg.type) {
    case 'started': setProgress(0, msg.total, 0); break;
    case 'progress':
      batchHook.ok = msg.ok;
      batchHook.failed = msg.failed;
      setProgress(msg.done, msg.total, msg.failed);
      break;
    case 'item-error': addErrorRow(msg.index, msg.name, msg.error); break;
    case 'thumb': addThumb(msg); break;
    case 'chunk': run.chunks.push(msg.bytes); batchHook.zipBytes += msg.bytes.length; break;
    case 'done': finish(msg); break;
    case 'cancelled':
      $('batch-progress-text').textContent = `Cancelled after ${msg.done} of ${batchHook.total} items.`;
      endRun('cancelled');
      break;
    case 'request-error': failRun(msg.errors); break;
    case 'failed': failRun([{ path: '', code: 'internal_error', message: msg.message }]); break;
    default: break;
  }
}

function finish(msg) {
  run.zip = new Blob(run.chunks, { type: 'application/zip' });
  run.chunks = [];
  const seconds = (msg.ms / 1000).toFixed(1);
  $('batch-progress-text').textContent = `Done: ${msg.ok} of ${msg.total} rendered${msg.failed ? `, ${msg.failed} failed (listed below)` : ''} in ${seconds} s.`;
  $('batch-download').disabled = false;
  endRun('done');
}

/** A note under the input that is not an error: `warning` (e.g. ignored columns) or `info`. */
function setNote(kind, text) {
  const el = $('batch-input-note');
  el.dataset.kind = kind;
  el.textContent = text;
}

function failRun(errors) {
  const lines = errors.map((e) => {
    const where = e.path?.startsWith('/design') ? 'the design above' : describePath(e.path, run?.rowOf ?? (() => null));
    return `${where}: ${e.message}`;
  });
  $('batch-input-error').textContent = lines.join(' ');
  $('batch-input').setAttribute('aria-invalid', 'true');
  $('batch-progress-text').textContent = 'The batch was not rendered.';
  batchHook.errors.push(...errors);
  endRun('error');
}

function endRun(state) {
  batchHook.state = state;
  $('batch-render').disabled = false;
  $('batch-cancel').hidden = true;
  $('batch-cancel').disabled = false;
  document.body.dataset.batch = state;
}

async function startBatch() {
  $('batch-input-error').textContent = '';
  setNote('info', '');
  $('batch-input').removeAttribute('aria-invalid');
  let parsed;
  try {
    parsed = parseBatchInput($('batch-input').value);
  } catch (error) {
    $('batch-input-error').textContent = error.detail ?? error.message;
    $('batch-input').setAttribute('aria-invalid', 'true');
    $('batch-input').focus();
    return;
  }
  const request = parsed.request;
  if ($('batch-design').checked && request && typeof request === 'object') request.design = currentDesign();
  const size = Number($('batch-size').value) || undefined;

  run = { id: ++runId, rowOf: parsed.rowOf, chunks: [], zip: null };
  Object.assign(batchHook, { state: 'running', progress: [], total: request.items?.length ?? 0, ok: 0, failed: 0, zipBytes: 0, errors: [] });
  document.body.dataset.batch = 'running';
  $('batch-error-rows').replaceChildren();
  $('batch-errors-more').textContent = '';
  $('batch-errors').hidden = true;
  for (const img of document.querySelectorAll('#batch-thumbs img')) URL.revokeObjectURL(img.src);
  $('batch-thumbs').replaceChildren();
  $('batch-download').disabled = true;
  $('batch-render').disabled = true;
  $('batch-cancel').hidden = false;
  setProgress(0, batchHook.total, 0);
  if (parsed.warnings.length) setNote('warning', parsed.warnings.join(' '));
  await workerReady;
  worker.postMessage({ type: 'run', id: run.id, request, format: $('batch-format').value, size });
}

function cancelBatch() {
  if (!run) return;
  worker.postMessage({ type: 'cancel', id: run.id });
  $('batch-cancel').disabled = true;
}

async function loadFile(file) {
  if (!file) return;
  $('batch-input').value = await readFile(file, 'text');
  $('batch-input-error').textContent = '';
  setNote('info', `Loaded ${file.name}.`);
}

/** Starts the worker (with the page's compiled core.wasm) and wires the panel. */
export function setupBatch(compiledCore) {
  wasmModule = compiledCore;
  $('batch-render').addEventListener('click', startBatch);
  $('batch-cancel').addEventListener('click', cancelBatch);
  $('batch-download').addEventListener('click', () => run?.zip && saveBlob(run.zip, `qredge-batch-${run.id}.zip`));
  $('batch-example').addEventListener('click', () => { $('batch-input').value = EXAMPLE; $('batch-input').focus(); });
  $('batch-template').addEventListener('click', () => saveBlob(new Blob([csvTemplate()], { type: 'text/csv' }), 'qredge-template.csv'));
  $('batch-file').addEventListener('change', () => loadFile($('batch-file').files[0]));
  const zone = $('drop-zone');
  zone.addEventListener('dragover', (e) => { e.preventDefault(); zone.classList.add('over'); });
  zone.addEventListener('dragleave', () => zone.classList.remove('over'));
  zone.addEventListener('drop', (e) => {
    e.preventDefault();
    zone.classList.remove('over');
    loadFile(e.dataTransfer.files[0]);
  });
  return startWorker();
}
