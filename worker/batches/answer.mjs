// SPDX-License-Identifier: MIT
// The answers of POST /v1/batches: 202 with the batch object while the codes are made in the
// background, or (Accept: application/x-ndjson) the NDJSON stream: the head line, one
// batch_item line per item in index order (refused items included, API.md §7.3), the final
// batch object. A replayed request (Idempotency-Key) answers like the first, as the batch is now.
import { ApiError } from '../http/errors.mjs';
import { json, wantsNdjson } from '../http/respond.mjs';
import { ndjsonResponse } from '../http/ndjson.mjs';
import { batchObject, itemLine, loadBatch } from './objects.mjs';
import { runBatch } from './run.mjs';

const INTERRUPTED = 'the batch was interrupted; it resumes on its own (GET /v1/batches/{id})';

/** The answer to a batch just created (batches/create.mjs). */
export function answerCreated(c, { head, items, first, fresh, validated }) {
  const { env, auth } = c;
  const id = head.id;
  const processing = head.status === 'processing';
  const later = (p) => c.ctx.waitUntil(p);
  if (!wantsNdjson(c.request)) {
    if (processing) c.ctx.waitUntil(runBatch(env, id, null, fresh, later).catch((e) => console.error('batch', id, e)));
    return json(head, 202);
  }
  // The lines of items refused by validation go out between the lines of made items, where their index puts them.
  const refusedLines = items.filter((i) => i.error_code && !validated[i.idx].ok).map((i) => itemLine(id, i));
  let nextRefused = 0;
  const before = (index) => {
    const out = [];
    while (nextRefused < refusedLines.length && refusedLines[nextRefused].index < index) out.push(refusedLines[nextRefused++]);
    return out;
  };
  return ndjsonResponse(c, async (send) => {
    await (first ? send(head, ...before(first.line.index), first.line) : send(head));
    if (processing) await runBatch(env, id, (line) => send(...before(line.index), line), fresh, later);
    const done = await loadBatch(env.DB, auth, id);
    await send(...before(Infinity), batchObject(done.row, done.items));
  }, { interrupted: INTERRUPTED });
}

/** The answer to a replayed request: the batch as it is now (streamed if asked). */
export async function answerReplay(c, batchId) {
  const loaded = await loadBatch(c.env.DB, c.auth, batchId);
  if (!loaded) throw new ApiError('idempotency_conflict', 'the batch of this Idempotency-Key no longer exists');
  const headers = { 'idempotent-replayed': 'true' };
  const batch = batchObject(loaded.row, loaded.items);
  if (!wantsNdjson(c.request)) return json(batch, 202, headers);
  return ndjsonResponse(c, async (send) => {
    await send(batch);
    for (const item of loaded.items) await send(itemLine(batchId, item));
    await send(batch);
  }, { headers, interrupted: INTERRUPTED });
}
