// SPDX-License-Identifier: MIT
// The rate_limits table: one counter per key and fixed window.

/** Counts one request in the window and returns the window's count so far. */
export async function countRequest(db, keyId, windowStart) {
  const row = await db.prepare(`INSERT INTO rate_limits (key_id, window_start, count) VALUES (?, ?, 1)
      ON CONFLICT (key_id, window_start) DO UPDATE SET count = count + 1 RETURNING count`)
    .bind(keyId, windowStart).first();
  return row?.count ?? 1;
}

export const dropWindowsBefore = (db, keyId, windowStart) =>
  db.prepare('DELETE FROM rate_limits WHERE key_id = ? AND window_start < ?').bind(keyId, windowStart).run();
