// SPDX-License-Identifier: MIT
// The worker's HTTP layer on its own, in Node (no workerd): the router (params, 404, 405 and
// Allow), the one error mapping, and the NDJSON stream (a client that leaves cancels it and the
// producer goes on; a client that stops reading gets the write timeout; the stream always ends).
import { Router } from '../../worker/http/router.mjs';
import { ApiError, errorResponse, invalid } from '../../worker/http/errors.mjs';
import { ndjsonResponse } from '../../worker/http/ndjson.mjs';

describe('router', () => {
  const handler = () => null;
  const r = new Router()
    .get('/v1/things', 'read', handler)
    .post('/v1/things', 'write', handler)
    .get('/v1/things/:id', 'read', handler)
    .delete('/v1/things/:id', 'write', handler)
    .get('/r/:code', null, handler);

  test('a match carries its route and percent-decoded params', () => {
    const m = r.match('GET', '/v1/things/a%20b');
    expect(m.route.meta).toBe('read');
    expect(m.params).toEqual({ id: 'a b' });
    expect(r.match('GET', '/v1/things/%E0%A4%A').params).toEqual({ id: '%E0%A4%A' });  // not decodable: kept as sent
  });

  test('a path with other methods only lists them (405 Allow); an unknown path is null (404)', () => {
    expect(r.match('PATCH', '/v1/things/x')).toEqual({ allow: ['GET', 'DELETE'], metas: ['read', 'write'] });
    expect(r.match('GET', '/v1/things/x/y')).toBeNull();
    expect(r.match('GET', '/v1/thingsX')).toBeNull();
    expect(r.match('GET', '/r/')).toBeNull();
  });
});

describe('error mapping', () => {
  test.each([
    ['invalid_json', 400], ['unauthorized', 401], ['insufficient_scope', 403], ['not_found', 404], ['method_not_allowed', 405],
    ['idempotency_conflict', 409], ['idempotency_in_progress', 409], ['batch_processing', 409], ['qr_code_inactive', 410],
    ['payload_too_large', 413], ['unsupported_media_type', 415], ['validation_error', 422], ['invalid_csv', 422], ['rate_limited', 429],
  ])('%s answers %i in the one shape', async (code, status) => {
    const res = errorResponse(new ApiError(code, 'why', { headers: { 'retry-after': '3' } }), 'req_1');
    expect(res.status).toBe(status);
    expect(res.headers.get('retry-after')).toBe('3');
    expect(await res.json()).toEqual({ error: { code, message: 'why', request_id: 'req_1' } });
  });

  test('details are kept; a storage failure is a 503 and anything else a 500, without internals', async () => {
    const body = await errorResponse(invalid('/items/0', 'required', 'target is required'), 'req_2').json();
    expect(body.error.details).toEqual([{ path: '/items/0', code: 'required', message: 'target is required' }]);
    const log = console.error;
    console.error = () => {};
    try {
      const storage = errorResponse(new Error('D1_ERROR: no such table: x'), 'req_3');
      expect(storage.status).toBe(503);
      expect(storage.headers.get('retry-after')).toBe('1');
      expect((await storage.json()).error.code).toBe('storage_unavailable');
      const bug = errorResponse(new TypeError('x is undefined at secret.mjs:12'), 'req_4');
      expect(bug.status).toBe(500);
      const text = await bug.text();
      expect(JSON.parse(text).error.code).toBe('internal_error');
      expect(text).not.toMatch(/secret|undefined/);
    } finally {
      console.error = log;
    }
  });
});

describe('NDJSON stream', () => {
  // A request context whose background work the test can await.
  const context = () => {
    const background = [];
    return { c: { requestId: 'req_s', ctx: { waitUntil: (p) => background.push(p) } }, settled: () => Promise.all(background) };
  };
  const lines = (text) => text.split('\n').filter(Boolean).map((l) => JSON.parse(l));

  test('every line reaches a client that reads, and the stream ends', async () => {
    const { c, settled } = context();
    const res = ndjsonResponse(c, async (send) => { for (let i = 0; i < 50; i++) await send({ i }, { j: i }); });
    expect(res.headers.get('content-type')).toMatch(/application\/x-ndjson/);
    const got = lines(await res.text());
    expect(got).toHaveLength(100);
    expect(got.at(-1)).toEqual({ j: 49 });
    await settled();
  });

  test('a client that leaves cancels the stream: sends become no-ops and the producer runs to its end', async () => {
    const { c, settled } = context();
    let produced = 0;
    let finished = false;
    const res = ndjsonResponse(c, async (send) => {
      for (; produced < 200; produced++) await send({ produced });
      finished = true;
    }, { writeTimeoutMs: 60_000 });
    const reader = res.body.getReader();
    await reader.read();
    await reader.cancel();
    await settled();
    expect(finished).toBe(true);
    expect(produced).toBe(200);
  });

  test('a producer that fails ends the stream with an error line', async () => {
    const { c, settled } = context();
    const log = console.error;
    console.error = () => {};
    try {
      const res = ndjsonResponse(c, async (send) => {
        await send({ object: 'batch' });
        throw new Error('D1_ERROR: gone');
      }, { interrupted: 'resumes on its own' });
      expect(lines(await res.text())).toEqual([{ object: 'batch' },
        { object: 'error', error: { code: 'storage_unavailable', message: 'resumes on its own', request_id: 'req_s' } }]);
      await settled();
    } finally {
      console.error = log;
    }
  });

  test('a client that stays but stops reading is cut off after the write timeout; the producer goes on', async () => {
    const { c, settled } = context();
    let produced = 0;
    const res = ndjsonResponse(c, async (send) => { for (; produced < 100; produced++) await send({ produced }); }, { writeTimeoutMs: 50 });
    const reader = res.body.getReader();
    await reader.read();
    await settled();  // never read again
    expect(produced).toBe(100);
    // What was queued before the cut is lost with the stream, which ends in an error.
    await expect((async () => { for (;;) if ((await reader.read()).done) return 'ended'; })()).rejects.toThrow('the client stopped reading');
  });
});
