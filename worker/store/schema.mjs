// SPDX-License-Identifier: MIT
// The D1 schema (SQLite). Applied idempotently once per isolate before the first query; the
// reasoning behind it is in docs/storage.md. Every table that holds user objects carries
// workspace_id, and every query on them filters by it: isolation is in the WHERE clauses.
import { ANALYTICS_SCHEMA } from './analytics.mjs';
import { WEBHOOK_SCHEMA } from './webhooks.mjs';

export const SCHEMA = [
  `CREATE TABLE IF NOT EXISTS api_keys (
     id TEXT PRIMARY KEY,              -- key_…
     workspace_id TEXT NOT NULL,
     lookup TEXT NOT NULL UNIQUE,      -- first 12 characters of the secret: finds the row
     hash TEXT NOT NULL,               -- SHA-256 of the whole secret (hex), compared in constant time
     mode TEXT NOT NULL CHECK (mode IN ('live', 'test')),
     scopes TEXT NOT NULL,             -- space-separated: qr:read qr:write
     created_at TEXT NOT NULL,
     expires_at TEXT,
     revoked_at TEXT)`,
  `CREATE TABLE IF NOT EXISTS rate_limits (
     key_id TEXT NOT NULL,
     window_start INTEGER NOT NULL,    -- unix seconds, start of the fixed window
     count INTEGER NOT NULL,
     PRIMARY KEY (key_id, window_start))`,
  `CREATE TABLE IF NOT EXISTS templates (
     id TEXT PRIMARY KEY,
     workspace_id TEXT NOT NULL,
     name TEXT,
     design TEXT NOT NULL,             -- normalised design JSON
     test INTEGER NOT NULL,
     created_at TEXT NOT NULL,
     updated_at TEXT)                  -- null until the first PATCH`,
  `CREATE TABLE IF NOT EXISTS batches (
     id TEXT PRIMARY KEY,
     workspace_id TEXT NOT NULL,
     status TEXT NOT NULL,             -- processing | completed | failed
     total_count INTEGER NOT NULL,
     completed_count INTEGER NOT NULL DEFAULT 0,
     error_count INTEGER NOT NULL DEFAULT 0,
     design TEXT NOT NULL,             -- normalised design JSON used for every item
     output TEXT NOT NULL,             -- normalised output JSON
     template_id TEXT,
     redirect_base TEXT NOT NULL,      -- origin of the short URLs written into dynamic codes
     test INTEGER NOT NULL,
     created_at TEXT NOT NULL,
     completed_at TEXT,
     lease_until INTEGER NOT NULL DEFAULT 0,   -- ms; a worker owns the batch until then
     warnings TEXT)                    -- JSON [{code, path, message}] or null (design ignored for a template)`,
  `CREATE INDEX IF NOT EXISTS batches_by_workspace ON batches (workspace_id, created_at DESC, id DESC)`,
  `CREATE TABLE IF NOT EXISTS batch_items (
     batch_id TEXT NOT NULL,
     idx INTEGER NOT NULL,
     state TEXT NOT NULL,              -- done | failed (an item not made yet has no row)
     type TEXT,
     kind TEXT,
     name TEXT,
     spec TEXT,                        -- unused (pending items live in batch_pending)
     qr_code_id TEXT,
     error_code TEXT,
     error TEXT,                       -- error JSON {path, code, message}
     scan TEXT,                        -- the scan report JSON of the code as the batch drew it
     PRIMARY KEY (batch_id, idx))`,
  `CREATE TABLE IF NOT EXISTS batch_pending (
     batch_id TEXT NOT NULL,
     chunk INTEGER NOT NULL,           -- 0, 1, …: each at most 1 MB (D1's limit on a value is 2 MB)
     items TEXT NOT NULL,              -- JSON [{idx, type, kind, name, spec}]: the validated items to make
     PRIMARY KEY (batch_id, chunk))    -- deleted with the batch's final status`,
  `CREATE TABLE IF NOT EXISTS qr_codes (
     id TEXT PRIMARY KEY,              -- qr_… (dynamic) or sqr_… (static); derived from batch and index
     workspace_id TEXT NOT NULL,
     batch_id TEXT,
     kind TEXT NOT NULL,
     type TEXT NOT NULL,
     name TEXT NOT NULL,
     short_code TEXT UNIQUE,           -- dynamic codes only
     payload TEXT NOT NULL,            -- what the static code encodes; the redirect target of a dynamic one
     target TEXT NOT NULL,             -- target JSON as given
     design TEXT NOT NULL,             -- normalised design JSON
     output TEXT NOT NULL,             -- normalised output JSON (margin; format and size are per download)
     folder_id TEXT,
     tags TEXT NOT NULL,               -- JSON array
     is_active INTEGER NOT NULL DEFAULT 1,
     scan_count INTEGER,               -- null for static codes
     test INTEGER NOT NULL,
     created_at TEXT NOT NULL,
     updated_at TEXT NOT NULL,
     scan TEXT,                        -- scan report JSON at the stored design and output (kept on PATCH)
     active_from TEXT,                 -- dynamic: redirects from then on (toISOString text); null = no bound
     expires_at TEXT)                  -- dynamic: redirects until then; null = no bound`,
  `CREATE INDEX IF NOT EXISTS qr_codes_by_workspace ON qr_codes (workspace_id, created_at DESC, id DESC)`,
  `CREATE INDEX IF NOT EXISTS templates_by_workspace ON templates (workspace_id, created_at DESC, id DESC)`,
  `CREATE TABLE IF NOT EXISTS idempotency (
     workspace_id TEXT NOT NULL,
     key TEXT NOT NULL,
     body_hash TEXT NOT NULL,
     batch_id TEXT NOT NULL,
     created_at INTEGER NOT NULL,      -- ms
     PRIMARY KEY (workspace_id, key))`,
  ...ANALYTICS_SCHEMA,
  ...WEBHOOK_SCHEMA,
];

// Columns added after a table was first created (issue 15). A fresh database gets them from
// CREATE TABLE above; a database made by an older version (a local state folder, a deployment)
// gets them by ALTER TABLE. One statement finds which are missing.
export const ADDED_COLUMNS = [
  ['templates', 'updated_at', 'TEXT'],
  ['batches', 'warnings', 'TEXT'],
  ['batch_items', 'scan', 'TEXT'],
  ['qr_codes', 'scan', 'TEXT'],
  ['qr_codes', 'active_from', 'TEXT'],
  ['qr_codes', 'expires_at', 'TEXT'],
];

async function addMissingColumns(db) {
  const tables = [...new Set(ADDED_COLUMNS.map(([t]) => t))];
  const { results } = await db.prepare(tables.map((t) => `SELECT '${t}' AS tbl, name FROM pragma_table_info('${t}')`).join(' UNION ALL ')).all();
  const have = new Set(results.map((r) => `${r.tbl}.${r.name}`));
  const missing = ADDED_COLUMNS.filter(([t, c]) => !have.has(`${t}.${c}`));
  if (missing.length) await db.batch(missing.map(([t, c, type]) => db.prepare(`ALTER TABLE ${t} ADD COLUMN ${c} ${type}`)));
}

const ready = new WeakMap();

/** Applies the schema once per database binding per isolate. */
export function ensureSchema(db) {
  if (!ready.has(db)) {
    ready.set(db, db.batch(SCHEMA.map((sql) => db.prepare(sql))).then(() => addMissingColumns(db)).catch((e) => {
      ready.delete(db);
      throw e;
    }));
  }
  return ready.get(db);
}
