// SPDX-License-Identifier: MIT
// Cursor lists (API.md §4): `limit` 1–100 (default 25), newest first; the cursor is the
// (created_at, id) of the last row returned, so pages stay stable while new objects arrive.
import { invalid } from '../http/errors.mjs';
import { json } from '../http/respond.mjs';
import { pageOf } from '../store/pages.mjs';

const base64url = (text) => btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

function readCursor(params) {
  const cursor = params.get('cursor');
  if (!cursor) return null;
  let after;
  try {
    after = JSON.parse(atob(cursor.replace(/-/g, '+').replace(/_/g, '/')));
  } catch { /* reported below */ }
  if (!Array.isArray(after) || after.length !== 2 || !after.every((v) => typeof v === 'string')) {
    throw invalid('/query/cursor', 'invalid_cursor', 'cursor is not one this API returned');
  }
  return after;
}

function readLimit(params) {
  if (!params.has('limit')) return 25;
  const text = params.get('limit');
  const limit = Number(text);
  if (!/^\d+$/.test(text) || limit < 1 || limit > 100) throw invalid('/query/limit', 'out_of_range', 'limit must be an integer from 1 to 100');
  return limit;
}

/** The page of `table` the query asks for: `{ rows, hasMore, nextCursor }`. */
export async function readPage(c, table, filters = {}) {
  const params = c.url.searchParams;
  const limit = readLimit(params);
  const { rows, hasMore } = await pageOf(c.env.DB, table, c.auth, { limit, after: readCursor(params), filters });
  const last = rows[rows.length - 1];
  return { rows, hasMore, nextCursor: hasMore ? base64url(JSON.stringify([last.created_at, last.id])) : null };
}

/** The list answer `{ object: 'list', data, has_more, next_cursor }`. */
export const listAnswer = (page, toObject) =>
  json({ object: 'list', data: page.rows.map(toObject), has_more: page.hasMore, next_cursor: page.nextCursor });
