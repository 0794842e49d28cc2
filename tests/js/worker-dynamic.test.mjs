// SPDX-License-Identifier: MIT
// Dynamic codes as a product (issue 20) in workerd: scan analytics (groups, UTC days, isolation,
// nothing personal stored), schedules (410 outside the window), and signed webhooks delivered to
// a receiver on loopback, verified here with an HMAC of our own and retried by the cron sweep.
import http from 'node:http';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { startWorker, withKey, waitForBatch } from './helpers/worker.mjs';

const UA = {
  iphone: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1',
  ipad: 'Mozilla/5.0 (iPad; CPU OS 16_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/16.0 Mobile/15E148 Safari/604.1',
  android: 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36',
  windows: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36',
};

// The receiver: every request to /hook/<name> is recorded; /hook/flaky-<n> fails with 500 for
// its first two requests.
const received = [];
const server = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    received.push({ path: req.url, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
    const seen = received.filter((r) => r.path === req.url).length;
    res.statusCode = req.url.startsWith('/hook/flaky') && seen <= 2 ? 500 : 200;
    res.end('ok');
  });
});

let worker, key, otherKey, hookBase, codes;
beforeAll(async () => {
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  hookBase = `http://127.0.0.1:${server.address().port}/hook`;
  worker = await startWorker({ bindings: { QREDGE_TEST_CLOCK: '1', QREDGE_TEST_WEBHOOK_LOOPBACK: '1', QREDGE_TEST_WEBHOOK_RETRY_MS: '0',
    RATE_LIMIT_PER_MINUTE: '100000' } });
  ({ key } = await worker.createKey({ workspaceId: 'ws_dyn' }));
  ({ key: otherKey } = await worker.createKey({ workspaceId: 'ws_dyn_other' }));
  const res = await worker.fetch('/v1/batches', withKey(key, 'POST', { items: [
    { target: { destination: 'https://example.com/a' } }, { target: { destination: 'https://example.com/b' } },
    { target: { destination: 'https://example.com/c' } }, { target: { type: 'text', text: 'static' } }] }));
  const batch = await waitForBatch(worker, key, (await res.json()).id);
  codes = await Promise.all(batch.items.map(async (i) => (await worker.fetch(`/v1/qr-codes/${i.qr_code_id}`, withKey(key))).json()));
}, 60000);
afterAll(async () => {
  server.close();
  await worker?.dispose();
});

const scan = (code, { at, ua, country, referer, accept } = {}) => worker.fetch(`/r/${code.short_code}`, {
  headers: { ...(at ? { 'x-qredge-test-now': at } : {}), ...(ua ? { 'user-agent': ua } : {}), ...(referer ? { referer } : {}), ...(accept ? { accept } : {}) },
  ...(country ? { cf: { country } } : {}),
});
const analytics = async (path, k = key) => {
  const res = await worker.fetch(path, withKey(k));
  return { status: res.status, body: await res.json() };
};
// Counting runs after the 302 (waitUntil): poll until the expected total is there.
async function analyticsWhen(path, total) {
  for (let i = 0; ; i++) {
    const r = await analytics(path);
    if (r.body.total === total || i > 100) return r.body;
    await new Promise((ok) => setTimeout(ok, 50));
  }
}
const patch = (id, body) => worker.fetch(`/v1/qr-codes/${id}`, withKey(key, 'PATCH', body));

describe('analytics', () => {
  beforeAll(async () => {
    const [a, b] = codes;
    for (const s of [
      [a, { at: '2026-03-01T23:59:59.999Z', ua: UA.iphone, country: 'DE' }],
      [a, { at: '2026-03-02T00:00:00.000Z', ua: UA.windows, country: 'US', referer: 'https://News.Example.com/story?id=1' }],
      // XX: Cloudflare could not locate the request (Miniflare gives every request without cf the country US).
      [a, { at: '2026-03-02T12:00:00Z', ua: UA.android, country: 'XX', referer: 'https://news.example.com/other' }],
      [b, { at: '2026-03-01T08:00:00Z', ua: UA.ipad, country: 'FR' }],
      [b, { at: '2026-03-04T08:00:00+05:00', ua: '' }],
    ]) expect((await scan(...s)).status).toBe(302);
  });

  test('scans land in their UTC day (23:59:59.999 and 00:00 are two days; +05:00 is converted)', async () => {
    const body = await analyticsWhen(`/v1/qr-codes/${codes[0].id}/analytics?from=2026-02-28&to=2026-03-03&group_by=day`, 3);
    expect(body).toEqual({ object: 'analytics', qr_code_id: codes[0].id, from: '2026-02-28', to: '2026-03-03', group_by: 'day', total: 3,
      series: [{ key: '2026-02-28', count: 0 }, { key: '2026-03-01', count: 1 }, { key: '2026-03-02', count: 2 }, { key: '2026-03-03', count: 0 }] });
    const b = await analyticsWhen(`/v1/qr-codes/${codes[1].id}/analytics?from=2026-03-01&to=2026-03-04`, 2);
    expect(b.series.map((s) => s.count)).toEqual([1, 0, 0, 1]);  // 08:00+05:00 on the 4th is 03:00 UTC on the 4th
    expect(b.series[3]).toEqual({ key: '2026-03-04', count: 1 });
  });

  test('countries, devices, operating systems and referrer hosts of one code', async () => {
    const q = (g) => analyticsWhen(`/v1/qr-codes/${codes[0].id}/analytics?from=2026-03-01&to=2026-03-02&group_by=${g}`, 3);
    const sorted = (s) => [...s].sort((x, y) => (x.key < y.key ? -1 : 1));
    expect(sorted((await q('country')).series)).toEqual([{ key: 'DE', count: 1 }, { key: 'US', count: 1 }, { key: 'unknown', count: 1 }]);
    expect((await q('device')).series).toEqual([{ key: 'mobile', count: 2 }, { key: 'desktop', count: 1 }]);
    expect(sorted((await q('os')).series)).toEqual([{ key: 'Android', count: 1 }, { key: 'Windows', count: 1 }, { key: 'iOS', count: 1 }]);
    expect((await q('referrer')).series).toEqual([{ key: 'news.example.com', count: 2 }, { key: 'direct', count: 1 }]);
  });

  test('the workspace sums every code; another workspace sees none of it', async () => {
    const all = await analyticsWhen('/v1/analytics?from=2026-03-01&to=2026-03-04&group_by=device', 5);
    expect(all.qr_code_id).toBeNull();
    expect([...all.series].sort((x, y) => (x.key < y.key ? -1 : 1)))
      .toEqual([{ key: 'desktop', count: 1 }, { key: 'mobile', count: 2 }, { key: 'tablet', count: 1 }, { key: 'unknown', count: 1 }]);
    const other = await analytics('/v1/analytics?from=2026-03-01&to=2026-03-04', otherKey);
    expect(other.body.total).toBe(0);
    expect((await analytics(`/v1/qr-codes/${codes[0].id}/analytics`, otherKey)).status).toBe(404);
  });

  test('nothing personal is stored: no IP, no User-Agent, no full referrer', async () => {
    const { results } = await worker.db.prepare('SELECT * FROM scan_counts').all();
    expect(results.length).toBeGreaterThan(0);
    const text = JSON.stringify(results);
    for (const secret of ['Mozilla', 'AppleWebKit', 'story', '127.0.0.1', 'id=1']) expect(text).not.toContain(secret);
    expect(Object.keys(results[0]).sort()).toEqual(['code_id', 'count', 'day', 'dimension', 'test', 'value', 'workspace_id']);
  });

  test('defaults: the last 30 days by day; a static code has no analytics', async () => {
    const { body } = await analytics(`/v1/qr-codes/${codes[0].id}/analytics`);
    expect(body.group_by).toBe('day');
    expect(body.series).toHaveLength(30);
    expect(body.to).toBe(new Date().toISOString().slice(0, 10));
    const s = await analytics(`/v1/qr-codes/${codes[3].id}/analytics`);
    expect(s.status).toBe(422);
    expect(s.body.error.details[0].code).toBe('static_code');
  });

  test.each([
    ['from=2026-13-01', '/query/from', 'invalid_date'], ['to=2026-02-30', '/query/to', 'invalid_date'], ['from=yesterday', '/query/from', 'invalid_date'],
    ['from=2026-03-01T00:00:00Z', '/query/from', 'invalid_date'], ['from=2026-03-05&to=2026-03-01', '/query/from', 'invalid_range'],
    ['from=2024-01-01&to=2025-01-01', '/query/from', 'range_too_long'], ['group_by=week', '/query/group_by', 'invalid_value'],
    ['group_by=day&group_by=os', '/query/group_by', 'repeated_parameter'],
  ])('bad query %s: 422 at %s', async (query, path, code) => {
    const r = await analytics(`/v1/analytics?${query}`);
    expect(r.status).toBe(422);
    expect(r.body.error.details[0]).toMatchObject({ path, code });
  });

  test('366 days (both ends included) is the longest range', async () => {
    expect((await analytics('/v1/analytics?from=2024-01-01&to=2024-12-31')).body.series).toHaveLength(366);
  });
});

describe('schedules', () => {
  const code = () => codes[2];
  afterEach(() => patch(code().id, { active_from: null, expires_at: null }));

  test('before active_from: 410 not yet active (JSON and the HTML page); from then on: 302', async () => {
    const res = await patch(code().id, { active_from: '2026-06-01T10:00:00+02:00' });
    expect(res.status).toBe(200);
    expect((await res.json()).active_from).toBe('2026-06-01T08:00:00.000Z');
    const early = await scan(code(), { at: '2026-06-01T07:59:59Z' });
    expect(early.status).toBe(410);
    expect((await early.json()).error.code).toBe('qr_code_not_yet_active');
    const page = await scan(code(), { at: '2026-06-01T07:59:59Z', accept: 'text/html,application/xhtml+xml,*/*;q=0.8' });
    expect(page.status).toBe(410);
    expect(await page.text()).toContain('not active yet');
    expect((await scan(code(), { at: '2026-06-01T08:00:00Z' })).status).toBe(302);
  });

  test('from expires_at on: 410 expired; a 410 is not counted', async () => {
    const before = (await (await worker.fetch(`/v1/qr-codes/${code().id}`, withKey(key))).json()).scan_count;
    expect((await patch(code().id, { expires_at: '2026-07-01T00:00:00Z' })).status).toBe(200);
    expect((await scan(code(), { at: '2026-06-30T23:59:59Z' })).status).toBe(302);
    const late = await scan(code(), { at: '2026-07-01T00:00:00Z' });
    expect(late.status).toBe(410);
    expect((await late.json()).error.code).toBe('qr_code_expired');
    const page = await scan(code(), { at: '2027-01-01T00:00:00Z', accept: 'text/html' });
    expect(page.status).toBe(410);
    expect(await page.text()).toContain('has expired');
    expect((await (await worker.fetch(`/v1/qr-codes/${code().id}`, withKey(key))).json()).scan_count).toBe(before + 1);
    // Without a forced clock the real time decides: long expired.
    expect((await worker.fetch(`/r/${code().short_code}`)).status).toBe(410);
  });

  test('null clears a bound; a paused code says paused whatever its schedule', async () => {
    expect((await patch(code().id, { expires_at: '2020-01-01T00:00:00Z' })).status).toBe(200);
    expect((await worker.fetch(`/r/${code().short_code}`)).status).toBe(410);
    const cleared = await (await patch(code().id, { expires_at: null })).json();
    expect(cleared.expires_at).toBeNull();
    expect((await worker.fetch(`/r/${code().short_code}`)).status).toBe(302);
    await patch(code().id, { is_active: false, expires_at: '2020-01-01T00:00:00Z' });
    expect((await (await worker.fetch(`/r/${code().short_code}`)).json()).error.code).toBe('qr_code_inactive');
    await patch(code().id, { is_active: true });
  });

  test.each([
    [{ active_from: '2026-02-30T00:00:00Z' }, '/active_from', 'invalid_date'], [{ expires_at: '2026-06-01' }, '/expires_at', 'invalid_date'],
    [{ expires_at: '2026-06-01T00:00:00' }, '/expires_at', 'invalid_date'], [{ expires_at: 1767225600 }, '/expires_at', 'invalid_type'],
    [{ active_from: '2026-06-02T00:00:00Z', expires_at: '2026-06-01T00:00:00Z' }, '/expires_at', 'invalid_range'],
    [{ active_from: '2026-06-01T00:00:00Z', expires_at: '2026-06-01T00:00:00Z' }, '/expires_at', 'invalid_range'],
  ])('PATCH %j: 422 at %s, nothing changed', async (body, path, code) => {
    const res = await patch(codes[2].id, body);
    expect(res.status).toBe(422);
    expect((await res.json()).error.details[0]).toMatchObject({ path, code });
    const now = await (await worker.fetch(`/v1/qr-codes/${codes[2].id}`, withKey(key))).json();
    expect([now.active_from, now.expires_at]).toEqual([null, null]);
  });

  test('a batch item can carry its schedule; a bad one refuses that item only', async () => {
    const res = await worker.fetch('/v1/batches', withKey(key, 'POST', { items: [
      { target: { destination: 'https://example.com/sched' }, active_from: '2026-05-01T00:00:00+02:00', expires_at: '2026-05-31T22:00:00Z' },
      { target: { type: 'text', text: 'static' }, expires_at: '2026-05-31T22:00:00Z' },
      { target: { destination: 'https://example.com/bad' }, expires_at: 'next week' },
      { target: { destination: 'https://example.com/backwards' }, active_from: '2026-05-02T00:00:00Z', expires_at: '2026-05-01T00:00:00Z' }] }));
    expect(res.status).toBe(202);
    const batch = await waitForBatch(worker, key, (await res.json()).id);
    expect(batch.items.map((i) => [i.error_code, i.error_path])).toEqual([[null, null], ['field_not_allowed', '/items/1/expires_at'],
      ['invalid_date', '/items/2/expires_at'], ['invalid_range', '/items/3/expires_at']]);
    const made = await (await worker.fetch(`/v1/qr-codes/${batch.items[0].qr_code_id}`, withKey(key))).json();
    expect([made.active_from, made.expires_at]).toEqual(['2026-04-30T22:00:00.000Z', '2026-05-31T22:00:00.000Z']);
    expect((await scan(made, { at: '2026-04-30T21:59:59Z' })).status).toBe(410);
    expect((await scan(made, { at: '2026-05-15T12:00:00Z' })).status).toBe(302);
  });

  test('a static code has no schedule', async () => {
    const res = await patch(codes[3].id, { expires_at: '2030-01-01T00:00:00Z' });
    expect(res.status).toBe(422);
    expect((await res.json()).error.details[0]).toMatchObject({ path: '/expires_at', code: 'field_not_allowed' });
  });
});

// An independent check of Qredge-Signature: t=<unix>,v1=<hex HMAC-SHA256(secret, "t.body")>.
function verify(secret, request) {
  const m = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(request.headers['qredge-signature'] ?? '');
  if (!m) return false;
  const expected = createHmac('sha256', secret).update(`${m[1]}.${request.body}`).digest();
  return timingSafeEqual(expected, Buffer.from(m[2], 'hex')) && Math.abs(Date.now() / 1000 - Number(m[1])) < 300;
}
const requestsTo = (path) => received.filter((r) => r.path === path);
async function until(check, ms = 15000) {
  const end = Date.now() + ms;
  while (!check() && Date.now() < end) await new Promise((ok) => setTimeout(ok, 50));
  return check();
}
const sweep = async () => (await (await worker.mf.getWorker()).scheduled({ cron: '* * * * *' })).outcome;
const deliveries = async (k, id) => (await (await worker.fetch(`/v1/webhooks/${id}/deliveries`, withKey(k))).json()).data;

describe('webhooks', () => {
  let hookKey;
  beforeAll(async () => {
    ({ key: hookKey } = await worker.createKey({ workspaceId: 'ws_hooks' }));
  });
  const create = (body, k = hookKey) => worker.fetch('/v1/webhooks', withKey(k, 'POST', body));

  test('the secret is shown once; list and get never show it', async () => {
    const res = await create({ url: `${hookBase}/listed`, events: ['batch.failed'] });
    expect(res.status).toBe(201);
    const hook = await res.json();
    expect(hook.secret).toMatch(/^whsec_[0-9A-Za-z]{40}$/);
    const list = await (await worker.fetch('/v1/webhooks', withKey(hookKey))).json();
    expect(list.data.map((h) => h.id)).toContain(hook.id);
    expect(JSON.stringify(list)).not.toContain(hook.secret);
    expect(await (await worker.fetch(`/v1/webhooks/${hook.id}`, withKey(hookKey))).json()).not.toHaveProperty('secret');
    const del = await worker.fetch(`/v1/webhooks/${hook.id}`, withKey(hookKey, 'DELETE'));
    expect(await del.json()).toEqual({ id: hook.id, object: 'webhook', deleted: true });
    expect((await worker.fetch(`/v1/webhooks/${hook.id}`, withKey(hookKey))).status).toBe(404);
  });

  test('one signed delivery per completed batch; batch.failed only to its listeners', async () => {
    const done = await (await create({ url: `${hookBase}/done`, events: ['batch.completed'] })).json();
    const failed = await (await create({ url: `${hookBase}/failed`, events: ['batch.failed'] })).json();
    const ok = await (await worker.fetch('/v1/batches', withKey(hookKey, 'POST', { items: [{ target: { text: 'one' } }, { target: { text: 'two' } }] }))).json();
    const bad = await (await worker.fetch('/v1/batches', withKey(hookKey, 'POST', { items: [{ target: { type: 'wifi' } }] }))).json();
    expect(bad.status).toBe('failed');
    await waitForBatch(worker, hookKey, ok.id);
    expect(await until(() => requestsTo('/hook/done').length >= 1 && requestsTo('/hook/failed').length >= 1)).toBe(true);
    // A sweep afterwards sends nothing again.
    expect(await sweep()).toBe('ok');
    await new Promise((r) => setTimeout(r, 300));
    const [d] = requestsTo('/hook/done');
    expect(requestsTo('/hook/done')).toHaveLength(1);
    expect(requestsTo('/hook/failed')).toHaveLength(1);
    expect(verify(done.secret, d)).toBe(true);
    expect(verify(failed.secret, d)).toBe(false);
    expect(verify(done.secret, { ...d, body: d.body.replace('"completed"', '"failed"') })).toBe(false);
    const event = JSON.parse(d.body);
    expect(event).toMatchObject({ object: 'event', type: 'batch.completed', test: false,
      data: { object: { id: ok.id, object: 'batch', status: 'completed', total_count: 2, completed_count: 2, error_count: 0 } } });
    expect(d.headers['qredge-event']).toBe('batch.completed');
    expect(d.headers['content-type']).toBe('application/json');
    const f = requestsTo('/hook/failed')[0];
    expect(verify(failed.secret, f)).toBe(true);
    expect(JSON.parse(f.body)).toMatchObject({ type: 'batch.failed', data: { object: { id: bad.id, status: 'failed', error_count: 1 } } });
    const log = await deliveries(hookKey, done.id);
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ status: 'succeeded', event_id: event.id, attempts: [{ attempt: 1, status_code: 200, error: null }] });
    expect(d.headers['qredge-delivery']).toBe(log[0].id);
    for (const h of [done, failed]) await worker.fetch(`/v1/webhooks/${h.id}`, withKey(hookKey, 'DELETE'));
  });

  test('a receiver that fails twice gets the third attempt (retried by the cron sweep)', async () => {
    const { key: k } = await worker.createKey({ workspaceId: 'ws_flaky' });
    const hook = await (await create({ url: `${hookBase}/flaky-1`, events: ['batch.completed'] }, k)).json();
    const batch = await (await worker.fetch('/v1/batches', withKey(k, 'POST', { items: [{ target: { text: 'retry me' } }] }))).json();
    await waitForBatch(worker, k, batch.id);
    expect(await until(() => requestsTo('/hook/flaky-1').length === 1)).toBe(true);
    expect(await until(() => false, 200)).toBe(false);  // the first attempt is recorded after its answer
    for (let n = 2; n <= 3; n++) {
      expect(await sweep()).toBe('ok');
      expect(await until(() => requestsTo('/hook/flaky-1').length === n)).toBe(true);
    }
    expect(await sweep()).toBe('ok');
    const attempts = requestsTo('/hook/flaky-1');
    expect(attempts).toHaveLength(3);
    expect(new Set(attempts.map((a) => a.body)).size).toBe(1);   // the same body each time, signed afresh
    for (const a of attempts) expect(verify(hook.secret, a)).toBe(true);
    const [log] = await deliveries(k, hook.id);
    expect(log.status).toBe('succeeded');
    expect(log.attempts.map((a) => [a.attempt, a.status_code, a.error])).toEqual([[1, 500, 'http_status'], [2, 500, 'http_status'], [3, 200, null]]);
  });

  test('the sweep drops finished deliveries older than 30 days from the log, never a pending one', async () => {
    const { key: k } = await worker.createKey({ workspaceId: 'ws_prune' });
    const hook = await (await create({ url: `${hookBase}/prune`, events: ['batch.completed'] }, k)).json();
    const old = new Date(Date.now() - 31 * 86_400_000).toISOString();
    const recent = new Date(Date.now() - 29 * 86_400_000).toISOString();
    const row = (id, status, createdAt) => worker.db.prepare(`INSERT INTO webhook_deliveries (id, webhook_id, workspace_id, test, event_id, event_type,
        payload, status, attempts, next_attempt_at, created_at) VALUES (?, ?, 'ws_prune', 0, ?, 'batch.completed', '{}', ?, 1, ?, ?)`)
      .bind(id, hook.id, `evt_${id}`, status, status === 'pending' ? Date.now() + 3600e3 : 0, createdAt).run();
    await row('whd_old_ok', 'succeeded', old);
    await row('whd_old_failed', 'failed', old);
    await row('whd_old_pending', 'pending', old);
    await row('whd_recent', 'succeeded', recent);
    await worker.db.prepare("INSERT INTO webhook_attempts VALUES ('whd_old_ok', 1, ?, 200, NULL, 5)").bind(old).run();
    expect(await sweep()).toBe('ok');
    const left = (await worker.db.prepare('SELECT id FROM webhook_deliveries WHERE webhook_id = ? ORDER BY id').bind(hook.id).all()).results.map((r) => r.id);
    expect(left).toEqual(['whd_old_pending', 'whd_recent']);
    expect((await worker.db.prepare("SELECT COUNT(*) AS n FROM webhook_attempts WHERE delivery_id = 'whd_old_ok'").first()).n).toBe(0);
    await worker.fetch(`/v1/webhooks/${hook.id}`, withKey(k, 'DELETE'));
  });

  test('a test key\'s webhooks hear only of test batches, and live ones only of live batches', async () => {
    const { key: live } = await worker.createKey({ workspaceId: 'ws_modes' });
    const { key: test } = await worker.createKey({ workspaceId: 'ws_modes', test: true });
    await create({ url: `${hookBase}/live`, events: ['batch.completed'] }, live);
    await create({ url: `${hookBase}/test`, events: ['batch.completed'] }, test);
    const b = await (await worker.fetch('/v1/batches', withKey(test, 'POST', { items: [{ target: { text: 'test mode' } }] }))).json();
    await waitForBatch(worker, test, b.id);
    expect(await until(() => requestsTo('/hook/test').length === 1)).toBe(true);
    expect(JSON.parse(requestsTo('/hook/test')[0].body).test).toBe(true);
    expect(requestsTo('/hook/live')).toHaveLength(0);
  });

  test.each([
    [{ url: 'http://hooks.example.com/x', events: ['batch.completed'] }, '/url', 'invalid_url'],
    [{ url: 'https://127.0.0.1/x', events: ['batch.completed'] }, '/url', 'invalid_url'],
    [{ url: 'https://10.0.0.1/x', events: ['batch.completed'] }, '/url', 'invalid_url'],
    [{ url: 'http://127.0.0.1/x', events: ['batch.completed'] }, '/url', 'invalid_url'],   // loopback needs an explicit port even in tests
    [{ url: 'https://localhost/x', events: ['batch.completed'] }, '/url', 'invalid_url'],
    [{ url: 'https://hooks.example.com/x', events: ['batch.created'] }, '/events/0', 'invalid_value'],
    [{ url: 'https://hooks.example.com/x', events: [] }, '/events', 'invalid_type'],
    [{ url: 'https://hooks.example.com/x' }, '/events', 'required'],
    [{ events: ['batch.completed'] }, '/url', 'required'],
    [{ url: 'https://hooks.example.com/x', events: ['batch.completed'], secret: 'mine' }, '/secret', 'unknown_field'],
  ])('POST %j: 422 at %s', async (body, path, code) => {
    const res = await create(body);
    expect(res.status).toBe(422);
    expect((await res.json()).error.details.map((d) => [d.path, d.code])).toContainEqual([path, code]);
  });
});
