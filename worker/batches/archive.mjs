// SPDX-License-Identifier: MIT
// The ZIP of every code a finished batch made (GET /v1/batches/{id}/archive), streamed as it is
// built (docs/api.md, "The batch archive"). Pull-driven: the client's reads ask for the next
// item, which is read from D1 (a page of rows at a time), rendered and handed to fflate, whose
// chunks go out at once. So memory holds one page of rows, one image and the manifest's lines,
// whatever the batch's size; a client that leaves cancels the stream and nothing more is made.
// Each code is drawn from its own row (a PATCH may have changed its design since), as
// GET /v1/qr-codes/{id}/download draws it. results.ndjson, the last file, lists every item in
// index order: made ones with their file and scan report, failed ones with their error.
import { Zip, ZipPassThrough, ZipDeflate, strToU8 } from 'fflate';
import { renderPayload, QredgeError } from 'qredge';
import { ApiError } from '../http/errors.mjs';
import { fileName, indexWidth } from '../../shared/csv.mjs';
import { itemsWithCodes } from '../store/items.mjs';
import { redirectBase } from './create.mjs';

const PAGE = 50;

// An item's image, or the engine's refusal as the item's error (a size too small for its code).
function draw(row, origin, overrides) {
  const payload = row.kind === 'dynamic' ? `${origin}/r/${row.short_code}` : row.payload;
  try {
    return { payload, image: renderPayload(payload, JSON.parse(row.design), { ...JSON.parse(row.output), ...overrides }) };
  } catch (e) {
    if (!(e instanceof QredgeError)) throw e;
    const path = e.path?.startsWith('/output') ? e.path.replace(/^\/output/, '/query') : `/items/${row.idx}${e.path ?? ''}`;
    return { payload, error: { path, code: e.code, message: e.message } };
  }
}

/**
 * The ZIP answer for a finished batch (`batch`: its id, total_count and created_at), with
 * `overrides` (format, size) over each code's stored output. The first item is made before the
 * answer: a query the engine refuses for it (a size out of range) is a 422, not a broken download.
 */
export async function archiveResponse(c, batch, overrides) {
  const { id } = batch;
  const db = c.env.DB;
  const origin = redirectBase(c);
  const width = indexWidth(batch.total_count);
  const mtime = new Date(batch.created_at);  // same batch and query, same bytes
  const manifest = [];
  let rows = [];
  let next = 0;       // the lowest index not read yet
  let done = false;
  let controller;
  let cancelled = false;

  const zip = new Zip((err, chunk, final) => {
    if (cancelled) return;
    if (err) { controller.error(err); return; }
    // fflate may reuse its buffers: hand the stream a copy.
    controller.enqueue(chunk.slice());
    if (final) controller.close();
  });
  const add = (name, bytes, deflate) => {
    const file = deflate ? new ZipDeflate(name, { level: 6 }) : new ZipPassThrough(name);
    file.mtime = mtime;
    zip.add(file);
    file.push(bytes, true);
  };

  // One item into the ZIP (or the manifest alone); false when every item has been added.
  const step = async () => {
    if (!rows.length) {
      if (done) return false;
      rows = await itemsWithCodes(db, id, next, PAGE);
      if (rows.length < PAGE) done = true;
      if (!rows.length) return false;
      next = rows[rows.length - 1].idx + 1;
    }
    const row = rows.shift();
    const base = { index: row.idx, name: row.name ?? null, type: row.type ?? null, kind: row.kind ?? null, qr_code_id: row.qr_code_id ?? null };
    if (row.state !== 'done' || row.payload == null) {
      const error = row.error ? JSON.parse(row.error) : { path: `/items/${row.idx}`, code: row.error_code ?? 'internal_error', message: 'not made' };
      manifest.push({ ...base, ok: false, error });
      return true;
    }
    const { payload, image, error } = draw(row, origin, overrides);
    if (error) {
      manifest.push({ ...base, ok: false, payload, error });
      return true;
    }
    const file = fileName(row.idx, row.name, image.format, width);
    add(file, image.format === 'png' ? image.data : strToU8(image.data), image.format !== 'png');
    manifest.push({ ...base, ok: true, payload, format: image.format, file, scan: image.scan });
    return true;
  };

  const finish = () => {
    add('results.ndjson', strToU8(manifest.map((l) => `${JSON.stringify(l)}\n`).join('')), true);
    zip.end();
  };

  const first = [];
  controller = { enqueue: (b) => first.push(b), close() {}, error(e) { throw e; } };
  const more = await step();
  if (manifest[0] && !manifest[0].ok && manifest[0].error.path.startsWith('/query')) {
    const e = manifest[0].error;
    throw new ApiError('validation_error', e.message, { details: [e] });
  }
  let ended = !more;
  const body = new ReadableStream({
    start(ctrl) {
      controller = ctrl;
      for (const b of first) ctrl.enqueue(b);
      if (ended) finish();
    },
    // Called when the client wants more: at least one chunk per call, or the end.
    async pull(ctrl) {
      try {
        const before = ctrl.desiredSize;
        while (!ended && ctrl.desiredSize === before) {
          if (!(await step())) { ended = true; finish(); }
        }
      } catch (e) {
        console.error('archive', id, e);
        ctrl.error(e);
      }
    },
    cancel(reason) {
      // The client left: no more rows are read and nothing more is rendered.
      ended = true;
      cancelled = true;
      rows = [];
      console.log('archive', id, 'cancelled by the client after', manifest.length, 'items', String(reason ?? ''));
    },
  }, { highWaterMark: 1 });
  return new Response(body, {
    headers: { 'content-type': 'application/zip', 'content-disposition': `attachment; filename="${id}.zip"`,
      'cache-control': 'private, no-store', 'x-content-type-options': 'nosniff' },
  });
}
