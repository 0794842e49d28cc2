// SPDX-License-Identifier: MIT
// POST /v1/batches, GET /v1/batches/{id}, GET /v1/batches (API.md §4, docs/api.md "Batches").
import { notFound } from '../http/errors.mjs';
import { json, wantsNdjson } from '../http/respond.mjs';
import { readUtf8, batchBodyKind } from '../http/body.mjs';
import { parseJson, requireObject } from '../http/json.mjs';
import { readCsvRequest } from '../batches/csv.mjs';
import { claimIdempotency, releaseIdempotency } from '../batches/idempotency.mjs';
import { createBatch } from '../batches/create.mjs';
import { answerCreated, answerReplay } from '../batches/answer.mjs';
import { batchObject, loadBatch } from '../batches/objects.mjs';
import { resumeIfStale } from '../batches/lease.mjs';
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
