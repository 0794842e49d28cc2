// SPDX-License-Identifier: MIT
// The batches table. A processing batch is owned through a lease (lease_until, ms): its owner
// extends it with every flush; anyone may take over a batch whose lease ran out.
import { owner } from './owner.mjs';

export const insertBatchStatement = (db, auth, b) => db.prepare(`INSERT INTO batches (id, workspace_id, status, total_count, completed_count, error_count,
      design, output, template_id, redirect_base, test, created_at, completed_at, lease_until, warnings)
      VALUES (?, ?, ?, ?, 0, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
  .bind(b.id, auth.workspaceId, b.status, b.total_count, b.error_count, b.design, b.output,
    b.template_id, b.redirect_base, auth.test ? 1 : 0, b.created_at, b.completed_at, b.lease_until, b.warnings);

export const batchById = (db, auth, id) =>
  db.prepare('SELECT * FROM batches WHERE id = ? AND workspace_id = ? AND test = ?').bind(id, ...owner(auth)).first();

/** The batch row whoever owns it (its runner already holds the id). */
export const batchRow = (db, id) => db.prepare('SELECT * FROM batches WHERE id = ?').bind(id).first();

export const batchCounts = (db, auth, id) => db.prepare('SELECT id, status, total_count, completed_count, error_count, created_at FROM batches WHERE id = ? AND workspace_id = ? AND test = ?')
  .bind(id, ...owner(auth)).first();

/** The batch's counts recomputed from its items, and its lease extended. */
export const countsStatement = (db, batchId, leaseUntil) => db.prepare(`UPDATE batches SET
    completed_count = (SELECT COUNT(*) FROM batch_items WHERE batch_id = ?1 AND state = 'done'),
    error_count = (SELECT COUNT(*) FROM batch_items WHERE batch_id = ?1 AND state = 'failed'),
    lease_until = ?2 WHERE id = ?1`).bind(batchId, leaseUntil);

/** The final status once every item has its row: failed when no code was made. */
export const finishStatement = (db, batchId, at) => db.prepare(`UPDATE batches SET status = CASE WHEN completed_count = 0 THEN 'failed' ELSE 'completed' END,
      completed_at = ? WHERE id = ? AND status = 'processing'`).bind(at, batchId);

/** Takes over a processing batch whose lease ran out before `now`; true when taken. */
export async function takeLease(db, batchId, now, until) {
  const row = await db.prepare(`UPDATE batches SET lease_until = ? WHERE id = ? AND status = 'processing' AND lease_until < ? RETURNING id`)
    .bind(until, batchId, now).first();
  return !!row;
}

export async function staleBatchIds(db, now) {
  const { results } = await db.prepare("SELECT id FROM batches WHERE status = 'processing' AND lease_until < ? LIMIT 20").bind(now).all();
  return results.map((r) => r.id);
}
