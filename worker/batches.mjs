// SPDX-License-Identifier: MIT
// Batches (API.md §4): validate with the engine, store the batch and its items in one D1
// transaction, then make the codes in item order — in the background, or streamed as NDJSON.
// The items still to make are stored as JSON text on the batch (batch_pending, in chunks); an
// item gets its batch_items row when it is made, or at once when validation refused it.
// Inserting 1000 pending rows took two thirds of the creation transaction (docs/storage.md).
// A batch is owned through a lease; a batch whose owner vanished (the runtime restarted) is
// resumed by the next reader or the scheduled sweep, and only its pending items are made.
// Code ids and short codes derive from (batch, index), so no item is ever made twice.
import { validateBatch, renderPayload, QredgeError } from '../dist/worker.mjs';
import { HttpError, isStorageError } from './http.mjs';
import { readUtf8, parseJson, requireObject, batchBodyKind, invalidCsv } from './body.mjs';
import { parseCsv, CsvError } from '../shared/csv.mjs';
import { resolveDesignLogo } from './logo.mjs';
import { codeId, newId, nowIso, sha256Hex } from './ids.mjs';
import { shortCodeFor } from './shortcodes.mjs';
import { paginate } from './pagination.mjs';
import { contentType } from './content-types.mjs';

const LEASE_MS = 30_000;
const FLUSH_ITEMS = 25;
const FLUSH_MS = 50;
const IDEMPOTENCY_TTL_MS = 24 * 3600 * 1000;
const STALL_MS = 5000;

const leaseMs = (env) => Number(env.QREDGE_LEASE_MS ?? LEASE_MS);

function batchObject(row, items) {
  const batch = {
    id: row.id, object: 'batch', status: row.status,
    total_count: row.total_count, completed_count: row.completed_count, error_count: row.error_count,
    template_id: row.template_id ?? null, warnings: row.warnings ? JSON.parse(row.warnings) : [],
    created_at: row.created_at, completed_at: row.completed_at ?? null, test: !!row.test,
  };
  if (items) batch.items = items.map(itemObject);
  return batch;
}

function itemObject(r) {
  const error = r.error ? JSON.parse(r.error) : null;
  return {
    index: r.idx, name: r.name ?? null, type: r.type ?? null, kind: r.kind ?? null,
    qr_code_id: r.qr_code_id ?? null,
    error: error?.message ?? null, error_code: r.error_code ?? null, error_path: error?.path ?? null,
    scan: r.scan ? JSON.parse(r.scan) : null,
  };
}

// The name an item was sent with, kept on a refused item too (issue 15): a string the API would
// store (at most 255 characters), else null. The engine reports names of valid items only.
function sentName(body, index) {
  const name = body.items?.[index]?.name;
  return typeof name === 'string' && name.length > 0 && name.length <= 255 ? name : null;
}

async function loadBatch(db, auth, id, withItems = true) {
  const row = await db.prepare('SELECT * FROM batches WHERE id = ? AND workspace_id = ? AND test = ?')
    .bind(id, auth.workspaceId, auth.test ? 1 : 0).first();
  if (!row) return null;
  if (!withItems) return { row };
  const { results } = await db.prepare('SELECT * FROM batch_items WHERE batch_id = ? ORDER BY idx').bind(id).all();
  if (row.status !== 'processing') return { row, items: results };
  // Items not made yet have no row: they come from the batch's pending list.
  const waiting = (await itemsToMake(db, id, results))
    .map(({ idx, type, kind, name }) => ({ idx, type, kind, name, qr_code_id: null, error_code: null, error: null, scan: null }));
  return { row, items: [...results, ...waiting].sort((a, b) => a.idx - b.idx) };
}

// The entries of the batch's pending list ({ idx, type, kind, name, spec }, in index order)
// that have no row among `rows` (its batch_items rows): the items still to make.
async function itemsToMake(db, batchId, rows) {
  const made = new Set(rows.map((r) => r.idx));
  const { results } = await db.prepare('SELECT items FROM batch_pending WHERE batch_id = ? ORDER BY chunk').bind(batchId).all();
  return results.flatMap((r) => JSON.parse(r.items)).filter((entry) => !made.has(entry.idx));
}

const wantsNdjson = (request) => /application\/x-ndjson/i.test(request.headers.get('accept') ?? '');

// Refused items are inserted by one statement per chunk: one JSON-array parameter expanded with
// json_each, since D1 allows 100 bound parameters per statement. The pending list is stored the
// same way, as chunks of JSON text. A bound value may be at most 2 MB in D1.
const ROWS_PARAM_BYTES = 1_000_000;

function* jsonArraysUnder(rows, maxBytes) {
  let chunk = [];
  let bytes = 0;
  for (const row of rows) {
    const text = JSON.stringify(row);
    if (chunk.length && bytes + text.length > maxBytes) { yield `[${chunk.join(',')}]`; chunk = []; bytes = 0; }
    chunk.push(text);
    bytes += text.length + 1;
  }
  if (chunk.length) yield `[${chunk.join(',')}]`;
}

const insertRefused = (db, batchId, jsonRows) => db.prepare(`INSERT INTO batch_items (batch_id, idx, state, type, kind, name, error_code, error)
    SELECT ?1, value ->> 0, 'failed', value ->> 1, value ->> 2, value ->> 3, value ->> 4, value ->> 5 FROM json_each(?2)`)
  .bind(batchId, jsonRows);

export async function createBatch(c) {
  const { env, request, auth } = c;
  const db = env.DB;
  const { text, body, hashed } = batchBodyKind(request) === 'csv' ? await csvRequest(c) : await jsonRequest(request);

  const idemKey = request.headers.get('idempotency-key');
  let claim = null;
  if (idemKey !== null) {
    if (idemKey.length < 1 || idemKey.length > 255 || /[^\x21-\x7e]/.test(idemKey)) {
      throw new HttpError(422, 'validation_error', 'Idempotency-Key must be 1–255 visible ASCII characters',
        [{ path: '', code: 'invalid_idempotency_key', message: 'Idempotency-Key must be 1–255 visible ASCII characters' }]);
    }
    const outcome = await claimIdempotencyKey(c, idemKey, await sha256Hex(hashed));
    if (outcome instanceof Response) return outcome;
    claim = outcome;
  }
  try {
    return await makeBatch(c, text, body, claim);
  } catch (e) {
    // Nothing was committed (the commit is the last thing that can fail): release the claim,
    // so a retry with the same key is not told "in progress". If even this fails, the claim
    // expires after CLAIM_MS.
    if (claim) await releaseClaim(db, claim).catch((err) => console.error('idempotency release', err));
    throw e;
  }
}

async function jsonRequest(request) {
  const text = await readUtf8(request);
  return { text, body: requireObject(parseJson(text)), hashed: text };
}

// A CSV body (docs/api.md, "CSV batches") is the request's items; template_id, design and output
// come from query parameters (design and output as JSON text). The request is then made as the
// JSON request it stands for, so validation, item errors and answers are those of a JSON batch.
async function csvRequest(c) {
  const text = await readUtf8(c.request, (message, line, column) => invalidCsv(message, line, column, 'csv_encoding'));
  const params = c.url.searchParams;
  const body = {};
  for (const name of ['template_id', 'design', 'output']) {
    const all = params.getAll(name);
    if (all.length > 1) throw queryError(name, `give ${name} once`);
    if (!all.length) continue;
    if (name === 'template_id') { body.template_id = all[0]; continue; }
    let value;
    try {
      value = JSON.parse(all[0]);
    } catch {
      throw queryError(name, `${name} must be a JSON object (URL-encoded), e.g. ${name}=${encodeURIComponent('{"error_correction":"Q"}')}`);
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) throw queryError(name, `${name} must be a JSON object`);
    body[name] = value;
  }
  let parsed;
  try {
    parsed = parseCsv(text);
  } catch (e) {
    if (e instanceof CsvError) throw invalidCsv(`the CSV cannot be read: ${e.message}`, e.line, e.column, e.code);
    throw e;
  }
  body.items = parsed.items;
  c.csv = { warnings: parsed.warnings };
  // The idempotency fingerprint covers the query parameters too: the same CSV with another design is another request.
  return { text: JSON.stringify(body), body, hashed: `${params.toString()}\n${text}` };
}

const queryError = (name, message) => new HttpError(422, 'validation_error', message,
  [{ path: `/query/${name}`, code: 'invalid_value', message }]);

// Idempotency (API.md §4.3, §7.3; docs/worker.md): the key is claimed before any work, by one
// atomic statement. A pending claim is a row whose batch_id is '' (created_at = when it was
// claimed); the batch's creation transaction fills in batch_id. The statement inserts the row,
// or takes over one that expired (a finished record after 24 h, a pending claim after CLAIM_MS:
// its owner died before it could release it); otherwise it changes nothing and returns no row.
const CLAIM_MS = 30_000;
const REPLAY_WAIT_MS = 3000;

async function claimIdempotencyKey(c, key, bodyHash) {
  const db = c.env.DB;
  const scope = `${c.auth.workspaceId}:${c.auth.test ? 'test' : 'live'}`;
  const waitUntil = Date.now() + REPLAY_WAIT_MS;
  for (;;) {
    const now = Date.now();
    const claimed = await db.prepare(`INSERT INTO idempotency (workspace_id, key, body_hash, batch_id, created_at) VALUES (?1, ?2, ?3, '', ?4)
        ON CONFLICT (workspace_id, key) DO UPDATE SET body_hash = excluded.body_hash, batch_id = '', created_at = excluded.created_at
        WHERE (idempotency.batch_id <> '' AND idempotency.created_at <= ?5) OR (idempotency.batch_id = '' AND idempotency.created_at <= ?6)
        RETURNING created_at`)
      .bind(scope, key, bodyHash, now, now - IDEMPOTENCY_TTL_MS, now - CLAIM_MS).first();
    if (claimed) return { scope, key, bodyHash, at: claimed.created_at };
    const seen = await db.prepare('SELECT body_hash, batch_id, created_at FROM idempotency WHERE workspace_id = ? AND key = ?')
      .bind(scope, key).first();
    if (seen) {
      if (seen.body_hash !== bodyHash) {
        throw new HttpError(409, 'idempotency_conflict', 'this Idempotency-Key was used with a different request body');
      }
      if (seen.batch_id !== '') return replay(c, seen.batch_id);
      if (Date.now() >= waitUntil) {
        const retryAfter = Math.max(1, Math.ceil((seen.created_at + CLAIM_MS - Date.now()) / 1000));
        throw new HttpError(409, 'idempotency_in_progress',
          'a request with this Idempotency-Key is still being processed; retry after the time in Retry-After', undefined,
          { 'retry-after': String(Math.min(retryAfter, 5)) });
      }
    }
    // In progress (wait for its batch), or released in the meantime (claim it again).
    await new Promise((ok) => setTimeout(ok, 25));
  }
}

const releaseClaim = (db, claim) => db.prepare("DELETE FROM idempotency WHERE workspace_id = ? AND key = ? AND batch_id = '' AND created_at = ?")
  .bind(claim.scope, claim.key, claim.at).run();

async function makeBatch(c, text, body, claim) {
  const { env, request, auth } = c;
  const db = env.DB;
  let templateDesign;
  const warnings = [];
  // A CSV's ignored columns are said once, on the batch.
  for (const message of c.csv?.warnings ?? []) warnings.push({ code: 'csv_columns_ignored', path: '', message });
  if (body.template_id !== undefined && body.design !== undefined) {
    // API.md §7.3: the template wins; the design sent with it is not used, and the answer says so.
    warnings.push({ code: 'design_ignored', path: c.csv ? '/query/design' : '/design',
      message: 'design was ignored because template_id was given: a template replaces the design (send one or the other)' });
  }
  // Only a plausible id is looked up: a 4 MB template_id must not become a 4 MB D1 parameter
  // (SQLITE_TOOBIG); anything else is simply not found, which the engine reports.
  if (typeof body.template_id === 'string' && /^tpl_[0-9A-Za-z]{1,64}$/.test(body.template_id)) {
    const tpl = await db.prepare('SELECT design FROM templates WHERE id = ? AND workspace_id = ? AND test = ?')
      .bind(body.template_id, auth.workspaceId, auth.test ? 1 : 0).first();
    if (tpl) templateDesign = JSON.parse(tpl.design);
  }
  // The engine reads JSON text: the body as received, unless a fetched logo changed it.
  const request2 = body.template_id !== undefined || !body.design ? text : { ...body, design: await resolveDesignLogo(body.design) };
  const v = validateBatch(request2, templateDesign ? { dynamic_available: true, template_design: templateDesign } : { dynamic_available: true });
  if (!v.ok) {
    // JSON that JavaScript reads but the engine does not (a number past double range) is still
    // a body problem: 400, like any other unreadable body.
    // The engine's parser text is not passed on (issue 14).
    if (v.errors[0].code === 'invalid_json') throw new HttpError(400, 'invalid_json', 'the body is not JSON that the engine can read');
    // In a CSV request, design, output and template_id are query parameters.
    const errors = c.csv ? v.errors.map((e) => (/^\/(design|output|template_id)(\/|$)/.test(e.path) ? { ...e, path: `/query${e.path}` } : e)) : v.errors;
    throw new HttpError(422, 'validation_error', `the request is invalid: ${errors[0].message}`, errors);
  }

  const id = newId('batch');
  const createdAt = nowIso();
  const valid = v.items.filter((i) => i.ok).length;
  const status = valid === 0 ? 'failed' : 'processing';
  const batchRow = { id, status, design: JSON.stringify(v.design), output: JSON.stringify(v.output), redirect_base: redirectBase(c) };
  const warningsText = warnings.length ? JSON.stringify(warnings) : null;
  const statements = [db.prepare(`INSERT INTO batches (id, workspace_id, status, total_count, completed_count, error_count,
      design, output, template_id, redirect_base, test, created_at, completed_at, lease_until, warnings)
      VALUES (?, ?, ?, ?, 0, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
    .bind(id, auth.workspaceId, status, v.items.length, v.items.length - valid, batchRow.design, batchRow.output,
      body.template_id ?? null, batchRow.redirect_base, auth.test ? 1 : 0, createdAt, status === 'failed' ? createdAt : null, Date.now() + leaseMs(env),
      warningsText)];
  const refused = v.items.filter((item) => !item.ok)
    .map((item) => [item.index, item.type || null, item.kind || null, sentName(body, item.index), item.error.code, JSON.stringify(item.error)]);
  for (const jsonRows of jsonArraysUnder(refused, ROWS_PARAM_BYTES)) statements.push(insertRefused(db, id, jsonRows));
  const pending = v.items.filter((item) => item.ok).map((item) => ({ idx: item.index, type: item.type, kind: item.kind, name: item.name || null,
    spec: { payload: item.payload, target: item.target, folder_id: item.folder_id, tags: item.tags, name: item.name } }));
  let chunk = 0;
  for (const jsonItems of jsonArraysUnder(pending, ROWS_PARAM_BYTES)) {
    statements.push(db.prepare('INSERT INTO batch_pending (batch_id, chunk, items) VALUES (?, ?, ?)').bind(id, chunk++, jsonItems));
  }
  // The first item is made now and stored in the same transaction as the batch, so its line
  // can follow the head line at once (API users watch for the first result).
  const first = pending.length
    ? await makeItem(db, { batchId: id, design: v.design, output: v.output, origin: batchRow.redirect_base }, pending[0], wantsNdjson(request))
    : null;
  if (first) statements.push(...first.statements, countsStatement(db, id, Date.now() + leaseMs(env)));
  if (claim) {
    // The claim becomes the record, in the batch's own transaction.
    statements.push(db.prepare("UPDATE idempotency SET batch_id = ?, created_at = ? WHERE workspace_id = ? AND key = ? AND batch_id = '' AND created_at = ?")
      .bind(id, Date.now(), claim.scope, claim.key, claim.at));
  }
  await db.batch(statements);

  // The head line is what was just stored, without reading it back.
  const items = v.items.map((item) => ({ idx: item.index, type: item.type || null, kind: item.kind || null,
    name: item.ok ? item.name || null : sentName(body, item.index),
    error_code: item.error?.code ?? null, error: item.error ? JSON.stringify(item.error) : null, scan: null }));
  const firstOk = !!first?.line.qr_code_id;
  if (first) {
    const l = first.line;
    Object.assign(items[l.index], { name: l.name, qr_code_id: l.qr_code_id, error_code: l.error_code,
      error: l.error_code ? JSON.stringify({ path: l.error_path, code: l.error_code, message: l.error }) : null,
      scan: l.scan ? JSON.stringify(l.scan) : null });
  }
  const head = batchObject({ id, status, total_count: v.items.length, completed_count: firstOk ? 1 : 0,
    error_count: v.items.length - valid + (first && !firstOk ? 1 : 0), template_id: body.template_id ?? null,
    warnings: warningsText, created_at: createdAt, completed_at: status === 'failed' ? createdAt : null, test: auth.test }, items);
  const fresh = { batch: batchRow, pending: pending.slice(1) };
  if (!wantsNdjson(request)) {
    if (status === 'processing') c.ctx.waitUntil(runBatch(env, id, null, fresh).catch((e) => console.error('batch', id, e)));
    return jsonResponse(head, 202);
  }
  // One batch_item line per item in index order (API.md §7.3): the lines of items refused by
  // validation go out between the lines of made items, where their index puts them.
  const refusedLines = items.filter((i) => i.error_code && !v.items[i.idx].ok).map((i) => ({ object: 'batch_item', batch_id: id, ...itemObject(i) }));
  let nextRefused = 0;
  const before = (index) => {
    const out = [];
    while (nextRefused < refusedLines.length && refusedLines[nextRefused].index < index) out.push(refusedLines[nextRefused++]);
    return out;
  };
  return ndjsonResponse(c, async (send) => {
    await (first ? send(head, ...before(first.line.index), first.line) : send(head));
    if (status === 'processing') await runBatch(env, id, (line) => send(...before(line.index), line), fresh);
    const done = await loadBatch(db, auth, id);
    await send(...before(Infinity), batchObject(done.row, done.items));
  });
}

// A replayed request answers like the first: the batch as it is now (streamed if asked).
async function replay(c, batchId) {
  const loaded = await loadBatch(c.env.DB, c.auth, batchId);
  if (!loaded) throw new HttpError(409, 'idempotency_conflict', 'the batch of this Idempotency-Key no longer exists');
  const headers = { 'idempotent-replayed': 'true' };
  if (!wantsNdjson(c.request)) return jsonResponse(batchObject(loaded.row, loaded.items), 202, headers);
  return ndjsonResponse(c, async (send) => {
    await send(batchObject(loaded.row, loaded.items));
    for (const item of loaded.items) await send({ object: 'batch_item', batch_id: batchId, ...itemObject(item) });
    await send(batchObject(loaded.row, loaded.items));
  }, headers);
}

export const redirectBase = (c) => (c.env.REDIRECT_BASE ?? new URL(c.request.url).origin).replace(/\/+$/, '');

function jsonResponse(body, status, headers = {}) {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json; charset=utf-8', ...headers } });
}

// The pump runs under waitUntil and the Response is returned first: a write to the stream
// waits for the reader, and nothing is read before the Response exists.
function ndjsonResponse(c, produce, headers = {}) {
  const { readable, writable } = new TransformStream();
  const writer = writable.getWriter();
  const encoder = new TextEncoder();
  let open = true;
  // send(...objects) writes one line per object, in one chunk. A write waits for the client to
  // read. A client that went away does not always error the stream, so a write stalled past
  // STALL_MS detaches the stream: the batch goes on regardless and stays retrievable with
  // GET /v1/batches/{id}.
  const send = async (...objs) => {
    if (!open) return;
    let timer;
    const stalled = new Promise((ok) => { timer = setTimeout(() => ok('stalled'), STALL_MS); });
    try {
      const outcome = await Promise.race([writer.write(encoder.encode(objs.map((o) => `${JSON.stringify(o)}\n`).join(''))), stalled]);
      if (outcome === 'stalled') {
        open = false;
        writer.abort('the client stopped reading').catch(() => {});
      }
    } catch {
      open = false;
    } finally {
      clearTimeout(timer);
    }
  };
  c.ctx.waitUntil((async () => {
    try {
      await produce(send);
    } catch (e) {
      console.error('ndjson', e);
      await send({ object: 'error', error: { code: isStorageError(e) ? 'storage_unavailable' : 'internal_error',
        message: 'the batch was interrupted; it resumes on its own (GET /v1/batches/{id})', request_id: c.requestId } });
    } finally {
      if (open) await writer.close().catch(() => {});
    }
  })());
  return new Response(readable, { status: 202, headers: { 'content-type': 'application/x-ndjson; charset=utf-8', 'cache-control': 'no-store', ...headers } });
}

const toBase64 = (bytes) => {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
};

// The batch's counts recomputed from its items, and its lease extended.
const countsStatement = (db, batchId, leaseUntil) => db.prepare(`UPDATE batches SET
    completed_count = (SELECT COUNT(*) FROM batch_items WHERE batch_id = ?1 AND state = 'done'),
    error_count = (SELECT COUNT(*) FROM batch_items WHERE batch_id = ?1 AND state = 'failed'),
    lease_until = ?2 WHERE id = ?1`).bind(batchId, leaseUntil);

/**
 * One item of a batch: its code rendered, the statements that store the result (to run in
 * one transaction with others), and its NDJSON line (with the image when `withImage`).
 * `ctx` is { batchId, design, output, origin }; `entry` an entry of the pending list. Both
 * inserts are OR IGNORE on ids derived from (batch, index): an item made twice (a resumer
 * racing a slow owner) is stored once.
 */
async function makeItem(db, ctx, entry, withImage) {
  const { batchId, design, output, origin } = ctx;
  const statements = [];
  const { spec, kind } = entry;
  const id = await codeId(batchId, entry.idx, kind);
  const shortCode = await shortCodeFor(batchId, entry.idx);
  const shortUrl = kind === 'dynamic' ? `${origin}/r/${shortCode}` : null;
  const name = spec.name || `${kind === 'dynamic' ? 'Campaign' : 'Static'} ${shortCode}`;
  const line = { object: 'batch_item', batch_id: batchId, index: entry.idx, name, type: entry.type, kind, qr_code_id: null,
    error: null, error_code: null, error_path: null, scan: null };
  try {
    // A dynamic code is drawn from its short URL: the scan report is of what was drawn.
    const image = renderPayload(shortUrl ?? spec.payload, design, output);
    const scan = JSON.stringify(image.scan);
    const now = nowIso();
    statements.push(db.prepare(`INSERT OR IGNORE INTO qr_codes (id, workspace_id, batch_id, kind, type, name, short_code, payload,
        target, design, output, folder_id, tags, is_active, scan_count, test, created_at, updated_at, scan)
        SELECT ?, workspace_id, id, ?, ?, ?, ?, ?, ?, design, output, ?, ?, 1, ?, test, ?, ?, ? FROM batches WHERE id = ?`)
      .bind(id, kind, entry.type, name, shortCode, spec.payload, JSON.stringify(spec.target), spec.folder_id || null,
        JSON.stringify(spec.tags ?? []), kind === 'dynamic' ? 0 : null, now, now, scan, batchId));
    statements.push(db.prepare("INSERT OR IGNORE INTO batch_items (batch_id, idx, state, type, kind, name, qr_code_id, scan) VALUES (?, ?, 'done', ?, ?, ?, ?, ?)")
      .bind(batchId, entry.idx, entry.type, kind, name, id, scan));
    Object.assign(line, { qr_code_id: id, short_url: shortUrl, payload: shortUrl ?? spec.payload, scan: image.scan });
    if (withImage) {
      // SVG is text; PNG, PDF and EPS are bytes, sent as base64.
      line.image = image.format === 'svg'
        ? { format: 'svg', content_type: contentType('svg'), encoding: 'utf-8', data: image.data }
        : { format: image.format, content_type: contentType(image.format), encoding: 'base64', data: toBase64(image.data) };
    }
  } catch (e) {
    if (!(e instanceof QredgeError)) throw e;
    const error = { path: `/items/${entry.idx}${e.path ?? ''}`, code: e.code, message: e.message };
    statements.push(db.prepare("INSERT OR IGNORE INTO batch_items (batch_id, idx, state, type, kind, name, error_code, error) VALUES (?, ?, 'failed', ?, ?, ?, ?, ?)")
      .bind(batchId, entry.idx, entry.type, kind, entry.name, e.code, JSON.stringify(error)));
    // A failed item keeps the name it was sent with (the default name belongs to a made code).
    Object.assign(line, { name: entry.name ?? null, error: error.message, error_code: error.code, error_path: error.path });
  }
  return { line, statements };
}

/**
 * Makes the pending items of a batch in index order. `send` (or null) receives one batch_item
 * line per item after its result is committed. Returns when every item has a result.
 * `fresh` ({ batch, pending }, as stored) spares the creator reading back what it just
 * wrote; a resumer leaves it out and reads the batch and its pending items from D1.
 */
export async function runBatch(env, batchId, send, fresh = null) {
  const db = env.DB;
  const batch = fresh?.batch ?? await db.prepare('SELECT * FROM batches WHERE id = ?').bind(batchId).first();
  if (!batch || batch.status !== 'processing') return;
  let pending = fresh?.pending;
  if (!pending) {
    const { results } = await db.prepare('SELECT idx FROM batch_items WHERE batch_id = ?').bind(batchId).all();
    pending = await itemsToMake(db, batchId, results);
  }
  const ctx = { batchId, design: JSON.parse(batch.design), output: JSON.parse(batch.output), origin: batch.redirect_base };
  const crashAfter = Number(env.QREDGE_TEST_CRASH_AFTER ?? -1);  // fault injection for tests
  let statements = [];
  let lines = [];
  let lastFlush = Date.now();
  let made = 0;

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
    if (crashAfter >= 0 && made >= crashAfter) throw new Error('fault injected: the runtime stopped mid-batch');
    const { line, statements: stored } = await makeItem(db, ctx, entry, !!send);
    statements.push(...stored);
    lines.push(line);
    made++;
    // Lines go out in small groups, to keep D1 round trips few.
    if (statements.length >= FLUSH_ITEMS * 2 || Date.now() - lastFlush >= FLUSH_MS) await flush();
  }
  await flush();
  // Every item has its row now: the pending list goes with the status change.
  await db.batch([
    db.prepare(`UPDATE batches SET status = CASE WHEN completed_count = 0 THEN 'failed' ELSE 'completed' END,
      completed_at = ? WHERE id = ? AND status = 'processing'`).bind(nowIso(), batchId),
    db.prepare('DELETE FROM batch_pending WHERE batch_id = ?').bind(batchId),
  ]);
}

/** Takes over a processing batch whose lease ran out; true when this caller now owns it. */
export async function claimStale(env, batchId) {
  const now = Date.now();
  const row = await env.DB.prepare(`UPDATE batches SET lease_until = ? WHERE id = ? AND status = 'processing' AND lease_until < ? RETURNING id`)
    .bind(now + leaseMs(env), batchId, now).first();
  return !!row;
}

async function resumeIfStale(c, row) {
  if (row.status !== 'processing' || row.lease_until >= Date.now()) return;
  // A read must not fail because taking over the batch did: the next reader or the sweep retries.
  const claimed = await claimStale(c.env, row.id).catch((e) => { console.error('claim', row.id, e); return false; });
  if (claimed) c.ctx.waitUntil(runBatch(c.env, row.id, null).catch((e) => console.error('resume', row.id, e)));
}

/** Scheduled sweep: resumes every batch whose lease ran out. */
export async function resumeStaleBatches(env) {
  const { results } = await env.DB.prepare("SELECT id FROM batches WHERE status = 'processing' AND lease_until < ? LIMIT 20")
    .bind(Date.now()).all();
  for (const { id } of results) {
    if (await claimStale(env, id)) await runBatch(env, id, null).catch((e) => console.error('sweep', id, e));
  }
  return results.length;
}

export async function getBatch(c, id) {
  const loaded = await loadBatch(c.env.DB, c.auth, id);
  if (!loaded) throw new HttpError(404, 'not_found', `no batch ${id}`);
  await resumeIfStale(c, loaded.row);
  return jsonResponse(batchObject(loaded.row, loaded.items), 200);
}

export async function listBatches(c) {
  const page = await paginate(c, 'batches');
  for (const row of page.rows) await resumeIfStale(c, row);
  return jsonResponse({ object: 'list', data: page.rows.map((r) => batchObject(r)), has_more: page.hasMore, next_cursor: page.nextCursor }, 200);
}
