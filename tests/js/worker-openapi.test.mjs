// SPDX-License-Identifier: MIT
// The served OpenAPI 3.1 document describes the real responses: every route is called and its
// JSON body validated against the document's schema for that status (ajv, JSON Schema 2020-12).
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { startWorker, withKey, waitForBatch, readNdjson } from './helpers/worker.mjs';

let worker, key, doc, ajv;
beforeAll(async () => {
  worker = await startWorker();
  ({ key } = await worker.createKey());
  doc = await (await worker.fetch('/v1/openapi.json')).json();
  ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
});
afterAll(() => worker?.dispose());

const checked = new Set();

// Validates `body` against the documented schema for (route, method, status, media type).
function expectDocumented(route, method, status, body, media = 'application/json') {
  const response = doc.paths[route]?.[method]?.responses?.[status];
  expect(response).toBeDefined();
  const schema = response.content?.[media]?.schema;
  expect(schema).toBeDefined();
  const validate = ajv.compile({ ...schema, components: doc.components });
  if (!validate(body)) throw new Error(`${method.toUpperCase()} ${route} ${status}: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(body).slice(0, 500)}`);
  checked.add(`${method} ${route} ${status}`);
}

async function call(route, path, method = 'get', body, headers, k = key) {
  const res = await worker.fetch(path, withKey(k, method.toUpperCase(), body, headers));
  const json = (res.headers.get('content-type') ?? '').startsWith('application/json') ? await res.json() : null;
  if (json) expectDocumented(route, method, res.status, json);
  return { res, json };
}

test('the document is OpenAPI 3.1 and lists every route', () => {
  expect(doc.openapi).toBe('3.1.0');
  for (const p of ['/v1/batches', '/v1/batches/{id}', '/v1/qr-codes', '/v1/qr-codes/{id}', '/v1/qr-codes/{id}/download',
    '/v1/templates', '/v1/templates/{id}', '/r/{short_code}']) expect(doc.paths[p]).toBeDefined();
});

test('real responses of every route match their documented schemas', async () => {
  const { json: created } = await call('/v1/batches', '/v1/batches', 'post', {
    items: [{ target: { destination: 'https://example.com/o' }, tags: ['t'] }, { target: { type: 'text', text: 'x' } }, { target: {} }],
  });
  const batch = await waitForBatch(worker, key, created.id);
  expectDocumented('/v1/batches/{id}', 'get', 200, batch);
  await call('/v1/batches', '/v1/batches?limit=2');
  const { json: code } = await call('/v1/qr-codes/{id}', `/v1/qr-codes/${batch.items[0].qr_code_id}`);
  await call('/v1/qr-codes/{id}', `/v1/qr-codes/${batch.items[1].qr_code_id}`);
  await call('/v1/qr-codes', '/v1/qr-codes?kind=dynamic');
  await call('/v1/qr-codes/{id}', `/v1/qr-codes/${code.id}`, 'patch', { name: 'renamed', tags: [] });
  const { json: tpl } = await call('/v1/templates', '/v1/templates', 'post', { name: 'x', design: { shapes: { body: 'square' } } });
  await call('/v1/templates/{id}', `/v1/templates/${tpl.id}`);
  // Errors, each with the one error shape.
  await call('/v1/batches', '/v1/batches', 'post', '{');
  await call('/v1/batches', '/v1/batches', 'post', { items: [] });
  await call('/v1/batches', '/v1/batches', 'post', '{}', { 'content-type': 'text/plain' });
  await call('/v1/batches/{id}', '/v1/batches/batch_nope');
  await call('/v1/qr-codes/{id}/download', `/v1/qr-codes/${code.id}/download?size=1`);
  await call('/v1/batches', '/v1/batches', 'get', undefined, {}, 'qr_live_wrong');
  const r = await worker.fetch(`/r/${code.short_code}`);
  expect(r.status).toBe(302);
  expectDocumented('/r/{short_code}', 'get', 404, await (await worker.fetch('/r/zzzz')).json());
  // The stream's lines are each a documented Batch or BatchItemLine.
  const res = await worker.fetch('/v1/batches', withKey(key, 'POST', { items: [{ target: { text: 'a' } }, { target: { ssid: 'x', text: 'y' } }] },
    { accept: 'application/x-ndjson' }));
  for (const { value } of await readNdjson(res)) expectDocumented('/v1/batches', 'post', 202, value, 'application/x-ndjson');
  expect(checked.size).toBeGreaterThanOrEqual(14);
});

test('a schema violation is caught (the check can fail)', () => {
  expect(() => expectDocumented('/v1/batches/{id}', 'get', 200, { id: 'nope', object: 'batch' })).toThrow();
});
