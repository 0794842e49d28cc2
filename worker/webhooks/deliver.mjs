// SPDX-License-Identifier: MIT
// Webhook deliveries (docs/webhooks.md). A finished batch queues its event in the transaction
// that finishes it (queueBatchEvent); the first attempt follows at once, in the background of
// the request that finished the batch; a failed attempt is retried with growing delays by the
// scheduled handler (the cron trigger, every minute), which attempts every delivery that is due.
// Each attempt is leased in D1 first, so two runtimes never send the same attempt.
import { refusePublicUrl } from '../public-url.mjs';
import { sha256Hex } from '../ids.mjs';
import { queueBatchEvent, dueDeliveries, claimAttempt, recordAttempt, pruneDeliveries } from '../store/webhooks.mjs';
import { signatureHeader } from './sign.mjs';

export const EVENTS = ['batch.completed', 'batch.failed'];
// Delays before attempts 2, 3, …: 8 attempts over about 45 hours. The cron trigger runs each
// minute, so a retry goes out within a minute of its time.
export const RETRY_DELAYS_MS = [60e3, 5 * 60e3, 30 * 60e3, 2 * 3600e3, 6 * 3600e3, 12 * 3600e3, 24 * 3600e3];
export const MAX_ATTEMPTS = RETRY_DELAYS_MS.length + 1;
const TIMEOUT_MS = 10_000;
const LEASE_MS = 60_000;
const SWEEP_LIMIT = 50;
export const LOG_DAYS = 30;
const PRUNE_LIMIT = 500;
const PARALLEL = 5;

// QREDGE_TEST_WEBHOOK_RETRY_MS (tests only; never in wrangler.toml) replaces every retry delay.
const retryDelay = (env, attempts) => (env.QREDGE_TEST_WEBHOOK_RETRY_MS !== undefined
  ? Number(env.QREDGE_TEST_WEBHOOK_RETRY_MS) : RETRY_DELAYS_MS[attempts - 1]);

/**
 * Why a webhook URL is refused, or null. The rules are the logo rules (public-url.mjs); only
 * where the QREDGE_TEST_WEBHOOK_LOOPBACK binding is set (tests) is http://127.0.0.1:<port> allowed,
 * so a test can run its receiver on loopback.
 */
export function refuseWebhookUrl(env, text) {
  if (env.QREDGE_TEST_WEBHOOK_LOOPBACK && /^http:\/\/127\.0\.0\.1:\d{1,5}\//.test(text)) return null;
  return refusePublicUrl(text, 'webhook URLs');
}

/** The id of a batch's final event, the same however many times the batch is finished. */
export const batchEventId = async (batchId) => `evt_${(await sha256Hex(`${batchId}:final`)).slice(0, 24)}`;

/**
 * The batch-completion hook: the statement to run in the transaction that sets the batch's
 * final status (after that UPDATE), and `deliver(env)` to call once it committed.
 */
export async function emitBatchEvent(db, batchId) {
  const eventId = await batchEventId(batchId);
  return {
    statement: queueBatchEvent(db, batchId, eventId, new Date().toISOString(), Date.now()),
    deliver: (env) => deliverDue(env, eventId),
  };
}

// What went wrong with an attempt, in a word (the delivery log's `error`).
function failure(e, timedOut) {
  if (timedOut || e?.name === 'TimeoutError') return 'timeout';
  const message = String(e?.message ?? '');
  if (/connection (lost|refused|reset)|ECONNREFUSED|ECONNRESET/i.test(message)) return 'refused';
  if (/tls|ssl|certificate/i.test(message)) return 'tls';
  if (/^internal error/i.test(message) || /dns|resolve|ENOTFOUND|EAI_/i.test(message)) return 'dns';
  return 'unreachable';
}

/** One attempt of a claimed delivery: POST, signed; any 2xx is success, anything else a failure. */
async function attempt(env, delivery) {
  const started = Date.now();
  const outcome = { at: new Date(started).toISOString(), statusCode: null, error: null, durationMs: 0 };
  const refusal = refuseWebhookUrl(env, delivery.url);
  if (refusal) {
    outcome.error = 'not_allowed';
  } else {
    const signal = AbortSignal.timeout(TIMEOUT_MS);
    try {
      const res = await fetch(delivery.url, {
        method: 'POST', redirect: 'manual', signal, body: delivery.payload,
        headers: { 'content-type': 'application/json', 'user-agent': 'qredge-webhooks/1',
          'qredge-signature': await signatureHeader(delivery.secret, delivery.payload, Math.floor(started / 1000)),
          'qredge-event': delivery.event_type, 'qredge-delivery': delivery.id },
      });
      await res.body?.cancel().catch(() => {});
      outcome.statusCode = res.status;
      // A redirect is not followed: its target was never checked against the URL rules.
      if (res.status < 200 || res.status > 299) outcome.error = res.status >= 300 && res.status < 400 ? 'redirect' : 'http_status';
    } catch (e) {
      outcome.error = failure(e, signal.aborted);
    }
  }
  outcome.durationMs = Date.now() - started;
  const done = !outcome.error;
  const last = delivery.attempts >= MAX_ATTEMPTS;
  const next = done ? { status: 'succeeded', at: 0 } : last ? { status: 'failed', at: 0 } : { status: 'pending', at: Date.now() + retryDelay(env, delivery.attempts) };
  await recordAttempt(env.DB, delivery, outcome, next);
  return next.status;
}

/**
 * Attempts every delivery that is due (of one event, or all): the first attempts after a batch
 * finished, and the scheduled retries. Never throws: a failure (D1 unavailable) is logged, and
 * a delivery whose attempt was not recorded is due again when its lease ends.
 * Returns how many attempts were made.
 */
export async function deliverDue(env, eventId = null) {
  let made = 0;
  try {
    const now = Date.now();
    const due = await dueDeliveries(env.DB, now, SWEEP_LIMIT, eventId);
    // A few at a time (a Worker keeps at most 6 connections open): one slow receiver does not
    // hold up the others for its whole timeout.
    for (let i = 0; i < due.length; i += PARALLEL) {
      await Promise.allSettled(due.slice(i, i + PARALLEL).map(async (id) => {
        const delivery = await claimAttempt(env.DB, id, now, now + LEASE_MS);
        if (!delivery) return;
        await attempt(env, delivery);
        made++;
      })).then((outcomes) => outcomes.filter((o) => o.status === 'rejected').forEach((o) => console.error('webhook attempt', o.reason?.message ?? o.reason)));
    }
  } catch (e) {
    console.error('webhook deliveries', e?.message ?? e);
  }
  return made;
}

/**
 * The scheduled handler's part: the attempts that are due, then finished deliveries older than
 * LOG_DAYS days leave the log (at most PRUNE_LIMIT a run). Never throws.
 */
export async function sweepWebhooks(env, now = Date.now()) {
  const made = await deliverDue(env);
  await pruneDeliveries(env.DB, new Date(now - LOG_DAYS * 86_400_000).toISOString(), PRUNE_LIMIT)
    .catch((e) => console.error('webhook log pruning', e?.message ?? e));
  return made;
}
