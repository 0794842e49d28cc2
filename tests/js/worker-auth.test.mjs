// SPDX-License-Identifier: MIT
// Keys, scopes, workspace isolation, test/live separation, rate limits, body limits.
import { startWorker, withKey, waitForBatch, withinOneRateWindow } from './helpers/worker.mjs';

let worker, owner, other;
beforeAll(async () => {
  worker = await startWorker({ bindings: { RATE_LIMIT_PER_MINUTE: '1000' } });
  owner = await worker.createKey({ workspaceId: 'ws_owner' });
  other = await worker.createKey({ workspaceId: 'ws_other' });
});
afterAll(() => worker?.dispose());

async function expectError(res, status, code) {
  expect(res.status).toBe(status);
  const body = await res.json();
  expect(body.error.code).toBe(code);
  expect(body.error.request_id).toBe(res.headers.get('x-request-id'));
  expect(JSON.stringify(body)).not.toMatch(/at \w+ \(|\.mjs:\d+/);  // no stack traces
  return body;
}

test('missing, malformed, unknown, expired and revoked keys answer 401', async () => {
  const expired = await worker.createKey({ workspaceId: 'ws_owner', expiresAt: new Date(Date.now() - 1000).toISOString() });
  const revoked = await worker.createKey({ workspaceId: 'ws_owner' });
  await worker.revokeKey(revoked.id);
  const unknown = `qr_live_${'A'.repeat(40)}`;
  const wrongMode = owner.key.replace('qr_live_', 'qr_test_');
  const headers = [undefined, 'Bearer', 'Basic abc', `Bearer ${owner.key}x`, `Bearer ${unknown}`, `Bearer ${expired.key}`,
    `Bearer ${revoked.key}`, `Bearer ${wrongMode}`, `bearer  ${owner.key}`];
  for (const authorization of headers) {
    const res = await worker.fetch('/v1/batches', authorization ? { headers: { authorization } } : {});
    await expectError(res, 401, 'unauthorized');
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
  }
  expect((await worker.fetch('/v1/batches', withKey(owner.key))).status).toBe(200);
});

test('scopes: a read-only key cannot write (403), a write-only key cannot read', async () => {
  const reader = await worker.createKey({ workspaceId: 'ws_owner', scopes: ['qr:read'] });
  const writer = await worker.createKey({ workspaceId: 'ws_owner', scopes: ['qr:write'] });
  await expectError(await worker.fetch('/v1/batches', withKey(reader.key, 'POST', { items: [{ target: { text: 'x' } }] })), 403, 'insufficient_scope');
  await expectError(await worker.fetch('/v1/batches', withKey(writer.key)), 403, 'insufficient_scope');
  expect((await worker.fetch('/v1/batches', withKey(reader.key))).status).toBe(200);
});

test("another workspace's objects answer 404 everywhere; test keys do not see live objects", async () => {
  const res = await worker.fetch('/v1/batches', withKey(owner.key, 'POST', { items: [{ target: { destination: 'https://example.com/mine' } }] }));
  const batch = await waitForBatch(worker, owner.key, (await res.json()).id);
  const codeId = batch.items[0].qr_code_id;
  const tpl = await (await worker.fetch('/v1/templates', withKey(owner.key, 'POST', { design: {} }))).json();
  const testKey = await worker.createKey({ workspaceId: 'ws_owner', test: true });
  for (const key of [other.key, testKey.key]) {
    for (const path of [`/v1/batches/${batch.id}`, `/v1/qr-codes/${codeId}`, `/v1/qr-codes/${codeId}/download`, `/v1/templates/${tpl.id}`]) {
      await expectError(await worker.fetch(path, withKey(key)), 404, 'not_found');
    }
    await expectError(await worker.fetch(`/v1/qr-codes/${codeId}`, withKey(key, 'PATCH', { name: 'stolen' })), 404, 'not_found');
    expect((await (await worker.fetch('/v1/batches', withKey(key))).json()).data.map((b) => b.id)).not.toContain(batch.id);
    expect((await (await worker.fetch('/v1/qr-codes', withKey(key))).json()).data.map((c) => c.id)).not.toContain(codeId);
    const templated = await worker.fetch('/v1/batches', withKey(key, 'POST', { items: [{ target: { text: 'x' } }], template_id: tpl.id }));
    expect((await expectError(templated, 422, 'validation_error')).error.details[0].code).toBe('template_not_found');
  }
  expect((await (await worker.fetch(`/v1/qr-codes/${codeId}`, withKey(owner.key))).json()).name).not.toBe('stolen');
  const testBatch = await worker.fetch('/v1/batches', withKey(testKey.key, 'POST', { items: [{ target: { text: 'test mode' } }] }));
  expect((await testBatch.json()).test).toBe(true);
});

test('body limits and media types: 413 past 5 MiB, 415 for non-JSON, 400 for broken JSON', async () => {
  const big = JSON.stringify({ items: [{ target: { text: 'x'.repeat(6 * 1024 * 1024) } }] });
  await expectError(await worker.fetch('/v1/batches', withKey(owner.key, 'POST', big)), 413, 'payload_too_large');
  await expectError(await worker.fetch('/v1/batches', withKey(owner.key, 'POST', '{}', { 'content-type': 'text/plain' })), 415, 'unsupported_media_type');
  await expectError(await worker.fetch('/v1/batches', withKey(owner.key, 'POST', '{"items": [')), 400, 'invalid_json');
  await expectError(await worker.fetch('/v1/batches', withKey(owner.key, 'POST', '[1]')), 422, 'validation_error');
});

test('rate limits: headers on every authenticated response, 429 with Retry-After past the limit', async () => {
  const limited = await startWorker({ bindings: { RATE_LIMIT_PER_MINUTE: '3' } });
  try {
    const { key } = await limited.createKey();
    await withinOneRateWindow();
    const remaining = [];
    for (let i = 0; i < 3; i++) {
      const res = await limited.fetch('/v1/batches', withKey(key));
      expect(res.status).toBe(200);
      expect(res.headers.get('x-ratelimit-limit')).toBe('3');
      expect(Number(res.headers.get('x-ratelimit-reset'))).toBeGreaterThan(Date.now() / 1000 - 1);
      remaining.push(res.headers.get('x-ratelimit-remaining'));
    }
    expect(remaining).toEqual(['2', '1', '0']);
    const res = await limited.fetch('/v1/batches', withKey(key));
    await expectError(res, 429, 'rate_limited');
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(res.headers.get('x-ratelimit-remaining')).toBe('0');
    // Another key has its own budget.
    const { key: fresh } = await limited.createKey();
    expect((await limited.fetch('/v1/batches', withKey(fresh))).status).toBe(200);
  } finally {
    await limited.dispose();
  }
});

test('public routes need no key; unknown API routes answer 404, wrong methods 405 with Allow', async () => {
  expect((await worker.fetch('/v1/openapi.json')).status).toBe(200);
  await expectError(await worker.fetch('/v1/nothing', withKey(owner.key)), 404, 'not_found');
  const res = await worker.fetch('/v1/batches', withKey(owner.key, 'DELETE'));
  await expectError(res, 405, 'method_not_allowed');
  expect(res.headers.get('allow')).toBe('POST, GET');
});
