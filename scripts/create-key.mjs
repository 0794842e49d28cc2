#!/usr/bin/env node
// SPDX-License-Identifier: MIT
// Creates an API key in the local state that `npm start` uses (API.md §6) and prints it.
//   node scripts/create-key.mjs [--workspace ID] [--scopes qr:read,qr:write] [--test] [--expires ISO-TIME] [--json]
// The key is stored only as a SHA-256 hash; this is the only time the secret is shown.
import { Miniflare } from 'miniflare';
import { parseArgs } from 'node:util';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createKey, SCOPES } from '../worker/keys.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const DATABASE_ID = '00000000-0000-4000-8000-000000000001';  // wrangler.toml's d1 database_id

let args;
try {
  args = parseArgs({ options: {
    workspace: { type: 'string' }, scopes: { type: 'string', default: SCOPES.join(',') },
    test: { type: 'boolean', default: false }, expires: { type: 'string' }, json: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false } } }).values;
} catch (e) {
  console.error(`create-key: ${e.message}`);
  process.exit(1);
}
if (args.help) {
  console.log('usage: node scripts/create-key.mjs [--workspace ID] [--scopes qr:read,qr:write] [--test] [--expires ISO-TIME] [--json]');
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

const stateDir = resolve(root, process.env.QREDGE_STATE_DIR ?? '.qredge/state');
// The same SQLite files wrangler dev --persist-to uses (<state>/v3/d1).
const mf = new Miniflare({
  modules: true, script: 'export default { fetch() { return new Response(null, { status: 404 }); } }',
  compatibilityDate: '2025-09-01', cf: false,
  d1Databases: { DB: DATABASE_ID }, d1Persist: join(stateDir, 'v3', 'd1'),
});
try {
  const db = await mf.getD1Database('DB');
  const key = await createKey(db, {
    ...(args.workspace ? { workspaceId: args.workspace } : {}), scopes, test: args.test,
    expiresAt: args.expires ? new Date(args.expires).toISOString() : null,
  });
  console.log(args.json ? JSON.stringify(key) : key.key);
} finally {
  await mf.dispose();
}
