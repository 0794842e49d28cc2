// SPDX-License-Identifier: MIT
// Templates: a saved, validated design (`tpl_…`) that replaces `design` in a batch. An https:
// logo is fetched once, when the template is saved or changed, and stored as a data: URL.
// A batch keeps a copy of the design it used, so changing or deleting a template never changes
// codes already made (docs/worker.md "Templates").
import { validateBatch } from 'qredge';
import { invalidAll, notFound } from '../http/errors.mjs';
import { json } from '../http/respond.mjs';
import { readJsonObject } from '../http/body.mjs';
import { resolveDesignLogo } from '../logo.mjs';
import { newId, nowIso } from '../ids.mjs';
import { insertTemplate, templateById, templateExists, updateTemplate, deleteTemplateRow } from '../store/templates.mjs';
import { readPage, listAnswer } from './list.mjs';

const templateObject = (row) => ({
  id: row.id, object: 'template', name: row.name ?? null, design: JSON.parse(row.design),
  test: !!row.test, created_at: row.created_at, updated_at: row.updated_at ?? row.created_at,
});

function nameProblem(name) {
  if (typeof name !== 'string' || name.length > 255) {
    return { path: '/name', code: typeof name === 'string' ? 'too_long' : 'invalid_type', message: 'name must be a string of at most 255 characters' };
  }
  // API.md §1: strings hold no control characters other than \n and \t, and are valid UTF-8.
  if (/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/.test(name)) {
    return { path: '/name', code: 'control_character', message: 'name must not hold control characters other than \\n and \\t' };
  }
  if (!name.isWellFormed()) return { path: '/name', code: 'invalid_utf8', message: 'name holds a lone UTF-16 surrogate, which is not valid Unicode' };
  return null;
}

// The body of a POST (design required) or a PATCH (at least one field; name may be null to
// clear it): field errors as details, then the design normalised by the engine (JSON text).
async function readTemplateBody(c, { partial }) {
  const body = await readJsonObject(c.request);
  const details = Object.keys(body).filter((k) => k !== 'name' && k !== 'design')
    .map((k) => ({ path: `/${k}`, code: 'unknown_field', message: `unknown field ${k}` }));
  const name = body.name === undefined || (body.name === null && partial) ? null : nameProblem(body.name);
  if (name) details.push(name);
  if (!partial && body.design === undefined) details.push({ path: '/design', code: 'required', message: 'design is required' });
  if (partial && body.design === null) details.push({ path: '/design', code: 'invalid_type', message: 'design cannot be cleared: send a design object' });
  if (partial && !details.length && body.name === undefined && body.design === undefined) {
    details.push({ path: '', code: 'required', message: 'send name, design or both' });
  }
  if (details.length) throw invalidAll(details);
  if (body.design === undefined) return { body, design: undefined };
  const resolved = await resolveDesignLogo(body.design);
  const v = validateBatch({ items: [{ target: { type: 'text', text: 'x' } }], design: resolved });
  if (!v.ok) throw invalidAll(v.errors);
  return { body, design: JSON.stringify(v.design) };
}

export async function createTemplate(c) {
  const { body, design } = await readTemplateBody(c, { partial: false });
  const now = nowIso();
  const row = { id: newId('tpl'), name: body.name ?? null, design, test: c.auth.test ? 1 : 0, created_at: now, updated_at: now };
  await insertTemplate(c.env.DB, c.auth, row);
  return json(templateObject(row), 201);
}

export async function getTemplate(c) {
  const row = await templateById(c.env.DB, c.auth, c.params.id);
  if (!row) throw notFound(`no template ${c.params.id}`);
  return json(templateObject(row));
}

export const listTemplates = async (c) => listAnswer(await readPage(c, 'templates'), templateObject);

// PATCH: name and/or design; fields left out stay. One UPDATE … RETURNING: whole or not at all.
export async function patchTemplate(c) {
  const { id } = c.params;
  if (!await templateExists(c.env.DB, c.auth, id)) throw notFound(`no template ${id}`);
  const { body, design } = await readTemplateBody(c, { partial: true });
  const row = await updateTemplate(c.env.DB, c.auth, id, { setName: body.name !== undefined, name: body.name ?? null, design: design ?? null, at: nowIso() });
  if (!row) throw notFound(`no template ${id}`);
  return json(templateObject(row));
}

// DELETE answers the deleted object's id (`deleted: true`), as a 200 with a body, so a client
// can tell what went; batches that used the template keep their copy of its design.
export async function deleteTemplate(c) {
  const row = await deleteTemplateRow(c.env.DB, c.auth, c.params.id);
  if (!row) throw notFound(`no template ${c.params.id}`);
  return json({ id: row.id, object: 'template', deleted: true });
}
