// SPDX-License-Identifier: MIT
// Storage failures injected under the worker (issue 8; docs/security.md "Storage failures").
// QREDGE_TEST_DB_FAIL (worker/test-faults.mjs) names scenarios of failing statements; a request picks
// one with `x-qredge-test-fault`, and its background work shares it. A failing statement is sent
// to the real D1 as a statement that errors, so a failure inside DB.batch() is rolled back by D1
// itself. Every request here must answer a clean 503 (the one error shape, no stack), leave
// nothing half-written, and a batch interrupted mid-way must finish later with every item
// accounted for and none made twice.
import { startWorker, withKey, waitForBatch, readNdjson } from './helpers/worker.mjs';
import { decodeWithZxing, svgToPng } from './helpers/decode.mjs';

const SCENARIOS = {
  'batch-row': [{ match: '^INSERT INTO batches' }],
  'pending-items': [{ match: '^INSERT INTO batch_pending' }],
  'first-code': [{ match: '^INSERT OR IGNORE INTO qr_codes', times: 1 }],
  'idempotency-row': [{ match: '^UPDATE idempotency SET batch_id' }],
  'idempotency-lookup': [{ match: '^INSERT INTO idempotency' }],
  'template-lookup': [{ match: 'SELECT design FROM templates' }],
  // The first code is made in the creation transaction; the ones after it in the background.
  'later-code-once': [{ match: '^INSERT OR IGNORE INTO qr_codes', skip: 1, times: 1 }],
  'later-codes-all': [{ match: '^INSERT OR IGNORE INTO qr_codes', skip: 1 }],
  'later-code-5th': [{ match: '^INSERT OR IGNORE INTO qr_codes', skip: 5 }],
  'final-status': [{ match: "^UPDATE batches SET status" }],
  'key-lookup': [{ match: 'FROM api_keys' }],
  'rate-limit': [{ match: '^INSERT INTO rate_limits' }],
  'batch-read': [{ match: '^SELECT \\* FROM batches WHERE id' }],
  'items-read': [{ match: '^SELECT \\* FROM batch_items' }],
  'batch-list': [{ match: 'FROM batches WHERE workspace_id' }],
  'code-read': [{ match: '^SELECT \\* FROM qr_codes WHERE id' }],
  'code-list': [{ match: 'FROM qr_codes WHERE workspace_id' }],
  'code-update': [{ match: '^UPDATE qr_codes SET name' }],
  'scan-count': [{ match: '^UPDATE qr_codes SET scan_count' }],
  'scan-analytics': [{ match: '^INSERT INTO scan_counts' }],
  'webhook-outbox': [{ match: '^INSERT OR IGNORE INTO webhook_deliveries' }],
  'template-insert': [{ match: '^INSERT INTO templates' }],
  'template-read': [{ match: 'FROM templates WHERE id' }],
  'claim': [{ match: '^UPDATE batches SET lease_until' }],
};
// Long enough that a read right after creation never finds the lease run out on a busy machine
// (which would resume the batch before the test saw it stuck), short enough to wait for.
const LEASE_MS = 1000;

let worker, key, code, staticCode;
beforeAll(async () => {
  worker = await startWorker({ bindings: { QREDGE_TEST_DB_FAIL: JSON.stringify(SCENARIOS), QREDGE_LEASE_MS: String(LEASE_MS), RATE_LIMIT_PER_MINUTE: '100000' } });
  ({ key } = await worker.createKey({ workspaceId: 'ws_faults' }));
  const res = await worker.fetch('/v1/batches', withKey(key, 'POST', {
    items: [{ target: { destination: 'https://example.com/fault' }, name: 'fault target' }, { target: { type: 'text', text: 'static' } }],
  }));
  const batch = await waitForBatch(worker, key, (await res.json()).id);
  code = batch.items[0].qr_code_id;
  staticCode = batch.items[1].qr_code_id;
});
afterAll(() => worker?.dispose());

const fault = (scenario) => ({ 'x-qredge-test-fault': scenario });
const items = (n, prefix) => Array.from({ length: n }, (_, i) => ({ target: { type: 'text', text: `${prefix}-${i}` } }));

async function counts() {
  const out = {};
  for (const table of ['batches', 'batch_items', 'batch_pending', 'qr_codes', 'idempotency', 'templates']) {
    out[table] = (await worker.db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).first()).n;
  }
  return out;
}

async function expect503(res) {
  const text = await res.text();
  expect(res.status).toBe(503);
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  expect(res.headers.get('retry-after')).toBe('1');
  expect(res.headers.get('x-request-id')).toMatch(/^req_/);
  expect(text).not.toMatch(/\n\s+at |\.mjs:\d+|SQLITE_|D1_|qredge injected fault|cloudflare-internal/);
  const body = JSON.parse(text);
  expect(body.error).toMatchObject({ code: 'storage_unavailable', request_id: res.headers.get('x-request-id') });
  expect(Object.keys(body)).toEqual(['error']);
}

async function expectAccounted(batchId, total) {
  const batch = await waitForBatch(worker, key, batchId, 30000);
  expect(batch.status).toBe('completed');
  expect(batch.completed_count).toBe(total);
  expect(batch.error_count).toBe(0);
  expect(batch.items).toHaveLength(total);
  expect(batch.items.every((i) => i.qr_code_id && !i.error_code)).toBe(true);
  const { results } = await worker.db.prepare('SELECT id, short_code FROM qr_codes WHERE batch_id = ?').bind(batchId).all();
  expect(results).toHaveLength(total);  // none made twice
  expect(new Set(results.map((r) => r.id)).size).toBe(total);
  expect(results.map((r) => r.id).sort()).toEqual(batch.items.map((i) => i.qr_code_id).sort());
  return batch;
}

// Waits past the lease, then reads the batch (without faults): the reader resumes it.
async function resumeByReading(batchId) {
  await new Promise((ok) => setTimeout(ok, LEASE_MS + 100));
  const res = await worker.fetch(`/v1/batches/${batchId}`, withKey(key));
  expect(res.status).toBe(200);
}

describe('batch creation fails cleanly and atomically', () => {
  test.each([
    ['the batch row', 'batch-row'],
    ['the pending item list (after the batch row in the same transaction)', 'pending-items'],
    ['the first code (made inside the creation transaction)', 'first-code'],
    ['the idempotency row (the last statement of the transaction)', 'idempotency-row'],
    ['the idempotency lookup', 'idempotency-lookup'],
    ['the template lookup', 'template-lookup'],
  ])('a failure storing %s: 503, nothing written', async (_name, scenario) => {
    const before = await counts();
    const body = { items: items(30, scenario), ...(scenario === 'template-lookup' ? { template_id: 'tpl_abc' } : {}) };
    const res = await worker.fetch('/v1/batches', withKey(key, 'POST', body, { ...fault(scenario), 'idempotency-key': `k-${scenario}` }));
    await expect503(res);
    expect(await counts()).toEqual(before);
    // No orphan rows anywhere: every item row and code has its batch.
    const orphans = await worker.db.prepare(`SELECT (SELECT COUNT(*) FROM batch_items WHERE batch_id NOT IN (SELECT id FROM batches))
      + (SELECT COUNT(*) FROM qr_codes WHERE batch_id NOT IN (SELECT id FROM batches)) AS n`).first();
    expect(orphans.n).toBe(0);
  });

  test('the same request retried with its Idempotency-Key after a failure makes exactly one batch', async () => {
    const body = { items: items(5, 'retry') };
    await expect503(await worker.fetch('/v1/batches', withKey(key, 'POST', body, { ...fault('idempotency-row'), 'idempotency-key': 'retry-1' })));
    const first = await worker.fetch('/v1/batches', withKey(key, 'POST', body, { 'idempotency-key': 'retry-1' }));
    expect(first.status).toBe(202);
    const again = await worker.fetch('/v1/batches', withKey(key, 'POST', body, { 'idempotency-key': 'retry-1' }));
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    const id = (await first.json()).id;
    expect((await again.json()).id).toBe(id);
    await expectAccounted(id, 5);
  });

  test('streamed (NDJSON) creation that fails answers a 503 JSON error, not a stream', async () => {
    const res = await worker.fetch('/v1/batches', withKey(key, 'POST', { items: items(3, 'nd') }, { ...fault('pending-items'), accept: 'application/x-ndjson' }));
    await expect503(res);
  });
});

describe('a failure while storing items mid-batch: the batch resumes and completes, nothing twice', () => {
  test.each([
    ['one failed write of a later code', 'later-code-once'],
    ['every later code write failing for the rest of the run', 'later-codes-all'],
    ['writes failing from the 6th code on', 'later-code-5th'],
  ])('%s', async (_name, scenario) => {
    const res = await worker.fetch('/v1/batches', withKey(key, 'POST', { items: items(60, scenario) }, fault(scenario)));
    expect(res.status).toBe(202);
    const head = await res.json();
    await new Promise((ok) => setTimeout(ok, 150));
    const stuck = await (await worker.fetch(`/v1/batches/${head.id}`, withKey(key))).json();
    expect(stuck.status).toBe('processing');
    expect(stuck.completed_count).toBeLessThan(60);
    // Counts and items agree with what is stored at every moment (a flush is one transaction).
    // One statement, so both counts come from the same moment even while the run goes on.
    const both = await worker.db.prepare(`SELECT (SELECT COUNT(*) FROM batch_items WHERE batch_id = ?1 AND state = 'done') AS done,
        (SELECT COUNT(*) FROM qr_codes WHERE batch_id = ?1) AS codes`).bind(head.id).first();
    expect(both.codes).toBe(both.done);
    await resumeByReading(head.id);
    await expectAccounted(head.id, 60);
  });

  test('streamed: the stream ends with a storage_unavailable line, every line sent was stored, and the batch completes later', async () => {
    const res = await worker.fetch('/v1/batches', withKey(key, 'POST', { items: items(40, 'stream') }, { ...fault('later-code-5th'), accept: 'application/x-ndjson' }));
    expect(res.status).toBe(202);
    const lines = (await readNdjson(res)).map((l) => l.value);
    const batchId = lines[0].id;
    const last = lines.at(-1);
    expect(last.object).toBe('error');
    expect(last.error.code).toBe('storage_unavailable');
    expect(JSON.stringify(last)).not.toMatch(/SQLITE_|D1_|\.mjs:\d+/);
    const sent = lines.filter((l) => l.object === 'batch_item');
    expect(sent.length).toBeGreaterThan(0);
    expect(sent.length).toBeLessThan(40);
    for (const line of sent) {
      const row = await worker.db.prepare('SELECT id FROM qr_codes WHERE id = ?').bind(line.qr_code_id).first();
      expect(row?.id).toBe(line.qr_code_id);
    }
    await resumeByReading(batchId);
    const done = await expectAccounted(batchId, 40);
    // The codes sent before the failure are the ones kept.
    for (const line of sent) expect(done.items[line.index].qr_code_id).toBe(line.qr_code_id);
  });

  test('the final status update failing leaves a batch that a reader completes', async () => {
    const res = await worker.fetch('/v1/batches', withKey(key, 'POST', { items: items(10, 'final') }, fault('final-status')));
    const head = await res.json();
    await new Promise((ok) => setTimeout(ok, 200));
    const stuck = await (await worker.fetch(`/v1/batches/${head.id}`, withKey(key))).json();
    expect(stuck.status).toBe('processing');
    await resumeByReading(head.id);
    await expectAccounted(head.id, 10);
  });

  test('the webhook event failing to be queued rolls the final status back; the resumed batch queues it exactly once', async () => {
    const { key: k } = await worker.createKey({ workspaceId: 'ws_faults_hooks' });
    const hook = await (await worker.fetch('/v1/webhooks', withKey(k, 'POST', { url: 'https://hooks.example.com/f', events: ['batch.completed'] }))).json();
    const head = await (await worker.fetch('/v1/batches', withKey(k, 'POST', { items: items(4, 'hook') }, fault('webhook-outbox')))).json();
    await new Promise((ok) => setTimeout(ok, 200));
    expect((await (await worker.fetch(`/v1/batches/${head.id}`, withKey(k))).json()).status).toBe('processing');
    const queued = () => worker.db.prepare('SELECT COUNT(*) AS n FROM webhook_deliveries WHERE webhook_id = ?').bind(hook.id).first();
    expect((await queued()).n).toBe(0);
    await new Promise((ok) => setTimeout(ok, LEASE_MS + 100));
    expect((await waitForBatch(worker, k, head.id)).status).toBe('completed');
    await worker.fetch(`/v1/batches/${head.id}`, withKey(k));  // a second reader finds it finished: nothing more is queued
    expect((await queued()).n).toBe(1);
    await worker.fetch(`/v1/webhooks/${hook.id}`, withKey(k, 'DELETE'));
  });

  test('a reader whose take-over of a stale batch fails still gets the batch (200), and the next reader resumes it', async () => {
    const res = await worker.fetch('/v1/batches', withKey(key, 'POST', { items: items(10, 'claim') }, fault('later-codes-all')));
    const head = await res.json();
    await new Promise((ok) => setTimeout(ok, LEASE_MS + 100));
    const read = await worker.fetch(`/v1/batches/${head.id}`, withKey(key, 'GET', undefined, fault('claim')));
    expect(read.status).toBe(200);
    expect((await read.json()).status).toBe('processing');
    await resumeByReading(head.id);
    await expectAccounted(head.id, 10);
  });
});

describe('reads, changes and redirects fail cleanly', () => {
  test.each([
    ['key lookup', 'key-lookup', () => '/v1/batches'],
    ['rate-limit counter', 'rate-limit', () => '/v1/qr-codes'],
    ['batch read', 'batch-read', () => '/v1/batches/batch_x'],
    ['batch list', 'batch-list', () => '/v1/batches'],
    ['code read', 'code-read', () => `/v1/qr-codes/${code}`],
    ['code list', 'code-list', () => '/v1/qr-codes?kind=dynamic'],
    ['download', 'code-read', () => `/v1/qr-codes/${code}/download?format=svg`],
    ['template read', 'template-read', () => '/v1/templates/tpl_x'],
  ])('GET failing at the %s: 503', async (_name, scenario, path) => {
    await expect503(await worker.fetch(path(), withKey(key, 'GET', undefined, fault(scenario))));
  });

  test('a batch whose items cannot be read: 503, not a batch without items', async () => {
    const res = await worker.fetch('/v1/batches', withKey(key));
    const { data } = await res.json();
    await expect503(await worker.fetch(`/v1/batches/${data[0].id}`, withKey(key, 'GET', undefined, fault('items-read'))));
  });

  test('PATCH failing: 503 and the code is exactly as before (never half-applied)', async () => {
    for (const id of [code, staticCode]) {
      const before = await worker.db.prepare('SELECT * FROM qr_codes WHERE id = ?').bind(id).first();
      const change = id === code
        ? { name: 'changed', destination: 'https://example.com/changed', tags: ['x'], is_active: false, design: { shapes: { body: 'dots' } } }
        : { name: 'changed', folder_id: 'f1', design: { shapes: { body: 'dots' } } };
      await expect503(await worker.fetch(`/v1/qr-codes/${id}`, withKey(key, 'PATCH', change, fault('code-update'))));
      expect(await worker.db.prepare('SELECT * FROM qr_codes WHERE id = ?').bind(id).first()).toEqual(before);
      await expect503(await worker.fetch(`/v1/qr-codes/${id}`, withKey(key, 'PATCH', change, fault('code-read'))));
      expect(await worker.db.prepare('SELECT * FROM qr_codes WHERE id = ?').bind(id).first()).toEqual(before);
    }
    // Without the fault the same change applies whole.
    const ok = await worker.fetch(`/v1/qr-codes/${code}`, withKey(key, 'PATCH', { name: 'changed', destination: 'https://example.com/changed' }));
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ name: 'changed', target: { destination: 'https://example.com/changed' } });
  });

  test('redirect failing to count the scan: 503 without a Location, the count unchanged; then 302 and counted', async () => {
    const row = await worker.db.prepare('SELECT short_code, scan_count FROM qr_codes WHERE id = ?').bind(code).first();
    const res = await worker.fetch(`/r/${row.short_code}`, { headers: fault('scan-count') });
    expect(res.headers.get('location')).toBeNull();
    await expect503(res);
    expect((await worker.db.prepare('SELECT scan_count FROM qr_codes WHERE id = ?').bind(code).first()).scan_count).toBe(row.scan_count);
    const ok = await worker.fetch(`/r/${row.short_code}`);
    expect(ok.status).toBe(302);
    expect((await worker.db.prepare('SELECT scan_count FROM qr_codes WHERE id = ?').bind(code).first()).scan_count).toBe(row.scan_count + 1);
  });

  test('redirect failing to count the analytics: 503, and neither scan_count nor the counters moved (one transaction)', async () => {
    const row = await worker.db.prepare('SELECT short_code, scan_count FROM qr_codes WHERE id = ?').bind(code).first();
    const total = async () => (await worker.db.prepare("SELECT COALESCE(SUM(count), 0) AS n FROM scan_counts WHERE code_id = ? AND dimension = 'total'").bind(code).first()).n;
    const before = await total();
    await expect503(await worker.fetch(`/r/${row.short_code}`, { headers: fault('scan-analytics') }));
    expect((await worker.db.prepare('SELECT scan_count FROM qr_codes WHERE id = ?').bind(code).first()).scan_count).toBe(row.scan_count);
    expect(await total()).toBe(before);
    expect((await worker.fetch(`/r/${row.short_code}`)).status).toBe(302);
    expect(await total()).toBe(before + 1);
  });

  test('template save failing: 503 and no template stored', async () => {
    const before = await counts();
    await expect503(await worker.fetch('/v1/templates', withKey(key, 'POST', { name: 't', design: {} }, fault('template-insert'))));
    expect(await counts()).toEqual(before);
  });
});

test('after all the faults the service works: a batch renders, its code decodes, nothing is left processing', async () => {
  const res = await worker.fetch('/v1/batches', withKey(key, 'POST', { items: [{ target: { type: 'text', text: 'after faults' } }] }));
  const done = await expectAccounted((await res.json()).id, 1);
  const svg = await (await worker.fetch(`/v1/qr-codes/${done.items[0].qr_code_id}/download?format=svg`, withKey(key))).text();
  expect((await decodeWithZxing(svgToPng(svg))).toString()).toBe('after faults');
  await new Promise((ok) => setTimeout(ok, LEASE_MS + 100));
  await worker.fetch('/v1/batches?limit=100', withKey(key));  // the list resumes any stale batch it shows
  const deadline = Date.now() + 10000;
  let processing;
  do {
    await new Promise((ok) => setTimeout(ok, 100));
    processing = (await worker.db.prepare("SELECT COUNT(*) AS n FROM batches WHERE status = 'processing'").first()).n;
  } while (processing && Date.now() < deadline);
  expect(processing).toBe(0);
});
