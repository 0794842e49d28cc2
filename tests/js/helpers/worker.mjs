// SPDX-License-Identifier: MIT
// Starts the worker in workerd through Miniflare, configured as wrangler.toml configures it
// (CompiledWasm for .wasm, D1 as DB), and creates API keys straight in its database.
import { Miniflare } from 'miniflare';
import { join, dirname, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { createKey, revokeKey } from '../../../worker/auth/keys.mjs';
import { checkResponse } from './openapi.mjs';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const DATABASE_ID = '00000000-0000-4000-8000-000000000001';

// The worker imports npm packages (papaparse, fflate, and the engine as the package `qredge`,
// which esbuild resolves as a self-reference of this package, `workerd` condition), which
// workerd cannot resolve from node_modules: it is bundled first, as wrangler bundles it
// (esbuild), with the engine's .wasm left as a CompiledWasm module beside dist/. The tests run
// the test entry (worker/test-entry.mjs: the production entry with fault injection). One
// bundle per Jest worker process.
let bundled = null;
function bundleWorker() {
  const outdir = join(root, 'build', 'worker-test', String(process.pid));
  bundled ??= build({
    entryPoints: [join(root, 'worker', 'test-entry.mjs')], outfile: join(outdir, 'index.mjs'), bundle: true, format: 'esm',
    platform: 'browser', conditions: ['workerd', 'worker', 'browser'], mainFields: ['browser', 'module', 'main'], logLevel: 'warning',
    plugins: [{ name: 'wasm-beside', setup(b) {
      b.onResolve({ filter: /\.wasm$/ }, (a) => ({ path: relative(outdir, join(a.resolveDir, a.path)), external: true }));
    } }],
  }).then(() => join(outdir, 'index.mjs'));
  return bundled;
}

// Every (method, route, status) seen by a test, across the suites of this Jest worker.
export const seenResponses = new Set();

/**
 * Starts the worker. Every response a test gets through `fetch` is checked against the OpenAPI
 * document (helpers/openapi.mjs) on a clone, without changing what the test reads; a mismatch
 * fails `dispose()` (the suite's afterAll) with the list. Streams (NDJSON) are left alone here,
 * so tests that read slowly or stop reading see the worker as a client would; their lines are
 * checked by the suites that read them (worker-openapi, worker-api).
 */
export async function startWorker({ bindings = {}, persistDir, internet, ...options } = {}) {
  const worker = {
    modules: true, scriptPath: await bundleWorker(), rootPath: root, modulesRoot: root,
    modulesRules: [{ type: 'ESModule', include: ['**/*.mjs'] }, { type: 'CompiledWasm', include: ['**/*.wasm'] }],
    compatibilityDate: '2025-09-01',
    d1Databases: { DB: DATABASE_ID },
    bindings,
    ...options,
  };
  const shared = { host: '127.0.0.1', port: 0, cf: false, ...(persistDir ? { d1Persist: join(persistDir, 'v3', 'd1') } : {}) };
  // `internet`: the source of a second worker that receives every outbound fetch of the worker.
  // What it throws reaches the worker's fetch() as workerd's own errors do (message included),
  // which a Node outboundService function cannot do (its exceptions become 500 answers).
  const mf = new Miniflare(internet
    ? { ...shared, workers: [{ name: 'qredge', ...worker, outboundService: 'internet' },
      { name: 'internet', modules: true, script: internet, compatibilityDate: '2025-09-01' }] }
    : { ...shared, ...worker });
  const url = await mf.ready;
  const db = await mf.getD1Database('DB');
  const violations = [];
  const checks = [];
  // A body over the limit is answered (413) before it is read and the connection closed; when
  // that close lands while undici is still writing, undici reports the reset instead of the
  // response it was sent. That race is the client's: such a request is sent again (3 tries).
  const send = async (target, init) => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await mf.dispatchFetch(target, { redirect: 'manual', ...init });
      } catch (e) {
        const oversized = typeof init?.body === 'string' && init.body.length > 5 * 1024 * 1024;
        if (!(oversized && ['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET'].includes(e.cause?.code) && attempt < 3)) throw e;
      }
    }
  };
  const fetch = async (path, init) => {
    const target = new URL(path, url);
    const res = await send(target, init);
    const type = res.headers.get('content-type') ?? '';
    const method = (init?.method ?? 'GET').toUpperCase();
    const streamed = /ndjson/i.test(type);
    const readable = !streamed && method !== 'HEAD' && /json|html/i.test(type);
    // An answer without x-request-id came from the runtime, not the worker (workerd's own 431
    // for oversized headers): outside the document.
    if (!res.headers.has('x-request-id')) return res;
    const copy = readable ? res.clone() : null;
    checks.push((async () => {
      try {
        // A body the connection cut short (a test that aborts, the worker disposed mid-answer)
        // cannot be read; its status and content type are still checked.
        const text = copy ? await copy.text().catch(() => null) : null;
        seenResponses.add(checkResponse(method, target.pathname, res.status, type, text));
      } catch (e) {
        violations.push(e.message);
      }
    })());
    return res;
  };
  return {
    mf, url, db, fetch,
    createKey: (opts) => createKey(db, opts),
    revokeKey: (id) => revokeKey(db, id),
    violations,
    async dispose() {
      // The 5 s bound is cleared once the checks are done: a pending timer kept Jest's worker
      // process alive after its last suite, and Jest force-killed it.
      let timer;
      await Promise.race([Promise.all(checks), new Promise((ok) => { timer = setTimeout(ok, 5000); })]);
      clearTimeout(timer);
      await mf.dispose();
      if (violations.length) throw new Error(`responses that do not match the OpenAPI document:\n${violations.join('\n')}`);
    },
  };
}

/** fetch() options for a JSON request with a key. */
export function withKey(key, method = 'GET', body = undefined, headers = {}) {
  const init = { method, headers: { authorization: `Bearer ${key}`, ...headers } };
  if (body !== undefined) {
    init.body = typeof body === 'string' ? body : JSON.stringify(body);
    init.headers['content-type'] ??= 'application/json';
  }
  return init;
}

/** The parsed lines of an NDJSON response body, one at a time, as they arrive. */
export async function* ndjsonValues(response) {
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const chunk of response.body) {
    buffer += decoder.decode(chunk, { stream: true });
    let nl;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      if (line.trim()) yield JSON.parse(line);
    }
  }
  if (buffer.trim()) yield JSON.parse(buffer);
}

/** Reads an NDJSON response line by line, with the time each line arrived (ms since start). */
export async function readNdjson(response, start = performance.now()) {
  const lines = [];
  for await (const value of ndjsonValues(response)) lines.push({ at: performance.now() - start, value });
  return lines;
}

/** Polls GET /v1/batches/{id} until the batch is no longer processing. */
export async function waitForBatch(worker, key, id, timeoutMs = 30000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await worker.fetch(`/v1/batches/${id}`, withKey(key));
    const batch = await res.json();
    if (batch.status !== 'processing' || Date.now() > deadline) return batch;
    await new Promise((ok) => setTimeout(ok, 50));
  }
}

/**
 * The rate limiter counts per calendar minute (worker/auth/rate-limit.mjs): a test that needs several
 * requests in one window waits when fewer than `needMs` milliseconds of this minute are left.
 */
export async function withinOneRateWindow(needMs = 15_000) {
  const left = 60_000 - (Date.now() % 60_000);
  if (left < needMs) await new Promise((ok) => setTimeout(ok, left + 50));
}
