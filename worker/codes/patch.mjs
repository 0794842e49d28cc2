// SPDX-License-Identifier: MIT
// PATCH /v1/qr-codes/{id} (docs/worker.md "PATCH and null"): which fields a code of each kind
// may change, the checks of their values (the engine's, so PATCH accepts exactly what
// POST /v1/batches accepts), and the row's fields after the change.
import { validateBatch, validateDesign, renderPayload, QredgeError } from 'qredge';
import { invalidAll } from '../http/errors.mjs';
import { resolveDesignLogo } from '../logo.mjs';
import { drawnPayload } from './object.mjs';
import { nextSchedule } from '../schedule.mjs';

const PATCHABLE = {
  dynamic: ['name', 'destination', 'utm', 'design', 'folder_id', 'tags', 'is_active', 'active_from', 'expires_at'],
  static: ['name', 'folder_id', 'design'],
};

// `null` puts a field back to what it would be had it been left out when the code was made.
// name: the default name; folder_id: none; tags: none; utm: none (the destination without UTM
// parameters); design: the default design. Fields with no such default refuse it with 422
// invalid_type: destination (a dynamic code must lead somewhere) and is_active (a switch).
const NOT_CLEARABLE = {
  destination: 'destination cannot be cleared: send an http(s) URL',
  is_active: 'is_active must be true or false',
};

const defaultName = (row) => `${row.kind === 'dynamic' ? 'Campaign' : 'Static'} ${row.short_code}`;

function checkFields(row, patch) {
  const allowed = PATCHABLE[row.kind];
  const details = Object.keys(patch).filter((k) => !allowed.includes(k)).map((k) => ({
    path: `/${k}`, code: PATCHABLE.dynamic.includes(k) ? 'field_not_allowed' : 'unknown_field',
    message: PATCHABLE.dynamic.includes(k) ? `${k} cannot be changed on a ${row.kind} code` : `unknown field ${k}`,
  }));
  for (const [k, message] of Object.entries(NOT_CLEARABLE)) {
    if (allowed.includes(k) && patch[k] === null) details.push({ path: `/${k}`, code: 'invalid_type', message });
  }
  if (patch.is_active !== undefined && patch.is_active !== null && typeof patch.is_active !== 'boolean') {
    details.push({ path: '/is_active', code: 'invalid_type', message: 'is_active must be a boolean' });
  }
  // The schedule (active_from, expires_at; null clears a bound) is checked here, not by the engine.
  const { schedule, details: scheduleDetails } = nextSchedule(row, row.kind === 'dynamic' ? patch : {});
  details.push(...scheduleDetails);
  if (details.length) throw invalidAll(details);
  return schedule;
}

// The design is checked on its own (paths under /design), as JSON text: the engine reads a
// string as JSON text, and a design sent as a string must be refused as one. The engine has no entry point for an
// item's fields (target with name, folder_id and tags, checked together in the engine's order),
// so they are checked as a one-item batch drawn with that design, and their paths lose the
// item's prefix: /items/0/target/destination is the body's /destination, /items/0/name its /name.
const ITEM = '/items/0';
const TARGET = `${ITEM}/target`;
const bodyPath = (path) => (path.startsWith(TARGET) ? path.slice(TARGET.length) : path.startsWith(ITEM) ? path.slice(ITEM.length) : path);

function validateValues(row, patch) {
  let design;
  if (patch.design !== undefined) {
    const d = validateDesign(JSON.stringify(patch.design), { path: '/design' });
    if (!d.ok) throw invalidAll(d.errors, 'the change is invalid: ');
    design = d.design;
  }
  const target = JSON.parse(row.target);
  const utm = patch.utm === null ? {} : patch.utm !== undefined ? { utm: patch.utm } : target.utm ? { utm: target.utm } : {};
  const item = { target: row.kind === 'dynamic'
    ? { type: 'url', destination: patch.destination ?? target.destination, ...utm }
    : { type: 'text', text: 'x' } };
  for (const k of ['name', 'folder_id', 'tags']) if (patch[k] !== undefined && patch[k] !== null) item[k] = patch[k];
  const v = validateBatch(design ? { items: [item], design } : { items: [item] }, { dynamic_available: true });
  const errors = v.ok ? (v.items[0].ok ? [] : [v.items[0].error]) : v.errors;
  if (errors.length) throw invalidAll(errors.map((e) => ({ ...e, path: bodyPath(e.path) })), 'the change is invalid: ');
  return { item: v.items[0], design, target: item.target };
}

/** The row's changeable fields after `patch` (checked, logo fetched, new design drawn once). */
export async function patchedFields(c, row, patch) {
  const schedule = checkFields(row, patch);
  if (patch.design === null) patch.design = {};
  // An https: logo is fetched (and checked) now and stored as a data: URL, as for batches.
  if (patch.design !== undefined) patch.design = await resolveDesignLogo(patch.design);
  const { item, design, target } = validateValues(row, patch);
  // A new design is drawn once now (stored output, the payload the code encodes): the code keeps
  // a scan report of what it now looks like, and a design the engine cannot draw for this code
  // is refused here rather than at the next download.
  let scan = row.scan;
  if (patch.design !== undefined) {
    try {
      scan = JSON.stringify(renderPayload(drawnPayload(c, row), design, JSON.parse(row.output)).scan);
    } catch (e) {
      if (!(e instanceof QredgeError)) throw e;
      const path = e.path.startsWith('/design') ? e.path : '/design';
      throw invalidAll([{ path, code: e.code, message: e.message }], 'the change is invalid: ');
    }
  }
  return {
    name: patch.name === null ? defaultName(row) : patch.name !== undefined ? patch.name : row.name,
    folder_id: patch.folder_id !== undefined ? patch.folder_id : row.folder_id,
    tags: patch.tags !== undefined ? JSON.stringify(patch.tags ?? []) : row.tags,
    design: patch.design !== undefined ? JSON.stringify(design) : row.design,
    payload: row.kind === 'dynamic' ? item.payload : row.payload,
    target: row.kind === 'dynamic' && (patch.destination !== undefined || patch.utm !== undefined) ? JSON.stringify(target) : row.target,
    is_active: patch.is_active !== undefined ? (patch.is_active ? 1 : 0) : row.is_active,
    scan,
    active_from: schedule.active_from,
    expires_at: schedule.expires_at,
  };
}
