// SPDX-License-Identifier: MIT
// GET /v1/qr-codes, GET|PATCH /v1/qr-codes/{id}, GET /v1/qr-codes/{id}/download (API.md §4).
import { renderPayload, QredgeError } from 'qredge';
import { ApiError, invalid, notFound } from '../http/errors.mjs';
import { json } from '../http/respond.mjs';
import { readJsonObject } from '../http/body.mjs';
import { sha256Hex, nowIso } from '../ids.mjs';
import { updateCode } from '../store/codes.mjs';
import { codeObject, drawnPayload, loadCode } from '../codes/object.mjs';
import { patchedFields } from '../codes/patch.mjs';
import { readPage, listAnswer } from './list.mjs';

export const getCode = async (c) => json(codeObject(c, await loadCode(c, c.params.id)));

export async function listCodes(c) {
  const kind = c.url.searchParams.get('kind');
  if (kind !== null && kind !== 'dynamic' && kind !== 'static') throw invalid('/query/kind', 'invalid_value', 'kind must be dynamic or static');
  const page = await readPage(c, 'qr_codes', { kind: kind ?? undefined, folder_id: c.url.searchParams.get('folder_id') ?? undefined });
  return listAnswer(page, (r) => codeObject(c, r));
}

export async function patchCode(c) {
  const { id } = c.params;
  const row = await loadCode(c, id);
  const next = await patchedFields(c, row, await readJsonObject(c.request));
  const updated = await updateCode(c.env.DB, c.auth, id, next, nowIso());
  if (!updated) throw notFound(`no QR code ${id}`);
  return json(codeObject(c, updated));
}

// Defence in depth for an SVG opened straight from the API origin: it may show its embedded
// data: logo and nothing else (no script, no fetch), and is never sniffed.
const IMAGE_CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; sandbox";

export async function downloadCode(c) {
  const row = await loadCode(c, c.params.id);
  const params = c.url.searchParams;
  const output = { ...JSON.parse(row.output), format: params.get('format') ?? 'png' };
  if (params.has('size')) {
    const size = params.get('size');
    output.size = /^-?\d{1,9}$/.test(size) ? Number(size) : size;
  }
  const payload = drawnPayload(c, row);
  const etag = `"${(await sha256Hex(JSON.stringify([payload, row.design, output]))).slice(0, 32)}"`;
  const headers = { etag, 'cache-control': 'private, no-cache', vary: 'Authorization' };
  if ((c.request.headers.get('if-none-match') ?? '').split(',').map((s) => s.trim()).includes(etag)) {
    return new Response(null, { status: 304, headers });
  }
  let image;
  try {
    image = renderPayload(payload, JSON.parse(row.design), output);
  } catch (e) {
    if (!(e instanceof QredgeError)) throw e;
    // format and size are query parameters here.
    throw new ApiError('validation_error', e.message, { details: [{ path: e.path.replace(/^\/output/, '/query'), code: e.code, message: e.message }] });
  }
  const ext = image.format;
  return new Response(image.data, {
    headers: { ...headers, 'content-type': ext === 'png' ? 'image/png' : 'image/svg+xml',
      'content-disposition': `attachment; filename="${row.id}.${ext}"`, 'content-security-policy': IMAGE_CSP, 'x-content-type-options': 'nosniff' },
  });
}
