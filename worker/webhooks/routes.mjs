// SPDX-License-Identifier: MIT
// POST|GET /v1/webhooks, DELETE /v1/webhooks/{id}, GET /v1/webhooks/{id}/deliveries (API.md §7.3,
// docs/webhooks.md). A webhook belongs to the key's workspace and mode (a test key's webhooks
// hear only of test batches). Its secret is answered once, on creation.
import { invalid, invalidAll, notFound } from '../http/errors.mjs';
import { json } from '../http/respond.mjs';
import { readJsonObject } from '../http/body.mjs';
import { readPage, listAnswer } from '../routes/list.mjs';
import { newId, randomToken, nowIso } from '../ids.mjs';
import { insertWebhook, countWebhooks, findWebhook, deleteWebhook, attemptsOf } from '../store/webhooks.mjs';
import { EVENTS, refuseWebhookUrl } from './deliver.mjs';

export const MAX_WEBHOOKS = 10;
const MAX_URL_LENGTH = 2048;
const FIELDS = ['url', 'events'];

const webhookObject = (row, secret = undefined) => ({
  id: row.id, object: 'webhook', url: row.url, events: row.events.split(' '), test: !!row.test, created_at: row.created_at,
  ...(secret ? { secret } : {}),
});

function deliveryObject(row, attempts) {
  return {
    id: row.id, object: 'webhook_delivery', webhook_id: row.webhook_id, event_id: row.event_id, event_type: row.event_type,
    status: row.status, attempts: attempts.map((a) => ({ attempt: a.attempt, at: a.at, status_code: a.status_code, error: a.error, duration_ms: a.duration_ms })),
    next_attempt_at: row.status === 'pending' ? new Date(row.next_attempt_at).toISOString() : null,
    payload: JSON.parse(row.payload), created_at: row.created_at,
  };
}

function validate(env, body) {
  const details = [];
  for (const key of Object.keys(body)) {
    if (!FIELDS.includes(key)) details.push({ path: `/${key}`, code: 'unknown_field', message: `unknown field ${key.slice(0, 64)}; fields: ${FIELDS.join(', ')}` });
  }
  if (body.url === undefined) {
    details.push({ path: '/url', code: 'required', message: 'url is required: the https URL that receives the events' });
  } else if (typeof body.url !== 'string') {
    details.push({ path: '/url', code: 'invalid_type', message: 'url must be a string' });
  } else if (body.url.length > MAX_URL_LENGTH) {
    details.push({ path: '/url', code: 'too_long', message: `url may be at most ${MAX_URL_LENGTH} characters` });
  } else {
    const refusal = refuseWebhookUrl(env, body.url);
    if (refusal) details.push({ path: '/url', code: 'invalid_url', message: refusal });
  }
  if (body.events === undefined) {
    details.push({ path: '/events', code: 'required', message: `events is required: a list of ${EVENTS.join(', ')}` });
  } else if (!Array.isArray(body.events) || body.events.length === 0) {
    details.push({ path: '/events', code: 'invalid_type', message: `events must be a non-empty list of ${EVENTS.join(', ')}` });
  } else {
    body.events.forEach((e, i) => {
      if (!EVENTS.includes(e)) details.push({ path: `/events/${i}`, code: 'invalid_value', message: `events are ${EVENTS.join(', ')}` });
    });
  }
  if (details.length) throw invalidAll(details);
  return { url: body.url, events: EVENTS.filter((e) => body.events.includes(e)) };
}

export async function createWebhook(c) {
  const { url, events } = validate(c.env, await readJsonObject(c.request));
  if (await countWebhooks(c.env.DB, c.auth) >= MAX_WEBHOOKS) {
    throw invalid('', 'too_many_webhooks', `a workspace may have at most ${MAX_WEBHOOKS} webhooks per mode; delete one first`);
  }
  const row = { id: newId('wh'), url, events: events.join(' '), secret: `whsec_${randomToken(40)}`, created_at: nowIso(), test: c.auth.test };
  await insertWebhook(c.env.DB, c.auth, row);
  return json(webhookObject(row, row.secret), 201);
}

export const listWebhooks = async (c) => listAnswer(await readPage(c, 'webhooks'), (r) => webhookObject(r));

export async function getWebhook(c) {
  const { id } = c.params;
  const row = await findWebhook(c.env.DB, c.auth, id);
  if (!row) throw notFound(`no webhook ${id}`);
  return json(webhookObject(row));
}

export async function removeWebhook(c) {
  const { id } = c.params;
  if (!await deleteWebhook(c.env.DB, c.auth, id)) throw notFound(`no webhook ${id}`);
  return json({ id, object: 'webhook', deleted: true });
}

/** GET /v1/webhooks/{id}/deliveries: newest first, each with every attempt. */
export async function listDeliveries(c) {
  const { id } = c.params;
  if (!await findWebhook(c.env.DB, c.auth, id)) throw notFound(`no webhook ${id}`);
  const page = await readPage(c, 'webhook_deliveries', { webhook_id: id });
  const attempts = await attemptsOf(c.env.DB, page.rows.map((r) => r.id));
  return listAnswer(page, (r) => deliveryObject(r, attempts.filter((a) => a.delivery_id === r.id)));
}
