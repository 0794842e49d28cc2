// SPDX-License-Identifier: MIT
// PATCH /v1/qr-codes/{id} (docs/worker.md "PATCH and null"): which fields a code of each kind
// may change, the checks of their values (the engine's, so PATCH accepts exactly what
// POST /v1/batches accepts), and the row's fields after the change.
import { validateDesign, validateMetadata, validateTarget, renderPayload, QredgeError } from 'qredge';
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

// Each changed value is checked by the engine's validator for its piece, paths as in the body:
// the design (under /design; as JSON text, so a design sent as a string is refused as one), a
// dynamic code's new target (destination and utm at the top level of the body) and the
// metadata (name, folder_id, tags). Every problem found is reported, not only the first piece's.
function validateValues(row, patch) {
  const errors = [];
  let design;
  if (patch.design !== undefined) {
    const d = validateDesign(JSON.stringify(patch.design), { path: '/design' });
    if (d.ok) design = d.design;
    else errors.push(...d.errors);
  }
  let target;  // the new target of a dynamic code, when it changes
  let payload = row.payload;
  if (row.kind === 'dynamic' && (patch.destination !== undefined || patch.utm !== undefined)) {
    const was = JSON.parse(row.target);
    const utm = patch.utm === null ? {} : patch.utm !== undefined ? { utm: patch.utm } : was.utm ? { utm: was.utm } : {};
    target = { type: 'url', destination: patch.destination ?? was.destination, ...utm };
    const t = validateTarget(target, { path: '', dynamic_available: true });
    if (t.ok) payload = t.payload;
    else errors.push(...t.errors);
  }
  const fields = Object.fromEntries(['name', 'folder_id', 'tags'].filter((k) => patch[k] !== undefined && patch[k] !== null).map((k) => [k, patch[k]]));
  const m = validateMetadata(fields, { path: '' });
  if (!m.ok) errors.push(...m.errors);
  if (errors.length) throw invalidAll(errors, 'the change is invalid: ');
  return { design, target, payload };
}

/** The row's changeable fields after `patch` (checked, logo fetched, new design drawn once). */
export async function patchedFields(c, row, patch) {
  const schedule = checkFields(row, patch);
  if (patch.design === null) patch.design = {};
  // An https: logo is fetched (and checked) now and stored as a data: URL, as for batches.
  if (patch.design !== undefined) patch.design = await resolveDesignLogo(patch.design);
  const { design, target, payload } = validateValues(row, patch);
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
    payload,
    target: target === undefined ? row.target : JSON.stringify(target),
    is_active: patch.is_active !== undefined ? (patch.is_active ? 1 : 0) : row.is_active,
    scan,
    active_from: schedule.active_from,
    expires_at: schedule.expires_at,
  };
}
