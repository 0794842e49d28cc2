// SPDX-License-Identifier: MIT
// renderBatch over worker_threads (Node only; docs/package.md, "Threads"). The calling thread
// validates the request as before; for `threads: N` it starts N - 1 render threads
// (node-thread.mjs), each with an engine of its own loaded from one compiled module, and draws
// too: all N take the next item to draw from one queue, so none idles while another has work,
// and the results are yielded in item order as they complete. The calling thread draws only
// while the caller waits for a result, between two it lets the threads' answers in, and it
// hands a thread no item before the thread is ready (until then it draws them itself), except
// a thread started before validation (startEarly), which is ready about when validation ends.
//
// Memory stays bounded: at most WINDOW_PER_THREAD items per thread (WINDOW_WITH_FILES with
// `files`) are sent ahead of the item the caller waits for, so at most that many images are
// held, whatever the batch's length.
//
// With `files` (renderBatch's option), each image is written by the thread that drew it, at
// once and synchronously (writeImage), before the thread answers: the image's bytes need no
// message, and the result is yielded once its file is written.
//
// A thread that stops (an engine fault, a thread killed) loses nothing and hangs nothing: the
// items it had not answered are drawn again, each alone on a thread (a replacement is started);
// an item that stops a thread again when drawn alone is reported failed (`internal_error` at
// /items/<index>). A thread that cannot start is not replaced; when none is left, the rest of
// the batch is drawn in the calling thread, as with `threads: 1`.
import { closeSync, constants, fstatSync, ftruncateSync, openSync, writeSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { QredgeError } from './api.mjs';

// More threads than this is memory (an isolate and a wasm memory of at least 16 MiB each) for
// little speed: the calling thread, which yields every result, becomes the limit.
const MAX_AUTO_THREADS = 8;
// Starting a thread (an isolate, the engine, its first calls compiled) cost about as much as
// drawing 1500-3000 plain SVG codes; below this much work, in plain SVG codes, threads cost
// more than they save (docs/performance.md, "Threads": measured with the costs below).
const MIN_WORK_FOR_THREADS = 4000;
// Items sent to a thread before it answers: enough that it is never idle while the calling
// thread is busy (drawing an item, handing a result to the caller) before it sends the next.
// With 2, a render thread sat blocked waiting for items 235-414 ms of a 1000-item styled PNG
// batch (its scheduler statistics, loaded machine); with 4, 6-94 ms. At the batch's end the
// calling thread may wait for the last few of these.
const IN_FLIGHT_PER_THREAD = 4;
// Items sent ahead of the one the caller waits for, per thread: the bound on images held.
const WINDOW_PER_THREAD = 8;
// With `files` the window holds results without their bytes (the images are on disk), so it can
// be wide: the calling thread draws on while the item it must yield next is still being drawn
// on another thread, instead of waiting for it.
const WINDOW_WITH_FILES = 32;
const THREAD_URL = new URL('./node-thread.mjs', import.meta.url);

// What one item costs to draw, in plain SVG codes (measured in one process: plain PNG 1.5-2,
// styled SVG 5, styled 512 px PNG 63, 256 px 20, PDF/EPS 3-8). `design` and `output` are
// validateBatch's normalised values.
function itemCost(design, output) {
  const shapes = Object.values(design?.shapes ?? {});
  const plain = !design?.gradient && !design?.logo && !design?.frame && !design?.eye_colors && shapes.every((s) => s === 'square');
  if (output?.format === 'svg') return plain ? 1 : 5;
  if (output?.format !== 'png') return plain ? 4 : 8;
  if (plain) return 2;
  const inches = output.size_mm ? output.size_mm / 25.4 : output.size_in;
  const px = inches ? inches * (output.dpi ?? 300) : output.size ?? 512;
  return Math.max(5, 63 * (px / 512) ** 2);
}

/**
 * How many threads to draw a validated batch with: `requested` (never more than the items to
 * draw), or, when not given, one per core up to MAX_AUTO_THREADS when the batch is work
 * enough to pay for starting them, else 1.
 */
export function threadCount(requested, { items, design, output }) {
  const drawable = items.reduce((n, item) => n + (item.ok ? 1 : 0), 0);
  if (requested !== undefined) return Math.max(1, Math.min(requested, drawable));
  if (drawable * itemCost(design, output) < MIN_WORK_FOR_THREADS) return 1;
  return Math.max(1, Math.min(availableParallelism(), MAX_AUTO_THREADS, drawable));
}

/**
 * Starts `threads - 1` render threads at once, before the batch is validated, so that they load
 * their engines while the calling thread validates (renderOnThreads takes them as `early`).
 * Only for an engine loaded from a compiled module (node.mjs's own way); else null.
 */
export function startEarly(threads, source) {
  if (!source?.wasmModule || threads < 2) return null;
  return Array.from({ length: threads - 1 }, () => new Worker(THREAD_URL, { workerData: { wasmModule: source.wasmModule } }));
}

// One compiled module per engine source: init()'s own module, or its bytes compiled once.
const compiled = new WeakMap();
function moduleOf(source) {
  if (source.wasmModule) return Promise.resolve(source.wasmModule);
  if (!compiled.has(source)) compiled.set(source, WebAssembly.compile(source.wasmBinary));
  return compiled.get(source);
}

/**
 * Writes an image to `path` (renderBatch's `files`) synchronously, over an existing file's
 * bytes rather than truncating it first (cut to length afterwards when it was longer). On this
 * machine's ext4, writing 1000 styled PNGs again over the same files took 9-17 ms of system time
 * this way against 50-74 ms truncated (two threads at once: 25-32 against 91-94 ms), and `fs.writeFile`'s three
 * trips to libuv's threads (open, write, close) cost more CPU still (docs/performance.md, "The
 * command line on threads"). A path that cannot be opened so (a new file) is opened as
 * `fs.writeFileSync` does, whose error is the one reported. Throws the file system's error.
 */
export function writeImage(path, data) {
  const bytes = typeof data === 'string' ? Buffer.from(data) : data;
  let fd;
  try {
    fd = openSync(path, constants.O_WRONLY);
  } catch {
    fd = openSync(path, 'w');
  }
  try {
    for (let at = 0; at < bytes.length;) at += writeSync(fd, bytes, at, bytes.length - at);
    // Only a regular file that was longer has a tail to cut (a device has no length).
    if (fstatSync(fd).size > bytes.length) ftruncateSync(fd, bytes.length);
  } finally {
    closeSync(fd);
  }
}

const writeFailed = (index, path, message) => new QredgeError('write_failed', `cannot write ${path}: ${message}`, `/items/${index}`);

const stoppedError = (index, reason) => ({
  code: 'internal_error',
  message: `the render thread stopped twice while drawing this item (${reason}); the rest of the batch is not affected`,
  path: `/items/${index}`,
});

/**
 * Yields renderBatch's results for a validated batch (`items` from validateBatch, `design` and
 * `output` the normalised JSON texts), in item order, drawn on `threads` threads: the calling
 * one and `threads - 1` render threads. `here(item, view)` gives an item's result drawn in the
 * calling thread (and a refused item's); with `view` its file bytes are a view of the engine's
 * memory, valid until the next draw. `files(item)`, when given, names the file each drawn
 * image is written to (renderBatch's option). `early` are threads startEarly() started for this
 * batch: those needed are used (they must be handed over before the event loop turns, so that
 * none of their events is missed), the others ended. `callerDraws: false` (`threads` render
 * threads and a calling thread that only waits), `threadUrl` and `testData` (in the threads'
 * workerData) are for tests only.
 */
export async function* renderOnThreads({ items, design, output }, { threads, source, here, files, early = null, callerDraws = true, threadUrl = THREAD_URL, testData }) {
  const workers = callerDraws ? threads - 1 : threads;
  // Every path is asked for before anything is drawn, in item order, so that a `files` that
  // throws stops the batch here rather than in a thread's message handler.
  let paths = null;
  if (files) {
    const { format } = JSON.parse(output);
    paths = items.map((item) => {
      if (!item.ok) return undefined;
      const path = files({ index: item.index, name: item.name, type: item.type, kind: item.kind, format });
      if (typeof path !== 'string' || path === '') {
        throw new QredgeError('invalid_option', `\`files\` must return a file path (a string) for every item, not ${JSON.stringify(path) ?? String(path)} for item ${item.index}`, `/items/${item.index}`);
      }
      return path;
    });
  }
  // No await when the module is at hand: `early` threads are taken over below without a turn of
  // the event loop.
  const wasmModule = source.wasmModule ?? await moduleOf(source);
  const done = new Map();  // index -> result, answered but not yet yielded
  const window = threads * (paths ? WINDOW_WITH_FILES : WINDOW_PER_THREAD);
  const retry = [];        // indices to draw again, each alone on a thread
  const stoppedOnce = new Set();
  const pool = new Set();
  let startFailed = false;
  let wake = null;
  const signal = () => {
    wake?.();
    wake = null;
  };

  const answer = (index, m) => {
    const item = items[index];
    const base = { index, name: item.name, type: item.type, kind: item.kind };
    // The same shapes as the calling thread's (api.mjs, itemResult).
    if (m.writeError !== undefined) return { index, writeError: m.writeError };
    if (m.error) return { ...base, ok: false, error: { ...m.error, path: `/items/${index}` } };
    const result = { ...base, ok: true, payload: item.payload, ...m.rendered };
    if (paths) result.file = paths[index];
    return result;
  };

  // A render thread: one startEarly() made (`early`), or a new one. Its first message is the
  // batch's texts.
  function start(worker = new Worker(threadUrl, { workerData: { wasmModule, testData } }), early = false) {
    worker.postMessage({ design, output });
    const thread = { worker, sent: new Set(), alone: false, ready: false, early, stopped: false };
    worker.on('message', (m) => {
      if (m.ready) {
        thread.ready = true;
        if (callerDraws) dispatch();
        return;
      }
      thread.sent.delete(m.index);
      thread.alone = false;
      // An answer that arrives after its thread was reported stopped is kept if it is still
      // awaited; a second answer for the same item (the retry's) is the same and is dropped.
      if (m.index >= next && !done.has(m.index)) done.set(m.index, answer(m.index, m));
      // Refill this thread now, not when the caller next asks: while the caller is busy with a
      // result (the CLI writing a file), the threads keep drawing within the window.
      if (!thread.stopped) dispatch();
      signal();
    });
    const stop = (reason) => {
      if (thread.stopped) return;
      thread.stopped = true;
      pool.delete(thread);
      if (!thread.ready) startFailed = true;
      for (const index of thread.sent) {
        if (index < next || done.has(index)) continue;
        if (thread.alone && stoppedOnce.has(index)) {
          done.set(index, { index, name: items[index].name, type: items[index].type, kind: items[index].kind,
            ok: false, error: stoppedError(index, reason) });
        } else {
          if (thread.ready) stoppedOnce.add(index);
          retry.push(index);
        }
      }
      retry.sort((a, b) => a - b);
      signal();
    };
    worker.on('error', (error) => stop(error?.message ?? String(error)));
    worker.on('exit', (code) => stop(`it exited with code ${code}`));
    pool.add(thread);
    return thread;
  }

  const send = (thread, index) => {
    thread.sent.add(index);
    thread.worker.postMessage(paths ? { index, payload: items[index].payload, path: paths[index] } : { index, payload: items[index].payload });
  };

  // Draws an item in the calling thread into `done`, with `files` written first. A file that
  // cannot be written is `{ index, writeError }` there, which stops the batch at its turn.
  function drawHere(index) {
    // With `files` the image is a view of the engine's memory, written before the next draw.
    const result = here(items[index], paths !== null);
    if (paths && result.ok) {
      try {
        writeImage(paths[index], result.data);
      } catch (error) {
        done.set(index, { index, writeError: error.message });
        return;
      }
      delete result.data;
      result.file = paths[index];
    }
    done.set(index, result);
  }

  // Keeps every thread busy within the window; a retried item goes alone to an idle thread.
  let next = 0;  // the index the caller waits for
  let ahead = 0; // every drawable index below this one was sent (or is in `retry`)
  let closing = false;  // the batch ended: no thread is started or sent anything again
  function dispatch() {
    if (closing) return;
    while (!startFailed && pool.size < workers) start();
    // An item its stopped thread answered after all is not drawn again.
    for (let i = retry.length - 1; i >= 0; i--) if (retry[i] < next || done.has(retry[i])) retry.splice(i, 1);
    if (retry.length) {
      for (const thread of pool) {
        if (!retry.length) break;
        if (thread.sent.size || (callerDraws && !thread.ready)) continue;
        thread.alone = true;
        send(thread, retry.shift());
      }
      return;  // no new items until the retried ones are answered: the busy threads drain
    }
    for (; ahead < items.length && ahead - next < window; ahead++) {
      if (!items[ahead].ok) continue;
      let best = null;
      for (const thread of pool) {
        // The calling thread draws until a thread is ready; one started before validation is
        // ready about when validation ends, and is given its first items at once: it would
        // otherwise wait for the calling thread's first (slow) draw to end before its "ready"
        // is taken in (15-20 ms; quiet --threads 2 runs 15 ms faster, docs/performance.md,
        // "The command line on threads").
        if (callerDraws && !thread.ready && !thread.early) continue;
        if (thread.alone) continue;  // a retried item is alone on its thread until it is done
        if (!best || thread.sent.size < best.sent.size) best = thread;
      }
      if (!best || best.sent.size >= IN_FLIGHT_PER_THREAD) break;
      send(best, ahead);
    }
  }

  // The next item for the calling thread to draw (the same queue as the threads'), or -1 when
  // every item within the window is drawn or sent. Retried items are left to the threads.
  function takeHere() {
    while (ahead < items.length && !items[ahead].ok) ahead++;
    if (ahead >= items.length || ahead - next >= window) return -1;
    return ahead++;
  }

  for (const worker of early ?? []) {
    if (pool.size < workers) start(worker, true);
    else worker.terminate();
  }

  // While the caller holds a result, the threads must not keep the process alive on their own
  // (a caller that stops iterating without return() would otherwise never exit).
  const hold = (on) => {
    for (const thread of pool) on ? thread.worker.ref() : thread.worker.unref();
  };
  try {
    while (next < items.length) {
      const item = items[next];
      if (!item.ok || done.has(next)) {
        const result = item.ok ? done.get(next) : here(item);
        done.delete(next);
        if (result.writeError !== undefined) throw writeFailed(next, paths[next], result.writeError);
        next++;
        ahead = Math.max(ahead, next);
        hold(false);
        yield result;
        hold(true);
        continue;
      }
      if (startFailed && pool.size === 0) {
        // No thread could be started: this item, and so the rest, are drawn here.
        const at = retry.indexOf(next);
        if (at >= 0) retry.splice(at, 1);
        drawHere(next);
        continue;
      }
      dispatch();
      const index = callerDraws ? takeHere() : -1;
      if (index >= 0) {
        drawHere(index);
        // Let the threads' answers in (they are refilled as they arrive) before the next one.
        await new Promise(setImmediate);
        continue;
      }
      await new Promise((ok) => {
        wake = ok;
      });
    }
  } finally {
    closing = true;
    await Promise.all([...pool].map((thread) => thread.worker.terminate()));
  }
}
