// SPDX-License-Identifier: MIT
// The pure request handler: Request in, Response out. Every response carries x-request-id;
// every error has the one shape of API.md §4; authenticated responses carry the rate-limit
// headers. No stack trace ever reaches a client.
import { init, render, QredgeError } from '../dist/worker.mjs';
import { HttpError, errorResponse, newRequestId, isStorageError } from './http.mjs';
import { readJsonText, parseJson, requireObject } from './body.mjs';
import { ensureSchema } from './schema.mjs';
import { authenticate } from './keys.mjs';
import { takeToken } from './ratelimit.mjs';
import { createBatch, getBatch, listBatches } from './batches.mjs';
import { getCode, listCodes, patchCode, downloadCode, redirect } from './codes.mjs';
import { createTemplate, getTemplate, listTemplates, patchTemplate, deleteTemplate } from './templates.mjs';
import { openapi } from './openapi.mjs';
import { batchArchive } from './archive.mjs';
import { resolveDesignLogo } from './logo.mjs';
import { contentType } from './content-types.mjs';

// POST /v1/render: one code from { target, design, output }, answered with the image itself
// and stored nowhere (a preview beside the batch API; docs/worker.md).
async function renderOne(c) {
  const body = requireObject(parseJson(await readJsonText(c.request)));
  const design = await resolveDesignLogo(body.design ?? {});
  try {
    const r = render(body.target ?? {}, design, body.output ?? {});
    return new Response(r.data, { headers: { 'content-type': contentType(r.format) } });
  } catch (e) {
    if (!(e instanceof QredgeError)) throw e;
    const path = /^\/(design|output)(\/|$)/.test(e.path) ? e.path : `/target${e.path.replace(/^\/target/, '')}`;
    throw new HttpError(422, 'validation_error', e.message, [{ path, code: e.code, message: e.message }]);
  }
}

const json = (body) => new Response(JSON.stringify(body), { headers: { 'content-type': 'application/json; charset=utf-8' } });

// [method, pattern, scope (null = public), handler(c, ...captures)]
const ROUTES = [
  ['GET', /^\/v1\/openapi\.json$/, null, () => json(openapi)],
  ['POST', /^\/v1\/batches$/, 'qr:write', createBatch],
  ['GET', /^\/v1\/batches$/, 'qr:read', listBatches],
  ['GET', /^\/v1\/batches\/([^/]+)$/, 'qr:read', getBatch],
  ['GET', /^\/v1\/batches\/([^/]+)\/archive$/, 'qr:read', batchArchive],
  ['GET', /^\/v1\/qr-codes$/, 'qr:read', listCodes],
  ['GET', /^\/v1\/qr-codes\/([^/]+)$/, 'qr:read', getCode],
  ['PATCH', /^\/v1\/qr-codes\/([^/]+)$/, 'qr:write', patchCode],
  ['GET', /^\/v1\/qr-codes\/([^/]+)\/download$/, 'qr:read', downloadCode],
  ['POST', /^\/v1\/templates$/, 'qr:write', createTemplate],
  ['GET', /^\/v1\/templates$/, 'qr:read', listTemplates],
  ['GET', /^\/v1\/templates\/([^/]+)$/, 'qr:read', getTemplate],
  ['PATCH', /^\/v1\/templates\/([^/]+)$/, 'qr:write', patchTemplate],
  ['DELETE', /^\/v1\/templates\/([^/]+)$/, 'qr:write', deleteTemplate],
  ['POST', /^\/v1\/render$/, 'qr:read', renderOne],
  ['GET', /^\/r\/([^/]+)$/, null, (c, code) => redirect(c, code)],
];

// The API reference page (/docs: Redoc, rendered in the browser from /v1/openapi.json) may load
// only what this origin serves: whatever the bundle would fetch from elsewhere (Redoc's sidebar
// logo comes from a CDN) is blocked by the browser, so the page works offline and tells no one.
const DOCS_CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
  + "font-src 'self' data:; connect-src 'self'; worker-src 'self' blob:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

async function asset(c) {
  const response = await c.env.ASSETS.fetch(c.request);
  if (!/^\/docs(\/|$)/.test(c.url.pathname)) return response;
  const headers = new Headers(response.headers);
  headers.set('content-security-policy', DOCS_CSP);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

// Counts the request against its key's limit and keeps the X-RateLimit-* headers for the answer.
async function rateLimit(c) {
  const limit = Number(c.env.RATE_LIMIT_PER_MINUTE ?? 600);
  const rate = await takeToken(c.env.DB, c.auth.id, limit, 60);
  c.rateHeaders = rate.headers;
  if (!rate.allowed) {
    throw new HttpError(429, 'rate_limited', `more than ${limit} requests a minute with this key`, undefined,
      { 'retry-after': String(rate.retryAfter) });
  }
}

// A 404 or 405 for a request that carries a valid key is an authenticated response too: it is
// counted and carries the rate-limit headers (issue 15). A missing or bad key changes nothing
// here: the 404/405 says more than a 401 would.
async function rateLimitIfAuthenticated(c) {
  if (!c.request.headers.has('authorization')) return;
  await ensureSchema(c.env.DB);
  c.auth = await authenticate(c.env.DB, c.request.headers.get('authorization'));
  if (c.auth) await rateLimit(c);
}

async function route(c) {
  const { request, url, env } = c;
  const matches = ROUTES.map(([method, pattern, scope, handler]) => ({ method, scope, handler, m: pattern.exec(url.pathname) }))
    .filter((r) => r.m);
  if (!matches.length) {
    if (env.ASSETS && (request.method === 'GET' || request.method === 'HEAD') && !url.pathname.startsWith('/v1/')) {
      return asset(c);
    }
    await rateLimitIfAuthenticated(c);
    throw new HttpError(404, 'not_found', `no route for ${url.pathname}`);
  }
  const r = matches.find((x) => x.method === request.method);
  if (!r) {
    const allow = [...new Set(matches.map((x) => x.method))].join(', ');
    if (matches.some((x) => x.scope)) await rateLimitIfAuthenticated(c);
    throw new HttpError(405, 'method_not_allowed', `${request.method} is not allowed on ${url.pathname}; allowed: ${allow}`, undefined, { allow });
  }
  await ensureSchema(env.DB);
  if (r.scope) {
    c.auth = await authenticate(env.DB, request.headers.get('authorization'));
    if (!c.auth) {
      throw new HttpError(401, 'unauthorized', 'a valid API key is required: Authorization: Bearer qr_live_… or qr_test_…',
        undefined, { 'www-authenticate': 'Bearer realm="qredge"' });
    }
    await rateLimit(c);
    if (!c.auth.scopes.includes(r.scope)) {
      throw new HttpError(403, 'insufficient_scope', `this key lacks the ${r.scope} scope`);
    }
  }
  const captures = r.m.slice(1).map((s) => { try { return decodeURIComponent(s); } catch { return s; } });
  return r.handler(c, ...captures);
}

export async function handle(request, env, ctx) {
  const c = { request, env, ctx, url: new URL(request.url), requestId: newRequestId(), auth: null, rateHeaders: {} };
  let response;
  try {
    await init();
    response = await route(c);
  } catch (e) {
    if (e instanceof HttpError) {
      response = errorResponse(e.status, e.code, e.message, c.requestId, e.details, e.headers);
    } else if (isStorageError(e)) {
      console.error(c.requestId, e?.stack ?? e);
      response = errorResponse(503, 'storage_unavailable', 'storage is unavailable; retry shortly (with the same Idempotency-Key when creating a batch)',
        c.requestId, undefined, { 'retry-after': '1' });
    } else {
      console.error(c.requestId, e?.stack ?? e);
      response = errorResponse(500, 'internal_error', 'an internal error occurred; quote the request id when reporting it', c.requestId);
    }
  }
  const headers = new Headers(response.headers);
  headers.set('x-request-id', c.requestId);
  for (const [k, v] of Object.entries(c.rateHeaders)) headers.set(k, v);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}
