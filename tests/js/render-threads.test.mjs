// SPDX-License-Identifier: MIT
// renderBatch on worker_threads (Node): the same results as the single thread, in item order,
// for mixed batches (refused and drawn items, SVG and PNG); the `threads` option and its
// checks; the `files` option (each thread writes its images); hostile items; and render threads that stop (bindings/js/node-threads.mjs): no item
// is lost, nothing hangs, and an item that stops a thread twice is reported failed.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { distDir, init, renderBatch, validateBatch, QredgeError } from './helpers/qredge.mjs';
import { decodeWithZxing, toPng } from './helpers/decode.mjs';

const { renderOnThreads, threadCount } = await import(pathToFileURL(join(distDir, 'node-threads.mjs')).href);
const hostileThread = new URL('./fixtures/threads/hostile-thread.mjs', import.meta.url);

beforeAll(() => init());

const collect = async (request, output, options) => {
  const out = [];
  for await (const item of renderBatch(request, output, options)) out.push(item);
  return out;
};

// Good items of several types, items refused by validation (bad URL, unknown type, too long,
// a lone surrogate, not an object, a prototype key), so that results mix both kinds.
const mixedItems = () => [
  { name: 'site', target: { destination: 'https://example.com/a' } },
  { name: 'ftp', target: { destination: 'ftp://example.com/file' } },
  { target: { text: 'hello threads' } },
  { name: 'wifi', target: { ssid: 'Cafe', password: 'espresso-42' } },
  { target: { type: 'nonsense', text: 'x' } },
  { name: 'long', target: { text: 'x'.repeat(5000) } },
  { name: 'n'.repeat(300), target: { text: 'a' } },
  'not an item',
  { name: 'proto', target: { text: 'p', __proto__: { polluted: true } }, ['__proto__']: { x: 1 } },
  { name: 'mail', target: { email: 'someone@example.com', subject: 'Hi' } },
  ...Array.from({ length: 14 }, (_, i) => ({ name: `n${i}`, target: { destination: `https://example.com/p/${i}?utm_source=qr` } })),
];

const styled = { shapes: { body: 'rounded', eye_frame: 'circle', eye_ball: 'circle' },
  gradient: { start: '#1d4ed8', end: '#312e81', type: 'linear-diagonal' } };

test.each([
  ['png', {}],
  ['svg', {}],
  ['png', styled],
  ['svg', styled],
])('a mixed %s batch on 2 and 3 threads equals the single thread, item for item, in order', async (format, design) => {
  const request = { items: mixedItems(), design };
  const output = { format, size: 256 };
  const single = await collect(request, output, { threads: 1 });
  expect(single.map((r) => r.index)).toEqual(request.items.map((_, i) => i));
  const refused = single.filter((r) => !r.ok).length;
  expect(refused).toBeGreaterThanOrEqual(5);
  expect(single.length - refused).toBeGreaterThanOrEqual(15);
  for (const threads of [2, 3]) {
    const threaded = await collect(request, output, { threads });
    // Same keys in the same order, same values, the same bytes.
    expect(threaded.map((r) => Object.keys(r))).toEqual(single.map((r) => Object.keys(r)));
    expect(threaded).toEqual(single);
  }
  // And the images are real codes of their payloads.
  const first = single.find((r) => r.ok);
  const png = format === 'svg' ? toPng(first.data) : Buffer.from(first.data);
  expect((await decodeWithZxing(png)).toString('utf8')).toBe(first.payload);
}, 60000);

test('a batch with more items than the window: order kept, every image its own payload', async () => {
  const items = Array.from({ length: 150 }, (_, i) => ({ target: { text: `item ${i}` } }));
  const results = await collect({ items }, { format: 'png', size: 64 }, { threads: 2 });
  expect(results.map((r) => r.index)).toEqual(items.map((_, i) => i));
  expect(results.every((r, i) => r.ok && r.payload === `item ${i}`)).toBe(true);
  const single = await collect({ items }, { format: 'png', size: 64 }, { threads: 1 });
  expect(results).toEqual(single);
}, 60000);

test('the `threads` option: a whole number from 1 to 64, else invalid_option before anything is drawn', async () => {
  for (const threads of [0, -1, 1.5, 65, '2', null, NaN]) {
    const error = await collect({ items: [{ target: { text: 'a' } }] }, {}, { threads }).catch((e) => e);
    expect(error).toBeInstanceOf(QredgeError);
    expect(error.code).toBe('invalid_option');
    expect(error.message).toMatch(/`threads` must be a whole number from 1 to 64/);
  }
  // A request error is still the request's, whatever the option.
  const error = await collect({ items: [] }, {}, { threads: 2 }).catch((e) => e);
  expect(error.code).toBe('too_few_items');
});

test('threads given are started before validation, and a refused request ends them', async () => {
  // Node lists no Worker among its active resources: count this process's OS threads (Linux).
  const osThreads = () => Number(/^Threads:\s+(\d+)/m.exec(readFileSync('/proc/self/status', 'utf8'))[1]);
  // Threads of earlier tests may still be ending: wait until the count holds for 200 ms.
  let before = osThreads();
  for (let still = 0; still < 10; ) {
    await new Promise((ok) => setTimeout(ok, 20));
    const now = osThreads();
    still = now === before ? still + 1 : 0;
    before = now;
  }
  const error = await collect({ items: [] }, {}, { threads: 3 }).catch((e) => e);
  expect(error.code).toBe('too_few_items');
  // Two render threads were started for the batch before it was refused...
  expect(osThreads()).toBeGreaterThanOrEqual(before + 2);
  // ...and are ended.
  const until = Date.now() + 20000;
  while (osThreads() > before && Date.now() < until) await new Promise((ok) => setTimeout(ok, 20));
  expect(osThreads()).toBeLessThanOrEqual(before);
}, 30000);

// A result whose image `files` had written: the single thread's result with `file` (the path)
// instead of `data`, and the file holds those bytes.
function expectWritten(result, single, path) {
  const { data, ...rest } = single;
  expect(result).toEqual({ ...rest, file: path });
  expect(readFileSync(path).equals(Buffer.from(data))).toBe(true);
}

// --- `files`: each thread writes the images it draws ---------------------------------------------

test.each([2, 3])('`files` on %i threads: every drawn image is in the file it names, the results carry `file` instead of `data`', async (threads) => {
  const request = { items: mixedItems(), design: styled };
  const output = { format: 'png', size: 128 };
  const single = await collect(request, output, { threads: 1 });
  const dir = mkdtempSync(join(tmpdir(), 'qredge-files-'));
  try {
    const asked = [];
    const files = (item) => {
      asked.push(item);
      return join(dir, `${item.index}.${item.format}`);
    };
    const threaded = await collect(request, output, { threads, files });
    // Asked once per item to draw, in item order, with what names a file.
    expect(asked).toEqual(single.filter((r) => r.ok).map((r) => ({ index: r.index, name: r.name, type: r.type, kind: r.kind, format: 'png' })));
    expect(readdirSync(dir).sort()).toEqual(asked.map((a) => `${a.index}.png`).sort());
    expect(threaded.map((r) => r.index)).toEqual(single.map((r) => r.index));
    for (const [i, r] of threaded.entries()) {
      if (!r.ok) {
        expect(r).toEqual(single[i]);
        continue;
      }
      expectWritten(r, single[i], join(dir, `${i}.png`));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 60000);

test('`files` over existing files: each ends up holding exactly its image (a longer file is cut, a shorter one grown); a device path is written to', async () => {
  const items = Array.from({ length: 24 }, (_, i) => ({ name: `o${i}`, target: { text: `overwrite ${i}` } }));
  const output = { format: 'png', size: 96 };
  const single = await collect({ items }, output, { threads: 1 });
  const dir = mkdtempSync(join(tmpdir(), 'qredge-files-'));
  try {
    // Every third file missing, every third much longer than its image, every third shorter.
    for (let i = 0; i < items.length; i++) {
      if (i % 3 === 1) writeFileSync(join(dir, `${i}.png`), Buffer.alloc(200000, 0xff));
      if (i % 3 === 2) writeFileSync(join(dir, `${i}.png`), 'short');
    }
    // On 2 threads the calling thread writes some of the files, the render thread the others.
    const threaded = await collect({ items }, output, { threads: 2, files: (item) => join(dir, `${item.index}.png`) });
    for (const [i, r] of threaded.entries()) expectWritten(r, single[i], join(dir, `${i}.png`));
    const discarded = await collect({ items }, output, { threads: 2, files: () => '/dev/null' });
    expect(discarded.every((r) => r.ok && r.file === '/dev/null')).toBe(true);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 60000);

test('`files` on one thread: nothing is written, the results carry `data` (the caller writes)', async () => {
  let asked = 0;
  const results = await collect({ items: mixedItems() }, { format: 'svg' }, { threads: 1, files: () => { asked++; return '/nonexistent/x.svg'; } });
  expect(asked).toBe(0);
  expect(results.filter((r) => r.ok).every((r) => typeof r.data === 'string' && r.file === undefined)).toBe(true);
});

test('`files`: an image that cannot be written stops the batch with write_failed at its item, after every item before it', async () => {
  const items = Array.from({ length: 40 }, (_, i) => ({ name: `w${i}`, target: { text: `w${i}` } }));
  const dir = mkdtempSync(join(tmpdir(), 'qredge-files-'));
  try {
    mkdirSync(join(dir, '17.png'));  // a folder where an image goes
    const seen = [];
    const error = await (async () => {
      for await (const r of renderBatch({ items }, { format: 'png', size: 64 }, { threads: 2, files: (item) => join(dir, `${item.index}.png`) })) seen.push(r.index);
    })().catch((e) => e);
    expect(error).toBeInstanceOf(QredgeError);
    expect(error.code).toBe('write_failed');
    expect(error.path).toBe('/items/17');
    expect(error.message).toMatch(new RegExp(`^cannot write ${join(dir, '17.png').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: EISDIR`));
    expect(seen).toEqual(Array.from({ length: 17 }, (_, i) => i));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 60000);

test('the `files` option: a function that gives strings, else invalid_option before anything is drawn', async () => {
  for (const files of ['out/', {}, 1, null]) {
    const error = await collect({ items: [{ target: { text: 'a' } }] }, {}, { threads: 2, files }).catch((e) => e);
    expect(error).toBeInstanceOf(QredgeError);
    expect(error.code).toBe('invalid_option');
    expect(error.message).toMatch(/`files` must be a function/);
  }
  // A path that is not a string: invalid_option at that item, before anything is drawn.
  const error = await collect({ items: [{ target: { text: 'a' } }, { target: { text: 'b' } }] }, {}, { threads: 2, files: (item) => (item.index === 1 ? 42 : 'x.svg') }).catch((e) => e);
  expect(error).toBeInstanceOf(QredgeError);
  expect(error.code).toBe('invalid_option');
  expect(error.path).toBe('/items/1');
  expect(error.message).toMatch(/`files` must return a file path \(a string\) for every item, not 42 for item 1/);
});

test('threadCount: the number asked for (no more threads than items), else one per core up to 8 when the batch is work enough', () => {
  const items = (n, bad = 0) => [...Array.from({ length: n }, () => ({ ok: true })), ...Array.from({ length: bad }, () => ({ ok: false }))];
  const plain = validateBatch({ items: [{ target: { text: 'a' } }] }).design;
  const styled = validateBatch({ items: [{ target: { text: 'a' } }], design: { shapes: { body: 'dots' } } }).design;
  const batch = (n, design, output, bad = 0) => ({ items: items(n, bad), design, output });
  const png512 = { format: 'png', size: 512, margin: 4 };
  expect(threadCount(1, batch(1000, styled, png512))).toBe(1);
  expect(threadCount(4, batch(1000, plain, png512))).toBe(4);
  expect(threadCount(4, batch(3, styled, png512, 50))).toBe(3);
  expect(threadCount(4, batch(0, styled, png512, 5))).toBe(1);
  const cores = Math.min(availableParallelism(), 8);
  // Styled PNG pays for threads from a few dozen items; plain codes never do (1000 at most).
  expect(threadCount(undefined, batch(1000, styled, png512))).toBe(cores);
  expect(threadCount(undefined, batch(100, styled, png512))).toBe(cores);
  expect(threadCount(undefined, batch(10, styled, png512))).toBe(1);
  expect(threadCount(undefined, batch(100, styled, { format: 'png', size_mm: 10, dpi: 72, margin: 4 }))).toBe(1);
  expect(threadCount(undefined, batch(1000, styled, { format: 'svg', size: 512, margin: 4 }))).toBe(cores);
  expect(threadCount(undefined, batch(100, styled, { format: 'svg', size: 512, margin: 4 }))).toBe(1);
  expect(threadCount(undefined, batch(1000, plain, png512))).toBe(1);
  expect(threadCount(undefined, batch(1000, plain, { format: 'svg', size: 512, margin: 4 }))).toBe(1);
});

// --- threads that stop -------------------------------------------------------------------------

const wasmBinary = readFileSync(join(distDir, 'core.wasm'));

// Runs `request` through the thread pool with the hostile thread in `mode`; `here` gives the
// single thread's result, as renderBatch's does. Returns the results and how many threads started.
// With `callerDraws` false (as here unless said), `threads` render threads draw every item, so
// what happens to an item on a thread does not depend on timing.
// Options: `threads` (2), `callerDraws` (false), `files`, and `started`: the number of threads
// the test expects to have been started. A replacement thread
// is started before the item it redraws is answered, but on a loaded machine its first line may
// not have run (and left its file) when the batch ends and the pool ends it; so the last result
// is taken in only once that many threads have left their file (or 30 s have passed).
async function onHostileThreads(request, output, mode, { threads = 2, callerDraws = false, files = undefined, started = 0 } = {}) {
  const threadsIn = (prefix) => readdirSync(dir).filter((f) => f.startsWith(prefix)).length;
  const v = validateBatch({ ...request, output });
  expect(v.ok).toBe(true);
  const single = await collect(request, output, { threads: 1 });
  const dir = mkdtempSync(join(tmpdir(), 'qredge-threads-'));
  let drawnHere = 0;
  try {
    const results = [];
    const here = (item) => {
      // The calling thread's first item waits until the render threads are ready (or, when
      // they cannot start, have tried): a short batch would otherwise be drawn before that.
      const until = Date.now() + 30000;
      const up = mode === 'start-fails' ? 'thread-' : 'ready-';
      while (callerDraws && drawnHere === 0 && threadsIn(up) < threads - 1 && Date.now() < until);
      // A draw takes time, as a real one does (5 ms): the threads' "ready" left its file above
      // but may not be taken in yet, and instant draws would finish the batch before it is.
      for (const end = Date.now() + 5; callerDraws && Date.now() < end;);
      if (item.ok) drawnHere++;
      return single[item.index];
    };
    for await (const r of renderOnThreads({ items: v.items, design: JSON.stringify(v.design), output: JSON.stringify(v.output) },
      { threads, source: { wasmBinary }, here, files, callerDraws, threadUrl: hostileThread, testData: { mode, dir, dist: distDir } })) {
      results.push(r);
      for (const until = Date.now() + 30000; results.length === v.items.length && threadsIn('thread-') < started && Date.now() < until;) {
        await new Promise((ok) => setTimeout(ok, 10));
      }
    }
    return { results, single, started: threadsIn('thread-'), drawnHere };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const batchOf = (n, special = {}) => ({ items: Array.from({ length: n }, (_, i) => ({ name: `n${i}`, target: { text: special[i] ?? `item ${i}` } })) });

test('the pool starts the number of threads asked for, and the hostile-thread fixture is the real thread when calm', async () => {
  const { results, single, started } = await onHostileThreads(batchOf(30), { format: 'svg' }, '', { threads: 3, started: 3 });
  expect(started).toBe(3);
  expect(results).toEqual(single);
}, 60000);

test('an item that stops its thread every time: reported failed (internal_error), every other item drawn, in order', async () => {
  const request = batchOf(40, { 17: 'poison item' });
  const { results, single, started } = await onHostileThreads(request, { format: 'png', size: 128 }, 'exit-on:poison');
  expect(results.map((r) => r.index)).toEqual(single.map((r) => r.index));
  expect(results[17]).toEqual({ index: 17, name: 'n17', type: 'text', kind: 'static', ok: false,
    error: { code: 'internal_error', path: '/items/17', message: expect.stringMatching(/render thread stopped twice .*exited with code 3/) } });
  expect(results.filter((_, i) => i !== 17)).toEqual(single.filter((_, i) => i !== 17));
  // Two threads at first, one replacement per stop (the item was tried twice).
  expect(started).toBe(4);
}, 60000);

test('an engine fault once: the item and those beside it are drawn again on another thread, nothing is lost', async () => {
  const request = batchOf(40, { 9: 'fragile item' });
  const { results, single, started } = await onHostileThreads(request, { format: 'svg' }, 'throw-once:fragile', { started: 3 });
  expect(results).toEqual(single);
  expect(started).toBe(3);  // the thread that threw was replaced
}, 60000);

test('threads that cannot start: the batch is drawn in the calling thread, same results', async () => {
  const { results, single, drawnHere, started } = await onHostileThreads(batchOf(12), { format: 'svg' }, 'start-fails');
  expect(results).toEqual(single);
  expect(drawnHere).toBe(12);
  expect(started).toBe(2);  // and not replaced again and again
}, 60000);

test('a caller that stops early: the threads are ended, the next batch works', async () => {
  const items = Array.from({ length: 200 }, (_, i) => ({ target: { text: `early ${i}` } }));
  let seen = 0;
  for await (const item of renderBatch({ items }, { format: 'png', size: 64 }, { threads: 2 })) {
    if (++seen === 5) break;
    expect(item.ok).toBe(true);
  }
  const again = await collect({ items: items.slice(0, 30) }, { format: 'png', size: 64 }, { threads: 2 });
  expect(again.map((r) => r.payload)).toEqual(items.slice(0, 30).map((i) => i.target.text));
}, 60000);

test.each([
  ['once', 'exit-written-once:fragile', false],
  ['every time', 'exit-written:fragile', true],
])('`files`: a thread that stops after writing an item\'s file, before it answers (%s): drawn again; twice is internal_error', async (_, mode, fails) => {
  const request = batchOf(30, { 11: 'fragile item' });
  const output = { format: 'png', size: 64 };
  const out = mkdtempSync(join(tmpdir(), 'qredge-files-'));
  try {
    const files = (item) => join(out, `${item.index}.png`);
    const { results, single } = await onHostileThreads(request, output, mode, { files });
    expect(results.map((r) => r.index)).toEqual(single.map((r) => r.index));
    for (const [i, r] of results.entries()) {
      if (i === 11 && fails) {
        expect(r).toEqual({ index: 11, name: 'n11', type: 'text', kind: 'static', ok: false,
          error: { code: 'internal_error', path: '/items/11', message: expect.stringMatching(/render thread stopped twice .*exited with code 3/) } });
        continue;
      }
      expectWritten(r, single[i], join(out, `${i}.png`));
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}, 60000);

// --- the calling thread draws too (renderBatch's way) ------------------------------------------

test('threads: N starts N - 1 render threads and the calling thread draws too, from the same queue, in order', async () => {
  const { results, single, started, drawnHere } = await onHostileThreads(batchOf(60), { format: 'png', size: 64 }, '', { threads: 3, callerDraws: true });
  expect(started).toBe(2);
  expect(results).toEqual(single);
  // The threads are not ready at once: the first item is always drawn in the calling thread.
  expect(drawnHere).toBeGreaterThanOrEqual(1);
}, 60000);

test('the calling thread draws too, and a thread throws mid-batch: its items are drawn again, nothing lost', async () => {
  // Every item but the first is fragile, so the thread's first item makes it throw.
  const fragile = Object.fromEntries(Array.from({ length: 79 }, (_, i) => [i + 1, `fragile ${i + 1}`]));
  const { results, single, started } = await onHostileThreads(batchOf(80, fragile), { format: 'svg' }, 'throw-once:fragile', { callerDraws: true, started: 2 });
  expect(results).toEqual(single);
  expect(started).toBe(2);  // the thread that threw was replaced
}, 60000);

test('the calling thread draws too, and no thread can start: it draws the whole batch, same results', async () => {
  const { results, single, drawnHere, started } = await onHostileThreads(batchOf(12), { format: 'svg' }, 'start-fails', { threads: 3, callerDraws: true });
  expect(results).toEqual(single);
  expect(drawnHere).toBe(12);
  expect(started).toBe(2);
}, 60000);

test('refused items amid items drawn on threads and in the calling thread: each error at its index, in order', async () => {
  const items = Array.from({ length: 90 }, (_, i) => (i % 30 === 7 ? 'not an item' : { name: `n${i}`, target: { text: `mid ${i}` } }));
  const threaded = await collect({ items }, { format: 'png', size: 96 }, { threads: 2 });
  const single = await collect({ items }, { format: 'png', size: 96 }, { threads: 1 });
  expect(threaded).toEqual(single);
  expect(threaded.filter((r) => !r.ok).map((r) => [r.index, r.error.path.startsWith(`/items/${r.index}`)])).toEqual([[7, true], [37, true], [67, true]]);
}, 60000);
