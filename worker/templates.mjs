// SPDX-License-Identifier: MIT
// Templates: a saved, validated design (`tpl_…`) that replaces `design` in a batch. An https:
// logo is fetched once, when the template is saved, and stored as a data: URL.
import { validateBatch } from '../dist/worker.mjs';
import { HttpError } from './http.mjs';
import { readJsonText, parseJson, requireObject } from './body.mjs';
import { resolveDesignLogo } from './logo.mjs';
import { newId, nowIso } from './ids.mjs';

const json = (body, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json; charset=utf-8' } });

const templateObject = (row) => ({
  id: row.id, object: 'template', name: row.name ?? null, design: JSON.parse(row.design),
  test: !!row.test, created_at: row.created_at,
});

export async function createTemplate(c) {
  const body = requireObject(parseJson(await readJsonText(c.request)));
  const details = [];
  for (const k of Object.keys(body)) {
    if (k !== 'name' && k !== 'design') details.push({ path: `/${k}`, code: 'unknown_field', message: `unknown field ${k}` });
  }
  if (body.name !== undefined && (typeof body.name !== 'string' || body.name.length > 255)) {
    details.push({ path: '/name', code: typeof body.name === 'string' ? 'too_long' : 'invalid_type',
      message: 'name must be a string of at most 255 characters' });
  } else if (typeof body.name === 'string' && /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/.test(body.name)) {
    // API.md §1: strings hold no control characters other than \n and \t, and are valid UTF-8.
    details.push({ path: '/name', code: 'control_character', message: 'name must not hold control characters other than \\n and \\t' });
  } else if (typeof body.name === 'string' && !body.name.isWellFormed()) {
    details.push({ path: '/name', code: 'invalid_utf8', message: 'name holds a lone UTF-16 surrogate, which is not valid Unicode' });
  }
  if (body.design === undefined) details.push({ path: '/design', code: 'required', message: 'design is required' });
  if (details.length) throw new HttpError(422, 'validation_error', details[0].message, details);
  const design = await resolveDesignLogo(body.design);
  const v = validateBatch({ items: [{ target: { type: 'text', text: 'x' } }], design });
  if (!v.ok) throw new HttpError(422, 'validation_error', v.errors[0].message, v.errors);
  const row = { id: newId('tpl'), name: body.name ?? null, design: JSON.stringify(v.design), test: c.auth.test ? 1 : 0, created_at: nowIso() };
  await c.env.DB.prepare('INSERT INTO templates (id, workspace_id, name, design, test, created_at) VALUES (?, ?, ?, ?, ?, ?)')
    .bind(row.id, c.auth.workspaceId, row.name, row.design, row.test, row.created_at).run();
  return json(templateObject(row), 201);
}

export async function getTemplate(c, id) {
  const row = await c.env.DB.prepare('SELECT * FROM templates WHERE id = ? AND workspace_id = ? AND test = ?')
    .bind(id, c.auth.workspaceId, c.auth.test ? 1 : 0).first();
  if (!row) throw new HttpError(404, 'not_found', `no template ${id}`);
  return json(templateObject(row));
}
