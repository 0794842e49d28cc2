// SPDX-License-Identifier: MIT
// One item of a batch: its code rendered, the statements that store the result (to run in one
// transaction with others), and its NDJSON line (with the image when asked). Both inserts are
// OR IGNORE on ids derived from (batch, index): an item made twice (a resumer racing a slow
// owner) is stored once.
import { renderPayload, QredgeError } from 'qredge';
import { codeId, shortCodeFor, nowIso } from '../ids.mjs';
import { toBase64 } from '../http/bytes.mjs';
import { contentType } from '../http/content-types.mjs';
import { insertCodeStatement } from '../store/codes.mjs';
import { doneItemStatement, failedItemStatement } from '../store/items.mjs';

// SVG is text; PNG, PDF and EPS are bytes, sent as base64.
const imageOf = (image) => (image.format === 'svg'
  ? { format: 'svg', content_type: contentType('svg'), encoding: 'utf-8', data: image.data }
  : { format: image.format, content_type: contentType(image.format), encoding: 'base64', data: toBase64(image.data) });

/**
 * `batch` is { batchId, design, output, origin }; `entry` an entry of the pending list
 * ({ idx, type, kind, name, spec }). Returns { line, statements }.
 */
export async function makeItem(db, batch, entry, withImage) {
  const { batchId, design, output, origin } = batch;
  const { spec, kind, type, idx } = entry;
  const id = await codeId(batchId, idx, kind);
  const shortCode = await shortCodeFor(batchId, idx);
  const shortUrl = kind === 'dynamic' ? `${origin}/r/${shortCode}` : null;
  const name = spec.name || `${kind === 'dynamic' ? 'Campaign' : 'Static'} ${shortCode}`;
  const line = { object: 'batch_item', batch_id: batchId, index: idx, name, type, kind, qr_code_id: null,
    error: null, error_code: null, error_path: null, scan: null };
  try {
    // A dynamic code is drawn from its short URL: the scan report is of what was drawn.
    const image = renderPayload(shortUrl ?? spec.payload, design, output);
    const scan = JSON.stringify(image.scan);
    const statements = [
      insertCodeStatement(db, { id, batchId, kind, type, name, shortCode, payload: spec.payload, target: JSON.stringify(spec.target),
        folderId: spec.folder_id || null, tags: JSON.stringify(spec.tags ?? []), scan, at: nowIso(), schedule: spec.schedule }),
      doneItemStatement(db, batchId, { idx, type, kind, name, qrCodeId: id, scan }),
    ];
    Object.assign(line, { qr_code_id: id, short_url: shortUrl, payload: shortUrl ?? spec.payload, scan: image.scan });
    if (withImage) line.image = imageOf(image);
    return { line, statements };
  } catch (e) {
    if (!(e instanceof QredgeError)) throw e;
    const error = { path: `/items/${idx}${e.path ?? ''}`, code: e.code, message: e.message };
    // A failed item keeps the name it was sent with (the default name belongs to a made code).
    Object.assign(line, { name: entry.name ?? null, error: error.message, error_code: error.code, error_path: error.path });
    return { line, statements: [failedItemStatement(db, batchId, { idx, type, kind, name: entry.name, errorCode: e.code, error: JSON.stringify(error) })] };
  }
}
