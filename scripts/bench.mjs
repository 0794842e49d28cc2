// SPDX-License-Identifier: MIT
// qredge against its peers, in one process run, interleaved (docs/performance.md).
// Run it through scripts/bench, which builds the native baseline and passes --native.
//   node --expose-gc scripts/bench.mjs --native build/bench/qredge_bench [--repeats N] [--items N] [--json FILE]
//   BENCH_QUICK=1: 20 payloads, 1 repeat, fewer fresh processes — only checks that it works.
// Every repeat runs every engine once over the whole workload, in a new order each time, so
// machine noise hits all engines alike; the figure is the median over the repeats after one
// warm-up.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import { gzipSync } from 'node:zlib';
import { PNG } from 'pngjs';
import { plainPeers, qrCodeStyling, resvgPeer } from './bench-lib/peers.mjs';
import { measureCliThreads } from './bench-lib/cli-threads.mjs';
import { decodeWithZxing, svgToPng } from '../tests/js/helpers/decode.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dist = resolve(root, process.env.QREDGE_DIST ?? 'dist');
const quick = process.env.BENCH_QUICK === '1';
const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const ITEMS = Number(arg('--items', quick ? 20 : 1000));
const REPEATS = Number(arg('--repeats', quick ? 1 : 7));
// Slow engines would make a full run take many minutes: a task whose warm-up rate predicts more
// than BUDGET seconds for the whole workload runs only the first rate × BUDGET payloads (at
// least MIN_ITEMS) in each repeat. All payloads give the same version, so the rate is comparable.
const BUDGET = Number(arg('--budget', quick ? 1e9 : 1.5));
const MIN_ITEMS = Math.min(ITEMS, 100);
// Each task warms up for this long before the repeats. V8 runs wasm first as baseline (Liftoff)
// code and tiers hot functions up to optimised (TurboFan) code only after a few thousand renders
// (plain SVG: about 65 µs a code before, 42 µs after), and the JS peers' JITs settle too; a
// fixed 200-payload warm-up measured the wasm engine half-way through its tier-up.
const WARMUP_SECONDS = Number(arg('--warmup-seconds', quick ? 0 : 1.5));
const STYLED_PEER_ITEMS = Math.min(ITEMS, Number(arg('--styled-peer-items', quick ? 5 : 100)));
const INIT_RUNS = quick ? 2 : 7;
const MEMORY_ITEMS = quick ? 20 : 1000;
const nativeBin = arg('--native', null);
const jsonOut = arg('--json', null);
const STYLED_SIZE = 512;

const payloads = Array.from({ length: ITEMS }, (_, i) =>
  `https://example.com/p/${i}?utm_source=qrkit&utm_campaign=launch-${i % 37}`);
const sample = payloads[Math.floor(ITEMS / 2)];
const gc = globalThis.gc ?? (() => {});

// --- qredge (wasm) -------------------------------------------------------------------------
const qredge = await import(pathToFileURL(resolve(dist, 'node.mjs')).href);
await qredge.init();
// Every payload gets the same version (61–65 bytes, byte mode, Q: version 6, 41 modules); the
// size is checked here rather than assumed, and the run stops if that ever changes.
const modules = new Set(payloads.map((p) => qredge.renderPayload(p, '{}', '{"format":"svg"}').modules));
if (modules.size !== 1) throw new Error(`payloads span several versions (${[...modules]}): per-payload sizes needed`);
const MODULES = [...modules][0];
const SIZE = (MODULES + 8) * 10;

const logoPng = (() => {  // a 64 px PNG logo: a red disc on white
  const png = new PNG({ width: 64, height: 64 });
  for (let y = 0; y < 64; y++) for (let x = 0; x < 64; x++) {
    const i = (y * 64 + x) * 4, inside = (x - 31.5) ** 2 + (y - 31.5) ** 2 < 900;
    png.data.set(inside ? [200, 30, 30, 255] : [255, 255, 255, 255], i);
  }
  return PNG.sync.write(png);
})();
const styledDesign = (withLogo) => JSON.stringify({
  shapes: { body: 'rounded', eye_frame: 'circle', eye_ball: 'circle' },
  gradient: { start: '#1d4ed8', end: '#312e81', type: 'linear-diagonal' },
  ...(withLogo ? { logo: { url: `data:image/png;base64,${logoPng.toString('base64')}` } } : {}),
});
const out = (format, size) => JSON.stringify({ format, size, margin: 4 });
const plainSvg = out('svg', SIZE), plainPng = out('png', SIZE);
const styledSvg = out('svg', STYLED_SIZE), styledPng = out('png', STYLED_SIZE);
const STYLED_LOGO = styledDesign(true), STYLED_NOLOGO = styledDesign(false);
// The styled design in a call-to-action frame (docs/print.md): ticket style, two-word text.
const FRAMED = JSON.stringify({ ...JSON.parse(STYLED_NOLOGO), frame: { style: 'ticket', text: 'Scan me', color: '#1e3a8a' } });
const framedPdf = JSON.stringify({ format: 'pdf', size_mm: 30, margin: 4 });
const wasm = (design, output) => (p) => qredge.renderPayload(p, design, output).data;

// --- the engines, as (engine, workload) tasks ------------------------------------------------
const QW = 'qredge (wasm)';
const tasks = [
  { engine: QW, workload: 'plain svg', fn: wasm('{}', plainSvg) },
  { engine: QW, workload: 'plain png', fn: wasm('{}', plainPng) },
  { engine: QW, workload: 'styled svg', fn: wasm(STYLED_NOLOGO, styledSvg) },
  { engine: QW, workload: 'styled png', fn: wasm(STYLED_NOLOGO, styledPng) },
  { engine: QW, workload: 'styled+logo svg', fn: wasm(STYLED_LOGO, styledSvg) },
  { engine: QW, workload: 'styled+logo png', fn: wasm(STYLED_LOGO, styledPng) },
  { engine: QW, workload: 'styled pdf', fn: wasm(STYLED_NOLOGO, framedPdf) },
  { engine: QW, workload: 'framed svg', fn: wasm(FRAMED, styledSvg) },
  { engine: QW, workload: 'framed png', fn: wasm(FRAMED, styledPng) },
  { engine: QW, workload: 'framed pdf', fn: wasm(FRAMED, framedPdf) },
];
// The public render(), one code per call, as a consumer writes it: a target object, the design
// and a fresh output object each call (the plain rows' payloads, design and output).
const QR = 'qredge render()';
const viaRender = (format) => (p) => qredge.render({ destination: p }, {}, { format, size: SIZE, margin: 4 }).data;
tasks.push({ engine: QR, workload: 'plain svg', fn: viaRender('svg') }, { engine: QR, workload: 'plain png', fn: viaRender('png') });
for (const peer of plainPeers(SIZE)) {
  for (const f of ['svg', 'png']) if (peer[f]) tasks.push({ engine: peer.name, workload: `plain ${f}`, fn: peer[f], async: peer.async });
}
const styling = qrCodeStyling(STYLED_SIZE);
tasks.push({ engine: styling.name, workload: 'styled svg', fn: styling.svg, async: true, items: STYLED_PEER_ITEMS });
// resvg-js rasterises qredge's own styled SVG of the same payloads (made here, untimed).
const styledSvgs = new Map(payloads.slice(0, STYLED_PEER_ITEMS).map((p) => [p, wasm(STYLED_NOLOGO, styledSvg)(p)]));
if (!styledSvgs.has(sample)) styledSvgs.set(sample, wasm(STYLED_NOLOGO, styledSvg)(sample));
const resvg = resvgPeer(STYLED_SIZE, (p) => styledSvgs.get(p));
tasks.push({ engine: resvg.name, workload: 'styled png', fn: resvg.png, items: STYLED_PEER_ITEMS });

const pause = (ms) => new Promise((ok) => setTimeout(ok, ms));

async function timeTask(task, count = task.items ?? ITEMS) {
  const list = payloads.slice(0, count);
  let bytes = 0;
  gc();
  // V8 sweeps the heap after a full collection lazily and on helper threads: without a pause,
  // a task following one that left a big heap (qr-code-styling's jsdom) paid for that sweep.
  await pause(50);
  const t0 = performance.now();
  if (task.async) for (const p of list) bytes += (await task.fn(p)).length;
  else for (const p of list) bytes += task.fn(p).length;
  const s = (performance.now() - t0) / 1000;
  return { rate: list.length / s, bytes: bytes / list.length };
}

// Runs the task in chunks of MIN_ITEMS payloads for WARMUP_SECONDS (at least one chunk); the
// last chunk's rate predicts the cost of a full repeat.
async function warmUp(task) {
  const count = Math.min(task.items ?? ITEMS, MIN_ITEMS);
  const until = performance.now() + WARMUP_SECONDS * 1000;
  let r;
  do r = await timeTask(task, count); while (performance.now() < until);
  return r;
}

// The native baseline runs in its own process (spawned among the other tasks, timed inside).
const sampleDir = mkdtempSync(join(tmpdir(), 'qredge-bench-'));
function runNative(extra = []) {
  // Two runs in the process, the second timed: the native build gets a warm-up too (warm caches
  // and a grown heap), as the engines in this process do.
  const text = execFileSync(nativeBin, ['--items', String(ITEMS), '--size', String(SIZE), '--repeats', '2', ...extra], { encoding: 'utf8' });
  const r = JSON.parse(text).runs.at(-1);
  return { svg: { rate: ITEMS / r.svg.seconds, bytes: r.svg.bytes / ITEMS }, png: { rate: ITEMS / r.png.seconds, bytes: r.png.bytes / ITEMS } };
}

// --- correctness: one sample of every engine's output must decode to its payload -------------
// A PDF is checked as a print shop sees it: rasterised by poppler (pdftoppm, 200 dpi).
function pdfToPng(pdf) {
  const f = join(sampleDir, 'check.pdf');
  writeFileSync(f, pdf);
  execFileSync('pdftoppm', ['-r', '200', '-png', '-singlefile', f, join(sampleDir, 'check')]);
  return readFileSync(join(sampleDir, 'check.png'));
}
const checks = [];
async function check(engine, workload, data, width) {
  let decoded = null, error = null;
  try {
    // resvg ignores quoted references (`url('#id')`, which browsers accept and qr-code-styling
    // writes): unquote them so the rasterizer, not the engine, is not what fails.
    const png = typeof data === 'string' ? svgToPng(data.replace(/url\('(#[^']+)'\)/g, 'url($1)'), width)
      : data.subarray(0, 5).toString('latin1') === '%PDF-' ? pdfToPng(data) : data;
    decoded = await decodeWithZxing(png);
  } catch (e) { error = e.message; }
  const ok = decoded !== null && decoded.toString('utf8') === sample;
  checks.push({ engine, workload, ok, decoded: decoded?.toString('utf8') ?? null, error });
}
for (const t of tasks) {
  const data = t.async ? await t.fn(sample) : t.fn(sample);
  await check(t.engine, t.workload, typeof data === 'string' ? data : Buffer.from(data), t.workload.startsWith('plain') ? SIZE : STYLED_SIZE);
}
if (nativeBin) {
  runNative(['--sample-dir', sampleDir]);
  await check('qredge (native)', 'plain svg', readFileSync(join(sampleDir, 'native.svg'), 'utf8'), SIZE);
  await check('qredge (native)', 'plain png', readFileSync(join(sampleDir, 'native.png')), SIZE);
}
rmSync(sampleDir, { recursive: true, force: true });
const badEngines = new Set(checks.filter((c) => !c.ok).map((c) => `${c.engine}|${c.workload}`));

// --- interleaved repeats ------------------------------------------------------------------------
const samples = new Map();  // "engine|workload" -> [{rate, bytes}]
const record = (engine, workload, r) => {
  const key = `${engine}|${workload}`;
  if (!samples.has(key)) samples.set(key, []);
  samples.get(key).push(r);
};
const units = [...tasks.map((t) => ({ task: t })), ...(nativeBin ? [{ native: true }] : [])];
// A fresh order for every repeat (a seeded shuffle, so runs are comparable). A rotation keeps
// each task behind the same neighbour every time: the task that always followed the native
// process measured up to 40 % slow in some repeats (the machine still busy with the child).
let seed = 0x9e3779b9;
const random = () => { seed = (Math.imul(seed ^ (seed >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0; return seed / 2 ** 32; };
const shuffled = (xs) => {
  const a = [...xs];
  for (let i = a.length - 1; i > 0; i--) { const j = Math.floor(random() * (i + 1)); [a[i], a[j]] = [a[j], a[i]]; }
  return a;
};
const t0 = performance.now();
for (let rep = 0; rep <= REPEATS; rep++) {  // rep 0 is the warm-up
  for (const u of shuffled(units)) {
    if (u.native) {
      const r = runNative();
      await pause(100);  // let the child's exit finish before the next task is timed
      if (rep) { record('qredge (native)', 'plain svg', { ...r.svg, items: ITEMS }); record('qredge (native)', 'plain png', { ...r.png, items: ITEMS }); }
    } else {
      const r = rep ? await timeTask(u.task) : await warmUp(u.task);
      if (rep) record(u.task.engine, u.task.workload, { ...r, items: u.task.items ?? ITEMS });
      else if (!u.task.items && r.rate * BUDGET < ITEMS) u.task.items = Math.max(MIN_ITEMS, Math.round(r.rate * BUDGET));
    }
  }
}
const benchSeconds = (performance.now() - t0) / 1000;
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const figure = (engine, workload) => {
  const xs = samples.get(`${engine}|${workload}`);
  return xs ? { rate: median(xs.map((x) => x.rate)), bytes: median(xs.map((x) => x.bytes)), n: xs.length, items: xs[0].items } : null;
};

// --- size, init, memory ------------------------------------------------------------------------
const gz = (files) => files.reduce((n, f) => n + gzipSync(readFileSync(join(dist, f)), { level: 9 }).length, 0);
const raw = (files) => files.reduce((n, f) => n + readFileSync(join(dist, f)).length, 0);
const shipped = ['core.wasm', 'core.mjs'], jsLayer = ['api.mjs', 'node.mjs', 'build-info.mjs'];
const sizes = { wasmGlueRaw: raw(shipped), wasmGlueGzip: gz(shipped), wasmGzip: gz(['core.wasm']), glueGzip: gz(['core.mjs']),
  jsLayerGzip: gz(jsLayer) };
const child = (args) => JSON.parse(execFileSync(process.execPath, [join(root, 'scripts/bench-lib/child.mjs'), ...args], { encoding: 'utf8' }));
const inits = Array.from({ length: INIT_RUNS }, () => child(['init', dist]));
const initMs = median(inits.map((x) => x.initMs)), importInitMs = median(inits.map((x) => x.importMs + x.initMs));
const mem = child(['memory', dist, String(MEMORY_ITEMS), '1024']);
const memStyled = child(['memory', dist, String(MEMORY_ITEMS), '1024', STYLED_LOGO]);

// The command line's 1000-item styled PNG batch on 2 threads against 1 (fresh processes), over
// the same build as the rest of the bench.
const cliThreads = measureCliThreads({ cli: join(root, 'bin/qredge.mjs'), dist, payloads, design: JSON.parse(STYLED_NOLOGO),
  threads: 2, runs: quick ? 1 : 3 });

// workerd: one streamed 1000-item batch through the worker (Miniflare, loopback HTTP). The
// worker imports dist/ (worker/*.mjs), not QREDGE_DIST. Skipped if the helper is missing.
let stream = null;
const streamLib = resolve(root, 'scripts/bench-lib/worker-stream.mjs');
if (existsSync(streamLib)) {
  try {
    const { measureWorkerStream } = await import(pathToFileURL(streamLib).href);
    // A worker in service has run requests before: warm it with two full-size batches, then take
    // the median of five.
    stream = await measureWorkerStream({ items: quick ? 20 : 1000, format: 'png', size: 256,
      warmup: quick ? 1 : 2, warmupItems: quick ? 20 : 1000, repeats: quick ? 1 : 5 });
  } catch (e) {
    stream = { error: e.message };
  }
}

// --- report -----------------------------------------------------------------------------------
const fmt = (x) => (x >= 100 ? x.toFixed(0) : x.toFixed(1));
const lines = [];
const say = (s = '') => { lines.push(s); console.log(s); };
say(`qredge benchmark — Node ${process.version}, ${ITEMS} payloads (all version ${(MODULES - 17) / 4}, ${MODULES} modules: ` +
  `plain ${SIZE} px = 10 px/module, styled ${STYLED_SIZE} px), median of ${REPEATS} interleaved repeats after 1 warm-up` +
  (quick ? ' [QUICK MODE: not a measurement]' : ''));
const workloads = ['plain svg', 'plain png', 'styled svg', 'styled png', 'styled+logo svg', 'styled+logo png',
  'styled pdf', 'framed svg', 'framed png', 'framed pdf'];
const described = {
  'styled pdf': ' (the styled design as a 30 mm PDF page)',
  'framed svg': ' (the styled design in a ticket frame with "Scan me")',
  'framed png': ' (the styled design in a ticket frame with "Scan me")',
  'framed pdf': ' (framed, as a 30 mm PDF page)',
};
const ratios = {};
for (const w of workloads) {
  const rows = [...samples.keys()].filter((k) => k.endsWith(`|${w}`)).map((k) => k.split('|')[0]);
  if (!rows.length) continue;
  const q = figure(QW, w);
  say('');
  say(`${w}${described[w] ?? (w.startsWith('styled') ? (w.includes('logo') ? ' (64 px PNG logo, EC H)' : ' (rounded body, circle eyes, diagonal gradient)') : '')}`);
  say(`  ${'engine'.padEnd(18)} ${'codes/s'.padStart(9)}  ${'bytes/code'.padStart(10)}  qredge(wasm) ÷ engine`);
  for (const e of rows.sort((a, b) => figure(b, w).rate - figure(a, w).rate)) {
    const f = figure(e, w);
    const ratio = q && e !== QW ? q.rate / f.rate : null;
    if (ratio) ratios[`${w}|${e}`] = ratio;
    const note = (badEngines.has(`${e}|${w}`) ? '  (OUTPUT DID NOT DECODE)' : '') + (f.items < ITEMS ? `  (first ${f.items} payloads/repeat)` : '');
    say(`  ${e.padEnd(18)} ${fmt(f.rate).padStart(9)}  ${fmt(f.bytes).padStart(10)}  ${ratio ? `${ratio.toFixed(2)}×` : '—'}${note}`);
  }
}
say('');
say(`shipped core.wasm + core.mjs: ${(sizes.wasmGlueRaw / 1024).toFixed(1)} KiB raw, ${(sizes.wasmGlueGzip / 1024).toFixed(1)} KiB gzip -9 ` +
  `(core.wasm ${(sizes.wasmGzip / 1000).toFixed(1)} KB + glue ${(sizes.glueGzip / 1000).toFixed(1)} KB = ${(sizes.wasmGlueGzip / 1000).toFixed(1)} KB, ` +
  `goal ≤ 150 KB; + JS layer api/node/build-info ${(sizes.jsLayerGzip / 1024).toFixed(1)} KiB gzip)`);
say(`init() in a fresh Node process: median ${initMs.toFixed(1)} ms over ${INIT_RUNS} (import + init ${importInitMs.toFixed(1)} ms; ` +
  `all init: ${inits.map((x) => x.initMs.toFixed(1)).join(', ')})`);
say(`wasm memory, ${MEMORY_ITEMS}-item 1024 px PNG batch (renderBatch, fresh process): ${(mem.before / 1048576).toFixed(1)} MiB after init, ` +
  `peak ${(mem.after / 1048576).toFixed(1)} MiB (${mem.ok}/${MEMORY_ITEMS} ok); styled+logo: peak ${(memStyled.after / 1048576).toFixed(1)} MiB (${memStyled.ok}/${MEMORY_ITEMS} ok)`);
say(`decode check (zxing-wasm, payload #${Math.floor(ITEMS / 2)}): ${checks.filter((c) => c.ok).length}/${checks.length} engine outputs decode to the payload` +
  (badEngines.size ? `; FAILED: ${[...badEngines].join(', ')}` : ''));
if (stream?.error) say(`workerd stream: failed: ${stream.error}`);
else if (stream) say(`workerd (Miniflare, dist/, real HTTP), ${stream.items}-item 256 px PNG batch as NDJSON, median of ${stream.runs.length} after ` +
  `${stream.warmup} warm-up batches of ${stream.warmupItems}: first item line ${stream.firstItemMs?.toFixed(1)} ms after the request ` +
  `(all: ${stream.runs.map((r) => r.firstItemMs.toFixed(1)).join(', ')}), last line ${stream.totalMs?.toFixed(0)} ms ` +
  `(${stream.lines} item lines, ${stream.images ?? '?'} images)`);
say(`CLI ${cliThreads.items}-item styled ${STYLED_SIZE} px PNG batch (qredge render, fresh process each, ${relative(root, dist) || '.'}/): ` +
  `--threads 1 ${cliThreads.single.toFixed(2)} s, --threads ${cliThreads.threads} ${cliThreads.threaded.toFixed(2)} s, median of ${cliThreads.runs} ` +
  `(all: ${cliThreads.singleRuns.map((x) => x.toFixed(2)).join(', ')} / ${cliThreads.threadedRuns.map((x) => x.toFixed(2)).join(', ')}): ` +
  `${cliThreads.ratio.toFixed(2)}×${cliThreads.same ? '' : '; THE FILES DIFFER'}; two --threads 1 processes at once, half the items each: ` +
  `${cliThreads.pair.toFixed(2)} s (${cliThreads.pairRuns.map((x) => x.toFixed(2)).join(', ')}), ${cliThreads.pairRatio.toFixed(2)}× (no threads, each process's background work competing: a reference, not a goal)`);
say(`repeats took ${benchSeconds.toFixed(1)} s`);

const r = (w, e) => ratios[`${w}|${e}`];
const viaRenderRatio = (w, e) => { const a = figure(QR, w), b = figure(e, w); return a && b ? a.rate / b.rate : undefined; };
const nat = (w) => { const q = figure(QW, w), n = figure('qredge (native)', w); return q && n ? q.rate / n.rate : undefined; };
const goals = [
  ['plain SVG ≥ 2.5× qrcode', r('plain svg', 'qrcode'), 2.5],
  ['plain SVG ≥ 5× lean-qr', r('plain svg', 'lean-qr'), 5],
  ['plain SVG ≥ 0.85× native build', nat('plain svg'), 0.85],
  ['plain PNG ≥ 25× qrcode', r('plain png', 'qrcode'), 25],
  ['plain PNG ≥ 3.5× lean-qr', r('plain png', 'lean-qr'), 3.5],
  ['render() plain SVG ≥ 10× qrcode (public call, one code per call)', viaRenderRatio('plain svg', 'qrcode'), 10],
  ['render() plain SVG ≥ 20× lean-qr', viaRenderRatio('plain svg', 'lean-qr'), 20],
  ['render() plain PNG ≥ 150× qrcode', viaRenderRatio('plain png', 'qrcode'), 150],
  ['render() plain PNG ≥ 20× lean-qr', viaRenderRatio('plain png', 'lean-qr'), 20],
  ['styled SVG ≥ 50× qr-code-styling (both without logo)', r('styled svg', 'qr-code-styling'), 50],
  ['styled 512 px PNG ≥ 10× qr-code-styling', undefined, 10, 'qr-code-styling cannot make a PNG in Node without node-canvas'],
  ['styled 512 px PNG ≥ 10× resvg-js rasterising the same SVG', r('styled png', 'resvg-js'), 10],
  ['.wasm + glue ≤ 250 KB gzip', sizes.wasmGlueGzip / 1000, 250, null, 'max', 'KB'],
  ['.wasm + glue ≤ 150 KB gzip (issue 21)', sizes.wasmGlueGzip / 1000, 150,
    `core.wasm ${(sizes.wasmGzip / 1000).toFixed(1)} KB + glue ${(sizes.glueGzip / 1000).toFixed(1)} KB; what the bytes are: scripts/wasm-size.py`, 'max', 'KB'],
  ['init() in Node < 25 ms', initMs, 25, null, 'lt', 'ms'],
  ['peak wasm memory, 1000 × 1024 px PNG ≤ 64 MB', Math.max(mem.after, memStyled.after) / 1e6, 64,
    `plain and styled+logo batches${quick ? '; quick mode: only 20 items' : ''}`, 'max', 'MB'],
  ['workerd: first NDJSON item line ≤ 25 ms, 1000-item batch', stream && !stream.error ? stream.firstItemMs ?? undefined : undefined, 25,
    !stream ? 'scripts/bench-lib/worker-stream.mjs missing' : stream.error ? 'the stream measurement failed' : quick ? 'quick mode: only 20 items' : null, 'max', 'ms'],
  ['CLI 1000-item styled 512 px PNG batch: --threads 2 ≥ 1.7× --threads 1', cliThreads.ratio, 1.7,
    quick ? 'quick mode: only 20 items' : null],
];
say('');
say('goals:');
const goalResults = goals.map(([name, value, target, why, kind = 'min', unit = '']) => {
  const pass = value === undefined ? null : kind === 'min' ? value >= target : kind === 'max' ? value <= target : value < target;
  const shown = value === undefined ? 'n/a' : kind === 'min' ? `${value.toFixed(2)}×` : `${value.toFixed(1)} ${unit}`;
  say(`  ${pass === null ? 'N/A ' : pass ? 'PASS' : 'MISS'}  ${name}: ${shown}${why ? ` (${why})` : ''}`);
  return { name, value: value ?? null, target, pass };
});

if (jsonOut) {
  const figures = Object.fromEntries([...samples.keys()].map((k) => [k, figure(...k.split('|'))]));
  writeFileSync(jsonOut, JSON.stringify({ items: ITEMS, repeats: REPEATS, modules: MODULES, size: SIZE, figures, ratios,
    checks, sizes, initMs, importInitMs, memory: mem, memoryStyled: memStyled, workerStream: stream, cliThreads, goals: goalResults, text: lines.join('\n') }, null, 2));
}
process.exit(badEngines.size || !cliThreads.same ? 1 : 0);
