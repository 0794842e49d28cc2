// SPDX-License-Identifier: MIT
// The vertical slice in workerd (Miniflare): the worker renders with the wasm engine imported as
// a compiled module; the test decodes the response body with real decoders.
import { startWorker, withKey } from './helpers/worker.mjs';
import { decodeWithZxing, decodeWithJsqr, toPng } from './helpers/decode.mjs';

let worker, key;
beforeAll(async () => {
  worker = await startWorker();
  ({ key } = await worker.createKey());
});
afterAll(() => worker?.dispose());

const post = (body, headers = {}) => worker.fetch('/v1/render', withKey(key, 'POST', body, headers));

test.each(['svg', 'png'])('POST /v1/render returns a %s that decodes to the exact URL', async (format) => {
  const destination = `https://example.com/workerd/${format}?id=7`;
  const res = await post({ target: { type: 'url', destination }, output: { format, size: 400 } });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe(format === 'png' ? 'image/png' : 'image/svg+xml');
  expect(res.headers.get('x-request-id')).toMatch(/^req_[0-9a-f]{24}$/);
  const data = format === 'png' ? Buffer.from(await res.arrayBuffer()) : await res.text();
  const png = toPng(data);
  expect((await decodeWithZxing(png)).toString('utf8')).toBe(destination);
  expect(decodeWithJsqr(png).toString('utf8')).toBe(destination);
});

test('invalid input answers 422 with the error shape and a JSON path', async () => {
  const res = await post({ target: { destination: 'https://example.com' }, design: { error_correction: 'Z' } });
  expect(res.status).toBe(422);
  const body = await res.json();
  expect(body.error.code).toBe('validation_error');
  expect(body.error.request_id).toBe(res.headers.get('x-request-id'));
  expect(body.error.details[0]).toMatchObject({ path: '/design/error_correction', code: 'invalid_value' });
});

test('non-JSON bodies answer 400 and 415', async () => {
  expect((await post('{nope')).status).toBe(400);
  expect((await post('{}', { 'content-type': 'text/plain' })).status).toBe(415);
});

test('unknown routes and wrong methods answer 404 and 405', async () => {
  expect((await worker.fetch('/v1/nothing', withKey(key))).status).toBe(404);
  const res = await worker.fetch('/v1/render', withKey(key));
  expect(res.status).toBe(405);
  expect((await res.json()).error.code).toBe('method_not_allowed');
});
