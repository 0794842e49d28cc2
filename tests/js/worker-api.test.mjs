// SPDX-License-Identifier: MIT
// Issue 15, the API a user meets: every item reported (refused ones included, with their name
// and type), the scan report on every item and code, templates (list, change, delete, and
// template_id with design), the short URL's pages for people, logo errors that name what failed,
// invalid_json with line and column, rate-limit headers on every authenticated answer.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { SCHEMA, ADDED_COLUMNS } from '../../worker/store/schema.mjs';
import { startWorker, withKey, ndjsonValues, waitForBatch } from './helpers/worker.mjs';
import { checkResponse } from './helpers/openapi.mjs';
import { init, renderPayload } from './helpers/qredge.mjs';

let worker, key;
beforeAll(async () => {
  await init();
  worker = await startWorker();
  ({ key } = await worker.createKey({ test: true }));
});
afterAll(() => worker?.dispose());

const post = (path, body, headers = {}) => worker.fetch(path, withKey(key, 'POST', body, headers));
const get = (path) => worker.fetch(path, withKey(key));

// Reads a whole NDJSON answer and checks each line against the OpenAPI document.
async function streamed(res) {
  const lines = [];
  for await (const value of ndjsonValues(res)) lines.push(value);
  checkResponse('POST', '/v1/batches', res.status, res.headers.get('content-type'), lines.map((l) => JSON.stringify(l)).join('\n'));
  return lines;
}

const EIGHT = [
  { target: { type: 'text', text: 'one' }, name: 'first' },
  { target: { type: 'url', destination: 'not a url' }, name: 'Broken link' },   // refused: invalid_url
  { target: { destination: 'https://example.com/3' }, name: 'third' },
  { target: { ssid: 'Cafe', text: 'both' }, name: 'Ambiguous' },                // refused: no type
  { target: { type: 'text', text: 'five' } },
  { target: { type: 'wifi' }, name: 'No SSID' },                                 // refused: required
  { target: { type: 'text', text: 'seven' }, name: 'seventh' },
  { target: { type: 'email', email: 'x@example.com' }, kind: 'dynamic', name: 'Wrong kind' },  // refused: unsupported_kind
];
const REFUSED = [1, 3, 5, 7];

test('NDJSON: one batch_item line per item in index order, refused items included with name, type, error and path', async () => {
  const res = await post('/v1/batches', { items: EIGHT }, { accept: 'application/x-ndjson' });
  expect(res.status).toBe(202);
  const lines = await streamed(res);
  const items = lines.filter((l) => l.object === 'batch_item');
  expect(items).toHaveLength(8);
  expect(items.map((l) => l.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  for (const i of REFUSED) {
    expect(items[i]).toMatchObject({ qr_code_id: null, scan: null, name: EIGHT[i].name });
    expect(items[i].error_code).toBeTruthy();
    expect(items[i].error_path).toMatch(new RegExp(`^/items/${i}(/|$)`));
  }
  expect(items[1]).toMatchObject({ type: 'url', error_code: 'invalid_url', error_path: '/items/1/target/destination' });
  expect(items[3]).toMatchObject({ type: null, error_code: 'ambiguous_target' });
  expect(items[5]).toMatchObject({ type: 'wifi', error_code: 'required' });
  expect(items[7]).toMatchObject({ type: 'email', error_code: 'unsupported_kind' });
  for (const i of [0, 2, 4, 6]) expect(items[i].qr_code_id).toMatch(/^s?qr_/);
  expect(items[4].name).toMatch(/^Static /);  // a made code without a name gets the default
  // The batch objects (head and final line, and GET) keep the names and types too.
  const final = lines.at(-1);
  expect(final).toMatchObject({ object: 'batch', status: 'completed', completed_count: 4, error_count: 4 });
  const fetched = await (await get(`/v1/batches/${final.id}`)).json();
  for (const batch of [lines[0], final, fetched]) {
    for (const i of REFUSED) expect(batch.items[i]).toMatchObject({ name: EIGHT[i].name, error_code: items[i].error_code, error_path: items[i].error_path });
    expect(batch.items.map((i) => i.type)).toEqual(['text', 'url', 'url', null, 'text', 'wifi', 'text', 'email']);
  }
  expect(final.items.map((i) => i.name)).toEqual(items.map((l) => l.name));
  expect(fetched.items).toEqual(final.items);
});

test('refused items at the start and the end, and a batch where every item is refused, stream every line', async () => {
  const body = { items: [{ target: { text: '' }, name: 'empty' }, { target: { text: 'ok' } }, { target: {}, name: 'nothing' }] };
  const lines = await streamed(await post('/v1/batches', body, { accept: 'application/x-ndjson' }));
  expect(lines.filter((l) => l.object === 'batch_item').map((l) => [l.index, l.name, !!l.error_code])).toEqual([[0, 'empty', true], [1, expect.stringMatching(/^Static /), false], [2, 'nothing', true]]);
  const all = await streamed(await post('/v1/batches', { items: [{ target: {}, name: 'a' }, { target: { text: '' }, name: 'b' }] }, { accept: 'application/x-ndjson' }));
  expect(all.map((l) => l.object)).toEqual(['batch', 'batch_item', 'batch_item', 'batch']);
  expect(all.at(-1)).toMatchObject({ status: 'failed', error_count: 2 });
  expect(all.slice(1, 3).map((l) => l.name)).toEqual(['a', 'b']);
});

test('scan: on every made item (line, batch, code); a dynamic code is scanned as drawn, from its short URL', async () => {
  const design = { colors: { foreground: '#1e3a8a' } };
  const output = { format: 'png', size: 256 };
  const lines = await streamed(await post('/v1/batches', { items: [{ target: { destination: 'https://example.com/long/path?x=1' } }, { target: { text: 'static' } }], design, output },
    { accept: 'application/x-ndjson' }));
  const [dyn, stat] = lines.filter((l) => l.object === 'batch_item');
  for (const line of [dyn, stat]) {
    expect(line.scan).toEqual(renderPayload(line.payload, design, output).scan);
    expect(line.scan).toMatchObject({ effective_error_correction: 'Q', logo_block_load: null, adjustments: [], warnings: [] });
  }
  expect(dyn.payload).toBe(dyn.short_url);
  const batch = await (await get(`/v1/batches/${dyn.batch_id}`)).json();
  expect(batch.items.map((i) => i.scan)).toEqual([dyn.scan, stat.scan]);
  const code = await (await get(`/v1/qr-codes/${dyn.qr_code_id}`)).json();
  expect(code.scan).toEqual(dyn.scan);
  // Small modules are reported as drawn: 64 px for a whole code.
  const tiny = await streamed(await post('/v1/batches', { items: [{ target: { text: 'x'.repeat(200) } }], output: { format: 'png', size: 64 } }, { accept: 'application/x-ndjson' }));
  expect(tiny[1].scan.px_per_module).toBeLessThan(2);
  expect(tiny[1].scan.warnings.map((w) => w.code)).toContain('small_modules');
});

test('scan: a PATCH of the design redraws the code and its report follows (a logo raises the error correction)', async () => {
  const res = await post('/v1/batches', { items: [{ target: { text: 'patch me' } }], design: { error_correction: 'L' } });
  const batch = await waitForBatch(worker, key, (await res.json()).id);
  const id = batch.items[0].qr_code_id;
  const before = await (await get(`/v1/qr-codes/${id}`)).json();
  expect(before.scan.effective_error_correction).toBe('L');
  const png = new PNG({ width: 32, height: 32 });
  png.data.fill(200);
  const logo = `data:image/png;base64,${PNG.sync.write(png).toString('base64')}`;
  const patched = await (await worker.fetch(`/v1/qr-codes/${id}`, withKey(key, 'PATCH', { design: { error_correction: 'L', logo: { url: logo, size: 0.2 } } }))).json();
  expect(patched.scan.effective_error_correction).toBe('H');
  expect(patched.scan.logo_block_load).toBeGreaterThan(0);
  expect(patched.scan.adjustments.map((a) => a.code)).toContain('error_correction_raised');
  expect((await (await get(`/v1/qr-codes/${id}`)).json()).scan).toEqual(patched.scan);
});

test('templates: list with a cursor, get, change, delete; codes already made keep their design', async () => {
  const made = [];
  for (const [i, fg] of ['#111111', '#222222', '#333333'].entries()) {
    const res = await post('/v1/templates', { name: `t${i}`, design: { colors: { foreground: fg } } });
    expect(res.status).toBe(201);
    made.push(await res.json());
  }
  const seen = [];
  let cursor = null;
  do {
    const page = await (await get(`/v1/templates?limit=2${cursor ? `&cursor=${cursor}` : ''}`)).json();
    expect(page.object).toBe('list');
    seen.push(...page.data.map((t) => t.id));
    cursor = page.has_more ? page.next_cursor : null;
  } while (cursor);
  for (const t of made) expect(seen).toContain(t.id);
  expect(new Set(seen).size).toBe(seen.length);

  const tpl = made[0];
  const res = await post('/v1/batches', { items: [{ target: { text: 'with template' } }], template_id: tpl.id });
  const batch = await waitForBatch(worker, key, (await res.json()).id);
  const codeId = batch.items[0].qr_code_id;

  const renamed = await worker.fetch(`/v1/templates/${tpl.id}`, withKey(key, 'PATCH', { name: 'brand', design: { colors: { foreground: '#654321' } } }));
  expect(renamed.status).toBe(200);
  const changed = await renamed.json();
  expect(changed).toMatchObject({ id: tpl.id, name: 'brand', created_at: tpl.created_at });
  expect(changed.design.colors.foreground).toBe('#654321');
  expect(changed.updated_at >= tpl.updated_at).toBe(true);
  // Only the name: the design stays; name null clears it.
  expect((await (await worker.fetch(`/v1/templates/${tpl.id}`, withKey(key, 'PATCH', { name: null }))).json()))
    .toMatchObject({ name: null, design: { colors: { foreground: '#654321' } } });
  for (const [body, path, code] of [[{}, '', 'required'], [{ colour: 1 }, '/colour', 'unknown_field'], [{ design: null }, '/design', 'invalid_type'],
    [{ design: { colors: { foreground: 'red' } } }, '/design/colors/foreground', null], [{ name: 7 }, '/name', 'invalid_type']]) {
    const bad = await worker.fetch(`/v1/templates/${tpl.id}`, withKey(key, 'PATCH', body));
    expect(bad.status).toBe(422);
    const { error } = await bad.json();
    expect(error.details[0].path).toBe(path);
    if (code) expect(error.details[0].code).toBe(code);
  }
  expect((await (await get(`/v1/templates/${tpl.id}`)).json()).design.colors.foreground).toBe('#654321');

  const deleted = await worker.fetch(`/v1/templates/${tpl.id}`, withKey(key, 'DELETE'));
  expect(deleted.status).toBe(200);
  expect(await deleted.json()).toEqual({ id: tpl.id, object: 'template', deleted: true });
  expect((await get(`/v1/templates/${tpl.id}`)).status).toBe(404);
  expect((await worker.fetch(`/v1/templates/${tpl.id}`, withKey(key, 'DELETE'))).status).toBe(404);
  expect((await worker.fetch(`/v1/templates/${tpl.id}`, withKey(key, 'PATCH', { name: 'x' }))).status).toBe(404);
  const gone = await post('/v1/batches', { items: [{ target: { text: 'x' } }], template_id: tpl.id });
  expect(gone.status).toBe(422);
  expect((await gone.json()).error.details[0].code).toBe('template_not_found');
  expect((await (await get(`/v1/qr-codes/${codeId}`)).json()).design.colors.foreground).toBe('#111111');
  // Another workspace sees none of it.
  const other = (await worker.createKey({ test: true })).key;
  expect((await worker.fetch(`/v1/templates/${made[1].id}`, withKey(other))).status).toBe(404);
  expect((await worker.fetch(`/v1/templates/${made[1].id}`, withKey(other, 'DELETE'))).status).toBe(404);
  expect((await (await worker.fetch('/v1/templates', withKey(other))).json()).data).toEqual([]);
});

test('template_id with design: the template wins and the batch says design was ignored', async () => {
  const tpl = await (await post('/v1/templates', { design: { colors: { foreground: '#0f4c81' } } })).json();
  const body = { items: [{ target: { text: 'w' } }], template_id: tpl.id, design: { colors: { foreground: '#ff0000' } } };
  const warning = { code: 'design_ignored', path: '/design', message: expect.stringMatching(/template/) };
  const res = await post('/v1/batches', body);
  expect(res.status).toBe(202);
  const head = await res.json();
  expect(head.warnings).toEqual([warning]);
  const batch = await waitForBatch(worker, key, head.id);
  expect(batch.warnings).toEqual([warning]);
  const code = await (await get(`/v1/qr-codes/${batch.items[0].qr_code_id}`)).json();
  expect(code.design.colors.foreground).toBe('#0f4c81');
  const lines = await streamed(await post('/v1/batches', body, { accept: 'application/x-ndjson' }));
  expect([lines[0].warnings, lines.at(-1).warnings]).toEqual([[warning], [warning]]);
  // Even a design that would be invalid on its own is only ignored; without a design, no warning.
  const odd = await post('/v1/batches', { ...body, design: { colors: { foreground: 'nope' } } });
  expect(odd.status).toBe(202);
  expect((await odd.json()).warnings).toEqual([warning]);
  expect((await (await post('/v1/batches', { items: body.items, template_id: tpl.id })).json()).warnings).toEqual([]);
});

test('/r/{code}: a browser gets a small HTML page for unknown (404) and paused (410) codes; API clients get JSON', async () => {
  const browser = { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8' };
  const unknown = await worker.fetch('/r/zzzzzzzz', { headers: browser });
  expect(unknown.status).toBe(404);
  expect(unknown.headers.get('content-type')).toMatch(/^text\/html/);
  expect(unknown.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
  const page = await unknown.text();
  expect(page).toMatch(/<title>This QR code is not in use<\/title>/);
  expect(page).not.toMatch(/<script|https?:\/\//);
  expect((await worker.fetch('/r/not-valid!', { headers: browser })).status).toBe(404);

  const res = await post('/v1/batches', { items: [{ target: { destination: 'https://example.com/paused' } }] });
  const batch = await waitForBatch(worker, key, (await res.json()).id);
  const code = await (await get(`/v1/qr-codes/${batch.items[0].qr_code_id}`)).json();
  await worker.fetch(`/v1/qr-codes/${code.id}`, withKey(key, 'PATCH', { is_active: false }));
  const paused = await worker.fetch(`/r/${code.short_code}`, { headers: browser });
  expect(paused.status).toBe(410);
  expect(await paused.text()).toMatch(/paused/);
  for (const accept of [undefined, '*/*', 'application/json', 'application/json, text/html;q=0.5']) {
    const api = await worker.fetch(`/r/${code.short_code}`, { headers: accept ? { accept } : {} });
    expect(api.status).toBe(410);
    expect((await api.json()).error.code).toBe('qr_code_inactive');
  }
  expect((await (await worker.fetch('/r/zzzzzzzz', { headers: { accept: '*/*' } })).json()).error.code).toBe('not_found');
  // An active code still redirects whatever the client accepts.
  await worker.fetch(`/v1/qr-codes/${code.id}`, withKey(key, 'PATCH', { is_active: true }));
  expect((await worker.fetch(`/r/${code.short_code}`, { headers: browser })).status).toBe(302);
});

test('invalid_json says where (line and column), in its own words, never the parser\'s', async () => {
  const text = '{"items": [\n  {"target": {"text": "a"}},\n  oops\n]}';
  const res = await post('/v1/batches', text);
  expect(res.status).toBe(400);
  const { error } = await res.json();
  expect(error.code).toBe('invalid_json');
  expect(error.details[0]).toMatchObject({ path: '', code: 'invalid_json', line: 3, column: 3 });
  expect(error.message).toMatch(/line 3, column 3/);
  for (const body of ['{"a":1,}', '{"items": [1 2]}', '{', '[1]x', '{"a":"\u0001"}', '   ']) {
    const r = await post('/v1/batches', body);
    expect(r.status).toBe(400);
    const e = (await r.json()).error;
    expect(e.details[0].line).toBeGreaterThanOrEqual(1);
    expect(e.details[0].column).toBeGreaterThanOrEqual(1);
    expect(e.message).not.toMatch(/Unexpected|JSON\.parse|position \d|SyntaxError/);
  }
  // Invalid UTF-8: where the first bad byte is.
  const bytes = Buffer.concat([Buffer.from('{"items":[\n{"target":{"text":"caf'), Buffer.from([0xe9]), Buffer.from('"}}]}')]);
  const utf = await worker.fetch('/v1/batches', { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: bytes });
  expect(utf.status).toBe(400);
  expect((await utf.json()).error.details[0]).toMatchObject({ line: 2, column: 23 });  // after the 22 characters of `{"target":{"text":"caf`
  // Other routes with a body say the same.
  const tpl = await post('/v1/templates', '{"design": }');
  expect((await tpl.json()).error.details[0]).toMatchObject({ line: 1, column: 12 });
});

test('rate-limit headers on every authenticated answer: 404 and 405 included; none without a valid key', async () => {
  const { key: own } = await worker.createKey();
  const remaining = [];
  for (const [path, method, status] of [['/v1/nothing-here', 'GET', 404], ['/v1/batches', 'DELETE', 405], ['/v1/templates/tpl_missing', 'GET', 404],
    ['/v1/batches/batch_x', 'POST', 405], ['/v1/batches', 'GET', 200]]) {
    const res = await worker.fetch(path, withKey(own, method));
    expect(res.status).toBe(status);
    expect(res.headers.get('x-ratelimit-limit')).toMatch(/^\d+$/);
    expect(res.headers.get('x-ratelimit-reset')).toMatch(/^\d+$/);
    remaining.push(Number(res.headers.get('x-ratelimit-remaining')));
    await res.arrayBuffer();
  }
  // Each answer counted (the minute may turn over between two of them, so only mostly falling).
  expect(remaining.filter((r, i) => i && r < remaining[i - 1]).length).toBeGreaterThanOrEqual(3);
  for (const headers of [{}, { authorization: 'Bearer qr_live_wrong' }]) {
    const res = await worker.fetch('/v1/nothing-here', { headers });
    expect(res.status).toBe(404);
    expect(res.headers.get('x-ratelimit-limit')).toBeNull();
  }
});

test('a database made before these columns existed gets them, and keeps working', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'qredge-old-db-'));
  try {
    // The schema as an older version left it: today's tables without the added columns.
    // (The key first: createKey applies today's schema.)
    const old = await startWorker({ persistDir: dir });
    const { key: oldKey } = await old.createKey();
    await old.db.batch(SCHEMA.map((sql) => old.db.prepare(sql)));
    await old.db.batch(ADDED_COLUMNS.map(([table, column]) => old.db.prepare(`ALTER TABLE ${table} DROP COLUMN ${column}`)));
    await old.dispose();
    // One term per table: D1 allows few terms in a compound SELECT.
    const tables = [...new Set(ADDED_COLUMNS.map(([t]) => t))];
    const columns = async (db) => (await db.prepare(tables.map((t) => `SELECT '${t}' AS t, name FROM pragma_table_info('${t}')`).join(' UNION ALL ')).all())
      .results.map((r) => `${r.t}.${r.name}`);
    const fresh = await startWorker({ persistDir: dir });
    try {
      const before = await columns(fresh.db);
      for (const [t, c] of ADDED_COLUMNS) expect(before).not.toContain(`${t}.${c}`);
      const res = await fresh.fetch('/v1/batches', withKey(oldKey, 'POST', { items: [{ target: { text: 'after upgrade' } }] }));
      expect(res.status).toBe(202);
      const batch = await waitForBatch(fresh, oldKey, (await res.json()).id);
      expect(batch.items[0].scan.effective_error_correction).toBe('Q');
      const after = await columns(fresh.db);
      for (const [t, c] of ADDED_COLUMNS) expect(after).toContain(`${t}.${c}`);
    } finally {
      await fresh.dispose();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

describe('logo fetch errors name what failed and the host', () => {
  let net;
  // A fake internet: its exceptions reach the worker's fetch() as workerd's own do.
  const INTERNET = `export default { async fetch(request) {
    const url = new URL(request.url);
    if (url.hostname === 'no-such-host.example') throw new Error('internal error; reference = 0123456789abcdefghij');
    if (url.hostname === 'down.example') throw new Error('Network connection lost.');
    if (url.hostname === 'slow.example') { await new Promise((ok) => setTimeout(ok, 6000)); return new Response('late'); }
    if (url.pathname === '/page') return new Response('<html></html>', { headers: { 'content-type': 'text/html' } });
    if (url.pathname === '/big.png') return new Response(new Uint8Array(600 * 1024), { headers: { 'content-type': 'image/png' } });
    if (url.pathname === '/fake.png') return new Response('GIF89a', { headers: { 'content-type': 'image/png' } });
    return new Response('unavailable', { status: 503 });
  } }`;
  beforeAll(async () => {
    net = await startWorker({ internet: INTERNET });
    net.key = (await net.createKey()).key;
  });
  afterAll(() => net?.dispose());

  test.each([
    ['https://no-such-host.example/logo.png', 'dns', 'no-such-host.example', /could not be found \(DNS/],
    ['https://down.example/logo.png', 'refused', 'down.example', /refused or dropped the connection/],
    ['https://logos.example/missing.png', 'http_status', 'logos.example', /answered HTTP 503/],
    ['https://logos.example/page', 'not_an_image', 'logos.example', /not an image: its content type is text\/html/],
    ['https://logos.example/fake.png', 'not_an_image', 'logos.example', /bytes are not image\/png/],
    ['https://logos.example/big.png', 'too_large', 'logos.example', /larger than 512 KiB/],
    ['https://slow.example/logo.png', 'timeout', 'slow.example', /did not answer within 5 s/],
  ])('%s: %s', async (url, reason, host, message) => {
    const res = await net.fetch('/v1/batches', withKey(net.key, 'POST', { items: [{ target: { text: 'x' } }], design: { logo: { url } } }));
    expect(res.status).toBe(422);
    const { error } = await res.json();
    expect(error.details[0]).toMatchObject({ path: '/design/logo/url', code: 'logo_unavailable', reason, host });
    expect(error.details[0].message).toMatch(message);
    expect(error.details[0].message).toContain(host);
    expect(error.message).not.toMatch(/internal error|reference =/);
  }, 15000);
});
