// SPDX-License-Identifier: MIT
// Makes the pending items of a batch in index order, storing results in small groups (one D1
// transaction per group, which also extends the lease), and finishes the batch.
import { nowIso } from '../ids.mjs';
import { batchRow, countsStatement, finishStatement } from '../store/batches.mjs';
import { madeIndexes, itemsToMake, deletePendingStatement } from '../store/items.mjs';
import { makeItem } from './item.mjs';
import { emitBatchEvent } from '../webhooks/deliver.mjs';

const LEASE_MS = 30_000;
const FLUSH_ITEMS = 25;
const FLUSH_MS = 50;

/** How long a lease lasts (QREDGE_LEASE_MS shortens it in tests). */
export const leaseMs = (env) => Number(env.QREDGE_LEASE_MS ?? LEASE_MS);

/**
 * `send` (or null) receives one batch_item line per item after its result is committed.
 * Returns when every item has a result. `fresh` ({ batch, pending }, as stored) spares the
 * creator reading back what it just wrote; a resumer leaves it out and reads them from D1.
 * `later(promise)` (ctx.waitUntil) keeps the first webhook attempts running after the batch's
 * answer; without it (the scheduled sweep) they are awaited.
 */
export async function runBatch(env, batchId, send, fresh = null, later = null) {
  const db = env.DB;
  const batch = fresh?.batch ?? await batchRow(db, batchId);
  if (!batch || batch.status !== 'processing') return;
  const pending = fresh?.pending ?? await itemsToMake(db, batchId, await madeIndexes(db, batchId));
  const ctx = { batchId, design: JSON.parse(batch.design), output: JSON.parse(batch.output), origin: batch.redirect_base };
  let statements = [];
  let lines = [];
  let lastFlush = Date.now();

  const flush = async () => {
    if (!statements.length) return;
    statements.push(countsStatement(db, batchId, Date.now() + leaseMs(env)));
    await db.batch(statements);
    statements = [];
    lastFlush = Date.now();
    const out = lines;
    lines = [];
    if (send) for (const line of out) await send(line);
    // A timer turn lets workerd read other requests: storage and stream writes can complete
    // without one, and then every other request waited until all running batches had ended
    // (132 s in the load test; docs/load.md).
    await new Promise((ok) => setTimeout(ok, 0));
  };

  for (const entry of pending) {
    const { line, statements: stored } = await makeItem(db, ctx, entry, !!send);
    statements.push(...stored);
    lines.push(line);
    // Lines go out in small groups, to keep D1 round trips few.
    if (statements.length >= FLUSH_ITEMS * 2 || Date.now() - lastFlush >= FLUSH_MS) await flush();
  }
  await flush();
  // Every item has its row now: the pending list goes with the status change, and the webhook
  // event with both (docs/webhooks.md).
  const event = await emitBatchEvent(db, batchId);
  await db.batch([finishStatement(db, batchId, nowIso()), deletePendingStatement(db, batchId), event.statement]);
  const delivering = event.deliver(env);
  if (later) later(delivering);
  else await delivering;
}
