// SPDX-License-Identifier: MIT
// Templates: a saved, validated design (`tpl_…`) that replaces `design` in a batch. An https:
// logo is fetched once, when the template is saved or changed, and stored as a data: URL.
// A batch keeps a copy of the design it used, so changing or deleting a template never changes
// codes already made (docs/worker.md "Templates").
import { validateBatch } from '../dist/worker.mjs';
import { HttpError } from './http.mjs';
import { readJsonText, parseJson, requireObject } from './body.mjs';
import { resolveDesignLogo } from './logo.mjs';
import { newId, nowIso } from './ids.mjs';
import { paginate } from './pagination.mjs';

const json = (body, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json; charset=utf-8' } });

const templateObject = (row) => ({
  id: row.id, object: 'template', name: row.name ?? null, design: JSON.parse(row.design),
  test: !!row.test, created_at: row.created_at, updated_at: row.updated_at ?? row.created_at,
});

// The body of a POST (design required) or a PATCH (at least one field; name may be null):
// field errors as details, then the design normalised by the engine.
async function readTemplateBody(c, { partial }) {
  const body = requireObject(parseJson(await readJsonText(c.request)));
  const details = [];
  for (const k of Object.keys(body)) {
    if (k !== 'name' && k !== 'design') details.push({ path: `/${k}`, code: 'unknown_field', message: `unknown field ${k}` });
  }
  if (body.name === null && partial) {
    // PATCH name: null clears the name.
  } else if (body.name !== undefined && (typeof body.name !== 'string' || body.name.length > 255)) {
    details.push({ path: '/name', code: typeof body.name === 'string' ? 'too_long' : 'invalid_type',
      message: 'name must be a string of at most 255 characters' });
  } else if (typeof body.name === 'string' && /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/.test(body.name)) {
    // API.md §1: strings hold no control characters other than \n and \t, and are valid UTF-8.
    details.push({ path: '/name', code: 'control_character', message: 'name must not hold control characters other than \\n and \\t' });
  } else if (typeof body.name === 'string' && !body.name.isWellFormed()) {
    details.push({ path: '/name', code: 'invalid_utf8', message: 'name holds a lone UTF-16 surrogate, which is not valid Unicode' });
  }
  if (!partial && body.design === undefined) details.push({ path: '/design', code: 'required', message: 'design is required' });
  if (partial && body.design === null) details.push({ path: '/design', code: 'invalid_type', message: 'design cannot be cleared: send a design object' });
  if (partial && !details.length && body.name === undefined && body.design === undefined) {
    details.push({ path: '', code: 'required', message: 'send name, design or both' });
  }
  if (details.length) throw new HttpError(422, 'validation_error', details[0].message, details);
  let design;
  if (body.design !== undefined) {
    const resolved = await resolveDesignLogo(body.design);
    const v = validateBatch({ items: [{ target: { type: 'text', text: 'x' } }], design: resolved });
    if (!v.ok) throw new HttpError(422, 'validation_error', v.errors[0].message, v.errors);
    design = JSON.stringify(v.design);
  }
  return { body, design };
}

const scope = (c) => [c.auth.workspaceId, c.auth.test ? 1 : 0];

export async function createTemplate(c) {
  const { body, design } = await readTemplateBody(c, { partial: false });
  const now = nowIso();
  const row = { id: newId('tpl'), name: body.name ?? null, design, test: c.auth.test ? 1 : 0, created_at: now, updated_at: now };
  await c.env.DB.prepare('INSERT INTO templates (id, workspace_id, name, design, test, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
    .bind(row.id, c.auth.workspaceId, row.name, row.design, row.test, row.created_at, row.updated_at).run();
  return json(templateObject(row), 201);
}

export async function getTemplate(c, id) {
  const row = await c.env.DB.prepare('SELECT * FROM templates WHERE id = ? AND workspace_id = ? AND test = ?').bind(id, ...scope(c)).first();
  if (!row) throw new HttpError(404, 'not_found', `no template ${id}`);
  return json(templateObject(row));
}

export async function listTemplates(c) {
  const page = await paginate(c, 'templates');
  return json({ object: 'list', data: page.rows.map(templateObject), has_more: page.hasMore, next_cursor: page.nextCursor });
}

// PATCH: name and/or design; fields left out stay. One UPDATE … RETURNING: whole or not at all.
export async function patchTemplate(c, id) {
  const exists = await c.env.DB.prepare('SELECT id FROM templates WHERE id = ? AND workspace_id = ? AND test = ?').bind(id, ...scope(c)).first();
  if (!exists) throw new HttpError(404, 'not_found', `no template ${id}`);
  const { body, design } = await readTemplateBody(c, { partial: true });
  const row = await c.env.DB.prepare(`UPDATE templates SET name = CASE WHEN ?1 THEN ?2 ELSE name END, design = COALESCE(?3, design),
      updated_at = ?4 WHERE id = ?5 AND workspace_id = ?6 AND test = ?7 RETURNING *`)
    .bind(body.name !== undefined ? 1 : 0, body.name ?? null, design ?? null, nowIso(), id, ...scope(c)).first();
  if (!row) throw new HttpError(404, 'not_found', `no template ${id}`);
  return json(templateObject(row));
}

// DELETE answers the deleted object's id (`deleted: true`), as a 200 with a body, so a client
// can tell what went; batches that used the template keep their copy of its design.
export async function deleteTemplate(c, id) {
  const row = await c.env.DB.prepare('DELETE FROM templates WHERE id = ? AND workspace_id = ? AND test = ? RETURNING id')
    .bind(id, ...scope(c)).first();
  if (!row) throw new HttpError(404, 'not_found', `no template ${id}`);
  return json({ id: row.id, object: 'template', deleted: true });
}
