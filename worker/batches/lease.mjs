// SPDX-License-Identifier: MIT
// Batches whose owner vanished (the runtime restarted mid-way) are resumed by the next reader or
// the scheduled sweep; only their pending items are made (docs/storage.md).
import { takeLease, staleBatchIds } from '../store/batches.mjs';
import { runBatch, leaseMs } from './run.mjs';

/** Takes over a processing batch whose lease ran out; true when this caller now owns it. */
function claimStale(env, batchId) {
  const now = Date.now();
  return takeLease(env.DB, batchId, now, now + leaseMs(env));
}

/** Resumes the batch of `row` in the background when its lease ran out. */
export async function resumeIfStale(c, row) {
  if (row.status !== 'processing' || row.lease_until >= Date.now()) return;
  // A read must not fail because taking over the batch did: the next reader or the sweep retries.
  const claimed = await claimStale(c.env, row.id).catch((e) => { console.error('claim', row.id, e); return false; });
  if (claimed) c.ctx.waitUntil(runBatch(c.env, row.id, null, null, (p) => c.ctx.waitUntil(p)).catch((e) => console.error('resume', row.id, e)));
}

/** Scheduled sweep: resumes every batch whose lease ran out. */
export async function resumeStaleBatches(env) {
  const ids = await staleBatchIds(env.DB, Date.now());
  for (const id of ids) {
    if (await claimStale(env, id)) await runBatch(env, id, null).catch((e) => console.error('sweep', id, e));
  }
  return ids.length;
}
