// SPDX-License-Identifier: MIT
// Idempotency-Key on POST /v1/batches (API.md §4.3, §7.3; docs/worker.md): the key is claimed
// before any work, by one atomic statement; the batch's creation transaction turns the claim
// into the record. A claim whose owner died before it could release it expires after CLAIM_MS.
import { ApiError, invalid } from '../http/errors.mjs';
import { sha256Hex } from '../ids.mjs';
import { claimKey, keyRecord, releaseClaim } from '../store/idempotency.mjs';

const TTL_MS = 24 * 3600 * 1000;
const CLAIM_MS = 30_000;
const REPLAY_WAIT_MS = 3000;

/**
 * For the request's Idempotency-Key (if any): `{}` without one, `{ claim }` when this request
 * may make the batch, `{ replay: batchId }` when the same request made one already. 409 for
 * another body, or while the first request is still in progress past a short wait.
 */
export async function claimIdempotency(c, fingerprint) {
  const key = c.request.headers.get('idempotency-key');
  if (key === null) return {};
  if (key.length < 1 || key.length > 255 || /[^\x21-\x7e]/.test(key)) {
    throw invalid('', 'invalid_idempotency_key', 'Idempotency-Key must be 1–255 visible ASCII characters');
  }
  const db = c.env.DB;
  const bodyHash = await sha256Hex(fingerprint);
  const scope = `${c.auth.workspaceId}:${c.auth.test ? 'test' : 'live'}`;
  const waitUntil = Date.now() + REPLAY_WAIT_MS;
  for (;;) {
    const now = Date.now();
    const claimed = await claimKey(db, { scope, key, bodyHash, now, recordBefore: now - TTL_MS, claimBefore: now - CLAIM_MS });
    if (claimed) return { claim: { scope, key, bodyHash, at: claimed.created_at } };
    const seen = await keyRecord(db, scope, key);
    if (seen) {
      if (seen.body_hash !== bodyHash) {
        throw new ApiError('idempotency_conflict', 'this Idempotency-Key was used with a different request body');
      }
      if (seen.batch_id !== '') return { replay: seen.batch_id };
      if (Date.now() >= waitUntil) {
        const retryAfter = Math.max(1, Math.ceil((seen.created_at + CLAIM_MS - Date.now()) / 1000));
        throw new ApiError('idempotency_in_progress',
          'a request with this Idempotency-Key is still being processed; retry after the time in Retry-After',
          { headers: { 'retry-after': String(Math.min(retryAfter, 5)) } });
      }
    }
    // In progress (wait for its batch), or released in the meantime (claim it again).
    await new Promise((ok) => setTimeout(ok, 25));
  }
}

/**
 * Nothing was committed (the commit is the last thing that can fail): the claim is released,
 * so a retry with the same key is not told "in progress". If even this fails, it expires.
 */
export async function releaseIdempotency(db, claim) {
  if (claim) await releaseClaim(db, claim).catch((err) => console.error('idempotency release', err));
}
