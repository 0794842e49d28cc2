// SPDX-License-Identifier: MIT
// The load test (issue 8), as a library: `runLoad(options)` starts the worker in workerd on
// 127.0.0.1 with `wrangler dev`, as `npm start` does (the bundled worker, static assets, D1
// persisted in a temporary folder; or straight on Miniflare with runtime: 'miniflare'), streams
// one batch per client over real loopback HTTP while other clients read batches, codes,
// downloads and redirects, then checks that every item was stored exactly once and that its code scans.
// scripts/load-test.mjs prints the report; tests/js/load-quick.test.mjs runs the same code with
// small numbers. Bounded in count (clients × items) and time (`seconds`); loopback only.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, createReadStream, createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { freePort } from './free-port.mjs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { Miniflare } from 'miniflare';
import { init as initEngine, validateBatch } from '../dist/node.mjs';
import { createKey } from '../worker/auth/keys.mjs';
import { codeId, shortCodeFor } from '../worker/ids.mjs';
import { ndjsonValues } from '../tests/js/helpers/worker.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const DATABASE_ID = '00000000-0000-4000-8000-000000000001';  // wrangler.toml's d1 database_id
const DEFAULT_RATE_LIMIT = 600;                              // worker/auth/guard.mjs without RATE_LIMIT_PER_MINUTE
const RATE_BUDGET = 0.85;                                    // readers keep each key below 85 % of its limit

export const FULL = { clients: 20, items: 1000, readers: 4, seconds: 600, decode: 'all' };
export const QUICK = { clients: 20, items: 50, readers: 2, seconds: 45, decode: 'all' };

// ---------------------------------------------------------------------------------------------
// What the clients send: a mix of formats, sizes, designs and target types, and what each item
// must encode (computed here with the same engine's validateBatch, independently of the worker).

const DESIGNS = [
  null,
  { shapes: { body: 'dots', eye_frame: 'rounded', eye_ball: 'circle' }, colors: { foreground: '#1a237e' } },
  { gradient: { start: '#0d47a1', end: '#4a148c', type: 'linear-diagonal' },
    shapes: { body: 'classy-rounded', eye_frame: 'leaf', eye_ball: 'star' }, error_correction: 'H' },
];

function item(c, i) {
  switch (i % 6) {
    case 0: case 1: case 2:  // dynamic url (the default kind in the worker), with UTM merged
      return { target: { destination: `https://example.com/load/c${c}/i${i}?ref=print`, utm: { source: 'load', campaign: `c${c}` } },
        ...(i % 2 ? { name: `client ${c} item ${i}`, tags: ['load', `c${c}`] } : {}) };
    case 3:
      return { target: { destination: `https://example.org/s/${c}-${i}#top`, utm: { medium: 'print' } }, kind: 'static' };
    case 4:
      return { target: { text: `load test client ${c} item ${i} — ✓ ünïcödé` }, folder_id: `f_${c}` };
    default:
      return i % 12 === 5
        ? { target: { ssid: `net-${c}-${i}`, password: `pass;word:${i}`, encryption: 'WPA' } }
        : { target: { email: `c${c}.i${i}@example.com`, subject: 'Load & test', message: `item ${i}` } };
  }
}

/** The request of client `c` and, per item, the expected type, kind and payload. */
export function batchFor(c, items) {
  const format = c % 2 === 0 ? 'svg' : 'png';
  const size = format === 'png' && c % 4 === 1 ? 256 : 512;
  const design = DESIGNS[c % DESIGNS.length];
  const body = { items: Array.from({ length: items }, (_, i) => item(c, i)), output: { format, size }, ...(design ? { design } : {}) };
  const v = validateBatch(body, { dynamic_available: true });
  if (!v.ok || v.items.some((x) => !x.ok)) throw new Error(`load: client ${c}'s own request does not validate: ${JSON.stringify(v.errors ?? v.items.find((x) => !x.ok))}`);
  return { body, text: JSON.stringify(body), format, size, design: !!design,
    expected: v.items.map((x) => ({ type: x.type, kind: x.kind, payload: x.payload })) };
}

// ---------------------------------------------------------------------------------------------
// Small utilities.

const sleep = (ms) => new Promise((ok) => setTimeout(ok, ms));
// fetch() says only "fetch failed"; the socket's own error is in the cause.
const why = (e) => [e.message, e.cause?.code, e.cause?.message].filter(Boolean).join(': ');

function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Nearest-rank percentiles of a list of milliseconds. */
export function percentiles(values) {
  if (!values.length) return { n: 0, p50: null, p90: null, p99: null, max: null };
  const s = Float64Array.from(values).sort();
  const at = (p) => s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
  return { n: s.length, p50: at(50), p90: at(90), p99: at(99), max: s[s.length - 1] };
}

// Child processes of `pid`, recursively, from /proc (Linux only; empty elsewhere).
function descendants(pid) {
  let entries;
  try { entries = readdirSync('/proc').filter((d) => /^\d+$/.test(d)); } catch { return []; }
  const children = new Map();
  for (const d of entries) {
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (!children.has(ppid)) children.set(ppid, []);
      children.get(ppid).push(Number(d));
    } catch { /* the process went away */ }
  }
  const out = [];
  const queue = [pid];
  while (queue.length) for (const c of children.get(queue.shift()) ?? []) { out.push(c); queue.push(c); }
  return out;
}

function procStatus(pid) {
  try {
    const text = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (name) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? NaN);
    return { name: /^Name:\s+(\S+)/m.exec(text)?.[1], rssKb: kb('VmRSS'), hwmKb: kb('VmHWM') };
  } catch { return null; }
}

// CPU time (user + system) of processes, in seconds, from /proc/<pid>/stat (clock ticks of 1/100 s).
function cpuSeconds(pids) {
  let ticks = 0;
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(f[11]) + Number(f[12]);  // utime, stime (fields 14 and 15)
    } catch { /* gone */ }
  }
  return ticks / 100;
}

const gitOut = (...args) => {
  const r = spawnSync('git', ['-C', root, ...args], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
};

// ---------------------------------------------------------------------------------------------
// The runtime: a snapshot of the worker (so edits made while the test runs cannot reach it
// mid-way) run in workerd, with its D1 state in a temporary folder.

export function snapshotWorker(dir, ref) {
  if (ref) {
    const r = spawnSync('sh', ['-c', 'git -C "$1" archive "$2" worker shared wrangler.toml package.json | tar -x -C "$3"', 'sh', root, ref, dir], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`load: cannot take worker/ from ${ref}: ${r.stderr.trim()}`);
  } else {
    cpSync(join(root, 'worker'), join(dir, 'worker'), { recursive: true });
    cpSync(join(root, 'shared'), join(dir, 'shared'), { recursive: true });  // the CSV reader the worker imports
    cpSync(join(root, 'wrangler.toml'), join(dir, 'wrangler.toml'));
    // The worker imports the engine as the package `qredge`: a self-reference, resolved through package.json's exports.
    cpSync(join(root, 'package.json'), join(dir, 'package.json'));
  }
  // The worker imports npm packages (papaparse, fflate), which wrangler bundles from here.
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir');
  // Build outputs are not in git: the engine is dist/worker.mjs (package.json's workerd export), and wrangler.toml
  // serves build/site as assets.
  for (const p of ['dist', join('build', 'site')]) {
    if (!existsSync(join(root, p))) throw new Error(`load: ${p}/ is missing; run sh scripts/build.sh wasm first`);
    cpSync(join(root, p), join(dir, p), { recursive: true });
  }
}

// Keeps the runtime's output: a line count and the last 200 lines.
function collect(stream, output) {
  createInterface({ input: stream }).on('line', (line) => {
    output.lines++;
    output.tail.push(line);
    if (output.tail.length > 200) output.tail.shift();
  });
}

export async function withStateDb(stateDir, use) {
  const mf = new Miniflare({
    modules: true, script: 'export default { fetch() { return new Response(null, { status: 404 }); } }',
    compatibilityDate: '2025-09-01', cf: false,
    d1Databases: { DB: DATABASE_ID }, d1Persist: join(stateDir, 'v3', 'd1'),
  });
  try {
    return await use(await mf.getD1Database('DB'));
  } finally {
    await mf.dispose();
  }
}

async function startWrangler({ dir, stateDir, vars, log }) {
  const port = await freePort();
  const inspectorPort = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const args = [join(root, 'node_modules', 'wrangler', 'bin', 'wrangler.js'), 'dev', '--local',
    '--ip', '127.0.0.1', '--port', String(port), '--inspector-port', String(inspectorPort),
    '--persist-to', stateDir, '--log-level', 'warn', '--show-interactive-dev-session=false',
    '--var', `REDIRECT_BASE:${base}`, ...Object.entries(vars).flatMap(([k, v]) => ['--var', `${k}:${v}`])];
  const child = spawn(process.execPath, args, {
    cwd: dir, stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false', NO_COLOR: '1' },
  });
  const output = { lines: 0, tail: [] };
  for (const stream of [child.stdout, child.stderr]) collect(stream, output);
  let exited = null;
  const exit = new Promise((ok) => child.once('exit', (code, signal) => { exited = { code, signal }; ok(exited); }));

  const deadline = Date.now() + 90_000;
  for (;;) {
    if (exited) throw new Error(`load: wrangler dev exited (${JSON.stringify(exited)}):\n${output.tail.join('\n')}`);
    try {
      if ((await fetch(`${base}/v1/openapi.json`)).ok) break;
    } catch { /* not up yet */ }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`load: wrangler dev did not answer on ${base} within 90 s:\n${output.tail.join('\n')}`);
    }
    await sleep(100);
  }
  log(`worker up on ${base} (wrangler dev pid ${child.pid})`);

  const workerdPids = () => descendants(child.pid).filter((pid) => procStatus(pid)?.name === 'workerd');
  return {
    base, output, workerdPids,
    async stop() {
      if (exited) return;
      const pids = workerdPids();
      child.kill('SIGTERM');
      if (!(await Promise.race([exit, sleep(10_000).then(() => null)]))) {
        child.kill('SIGKILL');
        await exit;
      }
      // workerd normally goes with wrangler; anything of ours still alive is stopped by pid.
      for (const pid of pids) { try { process.kill(pid, 'SIGKILL'); } catch { /* already gone */ } }
    },
  };
}

// The same worker straight on Miniflare (workerd without wrangler's dev proxy), for comparison.
async function startMiniflare({ dir, stateDir, vars, log }) {
  const output = { lines: 0, tail: [] };
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const mf = new Miniflare({
    host: '127.0.0.1', port,
    modules: true, scriptPath: join(dir, 'worker', 'index.mjs'), rootPath: dir, modulesRoot: dir,
    modulesRules: [{ type: 'ESModule', include: ['**/*.mjs'] }, { type: 'CompiledWasm', include: ['**/*.wasm'] }],
    compatibilityDate: '2025-09-01', cf: false,
    d1Databases: { DB: DATABASE_ID }, d1Persist: join(stateDir, 'v3', 'd1'),
    bindings: { REDIRECT_BASE: base, ...vars },
    handleRuntimeStdio(stdout, stderr) { for (const stream of [stdout, stderr]) collect(stream, output); },
  });
  await mf.ready;
  log(`worker up on ${base} (Miniflare)`);
  return {
    base, output,
    workerdPids: () => descendants(process.pid).filter((pid) => procStatus(pid)?.name === 'workerd'),
    stop: () => mf.dispose(),
  };
}

/** Starts the worker (`wrangler` or `miniflare`) on a free loopback port over `dir` and `stateDir`. */
export const startRuntime = (kind, options) => (kind === 'miniflare' ? startMiniflare : startWrangler)(options);

// Peak RSS of workerd: sampled sum over its processes, and the kernel's high-water mark.
function rssSampler(runtime, everyMs = 250) {
  const peak = { sumKb: 0, hwmKb: {}, samples: 0 };
  const sample = () => {
    let sum = 0;
    for (const pid of runtime.workerdPids()) {
      const s = procStatus(pid);
      if (!s) continue;
      sum += s.rssKb;
      peak.hwmKb[pid] = Math.max(peak.hwmKb[pid] ?? 0, s.hwmKb);
    }
    peak.sumKb = Math.max(peak.sumKb, sum);
    peak.samples++;
  };
  sample();
  const timer = setInterval(sample, everyMs);
  return { peak, stop() { clearInterval(timer); sample(); } };
}

// Client-side view of the per-key fixed window (worker/auth/rate-limit.mjs), so readers stay under it.
class KeyBudget {
  constructor(limit) { this.max = Math.floor(limit * RATE_BUDGET); this.window = -1; this.counts = new Map(); }
  take(k, force = false) {
    const w = Math.floor(Date.now() / 60_000);
    if (w !== this.window) { this.window = w; this.counts.clear(); }
    const n = this.counts.get(k) ?? 0;
    if (!force && n >= this.max) return false;
    this.counts.set(k, n + 1);
    return true;
  }
}

// ---------------------------------------------------------------------------------------------
// The run.

/**
 * Runs the load test. Options: clients, items (per batch), readers, seconds (cap on the load
 * phase), keys (workspaces; clients share them round-robin), rateLimit (RATE_LIMIT_PER_MINUTE
 * given to the worker; default: the worker's own 600), decode ('all' or a sample size), seed,
 * ref (take worker/ from this git commit instead of the working tree), keepState, log (a
 * function for progress lines). Returns the figures and `ok` (false on any error or data loss).
 */
export async function runLoad(options = {}) {
  const o = { ...FULL, keys: undefined, rateLimit: undefined, seed: 1, ref: undefined, keepState: false, log: () => {}, thinkMs: 5, runtime: 'wrangler', ...options };
  o.keys ??= o.clients;
  const log = o.log;
  const rateLimit = o.rateLimit ?? DEFAULT_RATE_LIMIT;
  const rng = mulberry32(o.seed);
  const started = performance.now();
  const result = {
    config: { clients: o.clients, items: o.items, readers: o.readers, seconds: o.seconds, keys: o.keys, rateLimit,
      rateLimitSource: o.rateLimit ? 'RATE_LIMIT_PER_MINUTE var' : 'worker default', decode: o.decode, seed: o.seed, ref: o.ref ?? 'working tree', runtime: o.runtime },
    machine: { nproc: availableParallelism(), loadavgBefore: loadavg().map((x) => x.toFixed(2)).join(' '), node: process.version,
      commit: gitOut('rev-parse', '--short', 'HEAD'), workerDirty: o.ref ? false : !!gitOut('status', '--porcelain', '--', 'worker', 'wrangler.toml') },
    latency: {}, status: {}, errors: [], dataErrors: [], dataErrorCount: 0, retries: {}, phases: {}, ok: false,
  };
  let phaseStart = performance.now();
  const phase = (name) => { const now = performance.now(); result.phases[name] = now - phaseStart; phaseStart = now; };
  const lat = { stream_headers: [], stream_first_item: [], stream_total: [], get_batch: [], get_code: [], download: [], redirect: [] };
  const countStatus = (op, status) => { (result.status[op] ??= {})[status] = (result.status[op][status] ?? 0) + 1; };
  const fail = (op, status, message) => { result.errors.push({ op, status, message: String(message).slice(0, 300) }); };
  const dataError = (message) => { result.dataErrorCount++; if (result.dataErrors.length < 50) result.dataErrors.push(message); };
  // A GET whose reused keep-alive connection was reset before any answer is sent once more, as
  // browsers do (RFC 9112 §9.3.1); every such retry is counted and reported. Seen while running
  // batches starved workerd's event loop (fixed in worker/batches/run.mjs; docs/load.md).
  const getOnce = async (op, url, init) => {
    try {
      return await fetch(url, init);
    } catch (e) {
      if (init.signal?.aborted || !['ECONNRESET', 'UND_ERR_SOCKET'].includes(e.cause?.code)) throw e;
      result.retries[op] = (result.retries[op] ?? 0) + 1;
      return fetch(url, init);
    }
  };

  const work = mkdtempSync(join(tmpdir(), 'qredge-load-'));
  const stateDir = join(work, 'state');
  const snapDir = join(work, 'worker');
  const spillDir = join(work, 'images');
  for (const d of [stateDir, snapDir, spillDir]) mkdirSync(d, { recursive: true });
  let runtime = null;
  let sampler = null;
  try {
    await initEngine();
    snapshotWorker(snapDir, o.ref);
    const batches = Array.from({ length: o.clients }, (_, c) => batchFor(c, o.items));

    // Keys first, in the state the runtime will open (as scripts/create-key.mjs does).
    const keys = await withStateDb(stateDir, async (db) => {
      const out = [];
      for (let k = 0; k < o.keys; k++) out.push(await createKey(db, { workspaceId: `ws_load_${k}` }));
      return out;
    });
    phase('keys');
    runtime = await startRuntime(o.runtime, { dir: snapDir, stateDir, vars: o.rateLimit ? { RATE_LIMIT_PER_MINUTE: String(o.rateLimit) } : {}, log });
    phase('start');
    const base = runtime.base;
    result.machine.workerdProcesses = runtime.workerdPids().length;
    const auth = (k) => ({ authorization: `Bearer ${keys[k].key}` });
    const budget = new KeyBudget(rateLimit);

    // Warm-up: one small batch per format, so the figures are not the first compile of the wasm.
    for (const format of ['svg', 'png']) {
      budget.take(0, true);
      const res = await fetch(`${base}/v1/batches`, { method: 'POST', headers: { ...auth(0), 'content-type': 'application/json', accept: 'application/x-ndjson' },
        body: JSON.stringify({ items: [{ target: { text: 'warm-up' } }], output: { format } }) });
      await res.text();
      if (res.status !== 202) throw new Error(`load: the warm-up batch answered ${res.status}`);
    }
    const warmupCodes = 2;
    sampler = rssSampler(runtime);
    phase('warmup');

    // Shared state between streaming clients and readers.
    const pools = keys.map(() => ({ batches: [], codes: [] }));
    const codes = new Map();  // qr_code_id -> { c, idx, kind, shortCode, encoded, stored, ws }
    const dynamicCodes = [];
    const batchIds = new Array(o.clients).fill(null);
    const streamed = new Array(o.clients).fill(null);
    const totalItems = o.clients * o.items;
    const decodeP = o.decode === 'all' ? 1 : Math.min(1, Number(o.decode) / totalItems);
    const spills = [];
    let redirectsOk = 0;
    let itemLines = 0;
    const abort = new AbortController();
    const cap = setTimeout(() => abort.abort(new Error(`time cap of ${o.seconds} s reached`)), o.seconds * 1000);
    o.signal?.addEventListener('abort', () => abort.abort(new Error('interrupted')));

    async function streamClient(c) {
      const spec = batches[c];
      const k = c % o.keys;
      const spill = createWriteStream(join(spillDir, `client-${c}.ndjson`));
      spills.push(new Promise((ok) => spill.once('close', ok)));
      const t0 = performance.now();
      const got = { lines: 0, final: null };
      try {
        budget.take(k, true);
        const res = await fetch(`${base}/v1/batches`, { method: 'POST', signal: abort.signal,
          headers: { ...auth(k), 'content-type': 'application/json', accept: 'application/x-ndjson' }, body: spec.text });
        lat.stream_headers.push(performance.now() - t0);
        countStatus('stream', res.status);
        if (res.status !== 202 || !/application\/x-ndjson/.test(res.headers.get('content-type') ?? '')) {
          fail('stream', res.status, `client ${c}: ${(await res.text()).slice(0, 200)}`);
          return;
        }
        let batchId = null;
        let next = 0;
        const onLine = async (line) => {
          if (line.object === 'batch' && batchId === null) {
            batchId = line.id;
            batchIds[c] = batchId;
            pools[k].batches.push(batchId);
            if (line.total_count !== o.items || line.status !== 'processing') dataError(`client ${c}: head line ${JSON.stringify(line).slice(0, 200)}`);
            return;
          }
          if (line.object === 'batch_item') {
            if (got.lines === 0) lat.stream_first_item.push(performance.now() - t0);
            got.lines++;
            itemLines++;
            const idx = line.index;
            const want = spec.expected[idx];
            if (idx !== next++) dataError(`client ${c}: item line ${idx} where ${next - 1} was due`);
            if (!want) { dataError(`client ${c}: unexpected item index ${idx}`); return; }
            if (line.error_code) { dataError(`client ${c} item ${idx}: item error ${line.error_code}: ${line.error}`); return; }
            const id = await codeId(batchId, idx, want.kind);
            const shortCode = await shortCodeFor(batchId, idx);
            const encoded = want.kind === 'dynamic' ? `${base}/r/${shortCode}` : want.payload;
            if (line.batch_id !== batchId || line.qr_code_id !== id || line.kind !== want.kind || line.type !== want.type || line.payload !== encoded) {
              dataError(`client ${c} item ${idx}: line ${JSON.stringify({ ...line, image: undefined }).slice(0, 300)} does not match `
                + `${JSON.stringify({ id, kind: want.kind, type: want.type, encoded })}`);
            }
            const image = line.image;
            const wellFormed = image?.format === spec.format && (spec.format === 'png'
              ? image.encoding === 'base64' && Buffer.from(image.data.slice(0, 12), 'base64').subarray(0, 8).equals(Buffer.from('89504e470d0a1a0a', 'hex'))
              : image.encoding === 'utf-8' && /^(<\?xml[^>]*>\s*)?<svg[\s>]/.test(image.data));
            if (!wellFormed) dataError(`client ${c} item ${idx}: the image is not a well-formed ${spec.format}`);
            else if (rng() < decodeP) spill.write(`${JSON.stringify({ ref: `stream c${c} i${idx}`, format: spec.format, size: spec.size, data: image.data, expected: encoded })}\n`);
            codes.set(id, { c, idx, kind: want.kind, shortCode, encoded, stored: want.payload, ws: k });
            pools[k].codes.push(id);
            if (want.kind === 'dynamic') dynamicCodes.push(codes.get(id));
            return;
          }
          if (line.object === 'batch') { got.final = line; return; }
          dataError(`client ${c}: unexpected line ${JSON.stringify(line).slice(0, 300)}`);
        };
        for await (const line of ndjsonValues(res)) await onLine(line);
        lat.stream_total.push(performance.now() - t0);
        if (got.lines !== o.items) fail('stream', 'incomplete', `client ${c}: ${got.lines} of ${o.items} item lines`);
        const f = got.final;
        if (!f || f.id !== batchId || f.status !== 'completed' || f.completed_count !== o.items || f.error_count !== 0) {
          fail('stream', 'incomplete', `client ${c}: final line ${JSON.stringify(f && { ...f, items: undefined })}`);
        }
      } catch (e) {
        fail('stream', abort.signal.aborted ? 'aborted' : 'network', `client ${c} after ${got.lines} lines: ${abort.signal.aborted ? abort.signal.reason.message : why(e)}`);
      } finally {
        streamed[c] = got;
        spill.end();
      }
    }

    let streaming = true;
    const readerSpill = createWriteStream(join(spillDir, 'downloads.ndjson'));
    spills.push(new Promise((ok) => readerSpill.once('close', ok)));
    async function reader(r) {
      const ops = ['get_batch', 'get_code', 'download', 'redirect'];
      let turn = r;
      while (streaming && !abort.signal.aborted) {
        const op = ops[turn++ % ops.length];
        if (op === 'redirect') {
          // Public: no key, so no rate limit.
          if (!dynamicCodes.length) { await sleep(50); continue; }
          const code = dynamicCodes[Math.floor(rng() * dynamicCodes.length)];
          const t0 = performance.now();
          try {
            const res = await getOnce(op, `${base}/r/${code.shortCode}`, { redirect: 'manual', signal: abort.signal });
            await res.arrayBuffer();
            lat.redirect.push(performance.now() - t0);
            countStatus(op, res.status);
            if (res.status !== 302) fail(op, res.status, `/r/${code.shortCode}`);
            else if (res.headers.get('location') !== code.stored) dataError(`/r/${code.shortCode} went to ${res.headers.get('location')}, not ${code.stored}`);
            else redirectsOk++;
          } catch (e) {
            fail(op, abort.signal.aborted ? 'aborted' : 'network', `/r/${code.shortCode} after ${fmtMs(performance.now() - t0)}: ${why(e)}`);
          }
          await sleep(o.thinkMs);
          continue;
        }
        // An authenticated read: a workspace with something to read and budget left.
        const ready = pools.map((p, k) => k).filter((k) => pools[k].codes.length);
        const k = ready.length ? ready[Math.floor(rng() * ready.length)] : -1;
        if (k < 0 || !budget.take(k)) { await sleep(50); continue; }
        const pool = pools[k];
        const id = op === 'get_batch' ? pool.batches[Math.floor(rng() * pool.batches.length)] : pool.codes[Math.floor(rng() * pool.codes.length)];
        const format = rng() < 0.5 ? 'png' : 'svg';
        const path = op === 'get_batch' ? `/v1/batches/${id}` : op === 'get_code' ? `/v1/qr-codes/${id}` : `/v1/qr-codes/${id}/download?format=${format}&size=256`;
        const t0 = performance.now();
        try {
          const res = await getOnce(op, `${base}${path}`, { headers: auth(k), signal: abort.signal });
          const body = Buffer.from(await res.arrayBuffer());
          lat[op].push(performance.now() - t0);
          countStatus(op, res.status);
          if (res.status !== 200) { fail(op, res.status, `${path}: ${body.toString('utf8').slice(0, 200)}`); continue; }
          if (op === 'get_batch') {
            const b = JSON.parse(body);
            if (b.id !== id || b.total_count !== o.items || b.items?.length !== o.items) dataError(`${path}: ${JSON.stringify({ ...b, items: b.items?.length })}`);
          } else if (op === 'get_code') {
            const q = JSON.parse(body);
            const want = codes.get(id);
            const shortUrl = want.kind === 'dynamic' ? `${base}/r/${want.shortCode}` : null;
            if (q.id !== id || q.object !== 'qr_code' || q.kind !== want.kind || q.short_url !== shortUrl || q.batch_id !== batchIds[want.c]) {
              dataError(`${path}: ${JSON.stringify(q).slice(0, 300)}`);
            }
          } else {
            const want = codes.get(id);
            const type = res.headers.get('content-type') ?? '';
            const ok = format === 'png' ? type === 'image/png' && body.subarray(0, 8).equals(Buffer.from('89504e470d0a1a0a', 'hex'))
              : type.startsWith('image/svg+xml') && /<svg[\s>]/.test(body.subarray(0, 200).toString('utf8'));
            if (!ok) dataError(`${path}: ${type}, ${body.length} bytes`);
            else if (rng() < decodeP) {
              readerSpill.write(`${JSON.stringify({ ref: `download ${id} ${format}`, format, size: 256,
                data: format === 'png' ? body.toString('base64') : body.toString('utf8'), expected: want.encoded })}\n`);
            }
          }
        } catch (e) {
          fail(op, abort.signal.aborted ? 'aborted' : 'network', `${path} after ${fmtMs(performance.now() - t0)}: ${why(e)}`);
        }
        await sleep(o.thinkMs);
      }
    }

    log(`load: ${o.clients} clients × ${o.items} items, ${o.readers} readers, ${o.keys} keys, cap ${o.seconds} s`);
    const progress = setInterval(() => log(`  ${itemLines} item lines, ${Object.values(lat).reduce((n, l) => n + l.length, 0)} timed requests`), 10_000);
    const loadStart = performance.now();
    const cpuStart = { workerd: cpuSeconds(runtime.workerdPids()), client: process.cpuUsage() };
    const readers = Array.from({ length: o.readers }, (_, r) => reader(r));
    await Promise.all(Array.from({ length: o.clients }, (_, c) => streamClient(c)));
    const loadMs = performance.now() - loadStart;
    streaming = false;
    await Promise.all(readers);
    const clientCpu = process.cpuUsage(cpuStart.client);
    result.cpu = { workerdSeconds: cpuSeconds(runtime.workerdPids()) - cpuStart.workerd,
      clientSeconds: (clientCpu.user + clientCpu.system) / 1e6 };
    clearInterval(progress);
    clearTimeout(cap);
    readerSpill.end();

    phase('load');
    result.loadMs = loadMs;
    result.itemLines = itemLines;
    result.codesPerSecond = itemLines / (loadMs / 1000);
    result.batchesCompleted = streamed.filter((s) => s?.final?.status === 'completed').length;
    result.batchesPerSecond = result.batchesCompleted / (loadMs / 1000);
    result.redirectsCounted = redirectsOk;
    for (const [name, values] of Object.entries(lat)) result.latency[name] = percentiles(values);
    result.readerRequests = ['get_batch', 'get_code', 'download', 'redirect'].reduce((n, op) => n + lat[op].length, 0);
    log(`load phase: ${(loadMs / 1000).toFixed(1)} s, ${itemLines} item lines; verifying`);

    // ---- Verification 1: the API, while the worker still runs. A batch a client lost (for
    // example at the time cap) is waited for: it finishes in the background regardless.
    const verify = { batches: 0, itemsAccounted: 0, itemsMissing: 0 };
    const verifyDeadline = Date.now() + 120_000;
    for (let c = 0; c < o.clients; c++) {
      const id = batchIds[c];
      if (!id) { verify.itemsMissing += o.items; continue; }
      const k = c % o.keys;
      let b;
      for (;;) {
        budget.take(k, true);
        const res = await getOnce('verify', `${base}/v1/batches/${id}`, { headers: auth(k) });
        countStatus('verify', res.status);
        if (res.status !== 200) { fail('verify', res.status, `GET /v1/batches/${id}`); b = null; break; }
        b = await res.json();
        if (b.status !== 'processing' || Date.now() > verifyDeadline) break;
        await sleep(500);
      }
      if (!b) { verify.itemsMissing += o.items; continue; }
      verify.batches++;
      if (b.status !== 'completed' || b.completed_count !== o.items || b.error_count !== 0 || b.total_count !== o.items) {
        dataError(`batch ${id} (client ${c}): ${JSON.stringify({ ...b, items: undefined })}`);
      }
      const seen = new Set();
      for (const [i, it] of (b.items ?? []).entries()) {
        if (it.index !== i || seen.has(it.index)) dataError(`batch ${id}: items out of order or repeated at ${i}`);
        seen.add(it.index);
        const want = await codeId(id, it.index, batches[c].expected[it.index]?.kind);
        if (it.qr_code_id === want && !it.error_code) verify.itemsAccounted++;
        else dataError(`batch ${id} item ${i}: ${JSON.stringify(it)}`);
      }
      verify.itemsMissing += o.items - seen.size;
    }

    phase('verifyApi');
    sampler.stop();
    result.rss = { peakSumMb: sampler.peak.sumKb / 1024, hwmMb: Object.values(sampler.peak.hwmKb).map((kb) => kb / 1024), samples: sampler.peak.samples };
    result.workerLogLines = runtime.output.lines;
    result.workerLogTail = runtime.output.tail.slice(-20);
    await runtime.stop();
    runtime = null;
    phase('stop');

    // ---- Verification 2: D1 itself, after the runtime stopped (what a restart would find).
    const expectedTotal = totalItems + warmupCodes;
    await withStateDb(stateDir, async (db) => {
      const one = (sql, ...args) => db.prepare(sql).bind(...args).first();
      const all = async (sql, ...args) => (await db.prepare(sql).bind(...args).all()).results;
      verify.d1Codes = (await one('SELECT COUNT(*) n FROM qr_codes')).n;
      verify.d1DistinctIds = (await one('SELECT COUNT(DISTINCT id) n FROM qr_codes')).n;
      verify.d1DistinctShortCodes = (await one('SELECT COUNT(DISTINCT short_code) n FROM qr_codes')).n;
      verify.d1DuplicateShortCodes = (await all('SELECT short_code FROM qr_codes GROUP BY short_code HAVING COUNT(*) > 1')).length;
      verify.d1ItemsNotDone = (await one("SELECT COUNT(*) n FROM batch_items WHERE state != 'done' OR qr_code_id IS NULL")).n;
      verify.d1PendingLists = (await one('SELECT COUNT(*) n FROM batch_pending')).n;
      verify.d1BatchesNotCompleted = (await one("SELECT COUNT(*) n FROM batches WHERE status != 'completed'")).n;
      verify.d1ScanCount = (await one("SELECT COALESCE(SUM(scan_count), 0) n FROM qr_codes WHERE kind = 'dynamic'")).n;
      if (verify.d1Codes !== expectedTotal || verify.d1DistinctIds !== expectedTotal || verify.d1DistinctShortCodes !== expectedTotal) {
        dataError(`D1 holds ${verify.d1Codes} codes (${verify.d1DistinctIds} ids, ${verify.d1DistinctShortCodes} short codes); ${expectedTotal} expected`);
      }
      if (verify.d1DuplicateShortCodes) dataError(`D1: ${verify.d1DuplicateShortCodes} short codes appear more than once`);
      if (verify.d1ItemsNotDone) dataError(`D1: ${verify.d1ItemsNotDone} batch items are not done`);
      if (verify.d1PendingLists) dataError(`D1: ${verify.d1PendingLists} pending-item lists remain after every batch ended`);
      if (verify.d1BatchesNotCompleted) dataError(`D1: ${verify.d1BatchesNotCompleted} batches are not completed`);
      if (verify.d1ScanCount !== redirectsOk) dataError(`D1 counted ${verify.d1ScanCount} scans; ${redirectsOk} redirects were answered`);
      // Scan analytics (issue 20; absent from a worker of an older --ref): every group of every
      // dimension sums to the same total, and that is the number of redirects answered.
      if (await one("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'scan_counts'")) {
        const sums = await all('SELECT dimension, SUM(count) n FROM scan_counts GROUP BY dimension');
        verify.d1ScanAnalytics = sums.find((s) => s.dimension === 'total')?.n ?? 0;
        if (verify.d1ScanAnalytics !== redirectsOk) dataError(`analytics counted ${verify.d1ScanAnalytics} scans; ${redirectsOk} redirects were answered`);
        for (const s of sums) if (s.n !== verify.d1ScanAnalytics) dataError(`analytics: the ${s.dimension} groups sum to ${s.n}, the total is ${verify.d1ScanAnalytics}`);
      }
      // Every stored code: right workspace, batch, short code and payload (nothing mixed up).
      verify.d1CodesChecked = 0;
      for (let c = 0; c < o.clients; c++) {
        if (!batchIds[c]) continue;
        const rows = await all('SELECT id, workspace_id, kind, short_code, payload FROM qr_codes WHERE batch_id = ?', batchIds[c]);
        if (rows.length !== o.items) dataError(`D1: batch of client ${c} has ${rows.length} codes, not ${o.items}`);
        for (const row of rows) {
          const want = codes.get(row.id);
          if (!want) { dataError(`D1: code ${row.id} was never streamed`); continue; }
          if (want.c !== c || row.workspace_id !== keys[want.ws].workspace_id || row.kind !== want.kind
            || row.short_code !== want.shortCode || row.payload !== want.stored) {
            dataError(`D1: code ${row.id} is ${JSON.stringify(row)}; expected ${JSON.stringify(want)}`);
          } else verify.d1CodesChecked++;
        }
      }
    });
    verify.itemsStreamed = codes.size;
    result.verify = verify;
    phase('verifyD1');

    // ---- Verification 3: the codes scan (zxing-wasm; SVG rasterized with resvg).
    clearTimeout(cap);
    await Promise.all(spills);
    log(`decoding the ${o.decode === 'all' ? 'streamed and downloaded' : 'sampled'} images`);
    result.decode = await decodeSpilled(spillDir, Math.max(1, Math.min(2, availableParallelism())));
    for (const f of result.decode.failures.slice(0, 20)) dataError(`does not scan: ${f.ref} → ${JSON.stringify(f.got)}`);
    result.decode.failures = result.decode.failures.length;
    phase('decode');
  } finally {
    sampler?.stop();
    await runtime?.stop();
    result.machine.loadavgAfter = loadavg().map((x) => x.toFixed(2)).join(' ');
    result.totalMs = performance.now() - started;
    if (o.keepState) result.workDir = work;
    else rmSync(work, { recursive: true, force: true });
  }
  const v = result.verify;
  result.ok = result.errors.length === 0 && result.dataErrorCount === 0 && v.itemsMissing === 0
    && v.itemsAccounted === o.clients * o.items && v.d1CodesChecked === o.clients * o.items
    && result.decode.failures === 0 && result.decode.decoded === result.decode.total && result.decode.total > 0;
  return result;
}

// Decodes every spilled image on `threads` worker threads; returns counts and failures.
async function decodeSpilled(dir, threads) {
  const files = readdirSync(dir).filter((f) => f.endsWith('.ndjson')).map((f) => join(dir, f));
  const pool = Array.from({ length: threads }, () => new Worker(new URL('./load-decode-worker.mjs', import.meta.url)));
  const idle = [...pool];
  const waiting = [];
  const out = { total: 0, decoded: 0, failures: [], streamed: 0, downloaded: 0, ms: 0 };
  const t0 = performance.now();
  const jobs = [];
  const run = (items) => new Promise((ok, fail) => {
    const go = (w) => {
      const done = (msg) => {
        w.off('error', onError);
        out.decoded += msg.decoded;
        out.failures.push(...msg.failures);
        const next = waiting.shift();
        if (next) next(w); else idle.push(w);
        ok();
      };
      const onError = (e) => { w.off('message', done); fail(e); };
      w.once('message', done);
      w.once('error', onError);
      w.postMessage({ items });
    };
    const w = idle.pop();
    if (w) go(w); else waiting.push(go);
  });
  try {
    for (const file of files) {
      let chunk = [];
      for await (const text of createInterface({ input: createReadStream(file) })) {
        if (!text) continue;
        const item = JSON.parse(text);
        out.total++;
        if (item.ref.startsWith('download')) out.downloaded++; else out.streamed++;
        chunk.push(item);
        if (chunk.length === 25) { jobs.push(run(chunk)); chunk = []; }
        // Bounded memory: never more queued than the threads can take soon.
        if (waiting.length > threads * 2) await Promise.race(jobs.slice(-threads * 3));
      }
      if (chunk.length) jobs.push(run(chunk));
    }
    await Promise.all(jobs);
  } finally {
    await Promise.all(pool.map((w) => w.terminate()));
  }
  out.ms = performance.now() - t0;
  return out;
}

// ---------------------------------------------------------------------------------------------
// The report.

const fmtMs = (x) => (x == null ? '–' : x >= 10_000 ? `${(x / 1000).toFixed(1)} s` : `${x.toFixed(x < 10 ? 1 : 0)} ms`);

// A plain-text table: the first column left-aligned, the others right-aligned unless `left`.
function table(rows, left = false) {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => String(r[i]).length)));
  return rows.map((r, ri) => {
    const line = r.map((cell, i) => (i === 0 || left ? String(cell).padEnd(widths[i]) : String(cell).padStart(widths[i]))).join('  ').trimEnd();
    return ri === 0 ? `${line}\n${widths.map((w) => '-'.repeat(w)).join('  ')}` : line;
  }).join('\n');
}

/** The summary printed by scripts/load-test.mjs. */
export function formatReport(r) {
  const c = r.config;
  const m = r.machine;
  const lines = [];
  lines.push(`qredge load test: ${c.clients} clients × ${c.items} items, ${c.readers} readers, ${c.keys} keys (workspaces), `
    + `rate limit ${c.rateLimit}/min per key (${c.rateLimitSource}), cap ${c.seconds} s, worker from ${c.ref} in ${c.runtime === 'miniflare' ? 'Miniflare' : 'wrangler dev'}`);
  lines.push(`machine: nproc ${m.nproc}, load average ${m.loadavgBefore} before, ${m.loadavgAfter} after; node ${m.node}; `
    + `commit ${m.commit}${m.workerDirty ? ' (worker/ has uncommitted changes)' : ''}; workerd processes ${m.workerdProcesses ?? '?'}`);
  lines.push('');
  if (r.loadMs !== undefined) {
    lines.push(table([
      ['throughput', 'value'],
      ['load phase (first POST to last stream end)', fmtMs(r.loadMs)],
      ['item lines streamed', r.itemLines],
      ['codes/s', r.codesPerSecond.toFixed(1)],
      ['batches completed', r.batchesCompleted],
      ['batches/s', r.batchesPerSecond.toFixed(3)],
      ['reader requests', r.readerRequests],
      ['workerd CPU in the load phase (cores busy on average)', `${r.cpu.workerdSeconds.toFixed(1)} s (${(r.cpu.workerdSeconds / (r.loadMs / 1000)).toFixed(2)})`],
      ['load client CPU in the load phase', `${r.cpu.clientSeconds.toFixed(1)} s (${(r.cpu.clientSeconds / (r.loadMs / 1000)).toFixed(2)})`],
    ]));
    lines.push('');
    const names = { stream_headers: 'POST → response headers', stream_first_item: 'POST → first item line', stream_total: 'POST → last line (full batch)',
      get_batch: 'GET /v1/batches/{id}', get_code: 'GET /v1/qr-codes/{id}', download: 'GET …/download (256 px)', redirect: 'GET /r/{short_code}' };
    lines.push(table([['latency', 'n', 'p50', 'p90', 'p99', 'max'],
      ...Object.entries(names).map(([k, label]) => { const p = r.latency[k]; return [label, p.n, fmtMs(p.p50), fmtMs(p.p90), fmtMs(p.p99), fmtMs(p.max)]; })]));
    lines.push('');
    lines.push(table([['responses by status', 'counts'],
      ...Object.entries(r.status).map(([op, s]) => [op, Object.entries(s).map(([k, n]) => `${k}: ${n}`).join(', ')])], true));
    lines.push('');
  }
  const byStatus = {};
  for (const e of r.errors) byStatus[e.status] = (byStatus[e.status] ?? 0) + 1;
  const v = r.verify ?? {};
  const d = r.decode ?? {};
  lines.push(table([
    ['checks', 'result'],
    ['request errors (by status)', r.errors.length ? JSON.stringify(byStatus) : '0'],
    ['GETs retried once after a keep-alive reset', Object.keys(r.retries).length ? JSON.stringify(r.retries) : '0'],
    ['data errors (mismatch, missing, out of order)', r.dataErrorCount],
    ['items accounted for (GET /v1/batches/{id})', `${v.itemsAccounted ?? '–'} of ${c.clients * c.items}`],
    ['items missing', v.itemsMissing ?? '–'],
    ['codes in D1 (incl. 2 warm-up) / distinct ids / distinct short codes', `${v.d1Codes ?? '–'} / ${v.d1DistinctIds ?? '–'} / ${v.d1DistinctShortCodes ?? '–'}`],
    ['D1 rows checked (workspace, kind, short code, payload)', v.d1CodesChecked ?? '–'],
    ['D1 items not done / batches not completed', `${v.d1ItemsNotDone ?? '–'} / ${v.d1BatchesNotCompleted ?? '–'}`],
    ['scans counted in D1 / redirects answered', `${v.d1ScanCount ?? '–'} / ${r.redirectsCounted ?? '–'}`],
    ['scans in the analytics counters (every dimension)', `${v.d1ScanAnalytics ?? '–'}`],
    ['images decoded byte for byte (streamed + downloads)', d.total !== undefined ? `${d.decoded} of ${d.total} (${d.streamed} + ${d.downloaded}), ${d.failures} failed, ${fmtMs(d.ms)}` : '–'],
    ['workerd peak RSS (sampled sum; VmHWM per process)', r.rss ? `${r.rss.peakSumMb.toFixed(0)} MB; ${r.rss.hwmMb.map((x) => `${x.toFixed(0)} MB`).join(', ') || '–'}` : '–'],
    ['worker log lines', r.workerLogLines ?? '–'],
    ['total run time', fmtMs(r.totalMs)],
    ['phases', Object.entries(r.phases).map(([k, ms]) => `${k} ${fmtMs(ms)}`).join(', ')],
  ], true));
  if (r.errors.length) lines.push('', 'first errors:', ...r.errors.slice(0, 10).map((e) => `  ${e.op} ${e.status}: ${e.message}`));
  if (!r.ok && r.workerLogTail?.length) lines.push('', 'last lines the runtime printed:', ...r.workerLogTail.map((l) => `  ${l}`));
  if (r.dataErrors.length) lines.push('', 'first data errors:', ...r.dataErrors.slice(0, 10).map((e) => `  ${e}`));
  lines.push('', r.ok ? 'RESULT: PASS (0 errors, nothing lost, every checked code scans)' : 'RESULT: FAIL');
  return lines.join('\n');
}
