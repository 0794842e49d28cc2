// SPDX-License-Identifier: MIT
// The served OpenAPI 3.1 document describes the real responses. Every response a test gets
// through worker.fetch is checked against it (helpers/worker.mjs → helpers/openapi.mjs, ajv with
// JSON Schema 2020-12), in every worker suite; this suite calls every operation, for a success
// and for errors, and checks that each was seen.
import { readFileSync } from 'node:fs';
import { startWorker, withKey, waitForBatch, readNdjson, seenResponses, withinOneRateWindow } from './helpers/worker.mjs';
import { checkResponse, documentedOperations } from './helpers/openapi.mjs';
import { openapi } from '../../worker/openapi/index.mjs';

const LIMIT = 200;
let worker, key, doc;
beforeAll(async () => {
  worker = await startWorker({ bindings: { RATE_LIMIT_PER_MINUTE: String(LIMIT) } });
  ({ key } = await worker.createKey());
  doc = await (await worker.fetch('/v1/openapi.json')).json();
});
afterAll(() => worker?.dispose());

const call = (path, method = 'GET', body = undefined, headers = {}, k = key) => worker.fetch(path, withKey(k, method, body, headers));

test('the document is OpenAPI 3.1, served as built, and every operation has a unique operationId and documents 404, 405 and 429', () => {
  expect(doc.openapi).toBe('3.1.0');
  expect(doc.info.version).toBe(JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version);
  expect(doc).toEqual(JSON.parse(JSON.stringify(openapi)));
  for (const p of ['/v1/batches', '/v1/batches/{id}', '/v1/batches/{id}/archive', '/v1/qr-codes', '/v1/qr-codes/{id}', '/v1/qr-codes/{id}/download',
    '/v1/templates', '/v1/templates/{id}', '/v1/render', '/r/{short_code}']) expect(doc.paths[p]).toBeDefined();
  const ids = [];
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      expect(op.operationId).toMatch(/^[a-z][A-Za-z]+$/);
      ids.push(op.operationId);
      for (const status of ['404', '405', '500', '503']) expect([path, method, status, !!op.responses[status]]).toEqual([path, method, status, true]);
      if (op.security.length) {
        for (const status of ['401', '403', '429']) expect([path, method, status, !!op.responses[status]]).toEqual([path, method, status, true]);
        expect(op.responses['429'].headers['Retry-After']).toBeDefined();
        expect(op.responses['200'] ?? op.responses['201'] ?? op.responses['202']).toHaveProperty(['headers', 'X-RateLimit-Remaining']);
      }
    }
  }
  expect(new Set(ids).size).toBe(ids.length);
  for (const name of ['ScanReport', 'Warning', 'Template', 'DeletedTemplate']) expect(doc.components.schemas[name]).toBeDefined();
});

test('every operation answers as documented, for a success and for errors', async () => {
  const { key: reader } = await worker.createKey({ scopes: ['qr:read'] });
  const created = await (await call('/v1/batches', 'POST', {
    items: [{ target: { destination: 'https://example.com/o' }, tags: ['t'] }, { target: { type: 'text', text: 'x' } }, { target: {} }],
  })).json();
  const batch = await waitForBatch(worker, key, created.id);
  expect(batch.status).toBe('completed');
  const [dynId, statId] = batch.items.map((i) => i.qr_code_id);
  const code = await (await call(`/v1/qr-codes/${dynId}`)).json();
  const answers = [
    call('/v1/batches?limit=2'), call(`/v1/qr-codes/${statId}`), call('/v1/qr-codes?kind=dynamic'),
    call(`/v1/qr-codes/${code.id}`, 'PATCH', { name: 'renamed', tags: [] }),
    call(`/v1/qr-codes/${code.id}/download?format=svg`), call(`/v1/qr-codes/${code.id}/download?format=png&size=128`),
    call('/v1/render', 'POST', { target: { text: 'preview' }, output: { format: 'png', size: 128 } }),
    worker.fetch(`/r/${code.short_code}`),
    call(`/v1/batches/${batch.id}/archive?format=png&size=128`),
    call('/v1/batches', 'POST', 'type,text\ntext,from a CSV\n', { 'content-type': 'text/csv' }),
  ];
  const hook = await (await call('/v1/webhooks', 'POST', { url: 'https://hooks.example.com/qredge', events: ['batch.completed'] })).json();
  answers.push(call(`/v1/qr-codes/${code.id}/analytics?group_by=os`), call('/v1/analytics?from=2026-01-01&to=2026-01-31'),
    call('/v1/webhooks'), call(`/v1/webhooks/${hook.id}`), call(`/v1/webhooks/${hook.id}/deliveries`));
  const tpl = await (await call('/v1/templates', 'POST', { name: 'x', design: { shapes: { body: 'dots' } } })).json();
  answers.push(call('/v1/templates?limit=1'), call(`/v1/templates/${tpl.id}`), call(`/v1/templates/${tpl.id}`, 'PATCH', { name: 'y' }));
  for (const r of await Promise.all(answers)) expect(r.status).toBeLessThan(400);
  expect((await call(`/v1/templates/${tpl.id}`, 'DELETE')).status).toBe(200);
  expect((await call(`/v1/webhooks/${hook.id}`, 'DELETE')).status).toBe(200);
  const etag = (await call(`/v1/qr-codes/${code.id}/download?format=svg`)).headers.get('etag');
  expect((await call(`/v1/qr-codes/${code.id}/download?format=svg`, 'GET', undefined, { 'if-none-match': etag })).status).toBe(304);

  // Errors, each with the one error shape and a documented status.
  const errors = [
    call('/v1/batches', 'POST', '{'), call('/v1/batches', 'POST', { items: [] }), call('/v1/batches', 'POST', '{}', { 'content-type': 'text/plain' }),
    call('/v1/batches', 'POST', { items: [{ target: { text: 'x' } }], pad: 'x'.repeat(6 * 1024 * 1024) }),
    call('/v1/batches', 'GET', undefined, {}, 'qr_live_wrong'), call('/v1/batches', 'POST', { items: [{ target: { text: 'x' } }] }, {}, reader),
    call('/v1/batches?limit=0'), call('/v1/batches/batch_nope'), call('/v1/batches/batch_nope', 'DELETE'),
    call('/v1/qr-codes?kind=x'), call('/v1/qr-codes/qr_nope'), call(`/v1/qr-codes/${code.id}`, 'PATCH', { destination: 'nope' }),
    call(`/v1/qr-codes/${code.id}`, 'PATCH', '{"name":'), call(`/v1/qr-codes/${code.id}/download?size=1`), call('/v1/qr-codes/qr_nope/download'),
    call('/v1/templates', 'POST', { design: { colors: { foreground: '#fff' } } }), call('/v1/templates?cursor=%%'), call(`/v1/templates/${tpl.id}`),
    call(`/v1/templates/${tpl.id}`, 'PATCH', { name: 'z' }), call(`/v1/templates/${tpl.id}`, 'DELETE'), call('/v1/templates/tpl_x', 'PUT'),
    call('/v1/render', 'POST', { target: { text: '' } }), call('/v1/render', 'GET'),
    worker.fetch('/r/zzzzzzzz'), worker.fetch('/r/zzzzzzzz', { headers: { accept: 'text/html' } }), worker.fetch('/r/x', { method: 'POST' }),
    worker.fetch('/v1/openapi.json', { method: 'DELETE' }), call('/v1/nothing'),
    call('/v1/batches', 'POST', 'type,text\ntext,"x"y\n', { 'content-type': 'text/csv' }),
    call(`/v1/batches/${batch.id}/archive?format=gif`), call('/v1/batches/batch_nope/archive'),
    call(`/v1/qr-codes/${statId}/analytics`), call('/v1/analytics?group_by=hour'), call('/v1/webhooks', 'POST', { url: 'https://10.0.0.1/x', events: ['batch.completed'] }),
    call('/v1/webhooks?limit=500'), call('/v1/webhooks/wh_nope'), call(`/v1/webhooks/${hook.id}`, 'DELETE'), call('/v1/webhooks/wh_nope/deliveries'),
  ];
  for (const r of await Promise.all(errors)) {
    expect(r.status).toBeGreaterThanOrEqual(400);
    await r.arrayBuffer();
  }
  const idem = { items: [{ target: { text: 'idem' } }] };
  await call('/v1/batches', 'POST', idem, { 'idempotency-key': 'openapi-1' });
  expect((await call('/v1/batches', 'POST', { items: [{ target: { text: 'other' } }] }, { 'idempotency-key': 'openapi-1' })).status).toBe(409);
  await call(`/v1/qr-codes/${code.id}`, 'PATCH', { is_active: false });
  expect((await worker.fetch(`/r/${code.short_code}`)).status).toBe(410);

  // 429: a key that has used up its minute.
  await withinOneRateWindow(20_000);
  const { key: busy } = await worker.createKey();
  let last;
  for (let i = 0; i <= LIMIT; i++) {
    last = await call('/v1/templates', 'GET', undefined, {}, busy);
    await last.arrayBuffer();
  }
  expect(last.status).toBe(429);

  // The stream's lines are each a documented Batch, BatchItemLine or StreamError.
  const res = await call('/v1/batches', 'POST', { items: [{ target: { text: 'a' } }, { target: { ssid: 'x', text: 'y' } }] }, { accept: 'application/x-ndjson' });
  const lines = await readNdjson(res);
  expect(lines).toHaveLength(4);
  checkResponse('POST', '/v1/batches', res.status, res.headers.get('content-type'), lines.map((l) => JSON.stringify(l.value)).join('\n'));

  // Let the helper's checks of these answers finish, then: every operation was seen answering
  // both a success and an error, each matching the document.
  await new Promise((ok) => setTimeout(ok, 200));
  expect(worker.violations).toEqual([]);
  const seen = [...seenResponses];
  for (const operation of documentedOperations()) {
    const statuses = seen.filter((s) => s.startsWith(`${operation} `)).map((s) => Number(s.split(' ').at(-1)));
    expect([operation, statuses.some((s) => s < 400)]).toEqual([operation, true]);
    if (operation !== 'GET /v1/openapi.json') expect([operation, statuses.some((s) => s >= 400)]).toEqual([operation, true]);
  }
  for (const s of ['POST /v1/batches 400', 'POST /v1/batches 409', 'POST /v1/batches 413', 'POST /v1/batches 415', 'POST /v1/batches 422',
    'GET /v1/batches 401', 'POST /v1/batches 403', 'GET /v1/templates 429', 'GET /r/{short_code} 410', 'DELETE /v1/batches/{id} 405']) {
    expect(seen).toContain(s);
  }
}, 60000);

test('a schema violation is caught (the check can fail)', () => {
  expect(() => checkResponse('GET', '/v1/batches/batch_x', 200, 'application/json', JSON.stringify({ id: 'nope', object: 'batch' }))).toThrow(/required/);
  expect(() => checkResponse('GET', '/v1/batches/batch_x', 418, 'application/json', '{}')).toThrow(/not documented/);
  expect(() => checkResponse('GET', '/r/abc', 404, 'text/plain', 'x')).toThrow(/content type/);
  const item = { index: 0, name: null, type: null, kind: null, qr_code_id: null, error: null, error_code: null, error_path: null, scan: { px_per_module: 'x' } };
  expect(() => checkResponse('GET', '/v1/batches/batch_x', 200, 'application/json', JSON.stringify({
    id: 'batch_1', object: 'batch', status: 'completed', total_count: 1, completed_count: 1, error_count: 0, template_id: null, warnings: [],
    created_at: '2026-01-01T00:00:00Z', completed_at: null, test: false, items: [item] }))).toThrow(/scan/);
});
