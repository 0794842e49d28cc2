// SPDX-License-Identifier: MIT
// Every SQL statement of webhooks (docs/webhooks.md). A delivery is an outbox row written in
// the same transaction as the batch's final status, one per (webhook, event): the event can
// neither be lost after the batch is done nor sent twice by two runtimes finishing it.
import { owner } from './owner.mjs';
export const WEBHOOK_SCHEMA = [
  `CREATE TABLE IF NOT EXISTS webhooks (
     id TEXT PRIMARY KEY,              -- wh_…
     workspace_id TEXT NOT NULL,
     test INTEGER NOT NULL,
     url TEXT NOT NULL,
     events TEXT NOT NULL,             -- space-separated: batch.completed batch.failed
     secret TEXT NOT NULL,             -- whsec_…: kept as is, since every delivery is signed with it
     created_at TEXT NOT NULL)`,
  `CREATE INDEX IF NOT EXISTS webhooks_by_workspace ON webhooks (workspace_id, test, created_at DESC, id DESC)`,
  `CREATE TABLE IF NOT EXISTS webhook_deliveries (
     id TEXT PRIMARY KEY,              -- whd_…
     webhook_id TEXT NOT NULL,
     workspace_id TEXT NOT NULL,
     test INTEGER NOT NULL,
     event_id TEXT NOT NULL,           -- evt_…: the same for every webhook that gets the event
     event_type TEXT NOT NULL,
     payload TEXT NOT NULL,            -- the body, byte for byte the same on every attempt
     status TEXT NOT NULL,             -- pending | succeeded | failed
     attempts INTEGER NOT NULL DEFAULT 0,
     next_attempt_at INTEGER NOT NULL, -- ms; also the lease of an attempt under way
     created_at TEXT NOT NULL,
     UNIQUE (webhook_id, event_id))`,
  `CREATE INDEX IF NOT EXISTS webhook_deliveries_due ON webhook_deliveries (status, next_attempt_at)`,
  `CREATE INDEX IF NOT EXISTS webhook_deliveries_by_webhook ON webhook_deliveries (webhook_id, created_at DESC, id DESC)`,
  `CREATE TABLE IF NOT EXISTS webhook_attempts (
     delivery_id TEXT NOT NULL,
     attempt INTEGER NOT NULL,         -- 1, 2, …
     at TEXT NOT NULL,
     status_code INTEGER,              -- the receiver's HTTP status; null when none came
     error TEXT,                       -- why it failed (timeout, refused, http_status, …); null on success
     duration_ms INTEGER NOT NULL,
     PRIMARY KEY (delivery_id, attempt))`,
];

export const insertWebhook = (db, auth, row) => db.prepare(`INSERT INTO webhooks (id, workspace_id, test, url, events, secret, created_at)
    VALUES (?, ?, ?, ?, ?, ?, ?)`).bind(row.id, ...owner(auth), row.url, row.events, row.secret, row.created_at).run();

export const countWebhooks = async (db, auth) => (await db.prepare('SELECT COUNT(*) AS n FROM webhooks WHERE workspace_id = ? AND test = ?')
  .bind(...owner(auth)).first()).n;

export const findWebhook = (db, auth, id) => db.prepare('SELECT * FROM webhooks WHERE id = ? AND workspace_id = ? AND test = ?')
  .bind(id, ...owner(auth)).first();

/** Deletes a webhook, its deliveries (pending ones are never sent) and their attempts; false when there was none. */
export async function deleteWebhook(db, auth, id) {
  const [, , gone] = await db.batch([
    db.prepare(`DELETE FROM webhook_attempts WHERE delivery_id IN (SELECT d.id FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id
        WHERE w.id = ?1 AND w.workspace_id = ?2 AND w.test = ?3)`).bind(id, ...owner(auth)),
    db.prepare(`DELETE FROM webhook_deliveries WHERE webhook_id IN (SELECT id FROM webhooks WHERE id = ?1 AND workspace_id = ?2 AND test = ?3)`)
      .bind(id, ...owner(auth)),
    db.prepare('DELETE FROM webhooks WHERE id = ? AND workspace_id = ? AND test = ? RETURNING id').bind(id, ...owner(auth)),
  ]);
  return gone.results.length > 0;
}

/** The attempts of some deliveries, oldest first. */
export async function attemptsOf(db, deliveryIds) {
  if (!deliveryIds.length) return [];
  const { results } = await db.prepare(`SELECT * FROM webhook_attempts WHERE delivery_id IN (SELECT value FROM json_each(?)) ORDER BY delivery_id, attempt`)
    .bind(JSON.stringify(deliveryIds)).all();
  return results;
}

/**
 * The statement that queues `eventId` for every webhook of the batch's workspace and mode that
 * listens to its final status. Runs in the transaction that sets that status, after it: the
 * event and its body come from the row as just written. INSERT OR IGNORE on (webhook, event)
 * makes a second run a no-op.
 */
export const queueBatchEvent = (db, batchId, eventId, nowIso, nowMs) => db.prepare(`INSERT OR IGNORE INTO webhook_deliveries
    (id, webhook_id, workspace_id, test, event_id, event_type, payload, status, attempts, next_attempt_at, created_at)
    SELECT 'whd_' || lower(hex(randomblob(12))), w.id, w.workspace_id, w.test, ?2, 'batch.' || b.status,
      json_object('id', ?2, 'object', 'event', 'type', 'batch.' || b.status, 'created_at', ?3,
        'test', json(CASE b.test WHEN 1 THEN 'true' ELSE 'false' END),
        'data', json_object('object', json_object('id', b.id, 'object', 'batch', 'status', b.status, 'total_count', b.total_count,
          'completed_count', b.completed_count, 'error_count', b.error_count, 'template_id', b.template_id,
          'warnings', json(coalesce(b.warnings, '[]')), 'created_at', b.created_at, 'completed_at', b.completed_at,
          'test', json(CASE b.test WHEN 1 THEN 'true' ELSE 'false' END)))),
      'pending', 0, ?4, ?3
    FROM batches b JOIN webhooks w ON w.workspace_id = b.workspace_id AND w.test = b.test
    WHERE b.id = ?1 AND b.status IN ('completed', 'failed') AND instr(' ' || w.events || ' ', ' batch.' || b.status || ' ') > 0`)
  .bind(batchId, eventId, nowIso, nowMs);

/** Ids of deliveries due now (pending, or an attempt whose lease ran out), oldest first. */
export async function dueDeliveries(db, nowMs, limit, eventId = null) {
  const { results } = await db.prepare(`SELECT id FROM webhook_deliveries WHERE status = 'pending' AND next_attempt_at <= ?
      ${eventId ? 'AND event_id = ?' : ''} ORDER BY next_attempt_at LIMIT ?`)
    .bind(nowMs, ...(eventId ? [eventId] : []), limit).all();
  return results.map((r) => r.id);
}

/**
 * Takes one attempt of a due delivery: its attempt count goes up and it is leased until
 * `leaseUntil`, so no other runtime attempts it meanwhile. Returns the delivery with its
 * webhook's url and secret, or null when it is not due (someone else took it, or it is done).
 */
export const claimAttempt = (db, id, nowMs, leaseUntil) => db.prepare(`UPDATE webhook_deliveries SET attempts = attempts + 1, next_attempt_at = ?3
    WHERE id = ?1 AND status = 'pending' AND next_attempt_at <= ?2
    RETURNING id, webhook_id, event_id, event_type, payload, attempts,
      (SELECT url FROM webhooks WHERE webhooks.id = webhook_id) AS url, (SELECT secret FROM webhooks WHERE webhooks.id = webhook_id) AS secret`)
  .bind(id, nowMs, leaseUntil).first();

/**
 * Deletes up to `limit` finished deliveries (succeeded or failed) made before `beforeIso`, with
 * their attempts, oldest first: the delivery log is kept for a while, not for ever.
 */
export function pruneDeliveries(db, beforeIso, limit) {
  const oldest = `SELECT id FROM webhook_deliveries WHERE status <> 'pending' AND created_at < ?1 ORDER BY created_at, id LIMIT ?2`;
  return db.batch([
    db.prepare(`DELETE FROM webhook_attempts WHERE delivery_id IN (${oldest})`).bind(beforeIso, limit),
    db.prepare(`DELETE FROM webhook_deliveries WHERE id IN (${oldest})`).bind(beforeIso, limit),
  ]);
}

/** Records the outcome of an attempt: the log row and the delivery's next state, together. */
export const recordAttempt = (db, delivery, outcome, next) => db.batch([
  db.prepare('INSERT OR REPLACE INTO webhook_attempts (delivery_id, attempt, at, status_code, error, duration_ms) VALUES (?, ?, ?, ?, ?, ?)')
    .bind(delivery.id, delivery.attempts, outcome.at, outcome.statusCode, outcome.error, outcome.durationMs),
  db.prepare('UPDATE webhook_deliveries SET status = ?, next_attempt_at = ? WHERE id = ?').bind(next.status, next.at, delivery.id),
]);
