// SPDX-License-Identifier: MIT
// The api_keys table: only a SHA-256 of each secret is stored, found by its first 12 characters.

export const insertKey = (db, k) => db.prepare(`INSERT INTO api_keys (id, workspace_id, lookup, hash, mode, scopes, created_at, expires_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)`)
  .bind(k.id, k.workspaceId, k.lookup, k.hash, k.mode, k.scopes, k.createdAt, k.expiresAt).run();

export const revokeKeyRow = (db, id, at) => db.prepare('UPDATE api_keys SET revoked_at = ? WHERE id = ?').bind(at, id).run();

export const keyByLookup = (db, lookup) => db.prepare('SELECT * FROM api_keys WHERE lookup = ?').bind(lookup).first();
