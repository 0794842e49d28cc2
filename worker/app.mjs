// SPDX-License-Identifier: MIT
// The pure request handler: Request in, Response out. The engine is the same wasm build the npm
// package ships (its Workers entry), initialised once per isolate on first use.
import { init, render, QredgeError } from '../dist/worker.mjs';
import { HttpError, errorResponse, json, newRequestId } from './http.mjs';

const MAX_BODY_BYTES = 5 * 1024 * 1024;

async function readJson(request) {
  const type = request.headers.get('content-type') ?? '';
  if (!/^application\/(?:[\w.+-]+\+)?json\b/i.test(type)) {
    throw new HttpError(415, 'unsupported_media_type', 'send the body as application/json');
  }
  const length = Number(request.headers.get('content-length') ?? 0);
  if (length > MAX_BODY_BYTES) throw new HttpError(413, 'payload_too_large', 'the body is larger than 5 MiB');
  const text = await request.text();
  if (text.length > MAX_BODY_BYTES) throw new HttpError(413, 'payload_too_large', 'the body is larger than 5 MiB');
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new HttpError(400, 'invalid_json', `the body is not valid JSON: ${e.message}`);
  }
}

// POST /v1/render: one code from { target, design, output }, returned as the image itself.
// A preview route beside the batch API (documented in docs/worker.md).
async function renderOne(request) {
  const body = await readJson(request);
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new HttpError(422, 'validation_error', 'the body must be a JSON object',
      [{ path: '', code: 'invalid_type', message: 'the body must be a JSON object' }]);
  }
  try {
    const r = render(body.target ?? {}, body.design ?? {}, body.output ?? {});
    return new Response(r.data, {
      headers: {
        'content-type': r.format === 'png' ? 'image/png' : 'image/svg+xml',
        'x-qredge-payload-bytes': String(new TextEncoder().encode(r.payload).length),
      },
    });
  } catch (e) {
    if (!(e instanceof QredgeError)) throw e;
    const path = e.path.startsWith('/design') || e.path.startsWith('/output') ? e.path : `/target${e.path.replace(/^\/target/, '')}`;
    throw new HttpError(422, 'validation_error', e.message, [{ path, code: e.code, message: e.message }]);
  }
}

const routes = [
  { method: 'POST', pattern: /^\/v1\/render$/, handler: renderOne },
];

export async function handle(request, env, ctx) {
  const requestId = newRequestId();
  let response;
  try {
    await init();
    const url = new URL(request.url);
    const matching = routes.filter((r) => r.pattern.test(url.pathname));
    const route = matching.find((r) => r.method === request.method);
    if (route) response = await route.handler(request, env, ctx);
    else if (matching.length) throw new HttpError(405, 'method_not_allowed', `${request.method} is not allowed here`, undefined, { allow: matching.map((r) => r.method).join(', ') });
    else if (env.ASSETS && request.method === 'GET') response = await env.ASSETS.fetch(request);
    else throw new HttpError(404, 'not_found', 'no such route');
  } catch (e) {
    if (e instanceof HttpError) response = errorResponse(e.status, e.code, e.message, requestId, e.details, e.headers);
    else {
      console.error(requestId, e);
      response = errorResponse(500, 'internal_error', 'an internal error occurred', requestId);
    }
  }
  const headers = new Headers(response.headers);
  headers.set('x-request-id', requestId);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}
