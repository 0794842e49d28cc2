// SPDX-License-Identifier: MIT
// Per-key fixed-window rate limit, counted in D1 with one upsert per request.
export async function takeToken(db, keyId, limit, windowSeconds) {
  const now = Math.floor(Date.now() / 1000);
  const windowStart = now - (now % windowSeconds);
  const row = await db.prepare(`INSERT INTO rate_limits (key_id, window_start, count) VALUES (?, ?, 1)
      ON CONFLICT (key_id, window_start) DO UPDATE SET count = count + 1 RETURNING count`)
    .bind(keyId, windowStart).first();
  const reset = windowStart + windowSeconds;
  const count = row?.count ?? 1;
  // Old windows are dead weight: drop them now and then.
  if (count === 1) await db.prepare('DELETE FROM rate_limits WHERE key_id = ? AND window_start < ?').bind(keyId, windowStart).run();
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
