// SPDX-License-Identifier: MIT
// POST/GET /v1/batches in workerd: background and streamed batches, item errors, templates,
// idempotency, pagination. Every code made is decoded from its download.
import { startWorker, withKey, ndjsonValues, waitForBatch } from './helpers/worker.mjs';
import { decodeWithZxing } from './helpers/decode.mjs';
import { svgToPng } from './helpers/decode.mjs';

let worker, key;
beforeAll(async () => {
  worker = await startWorker();
  ({ key } = await worker.createKey());
});
afterAll(() => worker?.dispose());

const postBatch = (body, headers = {}) => worker.fetch('/v1/batches', withKey(key, 'POST', body, headers));

test('a background batch answers 202 at once and completes with every item accounted for', async () => {
  const res = await postBatch({
    items: [
      { target: { destination: 'https://example.com/a' }, name: 'A', tags: ['x'] },
      { target: { type: 'text', text: 'hello' }, kind: 'static' },
      { target: { ssid: 'Home', text: 'both' } },  // ambiguous: an item error, the rest go on
    ],
  });
  expect(res.status).toBe(202);
  const head = await res.json();
  expect(head).toMatchObject({ object: 'batch', status: 'processing', total_count: 3, test: false });
  expect(head.id).toMatch(/^batch_/);
  const batch = await waitForBatch(worker, key, head.id);
  expect(batch.status).toBe('completed');
  expect([batch.completed_count, batch.error_count]).toEqual([2, 1]);
  expect(batch.items.map((i) => i.index)).toEqual([0, 1, 2]);
  expect(batch.items[0]).toMatchObject({ name: 'A', type: 'url', kind: 'dynamic', error: null });
  expect(batch.items[0].qr_code_id).toMatch(/^qr_/);
  expect(batch.items[1].qr_code_id).toMatch(/^sqr_/);
  expect(batch.items[2].qr_code_id).toBeNull();
  expect(batch.items[2].error_code).toBeTruthy();
  expect(batch.completed_at).toBeTruthy();
});

test('a batch whose every item fails is "failed"', async () => {
  const res = await postBatch({ items: [{ target: {} }, { target: { text: '' } }] });
  expect(res.status).toBe(202);
  const batch = await waitForBatch(worker, key, (await res.json()).id);
  expect(batch.status).toBe('failed');
  expect(batch.error_count).toBe(2);
});

test('request-level problems answer 422 with details and create nothing', async () => {
  const before = (await (await worker.fetch('/v1/batches?limit=100', withKey(key))).json()).data.length;
  for (const body of [{ items: [] }, { items: [{ target: { text: 'x' } }], extra: 1 },
    { items: Array.from({ length: 1001 }, () => ({ target: { text: 'x' } })) }]) {
    const res = await postBatch(body);
    expect(res.status).toBe(422);
    const { error } = await res.json();
    expect(error.code).toBe('validation_error');
    expect(error.details.length).toBeGreaterThan(0);
    expect(typeof error.details[0].path).toBe('string');
  }
  const after = (await (await worker.fetch('/v1/batches?limit=100', withKey(key))).json()).data.length;
  expect(after).toBe(before);
});

test('NDJSON: head line, one line per item in order as soon as made, final line; images decode', async () => {
  const n = 400;
  const items = Array.from({ length: n }, (_, i) => ({ target: { type: 'text', text: `item-${i}` }, name: `n${i}` }));
  // Styled 512 px PNGs take a few ms each (plain ones well under one), so the batch is still
  // being made for a second or more after its first line, however fast the machine.
  const design = { shapes: { body: 'rounded', eye_frame: 'circle', eye_ball: 'circle' }, gradient: { start: '#1e3a8a', end: '#6d28d9', type: 'linear-diagonal' } };
  const res = await postBatch({ items, design, output: { format: 'png', size: 512 } }, { accept: 'application/x-ndjson' });
  expect(res.status).toBe(202);
  expect(res.headers.get('content-type')).toMatch(/^application\/x-ndjson/);
  // Streamed, not buffered: when the first item line is in the client's hands, the batch is
  // still being made (its stored count is short of the total). No clock is involved.
  const lines = [];
  let storedAtFirstItem = null;
  for await (const value of ndjsonValues(res)) {
    lines.push(value);
    if (value.object === 'batch_item' && storedAtFirstItem === null) {
      storedAtFirstItem = await worker.db.prepare('SELECT status, completed_count FROM batches WHERE id = ?').bind(value.batch_id).first();
    }
  }
  expect(storedAtFirstItem.status).toBe('processing');
  expect(storedAtFirstItem.completed_count).toBeLessThan(n);
  expect(lines).toHaveLength(items.length + 2);
  const [head, ...rest] = lines;
  const last = rest.pop();
  expect(head).toMatchObject({ object: 'batch', status: 'processing', total_count: n });
  expect(rest.map((l) => l.index)).toEqual(items.map((_, i) => i));
  expect(rest.every((l) => l.object === 'batch_item' && l.qr_code_id && l.image.format === 'png')).toBe(true);
  expect(last).toMatchObject({ object: 'batch', status: 'completed', completed_count: n, error_count: 0 });
  for (const i of [0, 57, 119, n - 1]) {
    const png = Buffer.from(rest[i].image.data, 'base64');
    expect((await decodeWithZxing(png)).toString()).toBe(`item-${i}`);
  }
});

test('codes made by a batch download and decode: static to the payload, dynamic to the short URL', async () => {
  const res = await postBatch({ items: [{ target: { destination: 'https://example.com/dyn?x=1', utm: { source: 'news' } } },
    { target: { type: 'text', text: 'static text' } }] });
  const batch = await waitForBatch(worker, key, (await res.json()).id);
  const [dyn, stat] = await Promise.all(batch.items.map(async (i) => (await worker.fetch(`/v1/qr-codes/${i.qr_code_id}`, withKey(key))).json()));
  expect(dyn).toMatchObject({ object: 'qr_code', kind: 'dynamic', type: 'url', is_active: true, scan_count: 0 });
  expect(dyn.short_url).toBe(`${new URL(worker.url).origin}/r/${dyn.short_code}`);
  expect(stat).toMatchObject({ kind: 'static', scan_count: null, short_url: null });
  const svg = await (await worker.fetch(`/v1/qr-codes/${dyn.id}/download?format=svg&size=300`, withKey(key))).text();
  expect((await decodeWithZxing(svgToPng(svg, 300))).toString()).toBe(dyn.short_url);
  const png = Buffer.from(await (await worker.fetch(`/v1/qr-codes/${stat.id}/download?format=png&size=256`, withKey(key))).arrayBuffer());
  expect((await decodeWithZxing(png)).toString()).toBe('static text');
  // The redirect goes to the destination with the UTM parameters merged.
  const r = await worker.fetch(`/r/${dyn.short_code}`);
  expect(r.status).toBe(302);
  const location = new URL(r.headers.get('location'));
  expect(location.searchParams.get('x')).toBe('1');
  expect(location.searchParams.get('utm_source')).toBe('news');
});

test('templates replace the design; an unknown template is a request error', async () => {
  const tplRes = await worker.fetch('/v1/templates', withKey(key, 'POST', { name: 'brand', design: { colors: { foreground: '#123456' } } }));
  expect(tplRes.status).toBe(201);
  const tpl = await tplRes.json();
  expect(tpl.id).toMatch(/^tpl_/);
  expect((await (await worker.fetch(`/v1/templates/${tpl.id}`, withKey(key))).json()).design.colors.foreground).toBe('#123456');
  const res = await postBatch({ items: [{ target: { text: 'templated' } }], template_id: tpl.id, design: { colors: { foreground: '#ff0000' } } });
  const batch = await waitForBatch(worker, key, (await res.json()).id);
  const code = await (await worker.fetch(`/v1/qr-codes/${batch.items[0].qr_code_id}`, withKey(key))).json();
  expect(code.design.colors.foreground).toBe('#123456');
  const svg = await (await worker.fetch(`/v1/qr-codes/${code.id}/download?format=svg`, withKey(key))).text();
  expect(svg).toContain('#123456');
  const bad = await postBatch({ items: [{ target: { text: 'x' } }], template_id: 'tpl_missing' });
  expect(bad.status).toBe(422);
  expect((await bad.json()).error.details[0].code).toBe('template_not_found');
});

test('Idempotency-Key: the same body returns the first batch, another body answers 409', async () => {
  const body = { items: [{ target: { text: 'once' } }] };
  const first = await (await postBatch(body, { 'idempotency-key': 'k-1' })).json();
  const again = await postBatch(body, { 'idempotency-key': 'k-1' });
  expect(again.status).toBe(202);
  expect(again.headers.get('idempotent-replayed')).toBe('true');
  expect((await again.json()).id).toBe(first.id);
  const conflict = await postBatch({ items: [{ target: { text: 'other' } }] }, { 'idempotency-key': 'k-1' });
  expect(conflict.status).toBe(409);
  expect((await conflict.json()).error.code).toBe('idempotency_conflict');
  const { results } = await worker.db.prepare("SELECT COUNT(*) AS n FROM batch_items WHERE batch_id IN (SELECT batch_id FROM idempotency WHERE key = 'k-1')").all();
  expect(results[0].n).toBe(1);
});

test('GET /v1/batches pages with a cursor, newest first, without repeats', async () => {
  for (let i = 0; i < 3; i++) await postBatch({ items: [{ target: { text: `page-${i}` } }] });
  const seen = [];
  let cursor = null;
  do {
    const res = await worker.fetch(`/v1/batches?limit=2${cursor ? `&cursor=${cursor}` : ''}`, withKey(key));
    const page = await res.json();
    expect(page.object).toBe('list');
    expect(page.data.length).toBeLessThanOrEqual(2);
    seen.push(...page.data.map((b) => b.id));
    cursor = page.has_more ? page.next_cursor : null;
  } while (cursor);
  expect(new Set(seen).size).toBe(seen.length);
  const all = await (await worker.fetch('/v1/batches?limit=100', withKey(key))).json();
  expect(seen).toEqual(all.data.map((b) => b.id));
  const created = all.data.map((b) => b.created_at);
  expect([...created].sort().reverse()).toEqual(created);
  for (const q of ['limit=0', 'limit=101', 'limit=x', 'cursor=%%%']) {
    const res = await worker.fetch(`/v1/batches?${q}`, withKey(key));
    expect(res.status).toBe(422);
  }
});
