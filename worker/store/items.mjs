// SPDX-License-Identifier: MIT
// A batch's items: batch_items holds one row per item with a result (made or refused);
// batch_pending holds the validated items still to make, as chunks of JSON text (inserting
// 1000 pending rows took two thirds of the creation transaction; docs/storage.md).

// D1 allows 100 bound parameters per statement and a bound value of at most 2 MB: many rows go
// in as one JSON-array parameter (expanded with json_each), in chunks under this size.
const ROWS_PARAM_BYTES = 1_000_000;

function* jsonArraysUnder(rows, maxBytes) {
  let chunk = [];
  let bytes = 0;
  for (const row of rows) {
    const text = JSON.stringify(row);
    if (chunk.length && bytes + text.length > maxBytes) { yield `[${chunk.join(',')}]`; chunk = []; bytes = 0; }
    chunk.push(text);
    bytes += text.length + 1;
  }
  if (chunk.length) yield `[${chunk.join(',')}]`;
}

/** Statements storing refused items, each `[idx, type, kind, name, error_code, error JSON]`. */
export const insertRefusedStatements = (db, batchId, rows) => [...jsonArraysUnder(rows, ROWS_PARAM_BYTES)].map((jsonRows) =>
  db.prepare(`INSERT INTO batch_items (batch_id, idx, state, type, kind, name, error_code, error)
    SELECT ?1, value ->> 0, 'failed', value ->> 1, value ->> 2, value ->> 3, value ->> 4, value ->> 5 FROM json_each(?2)`)
    .bind(batchId, jsonRows));

/** Statements storing the pending list (entries `{ idx, type, kind, name, spec }`), in chunks. */
export const insertPendingStatements = (db, batchId, entries) => [...jsonArraysUnder(entries, ROWS_PARAM_BYTES)].map((jsonItems, chunk) =>
  db.prepare('INSERT INTO batch_pending (batch_id, chunk, items) VALUES (?, ?, ?)').bind(batchId, chunk, jsonItems));

export const deletePendingStatement = (db, batchId) => db.prepare('DELETE FROM batch_pending WHERE batch_id = ?').bind(batchId);

export const doneItemStatement = (db, batchId, item) => db.prepare("INSERT OR IGNORE INTO batch_items (batch_id, idx, state, type, kind, name, qr_code_id, scan) VALUES (?, ?, 'done', ?, ?, ?, ?, ?)")
  .bind(batchId, item.idx, item.type, item.kind, item.name, item.qrCodeId, item.scan);

export const failedItemStatement = (db, batchId, item) => db.prepare("INSERT OR IGNORE INTO batch_items (batch_id, idx, state, type, kind, name, error_code, error) VALUES (?, ?, 'failed', ?, ?, ?, ?, ?)")
  .bind(batchId, item.idx, item.type, item.kind, item.name, item.errorCode, item.error);

export async function itemRows(db, batchId) {
  const { results } = await db.prepare('SELECT * FROM batch_items WHERE batch_id = ? ORDER BY idx').bind(batchId).all();
  return results;
}

export async function madeIndexes(db, batchId) {
  const { results } = await db.prepare('SELECT idx FROM batch_items WHERE batch_id = ?').bind(batchId).all();
  return results;
}

/** The pending list's entries that have no row among `rows` (the items still to make), in index order. */
export async function itemsToMake(db, batchId, rows) {
  const made = new Set(rows.map((r) => r.idx));
  const { results } = await db.prepare('SELECT items FROM batch_pending WHERE batch_id = ? ORDER BY chunk').bind(batchId).all();
  return results.flatMap((r) => JSON.parse(r.items)).filter((entry) => !made.has(entry.idx));
}

/** Up to `limit` items from index `from` on, each with its code's row (archive). */
export async function itemsWithCodes(db, batchId, from, limit) {
  const { results } = await db.prepare(`SELECT b.idx, b.state, b.name, b.type, b.kind, b.qr_code_id, b.error_code, b.error,
    q.payload, q.short_code, q.design, q.output FROM batch_items b LEFT JOIN qr_codes q ON q.id = b.qr_code_id
    WHERE b.batch_id = ? AND b.idx >= ? ORDER BY b.idx LIMIT ?`).bind(batchId, from, limit).all();
  return results;
}
