// SPDX-License-Identifier: MIT
// QR codes in workerd: read, PATCH rules per kind, redirects with scan counts and pauses,
// downloads with ETags, list filters.
import { startWorker, withKey, waitForBatch } from './helpers/worker.mjs';
import { decodeWithZxing, svgToPng } from './helpers/decode.mjs';

let worker, key, dyn, stat;
beforeAll(async () => {
  worker = await startWorker();
  ({ key } = await worker.createKey());
  const res = await worker.fetch('/v1/batches', withKey(key, 'POST', {
    items: [{ target: { destination: 'https://example.com/start' }, folder_id: 'f-1', tags: ['a'] },
      { target: { type: 'text', text: 'fixed' }, folder_id: 'f-2' }],
  }));
  const batch = await waitForBatch(worker, key, (await res.json()).id);
  [dyn, stat] = await Promise.all(batch.items.map(async (i) => (await worker.fetch(`/v1/qr-codes/${i.qr_code_id}`, withKey(key))).json()));
});
afterAll(() => worker?.dispose());

const patch = (id, body) => worker.fetch(`/v1/qr-codes/${id}`, withKey(key, 'PATCH', body));

test('a code carries every field of the contract', () => {
  for (const field of ['id', 'object', 'kind', 'type', 'name', 'short_code', 'short_url', 'target', 'design', 'folder_id',
    'tags', 'image_url', 'download_url', 'is_active', 'scan_count', 'test', 'created_at', 'updated_at']) {
    expect(dyn).toHaveProperty(field);
  }
  expect(dyn.name).toBe(`Campaign ${dyn.short_code}`);
  expect(stat.name).toBe(`Static ${stat.short_code}`);
  expect(dyn.folder_id).toBe('f-1');
  expect(dyn.tags).toEqual(['a']);
});

test('changing the destination of a dynamic code changes where it redirects, not its image', async () => {
  const before = await (await worker.fetch(`/v1/qr-codes/${dyn.id}/download?format=svg`, withKey(key))).text();
  const res = await patch(dyn.id, { destination: 'https://example.org/next', utm: { campaign: 'spring sale' }, name: 'Renamed' });
  expect(res.status).toBe(200);
  const changed = await res.json();
  expect(changed.name).toBe('Renamed');
  expect(changed.target.destination).toBe('https://example.org/next');
  const r = await worker.fetch(`/r/${dyn.short_code}`);
  expect(r.status).toBe(302);
  expect(r.headers.get('location')).toBe('https://example.org/next?utm_campaign=spring+sale');
  const after = await (await worker.fetch(`/v1/qr-codes/${dyn.id}/download?format=svg`, withKey(key))).text();
  expect(after).toBe(before);
  expect((await decodeWithZxing(svgToPng(after))).toString()).toBe(dyn.short_url);
});

test('scans are counted; a paused code answers 410, an unknown one 404', async () => {
  const start = (await (await worker.fetch(`/v1/qr-codes/${dyn.id}`, withKey(key))).json()).scan_count;
  for (let i = 0; i < 3; i++) expect((await worker.fetch(`/r/${dyn.short_code}`)).status).toBe(302);
  expect((await (await worker.fetch(`/v1/qr-codes/${dyn.id}`, withKey(key))).json()).scan_count).toBe(start + 3);
  expect((await patch(dyn.id, { is_active: false })).status).toBe(200);
  const paused = await worker.fetch(`/r/${dyn.short_code}`);
  expect(paused.status).toBe(410);
  expect((await paused.json()).error.code).toBe('qr_code_inactive');
  expect((await patch(dyn.id, { is_active: true })).status).toBe(200);
  expect((await worker.fetch(`/r/${dyn.short_code}`)).status).toBe(302);
  expect((await worker.fetch('/r/doesnotexist')).status).toBe(404);
  expect((await worker.fetch(`/r/${stat.short_code}`)).status).toBe(404);  // static codes do not redirect
});

test('PATCH rules: static codes keep their content; bad values answer 422 with paths', async () => {
  const cases = [
    [stat.id, { destination: 'https://example.com' }, '/destination', 'field_not_allowed'],
    [stat.id, { is_active: false }, '/is_active', 'field_not_allowed'],
    [dyn.id, { colour: 'red' }, '/colour', 'unknown_field'],
    [dyn.id, { is_active: 'yes' }, '/is_active', 'invalid_type'],
    [dyn.id, { destination: 'javascript:alert(1)' }, '/destination', null],
    [dyn.id, { design: { error_correction: 'X' } }, '/design/error_correction', 'invalid_value'],
    [dyn.id, { tags: ['a', 'a'] }, '/tags', null],
  ];
  for (const [id, body, path, code] of cases) {
    const res = await patch(id, body);
    expect(res.status).toBe(422);
    const detail = (await res.json()).error.details[0];
    expect(detail.path.startsWith(path)).toBe(true);
    if (code) expect(detail.code).toBe(code);
  }
  // Every bad value of one PATCH is reported, each at its path in the body, and nothing changes.
  const before = await (await worker.fetch(`/v1/qr-codes/${dyn.id}`, withKey(key))).json();
  const many = await patch(dyn.id, { design: { shapes: { body: 'squircle' } }, destination: 'ftp://example.com', utm: { sorce: 'x' }, name: 7, tags: 'print' });
  expect(many.status).toBe(422);
  const details = (await many.json()).error.details;
  expect(details.map((d) => d.path).sort()).toEqual(['/design/shapes/body', '/destination', '/name'].sort());
  expect(details.find((d) => d.path === '/name').code).toBe('invalid_type');
  expect(await (await worker.fetch(`/v1/qr-codes/${dyn.id}`, withKey(key))).json()).toEqual(before);
  const ok = await patch(stat.id, { name: 'Static renamed', design: { colors: { foreground: '#202020' } } });
  expect(ok.status).toBe(200);
  expect((await ok.json()).design.colors.foreground).toBe('#202020');
});

test('downloads carry an ETag and answer 304 when it matches; bad parameters answer 422', async () => {
  const res = await worker.fetch(`/v1/qr-codes/${stat.id}/download?format=png&size=128`, withKey(key));
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('image/png');
  const etag = res.headers.get('etag');
  expect(etag).toMatch(/^"[0-9a-f]+"$/);
  expect(res.headers.get('cache-control')).toMatch(/no-cache/);
  const png = Buffer.from(await res.arrayBuffer());
  expect((await decodeWithZxing(png)).toString()).toBe('fixed');
  const again = await worker.fetch(`/v1/qr-codes/${stat.id}/download?format=png&size=128`, withKey(key, 'GET', undefined, { 'if-none-match': etag }));
  expect(again.status).toBe(304);
  const other = await worker.fetch(`/v1/qr-codes/${stat.id}/download?format=png&size=256`, withKey(key));
  expect(other.headers.get('etag')).not.toBe(etag);
  for (const q of ['format=gif', 'size=10', 'size=5000', 'size=abc']) {
    expect((await worker.fetch(`/v1/qr-codes/${stat.id}/download?${q}`, withKey(key))).status).toBe(422);
  }
});

test('GET /v1/qr-codes filters by kind and folder', async () => {
  const all = await (await worker.fetch('/v1/qr-codes', withKey(key))).json();
  expect(all.data.map((c) => c.id).sort()).toEqual([dyn.id, stat.id].sort());
  const dynamic = await (await worker.fetch('/v1/qr-codes?kind=dynamic', withKey(key))).json();
  expect(dynamic.data.map((c) => c.id)).toEqual([dyn.id]);
  const folder = await (await worker.fetch('/v1/qr-codes?folder_id=f-2', withKey(key))).json();
  expect(folder.data.map((c) => c.id)).toEqual([stat.id]);
  expect((await worker.fetch('/v1/qr-codes?kind=other', withKey(key))).status).toBe(422);
});
