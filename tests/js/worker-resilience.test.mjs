// SPDX-License-Identifier: MIT
// Batches never get stuck and nothing is made twice: an injected crash mid-batch, a real
// runtime restart mid-stream (state persisted on disk), a client that disconnects mid-stream.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startWorker, withKey, waitForBatch } from './helpers/worker.mjs';

const dirs = [];
const tempDir = () => { const d = mkdtempSync(join(tmpdir(), 'qredge-state-')); dirs.push(d); return d; };
afterAll(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });

async function codesOf(worker, batchId) {
  const { results } = await worker.db.prepare('SELECT id, short_code FROM qr_codes WHERE batch_id = ?').bind(batchId).all();
  return results;
}

function expectAccounted(batch, total) {
  expect(batch.status).toBe('completed');
  expect(batch.completed_count + batch.error_count).toBe(total);
  expect(batch.items).toHaveLength(total);
  expect(batch.items.every((i) => i.qr_code_id || i.error_code)).toBe(true);
}

test('a batch whose runtime died mid-way is resumed by the next reader and finished exactly once', async () => {
  const dir = tempDir();
  const items = Array.from({ length: 40 }, (_, i) => ({ target: { type: 'text', text: `resume-${i}` } }));
  // First runtime: makes 7 items, then "dies" (fault injection), leaving the batch processing.
  const crashing = await startWorker({ persistDir: dir, bindings: { QREDGE_TEST_CRASH_AFTER: '7', QREDGE_LEASE_MS: '300' } });
  const { key } = await crashing.createKey();
  const head = await (await crashing.fetch('/v1/batches', withKey(key, 'POST', { items }))).json();
  await new Promise((ok) => setTimeout(ok, 200));
  const stuck = await (await crashing.fetch(`/v1/batches/${head.id}`, withKey(key))).json();
  expect(stuck.status).toBe('processing');
  expect(stuck.completed_count).toBeGreaterThan(0);
  expect(stuck.completed_count).toBeLessThan(40);
  const madeBefore = await codesOf(crashing, head.id);
  await crashing.dispose();

  // Second runtime on the same state: the lease has run out, the reader resumes the batch.
  const healthy = await startWorker({ persistDir: dir, bindings: { QREDGE_LEASE_MS: '300' } });
  await new Promise((ok) => setTimeout(ok, 350));
  const done = await waitForBatch(healthy, key, head.id);
  expectAccounted(done, 40);
  expect(done.completed_count).toBe(40);
  const codes = await codesOf(healthy, head.id);
  expect(codes).toHaveLength(40);
  expect(new Set(codes.map((c) => c.short_code)).size).toBe(40);
  // The codes made before the crash are the same rows, not remade ones.
  for (const c of madeBefore) expect(codes).toContainEqual(c);
  await healthy.dispose();
});

test('a pending list of several chunks, with a refused item: a run that dies past the first chunk is finished in order', async () => {
  const N = 600;
  // About 3 KB per pending entry (the text, and its echo in the target): 1.7 MB, two chunks.
  const text = (i) => `${String(i).padStart(4, '0')} ${'x'.repeat(1400)}`;
  const items = Array.from({ length: N }, (_, i) => (i === 300
    ? { target: { type: 'sms', phone: '12' } }
    : { target: { type: 'text', text: text(i) } }));
  // The creator makes item 0, its run 400 more and then "dies"; only a resumer can finish.
  const worker = await startWorker({ bindings: { QREDGE_TEST_CRASH_AFTER: '400', QREDGE_LEASE_MS: '300' } });
  try {
    const { key } = await worker.createKey();
    const res = await worker.fetch('/v1/batches', withKey(key, 'POST', { items }));
    expect(res.status).toBe(202);
    const head = await res.json();
    expect(head.items[300]).toMatchObject({ index: 300, qr_code_id: null, error_path: '/items/300/target/phone' });
    const lists = await worker.db.prepare('SELECT COUNT(*) AS n FROM batch_pending WHERE batch_id = ?').bind(head.id).first();
    expect(lists.n).toBeGreaterThan(1);

    const done = await waitForBatch(worker, key, head.id, 60000);
    expectAccounted(done, N);
    expect(done).toMatchObject({ completed_count: N - 1, error_count: 1 });
    expect(done.items.map((i) => i.index)).toEqual(items.map((_, i) => i));
    expect(done.items.filter((i) => i.error_code).map((i) => i.index)).toEqual([300]);
    const codes = await worker.db.prepare('SELECT id, payload FROM qr_codes WHERE batch_id = ? ORDER BY id').bind(head.id).all();
    expect(codes.results).toHaveLength(N - 1);
    const byId = new Map(codes.results.map((c) => [c.id, c.payload]));
    for (const item of done.items) if (item.qr_code_id) expect(byId.get(item.qr_code_id)).toBe(text(item.index));
    const left = await worker.db.prepare('SELECT COUNT(*) AS n FROM batch_pending WHERE batch_id = ?').bind(head.id).first();
    expect(left.n).toBe(0);
  } finally {
    await worker.dispose();
  }
}, 90000);

test('a real runtime restart in the middle of a streamed PNG batch loses nothing', async () => {
  const dir = tempDir();
  const N = 150;
  const items = Array.from({ length: N }, (_, i) => ({ target: { type: 'text', text: `restart-${i}` } }));
  // Styled 1024 px PNGs take about 30 ms each (plain ones about 1 ms), so the batch is still
  // running seconds after the first lines, however fast the machine.
  const design = { shapes: { body: 'rounded', eye_ball: 'circle' }, gradient: { start: '#1e3a8a', end: '#6d28d9', type: 'radial' } };
  const first = await startWorker({ persistDir: dir, bindings: { QREDGE_LEASE_MS: '500' } });
  const { key } = await first.createKey();
  const res = await first.fetch('/v1/batches', withKey(key, 'POST', { items, design, output: { format: 'png', size: 1024 } }, { accept: 'application/x-ndjson' }));
  const reader = res.body.getReader();
  let text = '';
  while ((text.match(/\n/g) ?? []).length < 5) {
    const { value, done } = await reader.read();
    if (done) break;
    text += new TextDecoder().decode(value);
  }
  const batchId = JSON.parse(text.split('\n')[0]).id;
  // The connection drops with the runtime (Miniflare's dispose waits for open responses).
  await reader.cancel();
  const mid = await (await first.fetch(`/v1/batches/${batchId}`, withKey(key))).json();
  expect(mid.status).toBe('processing');
  expect(mid.completed_count).toBeLessThan(N);
  await first.dispose();  // workerd goes away mid-batch

  const second = await startWorker({ persistDir: dir, bindings: { QREDGE_LEASE_MS: '500' } });
  await new Promise((ok) => setTimeout(ok, 600));
  const done = await waitForBatch(second, key, batchId, 60000);
  expectAccounted(done, N);
  expect(done.error_count).toBe(0);
  const codes = await codesOf(second, batchId);
  expect(codes).toHaveLength(N);
  await second.dispose();
}, 90000);

test('a client that disconnects mid-stream does not stop the batch', async () => {
  const worker = await startWorker();
  const { key } = await worker.createKey();
  const items = Array.from({ length: 150 }, (_, i) => ({ target: { type: 'text', text: `gone-${i}` } }));
  // Styled 512 px PNGs (a few ms each): the batch is surely still running when the client goes.
  const design = { shapes: { body: 'rounded' }, gradient: { start: '#1e3a8a', end: '#6d28d9', type: 'radial' } };
  const controller = new AbortController();
  const res = await fetch(`${worker.url}v1/batches`, { ...withKey(key, 'POST', { items, design, output: { format: 'png', size: 512 } },
    { accept: 'application/x-ndjson' }), signal: controller.signal });
  const reader = res.body.getReader();
  const { value } = await reader.read();
  const batchId = JSON.parse(new TextDecoder().decode(value).split('\n')[0]).id;
  controller.abort();
  const done = await waitForBatch(worker, key, batchId, 60000);
  expectAccounted(done, 150);
  expect(done.completed_count).toBe(150);
  await worker.dispose();
}, 90000);

test('the scheduled sweep resumes stale batches nobody reads', async () => {
  const dir = tempDir();
  const crashing = await startWorker({ persistDir: dir, bindings: { QREDGE_TEST_CRASH_AFTER: '2', QREDGE_LEASE_MS: '200' } });
  const { key } = await crashing.createKey();
  const head = await (await crashing.fetch('/v1/batches', withKey(key, 'POST', { items: Array.from({ length: 10 }, (_, i) => ({ target: { text: `s${i}` } })) }))).json();
  await new Promise((ok) => setTimeout(ok, 150));
  await crashing.dispose();
  const healthy = await startWorker({ persistDir: dir, bindings: { QREDGE_LEASE_MS: '200' } });
  await new Promise((ok) => setTimeout(ok, 250));
  const worker = await healthy.mf.getWorker();
  const result = await worker.scheduled({ cron: '*/1 * * * *' });
  expect(result.outcome).toBe('ok');
  const { results } = await healthy.db.prepare('SELECT status, completed_count FROM batches WHERE id = ?').bind(head.id).all();
  expect(results[0]).toEqual({ status: 'completed', completed_count: 10 });
  await healthy.dispose();
});
