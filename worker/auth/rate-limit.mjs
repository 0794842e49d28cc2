// SPDX-License-Identifier: MIT
// Per-key fixed-window rate limit (API.md §4.3), counted in D1 with one upsert per request.
import { countRequest, dropWindowsBefore } from '../store/rate-limits.mjs';

export async function takeToken(db, keyId, limit, windowSeconds) {
  const now = Math.floor(Date.now() / 1000);
  const windowStart = now - (now % windowSeconds);
  const count = await countRequest(db, keyId, windowStart);
  const reset = windowStart + windowSeconds;
  // Old windows are dead weight: drop them now and then.
  if (count === 1) await dropWindowsBefore(db, keyId, windowStart);
  return {
    allowed: count <= limit,
    headers: {
      'x-ratelimit-limit': String(limit),
      'x-ratelimit-remaining': String(Math.max(0, limit - count)),
      'x-ratelimit-reset': String(reset),
    },
    retryAfter: Math.max(1, reset - now),
  };
}
