// SPDX-License-Identifier: MIT
// The idempotency table: one row per (scope, key). A pending claim has batch_id '' and
// created_at = when it was claimed; the batch's creation transaction fills in batch_id.

/**
 * Inserts the claim, or takes over a row that expired (a finished record created at or before
 * `recordBefore`, a pending claim at or before `claimBefore`). Returns `{ created_at }` when
 * claimed, else null (nothing changed).
 */
export const claimKey = (db, { scope, key, bodyHash, now, recordBefore, claimBefore }) => db.prepare(`INSERT INTO idempotency (workspace_id, key, body_hash, batch_id, created_at) VALUES (?1, ?2, ?3, '', ?4)
        ON CONFLICT (workspace_id, key) DO UPDATE SET body_hash = excluded.body_hash, batch_id = '', created_at = excluded.created_at
        WHERE (idempotency.batch_id <> '' AND idempotency.created_at <= ?5) OR (idempotency.batch_id = '' AND idempotency.created_at <= ?6)
        RETURNING created_at`)
  .bind(scope, key, bodyHash, now, recordBefore, claimBefore).first();

export const keyRecord = (db, scope, key) => db.prepare('SELECT body_hash, batch_id, created_at FROM idempotency WHERE workspace_id = ? AND key = ?')
  .bind(scope, key).first();

export const releaseClaim = (db, claim) => db.prepare("DELETE FROM idempotency WHERE workspace_id = ? AND key = ? AND batch_id = '' AND created_at = ?")
  .bind(claim.scope, claim.key, claim.at).run();

/** The claim made the batch's record, in the batch's own transaction. */
export const recordStatement = (db, claim, batchId, at) => db.prepare("UPDATE idempotency SET batch_id = ?, created_at = ? WHERE workspace_id = ? AND key = ? AND batch_id = '' AND created_at = ?")
  .bind(batchId, at, claim.scope, claim.key, claim.at);
