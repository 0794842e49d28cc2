// SPDX-License-Identifier: MIT
// The qr_codes table. A code's row is made in the same transaction as its batch_items row;
// ids derive from (batch, index), so the insert is OR IGNORE: an item made twice is stored once.
import { owner } from './owner.mjs';

/** The insert of a made code (a statement to run in a batch); workspace, design and output come from its batch row. */
export const insertCodeStatement = (db, code) => db.prepare(`INSERT OR IGNORE INTO qr_codes (id, workspace_id, batch_id, kind, type, name, short_code, payload,
        target, design, output, folder_id, tags, is_active, scan_count, test, created_at, updated_at, scan, active_from, expires_at)
        SELECT ?, workspace_id, id, ?, ?, ?, ?, ?, ?, design, output, ?, ?, 1, ?, test, ?, ?, ?, ?, ? FROM batches WHERE id = ?`)
  .bind(code.id, code.kind, code.type, code.name, code.shortCode, code.payload, code.target, code.folderId, code.tags,
    code.kind === 'dynamic' ? 0 : null, code.at, code.at, code.scan, code.schedule?.active_from ?? null, code.schedule?.expires_at ?? null, code.batchId);

export const codeById = (db, auth, id) =>
  db.prepare('SELECT * FROM qr_codes WHERE id = ? AND workspace_id = ? AND test = ?').bind(id, ...owner(auth)).first();

/**
 * Writes every changeable field in one statement and returns the row after (null when it is
 * gone): a change is applied whole or not at all.
 */
export const updateCode = (db, auth, id, next, at) => db.prepare(`UPDATE qr_codes SET name = ?, folder_id = ?, tags = ?, design = ?, payload = ?, target = ?, is_active = ?,
      scan = ?, active_from = ?, expires_at = ?, updated_at = ? WHERE id = ? AND workspace_id = ? AND test = ? RETURNING *`)
  .bind(next.name, next.folder_id, next.tags, next.design, next.payload, next.target, next.is_active, next.scan, next.active_from, next.expires_at,
    at, id, ...owner(auth)).first();

/** A dynamic code's switch and schedule ({ is_active, active_from, expires_at }), or null: why it does not redirect. */
export const dynamicCodeState = (db, shortCode) =>
  db.prepare("SELECT is_active, active_from, expires_at FROM qr_codes WHERE short_code = ? AND kind = 'dynamic'").bind(shortCode).first();
