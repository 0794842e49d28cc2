// SPDX-License-Identifier: MIT
// QR codes (API.md §4): read, list, change, download (rendered from the stored payload and
// design), and the public redirect of dynamic codes.
import { validateBatch, renderPayload, QredgeError } from '../dist/worker.mjs';
import { HttpError } from './http.mjs';
import { readJsonText, parseJson, requireObject } from './body.mjs';
import { paginate } from './pagination.mjs';
import { redirectBase } from './batches.mjs';
import { sha256Hex, nowIso } from './ids.mjs';
import { resolveDesignLogo } from './logo.mjs';
import { contentType } from './content-types.mjs';

function codeObject(c, row) {
  const base = redirectBase(c);
  const self = `${new URL(c.request.url).origin}/v1/qr-codes/${row.id}`;
  return {
    id: row.id, object: 'qr_code', kind: row.kind, type: row.type, name: row.name,
    short_code: row.short_code, short_url: row.kind === 'dynamic' ? `${base}/r/${row.short_code}` : null,
    target: JSON.parse(row.target), design: JSON.parse(row.design),
    folder_id: row.folder_id ?? null, tags: JSON.parse(row.tags),
    image_url: `${self}/download?format=svg`, download_url: `${self}/download?format=png`,
    is_active: !!row.is_active, scan_count: row.kind === 'dynamic' ? row.scan_count : null,
    test: !!row.test, batch_id: row.batch_id ?? null, scan: row.scan ? JSON.parse(row.scan) : null,
    created_at: row.created_at, updated_at: row.updated_at,
  };
}

async function loadCode(c, id) {
  const row = await c.env.DB.prepare('SELECT * FROM qr_codes WHERE id = ? AND workspace_id = ? AND test = ?')
    .bind(id, c.auth.workspaceId, c.auth.test ? 1 : 0).first();
  if (!row) throw new HttpError(404, 'not_found', `no QR code ${id}`);
  return row;
}

const json = (body, status = 200, headers = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json; charset=utf-8', ...headers } });

export async function getCode(c, id) {
  return json(codeObject(c, await loadCode(c, id)));
}

export async function listCodes(c) {
  const kind = c.url.searchParams.get('kind');
  if (kind !== null && kind !== 'dynamic' && kind !== 'static') {
    throw new HttpError(422, 'validation_error', 'kind must be dynamic or static',
      [{ path: '/query/kind', code: 'invalid_value', message: 'kind must be dynamic or static' }]);
  }
  const page = await paginate(c, 'qr_codes', { kind: kind ?? undefined, folder_id: c.url.searchParams.get('folder_id') ?? undefined });
  return json({ object: 'list', data: page.rows.map((r) => codeObject(c, r)), has_more: page.hasMore, next_cursor: page.nextCursor });
}

const PATCHABLE = {
  dynamic: ['name', 'destination', 'utm', 'design', 'folder_id', 'tags', 'is_active'],
  static: ['name', 'folder_id', 'design'],
};

// `null` in a PATCH (docs/worker.md "PATCH and null"): it puts a field back to what it would be
// had it been left out when the code was made. name: the default name; folder_id: none; tags:
// none; utm: none (the destination without UTM parameters); design: the default design.
// Fields with no such default refuse it with 422 invalid_type: destination (a dynamic code
// must lead somewhere) and is_active (a switch: send true or false).
const NOT_CLEARABLE = {
  destination: 'destination cannot be cleared: send an http(s) URL',
  is_active: 'is_active must be true or false',
};

const defaultName = (row) => `${row.kind === 'dynamic' ? 'Campaign' : 'Static'} ${row.short_code}`;

// Field checks are the engine's: the patch is phrased as a one-item batch and validated there,
// so PATCH accepts exactly what POST /v1/batches accepts. Paths are mapped back to the body.
function validatePatch(row, patch) {
  const target = JSON.parse(row.target);
  const utm = patch.utm === null ? {} : patch.utm !== undefined ? { utm: patch.utm } : target.utm ? { utm: target.utm } : {};
  const item = { target: row.kind === 'dynamic'
    ? { type: 'url', destination: patch.destination ?? target.destination, ...utm }
    : { type: 'text', text: 'x' } };
  for (const k of ['name', 'folder_id', 'tags']) if (patch[k] !== undefined && patch[k] !== null) item[k] = patch[k];
  const request = { items: [item] };
  if (patch.design !== undefined) request.design = patch.design;
  const v = validateBatch(request, { dynamic_available: true });
  const mapPath = (p) => p.replace(/^\/items\/0\/target/, '').replace(/^\/items\/0/, '');
  const errors = v.ok ? (v.items[0].ok ? [] : [v.items[0].error]) : v.errors;
  if (errors.length) {
    const details = errors.map((e) => ({ ...e, path: mapPath(e.path) }));
    throw new HttpError(422, 'validation_error', `the change is invalid: ${details[0].message}`, details);
  }
  return { item: v.items[0], design: v.design, target: item.target };
}

export async function patchCode(c, id) {
  const row = await loadCode(c, id);
  const patch = requireObject(parseJson(await readJsonText(c.request)));
  const allowed = PATCHABLE[row.kind];
  const details = Object.keys(patch).filter((k) => !allowed.includes(k)).map((k) => ({
    path: `/${k}`, code: PATCHABLE.dynamic.includes(k) ? 'field_not_allowed' : 'unknown_field',
    message: PATCHABLE.dynamic.includes(k) ? `${k} cannot be changed on a ${row.kind} code` : `unknown field ${k}`,
  }));
  for (const [k, message] of Object.entries(NOT_CLEARABLE)) {
    if (allowed.includes(k) && patch[k] === null) details.push({ path: `/${k}`, code: 'invalid_type', message });
  }
  if (patch.is_active !== undefined && patch.is_active !== null && typeof patch.is_active !== 'boolean') {
    details.push({ path: '/is_active', code: 'invalid_type', message: 'is_active must be a boolean' });
  }
  if (details.length) throw new HttpError(422, 'validation_error', details[0].message, details);
  if (patch.design === null) patch.design = {};
  // An https: logo is fetched (and checked) now and stored as a data: URL, as for batches.
  if (patch.design !== undefined) patch.design = await resolveDesignLogo(patch.design);
  const { item, design, target } = validatePatch(row, patch);
  // A new design is drawn once now (stored output, the payload the code encodes): the code keeps
  // a scan report of what it now looks like, and a design the engine cannot draw for this code
  // is refused here rather than at the next download.
  let scan = row.scan;
  if (patch.design !== undefined) {
    const drawn = row.kind === 'dynamic' ? `${redirectBase(c)}/r/${row.short_code}` : row.payload;
    try {
      scan = JSON.stringify(renderPayload(drawn, design, JSON.parse(row.output)).scan);
    } catch (e) {
      if (!(e instanceof QredgeError)) throw e;
      const path = e.path.startsWith('/design') ? e.path : '/design';
      throw new HttpError(422, 'validation_error', `the change is invalid: ${e.message}`, [{ path, code: e.code, message: e.message }]);
    }
  }
  const next = {
    name: patch.name === null ? defaultName(row) : patch.name !== undefined ? patch.name : row.name,
    folder_id: patch.folder_id !== undefined ? patch.folder_id : row.folder_id,
    tags: patch.tags !== undefined ? JSON.stringify(patch.tags ?? []) : row.tags,
    design: patch.design !== undefined ? JSON.stringify(design) : row.design,
    payload: row.kind === 'dynamic' ? item.payload : row.payload,
    target: row.kind === 'dynamic' && (patch.destination !== undefined || patch.utm !== undefined) ? JSON.stringify(target) : row.target,
    is_active: patch.is_active !== undefined ? (patch.is_active ? 1 : 0) : row.is_active,
  };
  // One statement that writes every field and returns the row: the change is applied whole or
  // not at all, and no second read can fail after it was applied.
  const updated = await c.env.DB.prepare(`UPDATE qr_codes SET name = ?, folder_id = ?, tags = ?, design = ?, payload = ?, target = ?, is_active = ?,
      scan = ?, updated_at = ? WHERE id = ? AND workspace_id = ? AND test = ? RETURNING *`)
    .bind(next.name, next.folder_id, next.tags, next.design, next.payload, next.target, next.is_active, scan, nowIso(), id, c.auth.workspaceId,
      c.auth.test ? 1 : 0).first();
  if (!updated) throw new HttpError(404, 'not_found', `no QR code ${id}`);
  return json(codeObject(c, updated));
}

export async function downloadCode(c, id) {
  const row = await loadCode(c, id);
  const params = c.url.searchParams;
  const output = { ...JSON.parse(row.output), format: params.get('format') ?? 'png' };
  if (params.has('size')) {
    const size = params.get('size');
    output.size = /^-?\d{1,9}$/.test(size) ? Number(size) : size;
  }
  const payload = row.kind === 'dynamic' ? `${redirectBase(c)}/r/${row.short_code}` : row.payload;
  const etag = `"${(await sha256Hex(JSON.stringify([payload, row.design, output]))).slice(0, 32)}"`;
  const headers = { etag, 'cache-control': 'private, no-cache', vary: 'Authorization' };
  if ((c.request.headers.get('if-none-match') ?? '').split(',').map((s) => s.trim()).includes(etag)) {
    return new Response(null, { status: 304, headers });
  }
  let image;
  try {
    image = renderPayload(payload, JSON.parse(row.design), output);
  } catch (e) {
    if (!(e instanceof QredgeError)) throw e;
    const path = e.path.replace(/^\/output/, '/query');
    throw new HttpError(422, 'validation_error', e.message, [{ path, code: e.code, message: e.message }]);
  }
  const ext = image.format;
  return new Response(image.data, {
    headers: { ...headers, 'content-type': contentType(ext),
      'content-disposition': `attachment; filename="${row.id}.${ext}"`,
      // Defence in depth for an SVG opened straight from the API origin: it may show its
      // embedded data: logo and nothing else (no script, no fetch), and is never sniffed.
      'content-security-policy': "default-src 'none'; img-src data:; style-src 'unsafe-inline'; sandbox",
      'x-content-type-options': 'nosniff' },
  });
}

// The q-value a media range gets in an Accept header (0 when it is not listed).
function quality(accept, type) {
  let best = 0;
  for (const part of accept.split(',')) {
    const [range, ...params] = part.trim().toLowerCase().split(';').map((x) => x.trim());
    if (range !== type) continue;
    const q = params.find((p) => p.startsWith('q='));
    best = Math.max(best, q ? Number(q.slice(2)) || 0 : 1);
  }
  return best;
}

// A person's phone asks for text/html (browsers list it first); curl and API clients send */*
// or application/json and get the JSON error.
export function wantsHtml(request) {
  const accept = request.headers.get('accept') ?? '';
  const html = quality(accept, 'text/html');
  return html > 0 && html >= quality(accept, 'application/json');
}

const PAGES = {
  404: { title: 'This QR code is not in use', text: 'The code you scanned does not lead anywhere. It may have been mistyped, or it was never activated.' },
  410: { title: 'This QR code is paused', text: 'The owner of this code has paused it for now. Please try again later, or ask whoever put it up.' },
};

// A small page for a person who scanned a code that leads nowhere: no script, nothing loaded
// from anywhere, the same status as the JSON answer.
function personPage(status) {
  const { title, text } = PAGES[status];
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>${title}</title>
<style>body{font:18px/1.5 system-ui,sans-serif;margin:0;display:grid;place-items:center;min-height:100vh;background:#f6f7f9;color:#1f2933}
main{max-width:28rem;padding:2rem;text-align:center}h1{font-size:1.4rem;margin:0 0 .5rem}p{margin:0;color:#52606d}</style></head>
<body><main><h1>${title}</h1><p>${text}</p></main></body></html>
`;
  return new Response(html, { status, headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store',
    'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'", 'x-content-type-options': 'nosniff' } });
}

function notRedirected(c, status) {
  if (wantsHtml(c.request)) return personPage(status);
  if (status === 410) throw new HttpError(410, 'qr_code_inactive', 'this code has been paused by its owner');
  throw new HttpError(404, 'not_found', 'no such code');
}

export async function redirect(c, shortCode) {
  if (!/^[0-9A-Za-z]{1,32}$/.test(shortCode)) return notRedirected(c, 404);
  // Counted and looked up in one statement, before answering: a scan is never lost when the
  // runtime recycles the isolate, and a storage failure is a clean 503, never a redirect
  // whose scan went uncounted.
  const hit = await c.env.DB.prepare(`UPDATE qr_codes SET scan_count = scan_count + 1
      WHERE short_code = ? AND kind = 'dynamic' AND is_active = 1 RETURNING payload`).bind(shortCode).first();
  if (hit) return new Response(null, { status: 302, headers: { location: hit.payload, 'cache-control': 'no-store' } });
  const row = await c.env.DB.prepare("SELECT is_active FROM qr_codes WHERE short_code = ? AND kind = 'dynamic'").bind(shortCode).first();
  return notRedirected(c, row ? 410 : 404);
}
