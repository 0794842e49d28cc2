// SPDX-License-Identifier: MIT
// API keys (API.md §4.2): `qr_live_<secret>` / `qr_test_<secret>`. Only a SHA-256 of the secret
// is stored; the row is found by the secret's first 12 characters and the hashes are compared
// in constant time. Used by the worker and, in Node, by scripts/create-key.mjs.
import { ensureSchema } from '../store/schema.mjs';
import { insertKey, revokeKeyRow, keyByLookup } from '../store/keys.mjs';
import { newId, randomToken, sha256Hex, nowIso } from '../ids.mjs';

export const SCOPES = ['qr:read', 'qr:write'];
const KEY_PATTERN = /^qr_(live|test)_([0-9A-Za-z]{40})$/;

function timingSafeEqualHex(a, b) {
  const x = new TextEncoder().encode(a);
  const y = new TextEncoder().encode(b);
  if (crypto.subtle.timingSafeEqual && x.length === y.length) return crypto.subtle.timingSafeEqual(x, y);
  let diff = x.length ^ y.length;
  for (let i = 0; i < Math.max(x.length, y.length); i++) diff |= (x[i] ?? 0) ^ (y[i] ?? 0);
  return diff === 0;
}

/**
 * Creates a key and returns `{ key, id, workspace_id, mode, scopes, expires_at }`; the secret is
 * shown only here. `expiresAt` is an ISO time or null.
 */
export async function createKey(db, { workspaceId = newId('ws'), scopes = SCOPES, test = false, expiresAt = null } = {}) {
  await ensureSchema(db);
  for (const s of scopes) if (!SCOPES.includes(s)) throw new Error(`unknown scope ${s}`);
  const mode = test ? 'test' : 'live';
  const secret = randomToken(40);
  const id = newId('key');
  await insertKey(db, { id, workspaceId, lookup: secret.slice(0, 12), hash: await sha256Hex(secret), mode,
    scopes: scopes.join(' '), createdAt: nowIso(), expiresAt });
  return { key: `qr_${mode}_${secret}`, id, workspace_id: workspaceId, mode, scopes, expires_at: expiresAt };
}

export async function revokeKey(db, id) {
  await ensureSchema(db);
  await revokeKeyRow(db, id, nowIso());
}

/**
 * Resolves an Authorization header to `{ id, workspaceId, test, scopes }`, or null for anything
 * missing, malformed, unknown, expired or revoked (the caller answers 401 without saying which).
 */
export async function authenticate(db, header) {
  const m = /^Bearer (\S+)$/i.exec(header ?? '');  // the scheme is case-insensitive (RFC 7235)
  const parts = m && KEY_PATTERN.exec(m[1]);
  if (!parts) return null;
  const [, mode, secret] = parts;
  const row = await keyByLookup(db, secret.slice(0, 12));
  const hash = await sha256Hex(secret);
  // Compare even when no row matched, so both paths cost the same.
  const equal = timingSafeEqualHex(hash, row?.hash ?? '0'.repeat(64));
  if (!row || !equal || row.mode !== mode) return null;
  if (row.revoked_at) return null;
  if (row.expires_at && Date.parse(row.expires_at) <= Date.now()) return null;
  return { id: row.id, workspaceId: row.workspace_id, test: mode === 'test', scopes: row.scopes.split(' ') };
}
