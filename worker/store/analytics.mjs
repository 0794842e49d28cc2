// SPDX-License-Identifier: MIT
// Every SQL statement of scan analytics (docs/analytics.md). Scans are kept as pre-aggregated
// counters, one row per (code, UTC day, dimension, value), bumped by one UPSERT per scan: a
// read sums at most a few hundred rows per code however many scans there were, and no row
// ever holds anything about the person who scanned (no IP, no User-Agent, no time of day).
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

/**
 * One scan of `code` ({ id, workspace_id, test }) on `day`: the total and each dimension's
 * value counted in one statement (one round trip).
 */
export function recordScan(db, code, day, values) {
  const rows = [['total', ''], ...Object.entries(values)];
  const placeholders = rows.map(() => '(?, ?, ?, ?, ?, ?, 1)').join(', ');
  const binds = rows.flatMap(([dimension, value]) => [code.id, code.workspace_id, code.test, day, dimension, value]);
  return db.prepare(`INSERT INTO scan_counts (code_id, workspace_id, test, day, dimension, value, count) VALUES ${placeholders}
      ON CONFLICT (code_id, day, dimension, value) DO UPDATE SET count = count + 1`).bind(...binds).run();
}

/**
 * Sums of one dimension from `from` to `to` (days, inclusive) in one workspace and mode, for
 * one code or (codeId null) all of them: [{ key, count }]. `day` groups the totals by day.
 */
export async function scanSeries(db, { workspaceId, test, codeId }, from, to, groupBy) {
  const dimension = groupBy === 'day' ? 'total' : groupBy;
  const key = groupBy === 'day' ? 'day' : 'value';
  const byCode = codeId ? ' AND code_id = ?' : '';
  const { results } = await db.prepare(`SELECT ${key} AS key, SUM(count) AS count FROM scan_counts
      WHERE workspace_id = ? AND test = ? AND dimension = ? AND day BETWEEN ? AND ?${byCode}
      GROUP BY ${key} ORDER BY count DESC, key ASC`)
    .bind(workspaceId, test, dimension, from, to, ...(codeId ? [codeId] : [])).all();
  return results;
}
