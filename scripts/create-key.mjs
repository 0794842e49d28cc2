#!/usr/bin/env node
// SPDX-License-Identifier: MIT
// Creates an API key in the local state that `npm start` uses (API.md §6) and prints it.
//   node scripts/create-key.mjs [--workspace ID] [--scopes qr:read,qr:write] [--test] [--expires ISO-TIME] [--json] [--sql]
// The key is stored only as a SHA-256 hash; this is the only time the secret is shown.
// --sql stores nothing: it prints the SQL (schema + the key's row) for a deployed database,
// `wrangler d1 execute qredge --remote --file key.sql`, and the key on stderr (docs/deploy.md).
import { Miniflare } from 'miniflare';
import { parseArgs } from 'node:util';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createKey, SCOPES } from '../worker/auth/keys.mjs';
import { SCHEMA } from '../worker/store/schema.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const DATABASE_ID = '00000000-0000-4000-8000-000000000001';  // wrangler.toml's d1 database_id

let args;
try {
  args = parseArgs({ options: {
    workspace: { type: 'string' }, scopes: { type: 'string', default: SCOPES.join(',') },
    test: { type: 'boolean', default: false }, expires: { type: 'string' }, json: { type: 'boolean', default: false },
    sql: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false } } }).values;
} catch (e) {
  console.error(`create-key: ${e.message}`);
  process.exit(1);
}
if (args.help) {
  console.log('usage: node scripts/create-key.mjs [--workspace ID] [--scopes qr:read,qr:write] [--test] [--expires ISO-TIME] [--json] [--sql]');
  process.exit(0);
}
const scopes = args.scopes.split(',').map((s) => s.trim()).filter(Boolean);
const bad = scopes.filter((s) => !SCOPES.includes(s));
if (bad.length || !scopes.length) {
  console.error(`create-key: unknown scope ${bad.join(', ') || '(none)'}; use ${SCOPES.join(', ')}`);
  process.exit(1);
}
if (args.workspace !== undefined && !/^[A-Za-z0-9_-]{1,64}$/.test(args.workspace)) {
  console.error('create-key: --workspace must be 1–64 of A-Z a-z 0-9 _ -');
  process.exit(1);
}
if (args.expires !== undefined && Number.isNaN(Date.parse(args.expires))) {
  console.error('create-key: --expires must be an ISO 8601 time');
  process.exit(1);
}

const options = {
  ...(args.workspace ? { workspaceId: args.workspace } : {}), scopes, test: args.test,
  expiresAt: args.expires ? new Date(args.expires).toISOString() : null,
};

if (args.sql) {
  // createKey against a recorder: its statements come out as SQL text with literal values.
  const literal = (v) => (v === null || v === undefined ? 'NULL' : typeof v === 'number' ? String(v) : `'${String(v).replace(/'/g, "''")}'`);
  const statements = [...SCHEMA];
  const recorder = {
    prepare: (sql) => ({ bind: (...values) => ({ run: async () => { let i = 0; statements.push(sql.replace(/\?/g, () => literal(values[i++]))); } }) }),
    batch: async () => [],
  };
  const key = await createKey(recorder, options);
  console.log(statements.map((s) => `${s.trim()};`).join('\n'));
  console.error(args.json ? JSON.stringify(key) : `key: ${key.key}`);
  process.exit(0);
}

const stateDir = resolve(root, process.env.QREDGE_STATE_DIR ?? '.qredge/state');
// The same SQLite files wrangler dev --persist-to uses (<state>/v3/d1).
const mf = new Miniflare({
  modules: true, script: 'export default { fetch() { return new Response(null, { status: 404 }); } }',
  compatibilityDate: '2025-09-01', cf: false,
  d1Databases: { DB: DATABASE_ID }, d1Persist: join(stateDir, 'v3', 'd1'),
});
try {
  const db = await mf.getD1Database('DB');
  const key = await createKey(db, options);
  console.log(args.json ? JSON.stringify(key) : key.key);
} finally {
  await mf.dispose();
}
