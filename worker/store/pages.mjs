// SPDX-License-Identifier: MIT
// One page of a workspace's objects, newest first, after a (created_at, id) cursor.
import { owner } from './owner.mjs';

/**
 * `{ rows, hasMore }`: at most `limit` rows of `table` owned by `auth`, with `filters`
 * (column → value; undefined and null are left out), strictly after `after` ([created_at, id]).
 */
export async function pageOf(db, table, auth, { limit, after = null, filters = {} }) {
  let where = 'workspace_id = ? AND test = ?';
  const binds = owner(auth);
  for (const [column, value] of Object.entries(filters)) {
    if (value === undefined || value === null) continue;
    where += ` AND ${column} = ?`;
    binds.push(value);
  }
  if (after) {
    where += ' AND (created_at < ? OR (created_at = ? AND id < ?))';
    binds.push(after[0], after[0], after[1]);
  }
  const { results } = await db.prepare(`SELECT * FROM ${table} WHERE ${where} ORDER BY created_at DESC, id DESC LIMIT ?`)
    .bind(...binds, limit + 1).all();
  return { rows: results.slice(0, limit), hasMore: results.length > limit };
}
