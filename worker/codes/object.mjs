// SPDX-License-Identifier: MIT
// A QR code as the API shows it (API.md §4, docs/api.md "The QR code object"), and what it encodes.
import { notFound } from '../http/errors.mjs';
import { codeById } from '../store/codes.mjs';
import { redirectBase } from '../batches/create.mjs';

/** What the code's image encodes: the short URL of a dynamic code, the payload of a static one. */
export const drawnPayload = (c, row) => (row.kind === 'dynamic' ? `${redirectBase(c)}/r/${row.short_code}` : row.payload);

export function codeObject(c, row) {
  const base = redirectBase(c);
  const self = `${new URL(c.request.url).origin}/v1/qr-codes/${row.id}`;
  return {
    id: row.id, object: 'qr_code', kind: row.kind, type: row.type, name: row.name,
    short_code: row.short_code, short_url: row.kind === 'dynamic' ? `${base}/r/${row.short_code}` : null,
    target: JSON.parse(row.target), design: JSON.parse(row.design),
    folder_id: row.folder_id ?? null, tags: JSON.parse(row.tags),
    image_url: `${self}/download?format=svg`, download_url: `${self}/download?format=png`,
    is_active: !!row.is_active, scan_count: row.kind === 'dynamic' ? row.scan_count : null,
    active_from: row.active_from ?? null, expires_at: row.expires_at ?? null,
    test: !!row.test, batch_id: row.batch_id ?? null, scan: row.scan ? JSON.parse(row.scan) : null,
    created_at: row.created_at, updated_at: row.updated_at,
  };
}

/** The code's row in the caller's workspace and mode, else 404. */
export async function loadCode(c, id) {
  const row = await codeById(c.env.DB, c.auth, id);
  if (!row) throw notFound(`no QR code ${id}`);
  return row;
}
