// SPDX-License-Identifier: MIT
// A batch and its items as the API shows them (API.md §4, docs/api.md "The batch object"),
// from their rows; items not made yet have no row and come from the batch's pending list.
import { batchById } from '../store/batches.mjs';
import { itemRows, itemsToMake } from '../store/items.mjs';

export function batchObject(row, items) {
  const batch = {
    id: row.id, object: 'batch', status: row.status,
    total_count: row.total_count, completed_count: row.completed_count, error_count: row.error_count,
    template_id: row.template_id ?? null, warnings: row.warnings ? JSON.parse(row.warnings) : [],
    created_at: row.created_at, completed_at: row.completed_at ?? null, test: !!row.test,
  };
  if (items) batch.items = items.map(itemObject);
  return batch;
}

function itemObject(r) {
  const error = r.error ? JSON.parse(r.error) : null;
  return {
    index: r.idx, name: r.name ?? null, type: r.type ?? null, kind: r.kind ?? null,
    qr_code_id: r.qr_code_id ?? null,
    error: error?.message ?? null, error_code: r.error_code ?? null, error_path: error?.path ?? null,
    scan: r.scan ? JSON.parse(r.scan) : null,
  };
}

/** An item line of the NDJSON answer. */
export const itemLine = (batchId, row) => ({ object: 'batch_item', batch_id: batchId, ...itemObject(row) });

/** `{ row, items }` (items in index order, waiting ones included), `{ row }` without items, or null. */
export async function loadBatch(db, auth, id, withItems = true) {
  const row = await batchById(db, auth, id);
  if (!row) return null;
  if (!withItems) return { row };
  const rows = await itemRows(db, id);
  if (row.status !== 'processing') return { row, items: rows };
  const waiting = (await itemsToMake(db, id, rows))
    .map(({ idx, type, kind, name }) => ({ idx, type, kind, name, qr_code_id: null, error_code: null, error: null, scan: null }));
  return { row, items: [...rows, ...waiting].sort((a, b) => a.idx - b.idx) };
}
