// SPDX-License-Identifier: MIT
// Who may call a route: a valid key (401), counted against its rate limit (429, with the
// X-RateLimit-* headers kept for the answer), holding the route's scope (403).
import { ApiError } from '../http/errors.mjs';
import { ensureSchema } from '../store/schema.mjs';
import { authenticate } from './keys.mjs';
import { takeToken } from './rate-limit.mjs';

// Counts the request against its key's limit and keeps the X-RateLimit-* headers for the answer.
async function rateLimit(c) {
  const limit = Number(c.env.RATE_LIMIT_PER_MINUTE ?? 600);
  const rate = await takeToken(c.env.DB, c.auth.id, limit, 60);
  c.rateHeaders = rate.headers;
  if (!rate.allowed) {
    throw new ApiError('rate_limited', `more than ${limit} requests a minute with this key`, { headers: { 'retry-after': String(rate.retryAfter) } });
  }
}

/** Sets `c.auth` for a route that needs `scope`, or throws 401, 429 or 403. */
export async function requireScope(c, scope) {
  c.auth = await authenticate(c.env.DB, c.request.headers.get('authorization'));
  if (!c.auth) {
    throw new ApiError('unauthorized', 'a valid API key is required: Authorization: Bearer qr_live_… or qr_test_…',
      { headers: { 'www-authenticate': 'Bearer realm="qredge"' } });
  }
  await rateLimit(c);
  if (!c.auth.scopes.includes(scope)) throw new ApiError('insufficient_scope', `this key lacks the ${scope} scope`);
}

// A 404 or 405 for a request that carries a valid key is an authenticated response too: it is
// counted and carries the rate-limit headers (issue 15). A missing or bad key changes nothing
// here: the 404/405 says more than a 401 would.
export async function countIfAuthenticated(c) {
  if (!c.request.headers.has('authorization')) return;
  await ensureSchema(c.env.DB);
  c.auth = await authenticate(c.env.DB, c.request.headers.get('authorization'));
  if (c.auth) await rateLimit(c);
}
