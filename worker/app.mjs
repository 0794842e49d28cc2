// SPDX-License-Identifier: MIT
// The pure request handler: Request in, Response out. Every response carries x-request-id;
// every error has the one shape of API.md §4 (http/errors.mjs); authenticated responses carry
// the rate-limit headers. No stack trace ever reaches a client.
import { init } from 'qredge';
import { ApiError, errorResponse } from './http/errors.mjs';
import { withHeaders } from './http/respond.mjs';
import { ensureSchema } from './store/schema.mjs';
import { requireScope, countIfAuthenticated } from './auth/guard.mjs';
import { asset } from './routes/docs.mjs';
import { routes } from './routes.mjs';

function newRequestId() {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return `req_${[...bytes].map((b) => b.toString(16).padStart(2, '0')).join('')}`;
}

async function dispatch(c) {
  const { request, url, env } = c;
  const found = routes.match(request.method, url.pathname);
  if (!found) {
    if (env.ASSETS && (request.method === 'GET' || request.method === 'HEAD') && !url.pathname.startsWith('/v1/')) return asset(c);
    await countIfAuthenticated(c);
    throw new ApiError('not_found', `no route for ${url.pathname}`);
  }
  if (found.allow) {
    const allow = found.allow.join(', ');
    if (found.metas.some(Boolean)) await countIfAuthenticated(c);
    throw new ApiError('method_not_allowed', `${request.method} is not allowed on ${url.pathname}; allowed: ${allow}`, { headers: { allow } });
  }
  await ensureSchema(env.DB);
  const scope = found.route.meta;
  if (scope) await requireScope(c, scope);
  c.params = found.params;
  return found.route.handler(c);
}

export async function handle(request, env, ctx) {
  const c = { request, env, ctx, url: new URL(request.url), requestId: newRequestId(), auth: null, rateHeaders: {}, params: {} };
  let response;
  try {
    await init();
    response = await dispatch(c);
  } catch (e) {
    response = errorResponse(e, c.requestId);
  }
  return withHeaders(response, { 'x-request-id': c.requestId, ...c.rateHeaders });
}
