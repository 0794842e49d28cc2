// SPDX-License-Identifier: MIT
// Every SQL statement of scan analytics (docs/analytics.md). Scans are kept as pre-aggregated
// counters, one row per (code, UTC day, dimension, value), bumped by one UPSERT per scan: a
// read sums at most a few hundred rows per code however many scans there were, and no row
// ever holds anything about the person who scanned (no IP, no User-Agent, no time of day).
import { owner } from './owner.mjs';
export const ANALYTICS_SCHEMA = [
  `CREATE TABLE IF NOT EXISTS scan_counts (
     code_id TEXT NOT NULL,            -- qr_…
     workspace_id TEXT NOT NULL,
     test INTEGER NOT NULL,
     day TEXT NOT NULL,                -- YYYY-MM-DD, UTC
     dimension TEXT NOT NULL,          -- total | country | device | os | referrer
     value TEXT NOT NULL,              -- '' for total; else the group (DE, mobile, iOS, example.com, unknown, direct)
     count INTEGER NOT NULL,
     PRIMARY KEY (code_id, day, dimension, value))`,
  `CREATE INDEX IF NOT EXISTS scan_counts_by_workspace ON scan_counts (workspace_id, test, dimension, day)`,
];

// A dynamic code that redirects at ?2 (toISOString text): active, and inside its schedule.
const REDIRECTS = `short_code = ?1 AND kind = 'dynamic' AND is_active = 1
  AND (active_from IS NULL OR active_from <= ?2) AND (expires_at IS NULL OR expires_at > ?2)`;

/**
 * The statements of one scan of `shortCode` at `nowIso`, to run as one D1 batch (one round
 * trip, one transaction): the code's scan_count goes up and its target comes back (no row:
 * the code does not redirect now), and the scan's total and groups ({ country, device, os,
 * referrer }) are counted on its UTC day, only if it redirects. Counter and scan_count can
 * never disagree. docs/analytics.md has the measurements behind one transaction rather than a
 * second statement after the answer.
 */
export function scanStatements(db, shortCode, nowIso, groups) {
  return [
    db.prepare(`UPDATE qr_codes SET scan_count = scan_count + 1 WHERE ${REDIRECTS} RETURNING payload`).bind(shortCode, nowIso),
    db.prepare(`INSERT INTO scan_counts (code_id, workspace_id, test, day, dimension, value, count)
        SELECT q.id, q.workspace_id, q.test, ?3, d.column1, d.column2, 1  -- the VALUES columns are column1, column2: REDIRECTS names q's
        FROM qr_codes q, (VALUES ('total', ''), ('country', ?4), ('device', ?5), ('os', ?6), ('referrer', ?7)) d
        WHERE ${REDIRECTS}
        ON CONFLICT (code_id, day, dimension, value) DO UPDATE SET count = count + 1`)
      .bind(shortCode, nowIso, nowIso.slice(0, 10), groups.country, groups.device, groups.os, groups.referrer),
  ];
}

/**
 * Sums of one dimension from `from` to `to` (days, inclusive) in the caller's workspace and
 * mode, for one code or (codeId null) all of them: [{ key, count }]. `day` groups the totals by day.
 */
export async function scanSeries(db, auth, codeId, from, to, groupBy) {
  const dimension = groupBy === 'day' ? 'total' : groupBy;
  const key = groupBy === 'day' ? 'day' : 'value';
  const byCode = codeId ? ' AND code_id = ?' : '';
  const { results } = await db.prepare(`SELECT ${key} AS key, SUM(count) AS count FROM scan_counts
      WHERE workspace_id = ? AND test = ? AND dimension = ? AND day BETWEEN ? AND ?${byCode}
      GROUP BY ${key} ORDER BY count DESC, key ASC`)
    .bind(...owner(auth), dimension, from, to, ...(codeId ? [codeId] : [])).all();
  return results;
}

/** The kind of a code in the caller's workspace and mode, or null. */
export const codeKind = async (db, auth, id) =>
  (await db.prepare('SELECT kind FROM qr_codes WHERE id = ? AND workspace_id = ? AND test = ?').bind(id, ...owner(auth)).first())?.kind ?? null;
