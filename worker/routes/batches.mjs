// SPDX-License-Identifier: MIT
// POST /v1/batches, GET /v1/batches/{id}, GET /v1/batches, GET /v1/batches/{id}/archive
// (API.md §4, docs/api.md "Batches", "The batch archive").
import { ApiError, invalid, notFound } from '../http/errors.mjs';
import { json, wantsNdjson } from '../http/respond.mjs';
import { readUtf8, batchBodyKind } from '../http/body.mjs';
import { parseJson, requireObject } from '../http/json.mjs';
import { readCsvRequest } from '../batches/csv.mjs';
import { claimIdempotency, releaseIdempotency } from '../batches/idempotency.mjs';
import { createBatch } from '../batches/create.mjs';
import { answerCreated, answerReplay } from '../batches/answer.mjs';
import { batchObject, loadBatch } from '../batches/objects.mjs';
import { resumeIfStale } from '../batches/lease.mjs';
import { archiveResponse } from '../batches/archive.mjs';
import { batchCounts } from '../store/batches.mjs';
import { readPage, listAnswer } from './list.mjs';

async function readJsonRequest(request) {
  const text = await readUtf8(request);
  return { text, body: requireObject(parseJson(text)), fingerprint: text };
}

export async function postBatch(c) {
  const req = batchBodyKind(c.request) === 'csv' ? await readCsvRequest(c) : await readJsonRequest(c.request);
  const { claim, replay } = await claimIdempotency(c, req.fingerprint);
  if (replay) return answerReplay(c, replay);
  let created;
  try {
    created = await createBatch(c, req, claim, wantsNdjson(c.request));
  } catch (e) {
    await releaseIdempotency(c.env.DB, claim);
    throw e;
  }
  return answerCreated(c, created);
}

export async function getBatch(c) {
  const loaded = await loadBatch(c.env.DB, c.auth, c.params.id);
  if (!loaded) throw notFound(`no batch ${c.params.id}`);
  await resumeIfStale(c, loaded.row);
  return json(batchObject(loaded.row, loaded.items));
}

export async function listBatches(c) {
  const page = await readPage(c, 'batches');
  for (const row of page.rows) await resumeIfStale(c, row);
  return listAnswer(page, (r) => batchObject(r));
}

// Archive query: format and size override each code's stored output.
function archiveOutput(params) {
  const output = {};
  const format = params.get('format');
  if (format !== null) {
    if (format !== 'svg' && format !== 'png') throw invalid('/query/format', 'invalid_value', 'format must be svg or png');
    output.format = format;
  }
  const size = params.get('size');
  if (size !== null) {
    if (!/^\d{1,9}$/.test(size)) throw invalid('/query/size', 'invalid_value', 'size must be a whole number of pixels');
    output.size = Number(size);
  }
  return output;
}

export async function getArchive(c) {
  const { id } = c.params;
  const overrides = archiveOutput(c.url.searchParams);
  const batch = await batchCounts(c.env.DB, c.auth, id);
  if (!batch) throw notFound(`no batch ${id}`);
  if (batch.status === 'processing') {
    // A rough wait: about a hundred items a second are made (docs/performance.md).
    const left = batch.total_count - batch.completed_count - batch.error_count;
    const retryAfter = Math.min(30, Math.max(1, Math.ceil(left / 100)));
    throw new ApiError('batch_processing', `the batch is still being made (${batch.total_count - left} of ${batch.total_count} items); `
      + 'retry after the time in Retry-After, or watch GET /v1/batches/{id} until its status is completed or failed',
    { headers: { 'retry-after': String(retryAfter) } });
  }
  return archiveResponse(c, batch, overrides);
}
