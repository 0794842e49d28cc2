// SPDX-License-Identifier: MIT
// Creating a batch: validate with the engine, then store the batch, its refused items, its
// pending list and its first made item in one D1 transaction (API.md §4, docs/storage.md). The
// first item is made now so its line can follow the head line at once (API users watch for it).
import { validateBatch } from 'qredge';
import { ApiError, invalidAll } from '../http/errors.mjs';
import { newId, nowIso } from '../ids.mjs';
import { resolveDesignLogo } from '../logo.mjs';
import { insertBatchStatement, countsStatement } from '../store/batches.mjs';
import { insertRefusedStatements, insertPendingStatements } from '../store/items.mjs';
import { templateDesign } from '../store/templates.mjs';
import { recordStatement } from '../store/idempotency.mjs';
import { batchObject } from './objects.mjs';
import { makeItem } from './item.mjs';
import { leaseMs } from './run.mjs';
import { emitBatchEvent } from '../webhooks/deliver.mjs';
import { takeItemSchedules, applyItemSchedules } from '../schedule.mjs';

export const redirectBase = (c) => (c.env.REDIRECT_BASE ?? new URL(c.request.url).origin).replace(/\/+$/, '');

// The name an item was sent with, kept on a refused item too (issue 15): a string the API would
// store (at most 255 characters), else null. The engine reports names of valid items only.
function sentName(body, index) {
  const name = body.items?.[index]?.name;
  return typeof name === 'string' && name.length > 0 && name.length <= 255 ? name : null;
}

function warningsOf(req) {
  // A CSV's ignored columns are said once, on the batch.
  const warnings = (req.warnings ?? []).map((message) => ({ code: 'csv_columns_ignored', path: '', message }));
  if (req.body.template_id !== undefined && req.body.design !== undefined) {
    // API.md §7.3: the template wins; the design sent with it is not used, and the answer says so.
    warnings.push({ code: 'design_ignored', path: req.csv ? '/query/design' : '/design',
      message: 'design was ignored because template_id was given: a template replaces the design (send one or the other)' });
  }
  return warnings;
}

async function validate(c, { text, body, csv }) {
  // Only a plausible id is looked up: a 4 MB template_id must not become a 4 MB D1 parameter
  // (SQLITE_TOOBIG); anything else is simply not found, which the engine reports.
  const template = typeof body.template_id === 'string' && /^tpl_[0-9A-Za-z]{1,64}$/.test(body.template_id)
    ? await templateDesign(c.env.DB, c.auth, body.template_id) : undefined;
  // The engine reads JSON text: the body as received, unless a fetched logo or the items'
  // schedules (which the worker checks, not the engine) changed it.
  const { body: engineBody, schedules } = takeItemSchedules(body);
  const newLogo = body.template_id === undefined && !!body.design;
  const request = !newLogo && !schedules.size ? text
    : { ...engineBody, ...(newLogo ? { design: await resolveDesignLogo(body.design) } : {}) };
  const v = validateBatch(request, template ? { dynamic_available: true, template_design: template } : { dynamic_available: true });
  if (v.ok) {
    applyItemSchedules(v.items, schedules);
    return v;
  }
  // JSON that JavaScript reads but the engine does not (a number past double range) is still
  // a body problem: 400, like any other unreadable body. The engine's parser text is not passed on (issue 14).
  if (v.errors[0].code === 'invalid_json') throw new ApiError('invalid_json', 'the body is not JSON that the engine can read');
  // In a CSV request, design, output and template_id are query parameters.
  const errors = csv ? v.errors.map((e) => (/^\/(design|output|template_id)(\/|$)/.test(e.path) ? { ...e, path: `/query${e.path}` } : e)) : v.errors;
  throw invalidAll(errors, 'the request is invalid: ');
}

/**
 * Validates and stores the batch of `req` ({ text, body, csv?, warnings? }), with the first item
 * made. Returns { head, first, fresh, validated } for the answer and the run.
 */
export async function createBatch(c, req, claim, withImages) {
  const { env, auth } = c;
  const db = env.DB;
  const { body } = req;
  const v = await validate(c, req);
  const id = newId('batch');
  const createdAt = nowIso();
  const valid = v.items.filter((i) => i.ok).length;
  const status = valid === 0 ? 'failed' : 'processing';
  const warnings = warningsOf(req);
  const row = { id, status, total_count: v.items.length, error_count: v.items.length - valid, design: JSON.stringify(v.design),
    output: JSON.stringify(v.output), template_id: body.template_id ?? null, redirect_base: redirectBase(c), created_at: createdAt,
    completed_at: status === 'failed' ? createdAt : null, lease_until: Date.now() + leaseMs(env), warnings: warnings.length ? JSON.stringify(warnings) : null };
  const refused = v.items.filter((item) => !item.ok)
    .map((item) => [item.index, item.type || null, item.kind || null, sentName(body, item.index), item.error.code, JSON.stringify(item.error)]);
  const pending = v.items.filter((item) => item.ok).map((item) => ({ idx: item.index, type: item.type, kind: item.kind, name: item.name || null,
    spec: { payload: item.payload, target: item.target, folder_id: item.folder_id, tags: item.tags, name: item.name, schedule: item.schedule } }));
  const statements = [insertBatchStatement(db, auth, row), ...insertRefusedStatements(db, id, refused), ...insertPendingStatements(db, id, pending)];
  const first = pending.length
    ? await makeItem(db, { batchId: id, design: v.design, output: v.output, origin: row.redirect_base }, pending[0], withImages)
    : null;
  if (first) statements.push(...first.statements, countsStatement(db, id, Date.now() + leaseMs(env)));
  if (claim) statements.push(recordStatement(db, claim, id, Date.now()));
  // A batch refused whole is finished now: its webhook event is queued with it.
  const event = status === 'failed' ? await emitBatchEvent(db, id) : null;
  if (event) statements.push(event.statement);
  await db.batch(statements);
  if (event) c.ctx.waitUntil(event.deliver(env));

  // The head line is what was just stored, without reading it back.
  const items = v.items.map((item) => ({ idx: item.index, type: item.type || null, kind: item.kind || null,
    name: item.ok ? item.name || null : sentName(body, item.index),
    error_code: item.error?.code ?? null, error: item.error ? JSON.stringify(item.error) : null, scan: null }));
  const firstOk = !!first?.line.qr_code_id;
  if (first) {
    const l = first.line;
    Object.assign(items[l.index], { name: l.name, qr_code_id: l.qr_code_id, error_code: l.error_code,
      error: l.error_code ? JSON.stringify({ path: l.error_path, code: l.error_code, message: l.error }) : null,
      scan: l.scan ? JSON.stringify(l.scan) : null });
  }
  const head = batchObject({ ...row, completed_count: firstOk ? 1 : 0, error_count: row.error_count + (first && !firstOk ? 1 : 0), test: auth.test }, items);
  return { head, items, first, fresh: { batch: row, pending: pending.slice(1) }, validated: v.items };
}
