// SPDX-License-Identifier: MIT
// The schedule of a dynamic code (docs/api.md "Schedules"): `active_from` and `expires_at`,
// each an RFC 3339 time or null (no bound). Stored as toISOString() text (UTC, milliseconds),
// so SQL compares them as strings, in the redirect's own statement.
export const SCHEDULE_FIELDS = ['active_from', 'expires_at'];

// RFC 3339 with a time zone: 2026-12-01T09:00:00Z, 2026-12-01T10:00:00.5+01:00.
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2})$/;

/** The stored text of a schedule time, or a { path, code, message } detail. */
function parseTime(field, value) {
  if (value === null) return { value: null };
  const example = '2026-12-01T09:00:00Z';
  if (typeof value !== 'string') return { error: { path: `/${field}`, code: 'invalid_type', message: `${field} must be an RFC 3339 time such as ${example}, or null` } };
  const m = RFC3339.exec(value);
  const ms = m ? Date.parse(value.toUpperCase()) : NaN;
  // Date.parse rolls 2026-02-30 over into March: the day must exist as written.
  const dayExists = m && new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))).getUTCDate() === Number(m[3]);
  if (!m || Number.isNaN(ms) || !dayExists || Number(m[1]) < 2000) {
    return { error: { path: `/${field}`, code: 'invalid_date', message: `${field} must be an RFC 3339 time with a time zone, such as ${example}` } };
  }
  return { value: new Date(ms).toISOString() };
}

/**
 * The schedule after a change: `patch` may hold active_from and expires_at (absent: unchanged,
 * null: no bound); `current` is the stored { active_from, expires_at }. Returns
 * { schedule, details }: details list what is wrong (empty when the change is valid).
 */
export function nextSchedule(current, patch) {
  const schedule = { active_from: current.active_from ?? null, expires_at: current.expires_at ?? null };
  const details = [];
  for (const field of SCHEDULE_FIELDS) {
    if (patch[field] === undefined) continue;
    const r = parseTime(field, patch[field]);
    if (r.error) details.push(r.error);
    else schedule[field] = r.value;
  }
  if (!details.length && schedule.active_from && schedule.expires_at && schedule.active_from >= schedule.expires_at) {
    const field = patch.expires_at !== undefined ? 'expires_at' : 'active_from';
    details.push({ path: `/${field}`, code: 'invalid_range', message: `expires_at (${schedule.expires_at}) must be later than active_from (${schedule.active_from})` });
  }
  return { schedule, details };
}

/** Why a code that is not redirected answers 410: paused, scheduled (not yet active) or expired. */
export function inactiveReason(row, nowIso) {
  if (!row.is_active) return 'paused';
  if (row.active_from && row.active_from > nowIso) return 'scheduled';
  return 'expired';
}

/**
 * A batch's items may carry active_from / expires_at (dynamic items only). The engine does not
 * know these fields, so they are taken out before it validates the batch: returns
 * { body, schedules }, the body without them (the body itself when no item has them) and a Map
 * from item index to the fields as sent.
 */
export function takeItemSchedules(body) {
  const schedules = new Map();
  if (!Array.isArray(body.items)) return { body, schedules };
  const items = body.items.map((item, index) => {
    if (item === null || typeof item !== 'object' || Array.isArray(item) || !SCHEDULE_FIELDS.some((f) => f in item)) return item;
    const rest = { ...item };
    const sent = {};
    for (const f of SCHEDULE_FIELDS) if (f in rest) { sent[f] = rest[f]; delete rest[f]; }
    schedules.set(index, sent);
    return rest;
  });
  return schedules.size ? { body: { ...body, items }, schedules } : { body, schedules };
}

/**
 * Checks the schedules taken out by takeItemSchedules against the engine's item results
 * (`items`, changed in place): a valid one becomes the item's `schedule`; one on a static item,
 * or one that is not valid, refuses its item with the error's path under /items/<index>.
 */
export function applyItemSchedules(items, schedules) {
  for (const [index, sent] of schedules) {
    const item = items[index];
    if (!item?.ok) continue;
    const field = SCHEDULE_FIELDS.find((f) => f in sent);
    if (item.kind !== 'dynamic') {
      Object.assign(item, { ok: false, error: { path: `/items/${index}/${field}`, code: 'field_not_allowed',
        message: `${field} is for dynamic codes only: a static code holds its content and is never redirected` } });
      continue;
    }
    const { schedule, details } = nextSchedule({}, sent);
    if (details.length) Object.assign(item, { ok: false, error: { ...details[0], path: `/items/${index}${details[0].path}` } });
    else item.schedule = schedule;
  }
}
