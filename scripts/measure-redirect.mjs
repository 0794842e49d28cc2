#!/usr/bin/env node
// SPDX-License-Identifier: MIT
// Redirect latency (issue 20): GET /r/{code} against two workers side by side in workerd
// (wrangler dev, real HTTP on loopback), the worker of a git commit (`--ref`, default main) and
// the working tree, each with its own D1 state. Requests alternate between the two in blocks,
// so both see the same machine load; the medians are compared within the run. Afterwards the
// working tree's analytics must have counted every scan it answered.
//   node scripts/measure-redirect.mjs [--ref main] [--requests 3000] [--block 100] [--codes 20] [--warmup 300]
import { parseArgs } from 'node:util';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { snapshotWorker, startRuntime, withStateDb } from './load-lib.mjs';
import { createKey } from '../worker/auth/keys.mjs';

const { values } = parseArgs({ options: {
  ref: { type: 'string', default: 'main' }, requests: { type: 'string', default: '3000' }, block: { type: 'string', default: '100' },
  codes: { type: 'string', default: '20' }, warmup: { type: 'string', default: '300' },
} });
const requests = Number(values.requests);
const block = Number(values.block);
const UA = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1';

async function start(name, ref) {
  const work = mkdtempSync(join(tmpdir(), `qredge-redirect-${name}-`));
  const dir = join(work, 'worker');
  const stateDir = join(work, 'state');
  for (const d of [dir, stateDir]) mkdirSync(d, { recursive: true });
  snapshotWorker(dir, ref);
  const { key } = await withStateDb(stateDir, (db) => createKey(db, { workspaceId: 'ws_redirect' }));
  const runtime = await startRuntime('wrangler', { dir, stateDir, vars: { RATE_LIMIT_PER_MINUTE: '1000000' }, log: () => {} });
  const auth = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
  const made = await (await fetch(`${runtime.base}/v1/batches`, { method: 'POST', headers: auth,
    body: JSON.stringify({ items: Array.from({ length: Number(values.codes) }, (_, i) => ({ target: { destination: `https://example.com/r/${i}` } })) }) })).json();
  let batch;
  do {
    await new Promise((ok) => setTimeout(ok, 100));
    batch = await (await fetch(`${runtime.base}/v1/batches/${made.id}`, { headers: auth })).json();
  } while (batch.status === 'processing');
  const shortCodes = [];
  for (const item of batch.items) shortCodes.push((await (await fetch(`${runtime.base}/v1/qr-codes/${item.qr_code_id}`, { headers: auth })).json()).short_code);
  return { name, ref: ref ?? 'working tree', runtime, auth, shortCodes, times: [], sent: 0, work };
}

async function scanOnce(w) {
  const code = w.shortCodes[w.sent++ % w.shortCodes.length];
  const t0 = performance.now();
  const res = await fetch(`${w.runtime.base}/r/${code}`, { redirect: 'manual', headers: { 'user-agent': UA, referer: 'https://news.example.com/a' } });
  await res.arrayBuffer();
  const ms = performance.now() - t0;
  if (res.status !== 302) throw new Error(`${w.name}: /r/${code} answered ${res.status}`);
  return ms;
}

const quantile = (xs, q) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(q * s.length))]; };
const workers = [await start('before', values.ref), await start('after', undefined)];
try {
  for (const w of workers) for (let i = 0; i < Number(values.warmup); i++) await scanOnce(w);
  for (const w of workers) w.sent = 0;
  // Blocks alternate, and so does which worker goes first in a round: the second of a pair was
  // seen ~10 % slower in an A/A run (the same code on both sides) with a fixed order.
  for (let done = 0, round = 0; done < requests; done += block, round++) {
    for (const w of round % 2 ? [...workers].reverse() : workers) for (let i = 0; i < block; i++) w.times.push(await scanOnce(w));
  }
  for (const w of workers) {
    console.log(`${w.name.padEnd(6)} (${w.ref}): ${w.times.length} redirects, median ${quantile(w.times, 0.5).toFixed(2)} ms, `
      + `p90 ${quantile(w.times, 0.9).toFixed(2)} ms, p99 ${quantile(w.times, 0.99).toFixed(2)} ms`);
  }
  const [before, after] = workers;
  console.log(`after / before, medians: ${(quantile(after.times, 0.5) / quantile(before.times, 0.5)).toFixed(3)}`);
  // Every scan the working tree answered (warm-up included) is in its analytics once counting settles.
  const expected = Number(values.warmup) + after.times.length;
  let total = -1;
  for (let i = 0; i < 50 && total !== expected; i++) {
    await new Promise((ok) => setTimeout(ok, 200));
    const a = await (await fetch(`${after.runtime.base}/v1/analytics?group_by=device`, { headers: after.auth })).json();
    total = a.total;
  }
  console.log(`analytics of the working tree: ${total} scans counted of ${expected} answered`);
  if (total !== expected) process.exitCode = 1;
} finally {
  for (const w of workers) {
    await w.runtime.stop();
    rmSync(w.work, { recursive: true, force: true });
  }
}
