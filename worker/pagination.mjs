// SPDX-License-Identifier: MIT
// Cursor pages over a workspace's objects, newest first: the cursor is the (created_at, id) of
// the last row returned, so pages stay stable while new objects arrive.
import { HttpError } from './http.mjs';

const invalid = (path, code, message) => new HttpError(422, 'validation_error', message, [{ path, code, message }]);

export async function paginate(c, table, filters = {}) {
  const params = c.url.searchParams;
  let limit = 25;
  if (params.has('limit')) {
    const text = params.get('limit');
    limit = Number(text);
    if (!/^\d+$/.test(text) || limit < 1 || limit > 100) throw invalid('/query/limit', 'out_of_range', 'limit must be an integer from 1 to 100');
  }
  let where = 'workspace_id = ? AND test = ?';
  const binds = [c.auth.workspaceId, c.auth.test ? 1 : 0];
  for (const [column, value] of Object.entries(filters)) {
    if (value === undefined || value === null) continue;
    where += ` AND ${column} = ?`;
    binds.push(value);
  }
  const cursor = params.get('cursor');
  if (cursor) {
    let after;
    try {
      after = JSON.parse(atob(cursor.replace(/-/g, '+').replace(/_/g, '/')));
    } catch { /* reported below */ }
    if (!Array.isArray(after) || after.length !== 2 || !after.every((v) => typeof v === 'string')) {
      throw invalid('/query/cursor', 'invalid_cursor', 'cursor is not one this API returned');
    }
    where += ' AND (created_at < ? OR (created_at = ? AND id < ?))';
    binds.push(after[0], after[0], after[1]);
  }
  const { results } = await c.env.DB.prepare(`SELECT * FROM ${table} WHERE ${where} ORDER BY created_at DESC, id DESC LIMIT ?`)
    .bind(...binds, limit + 1).all();
  const hasMore = results.length > limit;
  const rows = results.slice(0, limit);
  const last = rows[rows.length - 1];
  const nextCursor = hasMore ? btoa(JSON.stringify([last.created_at, last.id])).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '') : null;
  return { rows, hasMore, nextCursor };
}
