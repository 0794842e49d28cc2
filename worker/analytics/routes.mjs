// SPDX-License-Identifier: MIT
// GET /v1/qr-codes/{id}/analytics and GET /v1/analytics (docs/api.md "Analytics"): the scans
// of one dynamic code, or of every code of the workspace, from `from` to `to` (UTC days,
// inclusive), as a total and a series grouped by day, country, device, os or referrer.
import { invalid as invalidAt, notFound } from '../http/errors.mjs';
import { json } from '../http/respond.mjs';
import { scanSeries, codeKind } from '../store/analytics.mjs';
import { utcDay } from './scan.mjs';

export const GROUPS = ['day', 'country', 'device', 'os', 'referrer'];
export const MAX_DAYS = 366;
const DEFAULT_DAYS = 30;
const DAY_MS = 86_400_000;

const invalid = (name, code, message) => invalidAt(`/query/${name}`, code, message);

// A calendar day YYYY-MM-DD that exists (no 2026-02-30), as ms at 00:00 UTC.
function parseDay(name, text) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const ms = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : NaN;
  if (!m || Number.isNaN(ms) || utcDay(ms) !== text) {
    throw invalid(name, 'invalid_date', `${name} must be a day as YYYY-MM-DD (UTC), e.g. ${utcDay(Date.now())}`);
  }
  return ms;
}

/** The query of an analytics request: { from, to, groupBy }, days as YYYY-MM-DD. */
export function analyticsQuery(params, now = Date.now()) {
  const one = (name) => {
    const all = params.getAll(name);
    if (all.length > 1) throw invalid(name, 'repeated_parameter', `give ${name} once`);
    return all[0] ?? null;
  };
  const groupBy = one('group_by') ?? 'day';
  if (!GROUPS.includes(groupBy)) throw invalid('group_by', 'invalid_value', `group_by must be one of ${GROUPS.join(', ')}`);
  const toText = one('to');
  const fromText = one('from');
  const to = toText === null ? Date.parse(`${utcDay(now)}T00:00:00Z`) : parseDay('to', toText);
  const from = fromText === null ? to - (DEFAULT_DAYS - 1) * DAY_MS : parseDay('from', fromText);
  if (from > to) throw invalid('from', 'invalid_range', `from (${utcDay(from)}) is after to (${utcDay(to)})`);
  if ((to - from) / DAY_MS + 1 > MAX_DAYS) throw invalid('from', 'range_too_long', `from and to may be at most ${MAX_DAYS} days apart (both days included)`);
  return { from: utcDay(from), to: utcDay(to), groupBy };
}

// Every day of the range, those without scans at 0: a chart needs no gaps filled by the client.
function daySeries(rows, from, to) {
  const counts = new Map(rows.map((r) => [r.key, r.count]));
  const out = [];
  for (let ms = Date.parse(`${from}T00:00:00Z`); ms <= Date.parse(`${to}T00:00:00Z`); ms += DAY_MS) {
    const key = utcDay(ms);
    out.push({ key, count: counts.get(key) ?? 0 });
  }
  return out;
}

async function answer(c, codeId) {
  const q = analyticsQuery(c.url.searchParams);
  const rows = await scanSeries(c.env.DB, c.auth, codeId, q.from, q.to, q.groupBy);
  const total = rows.reduce((n, r) => n + r.count, 0);
  return json({
    object: 'analytics', qr_code_id: codeId, from: q.from, to: q.to, group_by: q.groupBy, total,
    series: q.groupBy === 'day' ? daySeries(rows, q.from, q.to) : rows.map((r) => ({ key: r.key, count: r.count })),
  });
}

/**
 * GET /v1/qr-codes/{id}/analytics. A static code holds its content and is never scanned through
 * qredge: asking for its analytics is a mistake worth naming (422 static_code), not an empty answer.
 */
export async function codeAnalytics(c) {
  const { id } = c.params;
  const kind = await codeKind(c.env.DB, c.auth, id);
  if (!kind) throw notFound(`no QR code ${id}`);
  if (kind !== 'dynamic') {
    throw invalidAt('', 'static_code', 'static codes hold their content and are never scanned through qredge: only dynamic codes have analytics');
  }
  return answer(c, id);
}

/** GET /v1/analytics: every code of the workspace (in the key's mode). */
export const workspaceAnalytics = (c) => answer(c, null);
