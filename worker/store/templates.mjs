// SPDX-License-Identifier: MIT
// The templates table: saved designs (normalised design JSON), per workspace and mode.
import { owner } from './owner.mjs';

export const insertTemplate = (db, auth, row) => db.prepare('INSERT INTO templates (id, workspace_id, name, design, test, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
  .bind(row.id, auth.workspaceId, row.name, row.design, row.test, row.created_at, row.updated_at).run();

export const templateById = (db, auth, id) =>
  db.prepare('SELECT * FROM templates WHERE id = ? AND workspace_id = ? AND test = ?').bind(id, ...owner(auth)).first();

export const templateExists = (db, auth, id) =>
  db.prepare('SELECT id FROM templates WHERE id = ? AND workspace_id = ? AND test = ?').bind(id, ...owner(auth)).first();

/** The template's design (parsed), or undefined. */
export async function templateDesign(db, auth, id) {
  const row = await db.prepare('SELECT design FROM templates WHERE id = ? AND workspace_id = ? AND test = ?')
    .bind(id, ...owner(auth)).first();
  return row ? JSON.parse(row.design) : undefined;
}

/** Sets the name (when `setName`) and the design (when not null); the row after, or null. */
export const updateTemplate = (db, auth, id, { setName, name, design, at }) => db.prepare(`UPDATE templates SET name = CASE WHEN ?1 THEN ?2 ELSE name END, design = COALESCE(?3, design),
      updated_at = ?4 WHERE id = ?5 AND workspace_id = ?6 AND test = ?7 RETURNING *`)
  .bind(setName ? 1 : 0, name, design, at, id, ...owner(auth)).first();

export const deleteTemplateRow = (db, auth, id) => db.prepare('DELETE FROM templates WHERE id = ? AND workspace_id = ? AND test = ? RETURNING id')
  .bind(id, ...owner(auth)).first();
