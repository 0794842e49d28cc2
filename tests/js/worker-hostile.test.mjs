// SPDX-License-Identifier: MIT
// Hostile input against the worker in workerd (issue 8; threat model in docs/security.md).
// Every case is one malformed or abusive request with the status, error code and, where the
// spec gives one, the JSON path it must get, in the one error shape of API.md §4 with a request
// id and no stack trace. Afterwards the service must still work and no stored data may have
// changed. Item-level problems are not request errors (API.md §1): those cases answer 202 with
// the item's error and are checked apart, in their own workspace (see "item-level cases").
import net from 'node:net';
import { crc32, deflateRawSync, constants as zlibConstants } from 'node:zlib';
import { readFileSync, readdirSync } from 'node:fs';
import { PNG } from 'pngjs';
import { startWorker, withKey, waitForBatch, readNdjson, withinOneRateWindow } from './helpers/worker.mjs';
import { decodeWithZxing, svgToPng } from './helpers/decode.mjs';

const MiB = 1024 * 1024;
const J = JSON.stringify;
const ITEM = { target: { type: 'text', text: 'hostile' } };
const batchOf = (extra = {}, item = ITEM) => J({ items: [item], ...extra });

function makePng(size = 32) {
  const png = new PNG({ width: size, height: size });
  for (let i = 0; i < png.data.length; i += 4) png.data.set([30, 90, 200, 255], i);
  return PNG.sync.write(png);
}

// A valid PNG carrying markup in a tEXt chunk (inserted after IHDR): a logo must never bring
// its metadata into the SVG as markup.
function withTextChunk(png, text) {
  const data = Buffer.from(`Comment\0${text}`, 'latin1');
  const type = Buffer.from('tEXt');
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([type, data])));
  return Buffer.concat([png.subarray(0, 33), len, type, data, crc, png.subarray(33)]);
}
const LOGO = makePng();

// Issue 14: decompression bombs, built here. A zlib stream of `mib` MiB of zeros: Node's
// deflate of 1 MiB of zeros, ended with a sync flush so the block can be repeated (it only
// refers back to zeros), then a final empty block and the Adler-32 of the zeros.
function zerosZlib(mib) {
  const block = deflateRawSync(Buffer.alloc(1 << 20), { level: 9, finishFlush: zlibConstants.Z_SYNC_FLUSH });
  const adler = Buffer.alloc(4);
  adler.writeUInt32BE((((mib * (1 << 20)) % 65521) * 65536 + 1) >>> 0);
  return Buffer.concat([Buffer.from([0x78, 0xda]), ...Array(mib).fill(block), Buffer.from([0x03, 0x00]), adler]);
}
function pngChunk(type, data) {
  const head = Buffer.alloc(4);
  head.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([Buffer.from(type), data])));
  return Buffer.concat([head, Buffer.from(type), data, crc]);
}
// A PNG declaring width x height (8- or 16-bit RGBA) whose IDAT inflates to `mib` MiB.
function bombPng(width, height, depth, mib) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([depth, 6, 0, 0, 0], 8);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), pngChunk('IHDR', ihdr),
    pngChunk('IDAT', zerosZlib(mib)), pngChunk('IEND', Buffer.alloc(0))]);
}
const BOMB_1PX = bombPng(1, 1, 8, 500);            // the probe's bomb: 1x1 px, 500 MiB of image data
const BOMB_MAX = bombPng(1024, 1024, 16, 500);     // the largest declared size (8 MiB needed), 500 MiB
const dataUrl = (png) => `data:image/png;base64,${png.toString('base64')}`;

// The worker's only way out is this fake internet (Miniflare outboundService): every outbound
// request is recorded, so refused logo URLs can be shown never to have been fetched.
const outbound = [];
const internet = {
  '/ok.png': () => new Response(LOGO, { headers: { 'content-type': 'image/png' } }),
  '/svg': () => new Response('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', { headers: { 'content-type': 'image/svg+xml' } }),
  '/to-loopback': () => new Response(null, { status: 302, headers: { location: 'https://127.0.0.1/ok.png' } }),
  '/to-metadata': () => new Response(null, { status: 302, headers: { location: 'https://169.254.169.254/latest/meta-data/' } }),
  '/to-localhost-dot': () => new Response(null, { status: 301, headers: { location: 'https://localhost./ok.png' } }),
  '/to-ipv6': () => new Response(null, { status: 307, headers: { location: 'https://[::1]/ok.png' } }),
  '/to-http': () => new Response(null, { status: 308, headers: { location: 'http://logos.example/ok.png' } }),
  '/to-userinfo': () => new Response(null, { status: 302, headers: { location: 'https://admin:pw@logos.example/ok.png' } }),
  '/to-port': () => new Response(null, { status: 302, headers: { location: 'https://logos.example:8080/ok.png' } }),
  '/to-internal': () => new Response(null, { status: 302, headers: { location: 'https://metadata.google.internal/computeMetadata/v1/' } }),
  '/to-file': () => new Response(null, { status: 302, headers: { location: 'file:///etc/passwd' } }),
  '/loop': () => new Response(null, { status: 302, headers: { location: '/loop' } }),
};

let worker, K, seed, before;
const REFUSED_LOGO_HOSTS = /127\.0\.0\.1|169\.254|localhost|\[::|metadata|:8080|internal|intranet|printer|10\.0\.0|192\.168|^http:|0x|2130706433|admin/;

// Every D1 table, rows sorted, except rate_limits: each authenticated request counts against
// its key's fixed window (API.md §4.3), so its counters legitimately change with every hostile
// request; it holds no user data. There is no request-log table.
async function snapshot(db) {
  const { results: tables } = await db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' ORDER BY name").all();
  const out = {};
  for (const { name } of tables) {
    if (name === 'rate_limits') continue;
    const { results } = await db.prepare(`SELECT * FROM "${name}"`).all();
    out[name] = results.map((r) => J(r)).sort();
  }
  return out;
}

beforeAll(async () => {
  worker = await startWorker({
    bindings: { RATE_LIMIT_PER_MINUTE: '100000' },
    outboundService: (request) => {
      outbound.push(request.url);
      const handler = internet[new URL(request.url).pathname];
      return handler ? handler() : new Response('unknown', { status: 404 });
    },
  });
  const inFuture = new Date(Date.now() + 3600e3).toISOString();
  K = {
    owner: await worker.createKey({ workspaceId: 'ws_owner', expiresAt: inFuture }),
    ownerTest: await worker.createKey({ workspaceId: 'ws_owner', test: true }),
    other: await worker.createKey({ workspaceId: 'ws_other' }),
    reader: await worker.createKey({ workspaceId: 'ws_owner', scopes: ['qr:read'] }),
    writer: await worker.createKey({ workspaceId: 'ws_owner', scopes: ['qr:write'] }),
    expired: await worker.createKey({ workspaceId: 'ws_owner', expiresAt: new Date(Date.now() - 1000).toISOString() }),
    revoked: await worker.createKey({ workspaceId: 'ws_owner' }),
    items: await worker.createKey({ workspaceId: 'ws_items' }),
  };
  await worker.revokeKey(K.revoked.id);
  // Objects to aim at: the owner's live batch (a dynamic and a static code), a template, and a
  // test-mode batch.
  const res = await worker.fetch('/v1/batches', withKey(K.owner.key, 'POST', {
    items: [{ target: { destination: 'https://example.com/landing' }, name: 'seed dynamic' }, { target: { type: 'text', text: 'seed static' } }],
  }));
  const batch = await waitForBatch(worker, K.owner.key, (await res.json()).id);
  const tpl = await (await worker.fetch('/v1/templates', withKey(K.owner.key, 'POST', { name: 'seed', design: { shapes: { body: 'dots' } } }))).json();
  const testRes = await worker.fetch('/v1/batches', withKey(K.ownerTest.key, 'POST', { items: [{ target: { text: 'seed test' } }] }));
  const testBatch = await waitForBatch(worker, K.ownerTest.key, (await testRes.json()).id);
  const dynamic = await (await worker.fetch(`/v1/qr-codes/${batch.items[0].qr_code_id}`, withKey(K.owner.key))).json();
  const staticCode = await (await worker.fetch(`/v1/qr-codes/${batch.items[1].qr_code_id}`, withKey(K.owner.key))).json();
  // A webhook made after the seed batches finished: nothing is ever delivered to it here.
  const hook = await (await worker.fetch('/v1/webhooks', withKey(K.owner.key, 'POST', { url: 'https://hooks.example.com/seed', events: ['batch.completed'] }))).json();
  seed = { batch, tpl, testBatch, dynamic, static: staticCode, testCode: testBatch.items[0].qr_code_id, hook };
  expect(hook.id).toMatch(/^wh_/);
  expect(dynamic.kind).toBe('dynamic');
  expect(staticCode.kind).toBe('static');
  before = await snapshot(worker.db);
}, 60000);
afterAll(() => worker?.dispose());

// ---------------------------------------------------------------------------------------------
// Sending. `send` returns { status, headers, text } whichever way the request went out.

async function viaFetch(path, { key = 'owner', method = 'GET', body, headers = {}, auth } = {}) {
  const init = { method, headers: { ...headers } };
  const authorization = auth !== undefined ? auth : K[key] && `Bearer ${K[key].key}`;
  if (authorization !== null && authorization !== undefined) init.headers.authorization = authorization;
  if (body !== undefined) {
    init.body = body;
    if (typeof body === 'string' && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) init.headers['content-type'] = 'application/json';
  }
  // A body over the limit is answered (413) before it is read, and the connection closed. When
  // that close lands while undici is still writing, undici reports ECONNRESET instead of the
  // response it was sent: that race is the client's, so such a request is sent again.
  for (let attempt = 1; ; attempt++) {
    try {
      const res = await worker.fetch(path, init);
      return { status: res.status, headers: res.headers, text: await res.text() };
    } catch (e) {
      const oversized = typeof body === 'string' && body.length > 5 * 1024 * 1024;
      if (!(oversized && e.cause?.code === 'ECONNRESET' && attempt < 3)) throw e;
    }
  }
}

function decodeChunked(buf) {
  const parts = [];
  let at = 0;
  for (;;) {
    const nl = buf.indexOf('\r\n', at);
    if (nl < 0) break;
    const size = parseInt(buf.subarray(at, nl).toString(), 16);
    if (!size) break;
    parts.push(buf.subarray(nl + 2, nl + 2 + size));
    at = nl + 2 + size + 2;
  }
  return Buffer.concat(parts);
}

/**
 * Raw HTTP/1.1 over TCP to workerd, for what fetch() will not send: lying or absent
 * Content-Length, chunked bodies that never end. Resolves as soon as a whole response arrived,
 * while the client may still be "sending" (endBody false): 413 must not wait for the rest.
 */
function viaSocket(head, chunks, { endBody = true, timeoutMs = 10000 } = {}) {
  const u = new URL(worker.url);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(u.port), u.hostname);
    let data = Buffer.alloc(0);
    const timer = setTimeout(() => { socket.destroy(); reject(new Error(`no response within ${timeoutMs} ms`)); }, timeoutMs);
    const finish = () => {
      const end = data.indexOf('\r\n\r\n');
      if (end < 0) return false;
      const lines = data.subarray(0, end).toString('latin1').split('\r\n');
      const headers = new Headers(lines.slice(1).map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 1).trim()]));
      const rest = data.subarray(end + 4);
      let body;
      if (headers.has('content-length')) {
        if (rest.length < Number(headers.get('content-length'))) return false;
        body = rest.subarray(0, Number(headers.get('content-length')));
      } else if (/chunked/i.test(headers.get('transfer-encoding') ?? '')) {
        if (rest.indexOf('\r\n0\r\n\r\n') < 0 && !rest.subarray(0, 5).equals(Buffer.from('0\r\n\r\n'))) return false;
        body = decodeChunked(rest);
      } else {
        return false;
      }
      clearTimeout(timer);
      socket.destroy();
      resolve({ status: Number(lines[0].split(' ')[1]), headers, text: body.toString('utf8') });
      return true;
    };
    socket.on('data', (d) => { data = Buffer.concat([data, d]); finish(); });
    socket.on('error', () => {});
    socket.on('close', () => { if (!finish()) { clearTimeout(timer); reject(new Error(`connection closed: ${data.toString('latin1').slice(0, 200)}`)); } });
    socket.write(head);
    (async () => {
      for (const c of chunks) {
        if (socket.destroyed) return;
        await new Promise((ok) => socket.write(c, ok));
      }
      if (endBody && !socket.destroyed) socket.end();
    })().catch(() => {});
  });
}

const rawHead = (extra) => `POST /v1/batches HTTP/1.1\r\nHost: qredge.test\r\nAuthorization: Bearer ${K.owner.key}\r\nContent-Type: application/json\r\n${extra}\r\n`;
const chunk = (bytes) => Buffer.concat([Buffer.from(`${bytes.length.toString(16)}\r\n`), bytes, Buffer.from('\r\n')]);
const sixMiBChunks = () => Array.from({ length: 6 }, () => chunk(Buffer.alloc(MiB, 0x20)));

// ---------------------------------------------------------------------------------------------
// The cases. Each: [name, send(), expected { status, code, detail?: { path, code }, allow? }].

const cases = [];
const add = (name, send, expected) => cases.push([name, send, expected]);
const post = (path, body, opts = {}) => () => viaFetch(path, { method: 'POST', body, ...opts });
const batch = (body, opts) => post('/v1/batches', body, opts);
const get = (path, opts = {}) => () => viaFetch(path, opts);
const patch = (path, body, opts = {}) => () => viaFetch(path, { method: 'PATCH', body, ...opts });
const invalid = (path, code) => ({ status: 422, code: 'validation_error', detail: { path, code } });
const E400 = { status: 400, code: 'invalid_json' };
const E413 = { status: 413, code: 'payload_too_large' };
const E415 = { status: 415, code: 'unsupported_media_type' };
const E401 = { status: 401, code: 'unauthorized' };
const E403 = { status: 403, code: 'insufficient_scope' };
const E404 = { status: 404, code: 'not_found' };

// Not JSON: truncated, invalid, or not a document at all -> 400 invalid_json.
const notJson = {
  empty: '', 'lone brace': '{', truncated: '{"items": [', 'truncated item': '{"items":[{"target":{"text":"x"}}]',
  'extra brace': '{"items":[{"target":{"text":"x"}}]}}', 'single quotes': "{'items':[]}", 'trailing comma': '{"items":[],}',
  'bare keys': '{items:[]}', NaN: 'NaN', 'leading zero': '{"a":01}', comment: '/* hi */ {"items":[]}', undefined: 'undefined',
  'bad escape': '{"items":"\\x41"}', 'short unicode escape': '{"items":"\\u12"}', 'trailing garbage': `${batchOf()}garbage`,
  '64 open brackets (at the depth limit)': '['.repeat(64), 'raw NUL byte': '\u0000',
  'raw NUL in a string': '{"items":[{"target":{"text":"a\u0000b"}}]}', 'raw CR LF in a string': '{"items":[{"target":{"text":"a\r\nb"}}]}',
  'only whitespace': '   \n\t ', 'two documents': '{}{}',
};
for (const [name, body] of Object.entries(notJson)) add(`POST /v1/batches, invalid JSON: ${name}`, batch(body), E400);
add('POST /v1/batches, a number past double range (JavaScript reads it, the engine does not)', batch('{"items":[{"target":{"text":"x"}}],"output":{"size":1e400}}'), E400);
add('POST /v1/batches, invalid JSON with Accept: application/x-ndjson (errors are never streamed)', batch('{', { headers: { accept: 'application/x-ndjson' } }), E400);
add('PATCH, invalid JSON', () => viaFetch(`/v1/qr-codes/${seed.dynamic.id}`, { method: 'PATCH', body: '{"name":' }), E400);
add('POST /v1/templates, invalid JSON', post('/v1/templates', '{"design":{'), E400);
add('POST /v1/templates, empty body', post('/v1/templates', ''), E400);
add('POST /v1/render, invalid JSON', post('/v1/render', '{"target":'), E400);

// Deep nesting: refused by a linear scan before JSON.parse (which alone spends seconds of CPU
// on 2.6 million levels), on every route that reads a body, truncated or not.
const tooDeep = { status: 422, code: 'validation_error', detail: { path: '', code: 'nesting_too_deep' }, maxMs: 3000 };
const deep = (levels, open = '[', close = ']') => `${open.repeat(levels)}${close.repeat(levels)}`;
add('POST /v1/batches, 100k open brackets, never closed', batch('['.repeat(100_000)), tooDeep);
add('POST /v1/batches, 50k open objects, never closed', batch('{"a":'.repeat(50_000)), tooDeep);
add('POST /v1/batches, 100k nested arrays at the root', batch(deep(100_000)), tooDeep);
add('POST /v1/batches, 2.6 million nested arrays in items (just under 5 MiB)', batch(`{"items":${deep(2_600_000)}}`), tooDeep);
add('POST /v1/batches, 65 nested objects in a target', batch(`{"items":[{"target":${'{"a":'.repeat(63)}1${'}'.repeat(63)}}]}`), tooDeep);
// The widest flat body under 5 MiB: linear work, measured at about 1.5 s in workerd on 2 cores.
add('POST /v1/batches, 400 000 unknown top-level fields (4.5 MB)',
  batch(`{"items":[{"target":{"text":"x"}}],${Array.from({ length: 400_000 }, (_, i) => `"k${i}":0`).join(',')}}`),
  { ...invalid('/k0', 'unknown_field'), maxMs: 8000 });
add('POST /v1/batches, brackets inside strings do not count', batch(J({ items: [{ target: { text: '['.repeat(1000) } }], itemz: 1 })), invalid('/itemz', 'unknown_field'));
add('POST /v1/templates, 2.6 million nested arrays in design', post('/v1/templates', `{"design":${deep(2_600_000)}}`), tooDeep);
add('POST /v1/render, 2.6 million nested arrays in design', post('/v1/render', `{"target":{"text":"x"},"design":${deep(2_600_000)}}`), tooDeep);
add('PATCH, 2.6 million nested arrays in design', () => viaFetch(`/v1/qr-codes/${seed.dynamic.id}`, { method: 'PATCH', body: `{"design":${deep(2_600_000)}}` }), tooDeep);
add('PATCH, 100k open brackets', () => viaFetch(`/v1/qr-codes/${seed.dynamic.id}`, { method: 'PATCH', body: '['.repeat(100_000) }), tooDeep);

// Invalid UTF-8 in the body bytes -> 400 invalid_json (the body is not a JSON text).
const badUtf8 = {
  'byte 0xFF': [0xff], 'lone continuation byte': [0x80], 'overlong slash C0 AF': [0xc0, 0xaf], 'UTF-8-encoded surrogate ED A0 80': [0xed, 0xa0, 0x80],
  'truncated sequence E2 82': [0xe2, 0x82], 'code point above U+10FFFF F4 90 80 80': [0xf4, 0x90, 0x80, 0x80],
};
for (const [name, bytes] of Object.entries(badUtf8)) {
  const body = Buffer.concat([Buffer.from('{"items":[{"target":{"text":"'), Buffer.from(bytes), Buffer.from('"}}]}')]);
  add(`POST /v1/batches, invalid UTF-8: ${name}`, batch(new Uint8Array(body), { headers: { 'content-type': 'application/json' } }), E400);
}

// Valid JSON that is not an object -> 422 at the root.
for (const [name, body] of Object.entries({ array: '[]', number: '1', string: '"items"', null: 'null', boolean: 'true',
  '64 nested arrays (balanced)': `${'['.repeat(64)}${']'.repeat(64)}` })) {
  add(`POST /v1/batches, root is ${name}`, batch(body), invalid('', 'invalid_type'));
}
add('PATCH, root is an array', () => viaFetch(`/v1/qr-codes/${seed.dynamic.id}`, { method: 'PATCH', body: '[]' }), invalid('', 'invalid_type'));
add('POST /v1/templates, root is a string', post('/v1/templates', '"x"'), invalid('', 'invalid_type'));

// Request-level problems: the whole request is rejected (422) with the path of the problem.
const requestLevel = [
  ['items missing', {}, '/items', 'required'],
  ['items empty', { items: [] }, '/items', 'too_few_items'],
  ['items null', { items: null }, '/items', 'invalid_type'],
  ['items a number', { items: 1 }, '/items', 'invalid_type'],
  ['items a string', { items: 'x' }, '/items', 'invalid_type'],
  ['items an object', { items: { 0: ITEM } }, '/items', 'invalid_type'],
  ['items true', { items: true }, '/items', 'invalid_type'],
  ['1001 items', { items: Array.from({ length: 1001 }, () => ITEM) }, '/items', 'too_many_items'],
  ['100 000 tiny items', { items: Array.from({ length: 100_000 }, () => 0) }, '/items', 'too_many_items'],
  ['unknown top-level field', { items: [ITEM], itemz: [] }, '/itemz', 'unknown_field'],
  ['design a string', { items: [ITEM], design: 'red' }, '/design', 'invalid_type'],
  ['design an array', { items: [ITEM], design: [] }, '/design', 'invalid_type'],
  ['design a number', { items: [ITEM], design: 5 }, '/design', 'invalid_type'],
  ['output a string', { items: [ITEM], output: 'png' }, '/output', 'invalid_type'],
  ['output an array', { items: [ITEM], output: [] }, '/output', 'invalid_type'],
  ['template_id a number', { items: [ITEM], template_id: 5 }, '/template_id', 'invalid_type'],
  ['template_id null', { items: [ITEM], template_id: null }, '/template_id', 'invalid_type'],
  ['template_id an object', { items: [ITEM], template_id: {} }, '/template_id', 'invalid_type'],
  ['template_id an array', { items: [ITEM], template_id: ['tpl_x'] }, '/template_id', 'invalid_type'],
  ['template_id unknown', { items: [ITEM], template_id: 'tpl_nope' }, '/template_id', 'template_not_found'],
  ['template_id a path traversal', { items: [ITEM], template_id: '../../templates/tpl_x' }, '/template_id', 'template_not_found'],
  ['template_id an SQL injection', { items: [ITEM], template_id: "tpl_x' OR '1'='1" }, '/template_id', 'template_not_found'],
  ['template_id of 4 MB', { items: [ITEM], template_id: `tpl_${'x'.repeat(4 * MiB)}` }, '/template_id', 'template_not_found'],
  ['control character in template_id', { items: [ITEM], template_id: 'tpl_\u0001' }, '/template_id', 'control_character'],
  ['NUL in a top-level member name', { items: [ITEM], 'items\u0000': 1 }, '/items\u0000', 'control_character'],
  ['lone surrogate escape in an item', null, '', 'invalid_utf8', '{"items":[{"target":{"text":"\\ud800"}}]}'],
  ['lone low surrogate in design', null, '', 'invalid_utf8', '{"items":[{"target":{"text":"x"}}],"design":{"colors":{"foreground":"\\udc00"}}}'],
  // design: every field with a wrong type or value
  ['design.error_correction a number', { items: [ITEM], design: { error_correction: 5 } }, '/design/error_correction', 'invalid_type'],
  ['design.error_correction X', { items: [ITEM], design: { error_correction: 'X' } }, '/design/error_correction', 'invalid_value'],
  ['design.colors a number', { items: [ITEM], design: { colors: 5 } }, '/design/colors', 'invalid_type'],
  ['design.colors.foreground a number', { items: [ITEM], design: { colors: { foreground: 0 } } }, '/design/colors/foreground', 'invalid_type'],
  ['design.colors.foreground a name', { items: [ITEM], design: { colors: { foreground: 'red' } } }, '/design/colors/foreground', 'invalid_color'],
  ['design.colors.background #12', { items: [ITEM], design: { colors: { background: '#12' } } }, '/design/colors/background', 'invalid_color'],
  ['design.colors.background an array', { items: [ITEM], design: { colors: { background: [] } } }, '/design/colors/background', 'invalid_type'],
  ['design.colors SVG injection', { items: [ITEM], design: { colors: { foreground: '#000"/><script>alert(1)</script>' } } }, '/design/colors/foreground', 'invalid_color'],
  ['design.colors 4 MB string', { items: [ITEM], design: { colors: { foreground: `#${'0'.repeat(4 * MiB)}` } } }, '/design/colors/foreground', 'invalid_color'],
  ['design.colors unknown field', { items: [ITEM], design: { colors: { fg: '#000' } } }, '/design/colors/fg', 'unknown_field'],
  ['design.colors NUL in a colour', { items: [ITEM], design: { colors: { foreground: '#000\u0000' } } }, '/design/colors/foreground', 'control_character'],
  ['design.gradient a string', { items: [ITEM], design: { gradient: 'linear' } }, '/design/gradient', 'invalid_type'],
  ['design.gradient without end', { items: [ITEM], design: { gradient: { start: '#000000', type: 'radial' } } }, '/design/gradient/end', 'required'],
  ['design.gradient.type unknown', { items: [ITEM], design: { gradient: { start: '#000', end: '#111', type: 'spiral' } } }, '/design/gradient/type', 'invalid_value'],
  ['design.gradient.start a number', { items: [ITEM], design: { gradient: { start: 0, end: '#111', type: 'radial' } } }, '/design/gradient/start', 'invalid_type'],
  ['design.shapes a number', { items: [ITEM], design: { shapes: 5 } }, '/design/shapes', 'invalid_type'],
  ['design.shapes.body unknown', { items: [ITEM], design: { shapes: { body: 'star' } } }, '/design/shapes/body', 'invalid_value'],
  ['design.shapes.eye_frame a number', { items: [ITEM], design: { shapes: { eye_frame: 1 } } }, '/design/shapes/eye_frame', 'invalid_type'],
  ['design.shapes.eye_ball unknown', { items: [ITEM], design: { shapes: { eye_ball: 'hexagon' } } }, '/design/shapes/eye_ball', 'invalid_value'],
  ['design.shapes unknown field', { items: [ITEM], design: { shapes: { eyes: 'square' } } }, '/design/shapes/eyes', 'unknown_field'],
  ['design.eye_colors a string', { items: [ITEM], design: { eye_colors: 'red' } }, '/design/eye_colors', 'invalid_type'],
  ['design.eye_colors.frame a number', { items: [ITEM], design: { eye_colors: { frame: 5 } } }, '/design/eye_colors/frame', 'invalid_type'],
  ['design.eye_colors.ball a name', { items: [ITEM], design: { eye_colors: { ball: 'blue' } } }, '/design/eye_colors/ball', 'invalid_color'],
  ['design.logo a number', { items: [ITEM], design: { logo: 5 } }, '/design/logo', 'invalid_type'],
  ['design.logo.url a number', { items: [ITEM], design: { logo: { url: 5 } } }, '/design/logo/url', 'invalid_type'],
  ['design.logo.size a string', { items: [ITEM], design: { logo: { url: `data:image/png;base64,${LOGO.toString('base64')}`, size: 'big' } } }, '/design/logo/size', 'invalid_type'],
  ['design.logo.size 0.5', { items: [ITEM], design: { logo: { url: `data:image/png;base64,${LOGO.toString('base64')}`, size: 0.5 } } }, '/design/logo/size', 'out_of_range'],
  ['design.logo.size 0.01', { items: [ITEM], design: { logo: { url: `data:image/png;base64,${LOGO.toString('base64')}`, size: 0.01 } } }, '/design/logo/size', 'out_of_range'],
  ['design.logo.clear_background a string', { items: [ITEM], design: { logo: { url: `data:image/png;base64,${LOGO.toString('base64')}`, clear_background: 'yes' } } }, '/design/logo/clear_background', 'invalid_type'],
  ['design.transparent_background a string', { items: [ITEM], design: { transparent_background: 'no' } }, '/design/transparent_background', 'invalid_type'],
  ['design unknown field', { items: [ITEM], design: { colour: {} } }, '/design/colour', 'unknown_field'],
  ['design white on white', { items: [ITEM], design: { colors: { foreground: '#fff', background: '#ffffff' } } }, '/design/colors/foreground', 'unscannable_design'],
  // output: every field
  ['output.format gif', { items: [ITEM], output: { format: 'gif' } }, '/output/format', 'invalid_value'],
  ['output.format a number', { items: [ITEM], output: { format: 5 } }, '/output/format', 'invalid_type'],
  ['output.size a string', { items: [ITEM], output: { size: 'big' } }, '/output/size', 'invalid_type'],
  ['output.size 63', { items: [ITEM], output: { size: 63 } }, '/output/size', 'out_of_range'],
  ['output.size 4097', { items: [ITEM], output: { size: 4097 } }, '/output/size', 'out_of_range'],
  ['output.size 1e9', { items: [ITEM], output: { size: 1e9 } }, '/output/size', 'out_of_range'],
  ['output.size -1', { items: [ITEM], output: { size: -1 } }, '/output/size', 'out_of_range'],
  ['output.size 1e308', null, '/output/size', 'out_of_range', '{"items":[{"target":{"text":"x"}}],"output":{"size":1e308}}'],
  ['output.margin -1', { items: [ITEM], output: { margin: -1 } }, '/output/margin', 'out_of_range'],
  ['output.margin 17', { items: [ITEM], output: { margin: 17 } }, '/output/margin', 'out_of_range'],
  ['output.margin a string', { items: [ITEM], output: { margin: '4' } }, '/output/margin', 'invalid_type'],
  // (dpi became a field with issue 19; quality never was one.)
  ['output unknown field', { items: [ITEM], output: { quality: 90 } }, '/output/quality', 'unknown_field'],
  ['output dpi out of range', { items: [ITEM], output: { dpi: 100000 } }, '/output/dpi', 'out_of_range'],
  ['output size two ways', { items: [ITEM], output: { size: 300, size_mm: 30 } }, '/output/size_mm', 'conflicting_fields'],
  ['frame text too wide', { items: [ITEM], design: { frame: { text: 'W'.repeat(40) } } }, '/design/frame/text', 'frame_text_too_wide'],
  ['frame without quiet zone', { items: [ITEM], design: { frame: {} }, output: { margin: 0 } }, '/output/margin', 'out_of_range'],
];
for (const [name, body, path, code, text] of requestLevel) add(`POST /v1/batches, ${name}`, batch(text ?? J(body)), invalid(path, code));

// Sizes: over 5 MiB is refused before the rest is read, whatever the framing says.
add('POST /v1/batches, 6 MiB body', batch(J({ items: [{ target: { text: 'x'.repeat(6 * MiB) } }] })), E413);
add('POST /v1/batches, a 10 MB string in a field', batch(J({ items: [{ target: { text: 'x' }, name: 'n'.repeat(10_000_000) }] })), E413);
add('PATCH, 6 MiB body', () => viaFetch(`/v1/qr-codes/${seed.dynamic.id}`, { method: 'PATCH', body: J({ name: 'x'.repeat(6 * MiB) }) }), E413);
add('POST /v1/templates, 6 MiB body', post('/v1/templates', J({ design: {}, name: 'x'.repeat(6 * MiB) })), E413);
add('POST /v1/render, 6 MiB body', post('/v1/render', J({ target: { text: 'x'.repeat(6 * MiB) } })), E413);
add('raw: Content-Length 6 MiB, only 1 KB sent, client still sending', () => viaSocket(rawHead(`Content-Length: ${6 * MiB}\r\n`), [Buffer.alloc(1024, 0x20)], { endBody: false }), E413);
add('raw: Content-Length 6 MiB, whole body sent', () => viaSocket(rawHead(`Content-Length: ${6 * MiB}\r\n`), [Buffer.alloc(6 * MiB, 0x20)]), E413);
add('raw: chunked 6 MiB, no Content-Length', () => viaSocket(rawHead('Transfer-Encoding: chunked\r\n'), [...sixMiBChunks(), Buffer.from('0\r\n\r\n')]), E413);
add('raw: chunked 6 MiB that never ends (413 without waiting for the end)', () => viaSocket(rawHead('Transfer-Encoding: chunked\r\n'), sixMiBChunks(), { endBody: false }), E413);
// The bytes past a too-small Content-Length are not body but the next pipelined "request"
// (which workerd refuses on its own). Kept to 1 KiB: a server closing with megabytes unread
// resets the connection and the client may lose the response to the first request.
add('raw: lying Content-Length 100 with 1 KiB more after it (the body is the first 100 bytes)',
  () => viaSocket(rawHead('Content-Length: 100\r\n'), [Buffer.from(J({ items: Array.from({ length: 40 }, () => ITEM) }))]), E400);
add('raw: Content-Length 10 and chunked 6 MiB (chunked wins, still too large)', () => viaSocket(rawHead('Content-Length: 10\r\nTransfer-Encoding: chunked\r\n'), [...sixMiBChunks(), Buffer.from('0\r\n\r\n')]), E413);
add('raw: neither Content-Length nor chunked (empty body)', () => viaSocket(rawHead(''), [Buffer.from(batchOf())]), E400);
add('raw: NUL bytes outside strings', () => viaSocket(rawHead('Content-Length: 7\r\n'), [Buffer.from('{\u0000\u0000"a":1}').subarray(0, 7)]), E400);

// Logo URLs (API.md §4.4): refused before anything is fetched.
const logoRefused = { status: 422, code: 'validation_error', detail: { path: '/design/logo/url', code: ['logo_unavailable', 'invalid_logo'] } };
const forbiddenLogos = {
  'http:': 'http://logos.example/ok.png', 'file:': 'file:///etc/passwd', 'javascript:': 'javascript:alert(1)', 'ftp:': 'ftp://logos.example/ok.png',
  'data:text/html': 'data:text/html;base64,PHNjcmlwdD4=', 'data:image/svg+xml': 'data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+',
  'data: PNG type, not base64': 'data:image/png,<svg onload=alert(1)>', 'data: PNG type, garbage base64': 'data:image/png;base64,!!!!',
  'data: PNG type, bytes of HTML': `data:image/png;base64,${Buffer.from('<html><script>alert(1)</script></html>').toString('base64')}`,
  'IPv4 loopback': 'https://127.0.0.1/ok.png', 'IPv4 private': 'https://10.0.0.1/ok.png', 'IPv4 192.168': 'https://192.168.1.1/ok.png',
  'cloud metadata 169.254.169.254': 'https://169.254.169.254/latest/meta-data/', 'IPv4 0.0.0.0': 'https://0.0.0.0/ok.png',
  'IPv4 decimal 2130706433': 'https://2130706433/ok.png', 'IPv4 octal 0177.0.0.1': 'https://0177.0.0.1/ok.png',
  'IPv4 hex 0x7f000001': 'https://0x7f000001/ok.png', 'IPv4 hex dotted 0x7f.0.0.1': 'https://0x7f.0.0.1/ok.png', 'IPv4 short 127.1': 'https://127.1/ok.png',
  'IPv4 trailing dot': 'https://127.0.0.1./ok.png', 'IPv6 loopback': 'https://[::1]/ok.png', 'IPv6 unspecified': 'https://[::]/ok.png',
  'IPv6 mapped IPv4': 'https://[::ffff:127.0.0.1]/ok.png', 'IPv6 mapped metadata': 'https://[::ffff:a9fe:a9fe]/ok.png', 'IPv6 unique local': 'https://[fd00::1]/ok.png',
  'IPv6 link local': 'https://[fe80::1]/ok.png', localhost: 'https://localhost/ok.png', 'LOCALHOST upper case': 'https://LOCALHOST/ok.png',
  'localhost with trailing dot': 'https://localhost./ok.png', 'sub.localhost': 'https://api.localhost/ok.png', '.local': 'https://printer.local/ok.png',
  '.local with trailing dot': 'https://printer.local./ok.png', '.internal': 'https://metadata.google.internal/computeMetadata/v1/',
  '.internal with trailing dot': 'https://metadata.google.internal./x', 'single-label host': 'https://intranet/ok.png',
  'userinfo user:pw@': 'https://user:pw@logos.example/ok.png', 'userinfo user@': 'https://admin@logos.example/ok.png',
  'port 8443': 'https://logos.example:8443/ok.png', 'port 22': 'https://logos.example:22/ok.png', 'scheme-relative': '//logos.example/ok.png',
  'backslash trick': 'https:\\\\127.0.0.1\\ok.png', 'not a URL': 'https://', 'whitespace host': 'https:// /ok.png',
};
for (const [name, url] of Object.entries(forbiddenLogos)) {
  add(`logo URL refused: ${name}`, batch(J({ items: [ITEM], design: { logo: { url } } })), logoRefused);
}
add('logo data: URL over 512 KiB', batch(J({ items: [ITEM], design: { logo: { url: `data:image/png;base64,${Buffer.concat([LOGO, Buffer.alloc(600 * 1024)]).toString('base64')}` } } })),
  { status: 422, code: 'validation_error', detail: { path: '/design/logo/url', code: 'logo_too_large' } });
add('logo URL refused in a template', post('/v1/templates', J({ design: { logo: { url: 'https://169.254.169.254/latest/meta-data/' } } })), logoRefused);
add('logo URL refused in a template: localhost.', post('/v1/templates', J({ design: { logo: { url: 'https://localhost./ok.png' } } })), logoRefused);
add('logo URL refused in a preview render', post('/v1/render', J({ target: { text: 'x' }, design: { logo: { url: 'https://127.0.0.1/ok.png' } } })), logoRefused);
for (const hop of ['to-loopback', 'to-metadata', 'to-localhost-dot', 'to-ipv6', 'to-http', 'to-userinfo', 'to-port', 'to-internal', 'to-file', 'loop', 'svg']) {
  add(`logo redirect refused: ${hop}`, batch(J({ items: [ITEM], design: { logo: { url: `https://logos.example/${hop}` } } })),
    { status: 422, code: 'validation_error', detail: { path: '/design/logo/url', code: 'logo_unavailable' } });
}

// Keys (API.md §4.2): anything but a valid, current key of the right mode is 401.
const keyCases = {
  'no Authorization header': null, 'Bearer alone': 'Bearer', 'Bearer and a space': 'Bearer ', 'Basic credentials': 'Basic dXNlcjpwYXNz',
  'key with a byte appended': () => `Bearer ${K.owner.key}x`, 'key cut short': () => `Bearer ${K.owner.key.slice(0, -1)}`,
  'unknown prefix qr_prod_': () => `Bearer ${K.owner.key.replace('qr_live_', 'qr_prod_')}`, 'no prefix': () => `Bearer ${K.owner.key.slice(8)}`,
  'unknown key': `Bearer qr_live_${'A'.repeat(40)}`, 'secret with symbols': `Bearer qr_live_${'A'.repeat(39)}/`,
  'expired key': () => `Bearer ${K.expired.key}`, 'revoked key': () => `Bearer ${K.revoked.key}`,
  'live key sent as a test key': () => `Bearer ${K.owner.key.replace('qr_live_', 'qr_test_')}`,
  'test key sent as a live key': () => `Bearer ${K.ownerTest.key.replace('qr_test_', 'qr_live_')}`,
  'two keys': () => `Bearer ${K.owner.key}, Bearer ${K.owner.key}`, 'key then junk': () => `Bearer ${K.owner.key} junk`,
  'an 8 KB token': `Bearer qr_live_${'A'.repeat(8000)}`, 'the key hash instead of the key': `Bearer qr_live_${'0'.repeat(64)}`,
  'SQL injection': "Bearer qr_live_' OR '1'='1' --AAAAAAAAAAAAAAAAAAAAAAAAA",
};
for (const [name, value] of Object.entries(keyCases)) {
  add(`401 on GET /v1/batches: ${name}`, () => viaFetch('/v1/batches', { auth: typeof value === 'function' ? value() : value }), E401);
}
add('401: key only in the query string', () => viaFetch(`/v1/batches?api_key=${K.owner.key}`, { auth: null }), E401);
add('401 on POST /v1/batches: revoked key', () => viaFetch('/v1/batches', { method: 'POST', body: batchOf(), key: 'revoked' }), E401);
add('401 on PATCH: expired key', () => viaFetch(`/v1/qr-codes/${seed.dynamic.id}`, { method: 'PATCH', body: J({ name: 'x' }), key: 'expired' }), E401);
add('401 on download: no key', () => viaFetch(`/v1/qr-codes/${seed.dynamic.id}/download`, { auth: null }), E401);
add('401 on POST /v1/templates: no key', () => viaFetch('/v1/templates', { method: 'POST', body: J({ design: {} }), auth: null }), E401);
add('401 on POST /v1/render: no key', () => viaFetch('/v1/render', { method: 'POST', body: J({ target: { text: 'x' } }), auth: null }), E401);

// Scopes: 403.
add('403: read-only key creates a batch', batch(batchOf(), { key: 'reader' }), E403);
add('403: read-only key patches a code', () => viaFetch(`/v1/qr-codes/${seed.dynamic.id}`, { method: 'PATCH', body: J({ name: 'x' }), key: 'reader' }), E403);
add('403: read-only key saves a template', post('/v1/templates', J({ design: {} }), { key: 'reader' }), E403);
for (const [name, path] of [['batch list', () => '/v1/batches'], ['a batch', () => `/v1/batches/${seed.batch.id}`], ['code list', () => '/v1/qr-codes'],
  ['a code', () => `/v1/qr-codes/${seed.dynamic.id}`], ['a download', () => `/v1/qr-codes/${seed.dynamic.id}/download`], ['a template', () => `/v1/templates/${seed.tpl.id}`]]) {
  add(`403: write-only key reads ${name}`, () => viaFetch(path(), { key: 'writer' }), E403);
}
add('403: write-only key renders a preview', post('/v1/render', J({ target: { text: 'x' } }), { key: 'writer' }), E403);

// Isolation: another workspace's objects, and live objects to a test key (and back), are 404.
const isolation = [
  ['other workspace: GET batch', 'other', () => `/v1/batches/${seed.batch.id}`],
  ['other workspace: GET dynamic code', 'other', () => `/v1/qr-codes/${seed.dynamic.id}`],
  ['other workspace: GET static code', 'other', () => `/v1/qr-codes/${seed.static.id}`],
  ['other workspace: download', 'other', () => `/v1/qr-codes/${seed.dynamic.id}/download?format=svg`],
  ['other workspace: GET template', 'other', () => `/v1/templates/${seed.tpl.id}`],
  ['test key: GET live batch', 'ownerTest', () => `/v1/batches/${seed.batch.id}`],
  ['test key: GET live code', 'ownerTest', () => `/v1/qr-codes/${seed.dynamic.id}`],
  ['test key: GET live template', 'ownerTest', () => `/v1/templates/${seed.tpl.id}`],
  ['live key: GET test batch', 'owner', () => `/v1/batches/${seed.testBatch.id}`],
  ['live key: GET test code', 'owner', () => `/v1/qr-codes/${seed.testCode}`],
  ['live key: download test code', 'owner', () => `/v1/qr-codes/${seed.testCode}/download`],
];
for (const [name, key, path] of isolation) add(`404 ${name}`, () => viaFetch(path(), { key }), E404);
add('404 other workspace: PATCH', () => viaFetch(`/v1/qr-codes/${seed.dynamic.id}`, { method: 'PATCH', body: J({ name: 'stolen', destination: 'https://evil.example/' }), key: 'other' }), E404);
add('404 test key: PATCH live code', () => viaFetch(`/v1/qr-codes/${seed.dynamic.id}`, { method: 'PATCH', body: J({ is_active: false }), key: 'ownerTest' }), E404);
add('422 other workspace: template_id of another workspace', () => viaFetch('/v1/batches', { method: 'POST', body: batchOf({ template_id: seed.tpl.id }), key: 'other' }),
  invalid('/template_id', 'template_not_found'));
add('422 test key: template_id of a live template', () => viaFetch('/v1/batches', { method: 'POST', body: batchOf({ template_id: seed.tpl.id }), key: 'ownerTest' }),
  invalid('/template_id', 'template_not_found'));
add('404 redirect of a static code\'s short code', () => viaFetch(`/r/${seed.static.short_code}`, { auth: null }), E404);

// Ids and short codes: traversal, injection and oversize all simply do not exist.
const badIds = {
  'encoded ../../': '..%2F..%2Fetc%2Fpasswd', 'encoded ..': '%2e%2e', 'SQL injection': "qr_x'%20OR%20'1'%3D'1", 'NUL': 'qr_%00',
  'invalid percent-encoding': '%ff%fe', '20 000 characters': 'q'.repeat(20_000), 'another id with a wildcard': 'qr_%25', 'CR LF': 'qr_%0d%0aSet-Cookie:%20x',
};
for (const [name, id] of Object.entries(badIds)) add(`404 GET /v1/qr-codes/{${name}}`, get(`/v1/qr-codes/${id}`), E404);
add('404 GET /v1/batches/{encoded ../}', get('/v1/batches/..%2F..%2Fv1%2Fbatches'), E404);
add('404 GET /v1/templates/{SQL injection}', get("/v1/templates/tpl_x'%20OR%201%3D1--"), E404);
add('404 download of an encoded traversal', get('/v1/qr-codes/..%2F..%2Fetc%2Fpasswd/download'), E404);
add('404 PATCH an encoded traversal', () => viaFetch('/v1/qr-codes/..%2Fqr_x', { method: 'PATCH', body: J({ name: 'x' }) }), E404);
for (const [name, code] of Object.entries({ 'encoded ../': '..%2F..%2Fv1%2Fbatches', NUL: 'abc%00', 'SQL injection': "a'%20OR%201%3D1--", '40 characters': 'a'.repeat(40),
  'wildcard %': 'a%25', unknown: 'zzzzzzzzzz' })) {
  add(`404 GET /r/{${name}}`, () => viaFetch(`/r/${code}`, { auth: null }), E404);
}
add('404 unknown API route', get('/v1/secrets'), E404);
add('404 unknown API route under /v1 with traversal', get('/v1/batches/x/..%2F..%2F..%2Fetc'), E404);

// Methods: 405 with Allow.
const methods = [
  ['PUT', '/v1/batches', 'POST, GET'], ['DELETE', '/v1/batches', 'POST, GET'], ['PATCH', '/v1/batches', 'POST, GET'], ['OPTIONS', '/v1/batches', 'POST, GET'],
  ['DELETE', '/v1/batches/batch_x', 'GET'], ['POST', '/v1/batches/batch_x', 'GET'], ['POST', '/v1/qr-codes/qr_x', 'GET, PATCH'], ['DELETE', '/v1/qr-codes/qr_x', 'GET, PATCH'],
  ['PUT', '/v1/qr-codes/qr_x', 'GET, PATCH'], ['POST', '/v1/qr-codes', 'GET'], ['PUT', '/v1/templates', 'POST, GET'], ['PUT', '/v1/templates/tpl_x', 'GET, PATCH, DELETE'],
  ['GET', '/v1/render', 'POST'], ['POST', '/r/abc', 'GET'], ['POST', '/v1/qr-codes/qr_x/download', 'GET'], ['DELETE', '/v1/templates', 'POST, GET'],
];
for (const [method, path, allow] of methods) {
  add(`405 ${method} ${path}`, () => viaFetch(path, { method }), { status: 405, code: 'method_not_allowed', allow });
}
add('405 POST with X-HTTP-Method-Override: DELETE is still a POST (a 415 for a text body, never a delete)',
  () => viaFetch('/v1/batches/batch_x', { method: 'POST', headers: { 'x-http-method-override': 'GET' } }), { status: 405, code: 'method_not_allowed', allow: 'GET' });

// Content types: 415.
const contentTypes = ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml', 'text/json',
  'application/json5', 'application/jsonx', 'application/javascript', 'text/html', ' '];
for (const type of contentTypes) add(`415 POST /v1/batches as ${JSON.stringify(type)}`, batch(batchOf(), { headers: { 'content-type': type } }), E415);
add('415 POST /v1/batches without a content type', batch(new Uint8Array(Buffer.from(batchOf()))), E415);
add('415 PATCH as text/plain', () => viaFetch(`/v1/qr-codes/${seed.dynamic.id}`, { method: 'PATCH', body: J({ name: 'x' }), headers: { 'content-type': 'text/plain' } }), E415);
add('415 POST /v1/templates as form data', post('/v1/templates', 'design=x', { headers: { 'content-type': 'application/x-www-form-urlencoded' } }), E415);
add('415 POST /v1/render as text/plain', post('/v1/render', J({ target: { text: 'x' } }), { headers: { 'content-type': 'text/plain' } }), E415);

// Accept variants: errors are always the JSON error shape, whatever the client asked for.
for (const accept of ['application/xml', 'text/html', 'image/png', '*/*', 'application/x-ndjson;q=1, text/event-stream', 'x'.repeat(4000)]) {
  add(`400 invalid JSON with Accept: ${accept.slice(0, 40)}`, batch('{"items":', { headers: { accept } }), E400);
}
add('404 with Accept: text/html on an API route', get('/v1/qr-codes/qr_nope', { headers: { accept: 'text/html' } }), E404);
add('401 with Accept: application/x-ndjson', () => viaFetch('/v1/batches', { method: 'POST', body: batchOf(), auth: null, headers: { accept: 'application/x-ndjson' } }), E401);

// Header injection and odd headers.
for (const [name, value] of Object.entries({ space: 'a b', tab: 'a\tb', 'non-ASCII': 'clé', '256 characters': 'k'.repeat(256), '100 000 characters': 'k'.repeat(100_000),
  'no-break space': 'a\u00a0b' })) {
  add(`422 Idempotency-Key with ${name}`, batch(batchOf(), { headers: { 'idempotency-key': value } }), invalid('', 'invalid_idempotency_key'));
}
add('422 template name with CR LF', post('/v1/templates', J({ name: 'x\r\nSet-Cookie: a=b', design: {} })), invalid('/name', 'control_character'));
add('422 template name with NUL', post('/v1/templates', J({ name: 'x\u0000', design: {} })), invalid('/name', 'control_character'));
add('422 template name with a lone surrogate', post('/v1/templates', '{"name":"x\\ud800","design":{}}'), invalid('/name', 'invalid_utf8'));
add('422 template name a number', post('/v1/templates', J({ name: 5, design: {} })), invalid('/name', 'invalid_type'));
add('422 template name of 256 characters', post('/v1/templates', J({ name: 'n'.repeat(256), design: {} })), invalid('/name', 'too_long'));
add('422 template without design', post('/v1/templates', J({ name: 'x' })), invalid('/design', 'required'));
add('422 template with an unknown field', post('/v1/templates', J({ design: {}, owner: 'ws_other' })), invalid('/owner', 'unknown_field'));
add('422 template design invalid', post('/v1/templates', J({ design: { shapes: { body: 'star' } } })), invalid('/design/shapes/body', 'invalid_value'));
const patchCases = [
  ['name with CR LF', { name: 'x\r\nLocation: https://evil.example/' }, '/name', 'control_character'],
  ['name with NUL', { name: 'x\u0000' }, '/name', 'control_character'],
  ['name a number', { name: 5 }, '/name', 'invalid_type'],
  ['name of 256 characters', { name: 'n'.repeat(256) }, '/name', 'too_long'],
  ['destination javascript:', { destination: 'javascript:alert(1)' }, '/destination', 'unsupported_scheme'],
  ['destination with credentials', { destination: 'https://user:pw@example.com/' }, '/destination', 'invalid_url'],
  ['destination a number', { destination: 5 }, '/destination', 'invalid_type'],
  ['destination with CR LF (header injection into Location)', { destination: 'https://example.com/\r\nSet-Cookie: a=b' }, '/destination', 'control_character'],
  ['is_active a string', { is_active: 'false' }, '/is_active', 'invalid_type'],
  ['folder_id traversal', { folder_id: '../../etc' }, '/folder_id', 'invalid_folder_id'],
  ['tags a string', { tags: 'a,b' }, '/tags', 'invalid_type'],
  ['utm unknown field', { utm: { source: 'x', evil: 'y' } }, '/utm/evil', 'unknown_field'],
  ['unknown field', { owner: 'ws_other' }, '/owner', 'unknown_field'],
  ['workspace change attempt', { workspace_id: 'ws_other' }, '/workspace_id', 'unknown_field'],
  ['scan_count reset attempt', { scan_count: 0 }, '/scan_count', 'unknown_field'],
  ['design invalid colour', { design: { colors: { foreground: 'javascript:alert(1)' } } }, '/design/colors/foreground', 'invalid_color'],
];
for (const [name, body, path, code] of patchCases) {
  add(`422 PATCH dynamic code: ${name}`, () => viaFetch(`/v1/qr-codes/${seed.dynamic.id}`, { method: 'PATCH', body: J(body) }), invalid(path, code));
}
add('422 PATCH static code: destination is not changeable', () => viaFetch(`/v1/qr-codes/${seed.static.id}`, { method: 'PATCH', body: J({ destination: 'https://evil.example/' }) }),
  invalid('/destination', 'field_not_allowed'));

// Query parameters.
for (const limit of ['-1', '0', '101', '1e9', '1000000000', 'abc', '1.5', '', '%00', '%205', '+5', '0x10', '25;DROP TABLE batches']) {
  add(`422 GET /v1/batches?limit=${limit}`, get(`/v1/batches?limit=${limit}`), invalid('/query/limit', 'out_of_range'));
}
add('422 GET /v1/qr-codes?limit=-1', get('/v1/qr-codes?limit=-1'), invalid('/query/limit', 'out_of_range'));
for (const [name, cursor] of Object.entries({ garbage: '%00%ff', 'not base64': '!!!!', 'base64 of a number': btoa('1'), 'base64 of an object': btoa('{"a":1}'),
  'base64 of a mixed array': btoa('["a",1]'), 'base64 of a long array': btoa('["a","b","c"]'), 'SQL injection': btoa(`["x' OR 1=1 --","y"]`).slice(0, -2) + '!!',
  '4 000 characters': 'A'.repeat(4000) })) {
  add(`422 GET /v1/batches?cursor=<${name}>`, get(`/v1/batches?cursor=${cursor}`), invalid('/query/cursor', 'invalid_cursor'));
}
add('422 GET /v1/qr-codes?kind=all', get('/v1/qr-codes?kind=all'), invalid('/query/kind', 'invalid_value'));
add("422 GET /v1/qr-codes?kind=dynamic' OR 1=1", get("/v1/qr-codes?kind=dynamic'%20OR%201=1"), invalid('/query/kind', 'invalid_value'));
for (const [query, path, code] of [['format=gif', '/query/format', 'invalid_value'], ['format=%3Cscript%3E', '/query/format', 'invalid_value'],
  ['size=-1', '/query/size', 'out_of_range'], ['size=63', '/query/size', 'out_of_range'], ['size=99999', '/query/size', 'out_of_range'],
  ['size=1e9', '/query/size', 'invalid_type'], ['size=abc', '/query/size', 'invalid_type'], ['size=', '/query/size', 'invalid_type']]) {
  add(`422 download ?${query}`, () => viaFetch(`/v1/qr-codes/${seed.dynamic.id}/download?${query}`), invalid(path, code));
}

// ---------------------------------------------------------------------------------------------

// Also the engine's JSON parser's own text (`[json.exception.out_of_range.406] …`, issue 14).
const STACK = /\n\s+at |at \w+ \(|\.mjs:\d+|file:\/\/|cloudflare-internal|SQLITE_|D1_|json\.exception|nlohmann/;

async function expectErrorShape(res, expected) {
  expect(res.status).toBe(expected.status);
  expect(res.headers.get('x-request-id')).toMatch(/^req_[0-9a-f]{24}$/);
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  expect(res.text).not.toMatch(STACK);
  const body = JSON.parse(res.text);
  expect(Object.keys(body)).toEqual(['error']);
  expect(body.error.code).toBe(expected.code);
  expect(typeof body.error.message).toBe('string');
  expect(body.error.message.length).toBeGreaterThan(0);
  expect(body.error.request_id).toBe(res.headers.get('x-request-id'));
  if (expected.detail) {
    const codes = [expected.detail.code].flat();
    const hit = (body.error.details ?? []).find((d) => d.path === expected.detail.path && codes.includes(d.code));
    if (!hit) throw new Error(`no detail ${J(expected.detail)} in ${J(body.error.details ?? null).slice(0, 400)}`);
    // path, code, message; and only the optional fields the OpenAPI document names (ErrorDetail).
    for (const d of body.error.details) {
      expect(Object.keys(d)).toEqual(expect.arrayContaining(['code', 'message', 'path']));
      for (const k of Object.keys(d)) expect(['code', 'message', 'path', 'line', 'column', 'reason', 'host']).toContain(k);
    }
  }
  if (expected.allow) expect(res.headers.get('allow')).toBe(expected.allow);
  if (expected.status === 401) expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
  return body;
}

// Issue 14. Decompression bombs: refused when the request arrives, by every route that takes a
// design, with the path of the logo (and quickly: the image data is inflated only up to what
// the declared size needs).
const LOGO_TOO_LARGE = { ...invalid('/design/logo/url', 'logo_too_large'), maxMs: 2000 };
for (const [name, png] of [['1x1 px inflating to 500 MiB', BOMB_1PX], ['1024x1024 16-bit inflating to 500 MiB', BOMB_MAX]]) {
  const design = { logo: { url: dataUrl(png) } };
  add(`logo bomb (${name}): POST /v1/batches`, batch(J({ items: [ITEM], design })), LOGO_TOO_LARGE);
  add(`logo bomb (${name}): POST /v1/render with a read-only key`, post('/v1/render', J({ target: ITEM.target, design, output: { format: 'png' } }), { key: 'reader' }), LOGO_TOO_LARGE);
  add(`logo bomb (${name}): POST /v1/templates`, post('/v1/templates', J({ design })), LOGO_TOO_LARGE);
  add(`logo bomb (${name}): PATCH a dynamic code's design`, () => viaFetch(`/v1/qr-codes/${seed.dynamic.id}`, { method: 'PATCH', body: J({ design }) }), LOGO_TOO_LARGE);
  add(`logo bomb (${name}): PATCH a static code's design`, () => viaFetch(`/v1/qr-codes/${seed.static.id}`, { method: 'PATCH', body: J({ design }) }), LOGO_TOO_LARGE);
}
// A PNG whose image data stops short of its declared size is corrupt, not a bomb.
add('logo whose image data is shorter than its size needs', batch(J({ items: [ITEM], design: { logo: { url: dataUrl(bombPng(64, 64, 8, 0)) } } })),
  invalid('/design/logo/url', 'invalid_logo'));

// Issue 14. PATCH: null, or a value of the wrong type, answers 422 with its path, or puts the
// field back to its default where that makes sense (docs/worker.md "PATCH and null"; those are
// checked in "issue 14: PATCH null clears"). Never a 500, never the parser's text.
const patchDynamic = (body) => () => viaFetch(`/v1/qr-codes/${seed.dynamic.id}`, { method: 'PATCH', body: typeof body === 'string' ? body : J(body) });
const patchStatic = (body) => () => viaFetch(`/v1/qr-codes/${seed.static.id}`, { method: 'PATCH', body: J(body) });
add('PATCH destination null', patchDynamic({ destination: null }), invalid('/destination', 'invalid_type'));
add('PATCH is_active null', patchDynamic({ is_active: null }), invalid('/is_active', 'invalid_type'));
add('PATCH is_active "yes"', patchDynamic({ is_active: 'yes' }), invalid('/is_active', 'invalid_type'));
for (const [field, value] of [['name', 5], ['name', ['a']], ['name', {}], ['name', true], ['folder_id', 5], ['folder_id', {}], ['tags', 'a'],
  ['tags', [5]], ['tags', {}], ['destination', 5], ['destination', []], ['utm', 'x'], ['utm', []], ['design', 5], ['design', 'x'], ['design', []]]) {
  add(`PATCH ${field} ${J(value)} (dynamic)`, patchDynamic({ [field]: value }), invalid(field === 'tags' && Array.isArray(value) ? '/tags/0' : `/${field}`, 'invalid_type'));
}
for (const [field, value] of [['name', 5], ['folder_id', []], ['design', 5]]) {
  add(`PATCH ${field} ${J(value)} (static)`, patchStatic({ [field]: value }), invalid(`/${field}`, 'invalid_type'));
}
add('PATCH destination null on a static code (not changeable there)', patchStatic({ destination: null }), invalid('/destination', 'field_not_allowed'));
add('PATCH name 1e999 (a number past double range)', patchDynamic('{"name":1e999}'), E400);
add('PATCH design with -1e999 deep inside', patchDynamic('{"design":{"logo":{"size":-1e999}}}'), E400);
add('POST /v1/templates, 1e999', post('/v1/templates', '{"design":{"logo":{"size":1e999}}}'), E400);
add('POST /v1/render, 1e999', post('/v1/render', '{"target":{"text":"x"},"output":{"size":1e999}}'), E400);

// Issue 16. CSV bodies and the batch archive.
const csv = (text, query = '', headers = {}) => post(`/v1/batches${query}`, text, { headers: { 'content-type': 'text/csv', ...headers } });
const badCsv = (code) => ({ status: 422, code: 'invalid_csv', detail: { path: '', code } });
add('CSV: an unclosed quote', csv('type,text\ntext,"never closed\n'), badCsv('csv_quotes'));
add('CSV: a quote inside an unquoted cell, then text after the closing quote', csv('type,text\ntext,"a"b\n'), badCsv('csv_quotes'));
add('CSV: a row with more cells than the header', csv('type,destination\nurl,https://a.example/?x=1,2\n'), badCsv('csv_too_many_cells'));
add('CSV: a header of unknown columns', csv('a,b\n1,2\n'), badCsv('csv_no_header'));
add('CSV: a header and no row', csv('type,text\n'), badCsv('csv_no_rows'));
add('CSV: nothing but blank lines', csv('\r\n\r\n  \n'), badCsv('csv_empty'));
add('CSV: bytes that are not UTF-8', csv(Buffer.from([0x74, 0x65, 0x78, 0x74, 0x0a, 0xc3, 0x28])), badCsv('csv_encoding'));
add('CSV: a NUL-only body', csv('\u0000\u0000'), badCsv('csv_no_header'));
add('CSV: declared as Latin-1', csv('type,text\ntext,x\n', '', { 'content-type': 'text/csv; charset=iso-8859-1' }), E415);
add('CSV: over 5 MiB', csv(`type,text\n${'text,x\n'.repeat(800_000)}`), E413);
add('CSV: design that is not JSON', csv('type,text\ntext,x\n', '?design=%7B'), invalid('/query/design', 'invalid_value'));
add('CSV: design that is a JSON array', csv('type,text\ntext,x\n', '?design=%5B%5D'), invalid('/query/design', 'invalid_value'));
add('CSV: design given twice', csv('type,text\ntext,x\n', '?design=%7B%7D&design=%7B%7D'), invalid('/query/design', 'invalid_value'));
add('CSV: output that is not JSON', csv('type,text\ntext,x\n', '?output=png'), invalid('/query/output', 'invalid_value'));
add('CSV: a read-only key', post('/v1/batches', 'type,text\ntext,x\n', { key: 'reader', headers: { 'content-type': 'text/csv' } }), E403);
const archive = (query = '', opts = {}) => () => viaFetch(`/v1/batches/${seed.batch.id}/archive${query}`, opts);
add('archive: format=gif', archive('?format=gif'), invalid('/query/format', 'invalid_value'));
add('archive: size=-1', archive('?size=-1'), invalid('/query/size', 'invalid_value'));
add('archive: size=1e3', archive('?size=1e3'), invalid('/query/size', 'invalid_value'));
add('archive: size past the engine\'s range', archive('?size=99999'), { status: 422, code: 'validation_error' });
add('archive: another workspace\'s batch', archive('', { key: 'other' }), E404);
add('archive: a live batch with a test key', archive('', { key: 'ownerTest' }), E404);
add('archive: a key without qr:read', archive('', { key: 'writer' }), E403);
add('archive: no key', archive('', { auth: null }), E401);
add('archive: POST', () => viaFetch(`/v1/batches/${seed.batch.id}/archive`, { method: 'POST' }), { status: 405, code: 'method_not_allowed', allow: 'GET' });
add('archive: an id with a NUL and a slash', () => viaFetch('/v1/batches/batch_%00%2F../archive'), E404);

// Issue 20. Analytics: ids, dates, ranges and group_by; query paths are /query/<name>.
const analyticsOf = (query, opts) => () => viaFetch(`/v1/analytics${query}`, opts);
const codeAnalyticsOf = (id, query = '', opts = {}) => () => viaFetch(`/v1/qr-codes/${id}/analytics${query}`, opts);
// `%2e%2e` is `..` to the URL parser: /v1/qr-codes/%2e%2e/analytics is /v1/analytics, a real route.
for (const [name, id] of Object.entries(badIds)) if (id !== '%2e%2e') add(`404 GET /v1/qr-codes/{${name}}/analytics`, codeAnalyticsOf(id), E404);
add("analytics: another workspace's code", () => codeAnalyticsOf(seed.dynamic.id, '', { key: 'other' })(), E404);
add('analytics: a live code with a test key', () => codeAnalyticsOf(seed.dynamic.id, '', { key: 'ownerTest' })(), E404);
add('analytics: a static code', () => codeAnalyticsOf(seed.static.id)(), invalid('', 'static_code'));
add('analytics: a key without qr:read', analyticsOf('', { key: 'writer' }), E403);
add('analytics: no key', analyticsOf('', { auth: null }), E401);
for (const [name, query, path, code] of [
  ['from not a day', '?from=yesterday', '/query/from', 'invalid_date'], ['from 29 February of a common year', '?from=2026-02-29', '/query/from', 'invalid_date'],
  ['from with a time', '?from=2026-03-01T00:00:00Z', '/query/from', 'invalid_date'], ['to without zero padding', '?to=2026-3-1', '/query/to', 'invalid_date'],
  ['from a five-digit year', '?from=20260-01-01', '/query/from', 'invalid_date'], ['from with a NUL', '?from=2026-01-01%00', '/query/from', 'invalid_date'],
  ['from an SQL injection', "?from=2026-01-01'%20OR%20'1'%3D'1", '/query/from', 'invalid_date'], ['from of 8000 characters', `?from=${'9'.repeat(8000)}`, '/query/from', 'invalid_date'],
  ['to empty', '?to=', '/query/to', 'invalid_date'], ['from after to', '?from=2026-03-02&to=2026-03-01', '/query/from', 'invalid_range'],
  ['367 days', '?from=2025-01-01&to=2026-01-02', '/query/from', 'range_too_long'], ['from in year 0000', '?from=0000-01-01&to=2026-01-01', '/query/from', 'invalid_date'],
  ['group_by unknown', '?group_by=hour', '/query/group_by', 'invalid_value'], ['group_by in upper case', '?group_by=DAY', '/query/group_by', 'invalid_value'],
  ['group_by of 10 000 characters', `?group_by=${'d'.repeat(10_000)}`, '/query/group_by', 'invalid_value'], ['group_by an SQL column', '?group_by=workspace_id', '/query/group_by', 'invalid_value'],
  ['from given twice', '?from=2026-01-01&from=2026-01-02', '/query/from', 'repeated_parameter'], ['group_by twice', '?group_by=day&group_by=os', '/query/group_by', 'repeated_parameter'],
]) {
  add(`analytics: ${name}`, analyticsOf(query), invalid(path, code));
  add(`code analytics: ${name}`, () => codeAnalyticsOf(seed.dynamic.id, query)(), invalid(path, code));
}

// Issue 20. Schedules on PATCH.
for (const [name, body, path, code] of [
  ['active_from a number', { active_from: 1767225600 }, '/active_from', 'invalid_type'], ['active_from an object', { active_from: {} }, '/active_from', 'invalid_type'],
  ['expires_at true', { expires_at: true }, '/expires_at', 'invalid_type'], ['expires_at without a zone', { expires_at: '2026-06-01T00:00:00' }, '/expires_at', 'invalid_date'],
  ['expires_at with CR LF', { expires_at: '2026-06-01T00:00:00Z\r\nX: y' }, '/expires_at', 'invalid_date'], ['expires_at in year 0001', { expires_at: '0001-01-01T00:00:00Z' }, '/expires_at', 'invalid_date'],
  ['active_from of 4 MB', { active_from: '2'.repeat(4 * MiB) }, '/active_from', 'invalid_date'], ['active_from 31 April', { active_from: '2026-04-31T00:00:00Z' }, '/active_from', 'invalid_date'],
  ['active_from hour 25', { active_from: '2026-04-01T25:00:00Z' }, '/active_from', 'invalid_date'],
  ['expires_at before active_from', { active_from: '2026-06-02T00:00:00Z', expires_at: '2026-06-01T00:00:00Z' }, '/expires_at', 'invalid_range'],
]) add(`PATCH ${name}`, patchDynamic(body), invalid(path, code));
add('PATCH expires_at on a static code', patchStatic({ expires_at: '2030-01-01T00:00:00Z' }), invalid('/expires_at', 'field_not_allowed'));
add('404 other workspace: PATCH a schedule', () => viaFetch(`/v1/qr-codes/${seed.dynamic.id}`, { method: 'PATCH', body: J({ expires_at: '2020-01-01T00:00:00Z' }), key: 'other' }), E404);

// Issue 20. Webhooks: URL rules (those of logos; no loopback switch in this worker), bodies,
// scopes, isolation, methods.
const hookBody = (url, extra = {}) => J({ url, events: ['batch.completed'], ...extra });
for (const [name, url] of Object.entries({ ...forbiddenLogos, 'loopback with a port': 'http://127.0.0.1:8080/hook', 'https loopback with a port': 'https://127.0.0.1:8443/hook' })) {
  if (url.startsWith('data:')) continue;
  add(`webhook URL refused: ${name}`, post('/v1/webhooks', hookBody(url)), invalid('/url', 'invalid_url'));
}
for (const [name, body, path, code] of [
  ['url a number', J({ url: 5, events: ['batch.completed'] }), '/url', 'invalid_type'], ['url null', J({ url: null, events: ['batch.completed'] }), '/url', 'invalid_type'],
  ['url of 10 000 characters', hookBody(`https://hooks.example.com/${'a'.repeat(10_000)}`), '/url', 'too_long'],
  ['no url', J({ events: ['batch.completed'] }), '/url', 'required'], ['no events', J({ url: 'https://hooks.example.com/x' }), '/events', 'required'],
  ['events a string', J({ url: 'https://hooks.example.com/x', events: 'batch.completed' }), '/events', 'invalid_type'],
  ['events empty', J({ url: 'https://hooks.example.com/x', events: [] }), '/events', 'invalid_type'],
  ['events holding null', J({ url: 'https://hooks.example.com/x', events: [null] }), '/events/0', 'invalid_value'],
  ['events unknown', J({ url: 'https://hooks.example.com/x', events: ['batch.completed', '*'] }), '/events/1', 'invalid_value'],
  ['a secret of our own', hookBody('https://hooks.example.com/x', { secret: 'whsec_mine' }), '/secret', 'unknown_field'],
]) add(`webhook: ${name}`, post('/v1/webhooks', body), invalid(path, code));
add('webhook: invalid JSON', post('/v1/webhooks', '{"url":'), E400);
add('webhook: a JSON array', post('/v1/webhooks', '[]'), { status: 422, code: 'validation_error' });
add('webhook: text/plain', post('/v1/webhooks', hookBody('https://hooks.example.com/x'), { headers: { 'content-type': 'text/plain' } }), E415);
add('webhook: 6 MiB body', post('/v1/webhooks', J({ url: 'https://hooks.example.com/x', events: ['batch.completed'], pad: 'x'.repeat(6 * MiB) })), E413);
add('webhook: a read-only key creates one', post('/v1/webhooks', hookBody('https://hooks.example.com/x'), { key: 'reader' }), E403);
add('webhook: a read-only key deletes one', () => viaFetch(`/v1/webhooks/${seed.hook.id}`, { method: 'DELETE', key: 'reader' }), E403);
add('webhook: a write-only key lists them', get('/v1/webhooks', { key: 'writer' }), E403);
add('webhook: no key', get('/v1/webhooks', { auth: null }), E401);
add('webhook: bad limit', get('/v1/webhooks?limit=1000'), invalid('/query/limit', 'out_of_range'));
add('webhook: bad cursor', get('/v1/webhooks?cursor=%25%25'), invalid('/query/cursor', 'invalid_cursor'));
for (const [name, key, method, path] of [
  ['GET', 'other', 'GET', () => `/v1/webhooks/${seed.hook.id}`], ['DELETE', 'other', 'DELETE', () => `/v1/webhooks/${seed.hook.id}`],
  ['deliveries', 'other', 'GET', () => `/v1/webhooks/${seed.hook.id}/deliveries`], ['GET with a test key', 'ownerTest', 'GET', () => `/v1/webhooks/${seed.hook.id}`],
  ['DELETE with a test key', 'ownerTest', 'DELETE', () => `/v1/webhooks/${seed.hook.id}`],
]) add(`404 another workspace's webhook: ${name}`, () => viaFetch(path(), { method, key }), E404);
for (const [name, id] of Object.entries(badIds)) {
  add(`404 GET /v1/webhooks/{${name}}`, get(`/v1/webhooks/${id}`), E404);
  add(`404 DELETE /v1/webhooks/{${name}}`, () => viaFetch(`/v1/webhooks/${id}`, { method: 'DELETE' }), E404);
}
add('404 GET /v1/webhooks/{SQL injection}/deliveries', get("/v1/webhooks/wh_x'%20OR%201%3D1--/deliveries"), E404);
for (const [method, path, allow] of [['PUT', '/v1/webhooks', 'POST, GET'], ['DELETE', '/v1/webhooks', 'POST, GET'], ['PATCH', '/v1/webhooks/wh_x', 'GET, DELETE'],
  ['POST', '/v1/webhooks/wh_x', 'GET, DELETE'], ['POST', '/v1/webhooks/wh_x/deliveries', 'GET'], ['DELETE', '/v1/webhooks/wh_x/deliveries', 'GET'],
  ['POST', '/v1/analytics', 'GET'], ['DELETE', '/v1/analytics', 'GET'], ['POST', '/v1/qr-codes/qr_x/analytics', 'GET'], ['PUT', '/v1/qr-codes/qr_x/analytics', 'GET']]) {
  add(`405 ${method} ${path}`, () => viaFetch(path, { method }), { status: 405, code: 'method_not_allowed', allow });
}

describe('hostile requests, each answered with its status and error code', () => {
  test('there are at least 150 cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(150);
    expect(new Set(cases.map(([name]) => name)).size).toBe(cases.length);
  });
  test.each(cases)('%s', async (_name, send, expected) => {
    const started = performance.now();
    const res = await send();
    if (expected.maxMs) expect(performance.now() - started).toBeLessThan(expected.maxMs);
    await expectErrorShape(res, expected);
  });
});

test('no refused logo URL reached the network', () => {
  const refused = outbound.filter((u) => REFUSED_LOGO_HOSTS.test(new URL(u).host) || !u.startsWith('https://logos.example/'));
  expect(refused).toEqual([]);
  // Only the redirecting first hops were fetched (the loop up to its limit of 3 redirects).
  expect(outbound.filter((u) => u.endsWith('/loop'))).toHaveLength(4);
});

test('no stored data changed (rate-limit counters excepted)', async () => {
  expect(await snapshot(worker.db)).toEqual(before);
});

// ---------------------------------------------------------------------------------------------
// Item-level problems (API.md §1): never a request error. The batch is accepted (202), the item
// gets its error and path, and nothing but that failed batch is stored.

const itemCases = [
  ['item null', null, '/items/0', 'invalid_type'],
  ['item a number', 1, '/items/0', 'invalid_type'],
  ['item a string', 'https://example.com', '/items/0', 'invalid_type'],
  ['item an array', [ITEM], '/items/0', 'invalid_type'],
  ['item without target', { name: 'x' }, '/items/0', 'required'],
  ['target null', { target: null }, '/items/0/target', 'invalid_type'],
  ['target a string', { target: 'https://example.com' }, '/items/0/target', 'invalid_type'],
  ['target an array', { target: [] }, '/items/0/target', 'invalid_type'],
  ['target empty', { target: {} }, '/items/0/target', 'required'],
  ['item unknown field', { ...ITEM, colour: 'red' }, '/items/0/colour', 'unknown_field'],
  ['target unknown field', { target: { text: 'x', url: 'y' } }, '/items/0/target/url', 'unknown_field'],
  ['kind a number', { ...ITEM, kind: 5 }, '/items/0/kind', 'invalid_type'],
  ['kind unknown', { ...ITEM, kind: 'eternal' }, '/items/0/kind', 'invalid_value'],
  ['kind dynamic on text', { ...ITEM, kind: 'dynamic' }, '/items/0/kind', 'unsupported_kind'],
  ['name a number', { ...ITEM, name: 5 }, '/items/0/name', 'invalid_type'],
  ['name an object', { ...ITEM, name: {} }, '/items/0/name', 'invalid_type'],
  ['name of 256 characters', { ...ITEM, name: 'n'.repeat(256) }, '/items/0/name', 'too_long'],
  ['name of 4 MB (under the body limit)', { ...ITEM, name: 'n'.repeat(4 * MiB) }, '/items/0/name', 'too_long'],
  ['name with CR LF (header injection)', { ...ITEM, name: 'x\r\nContent-Disposition: attachment; filename="evil.html"' }, '/items/0/name', 'control_character'],
  ['name with NUL', { ...ITEM, name: 'a\u0000b' }, '/items/0/name', 'control_character'],
  ['name with ESC (terminal injection)', { ...ITEM, name: '\u001b[31mred' }, '/items/0/name', 'control_character'],
  ['name with C1 control U+0085', { ...ITEM, name: 'a\u0085b' }, '/items/0/name', 'control_character'],
  ['folder_id a number', { ...ITEM, folder_id: 5 }, '/items/0/folder_id', 'invalid_type'],
  ['folder_id traversal', { ...ITEM, folder_id: '../../etc' }, '/items/0/folder_id', 'invalid_folder_id'],
  ['folder_id of 65 characters', { ...ITEM, folder_id: 'f'.repeat(65) }, '/items/0/folder_id', 'too_long'],
  ['tags a string', { ...ITEM, tags: 'a,b' }, '/items/0/tags', 'invalid_type'],
  ['tags holding a number', { ...ITEM, tags: [1] }, '/items/0/tags/0', 'invalid_type'],
  ['tags holding null', { ...ITEM, tags: [null] }, '/items/0/tags/0', 'invalid_type'],
  ['tags holding an empty tag', { ...ITEM, tags: [''] }, '/items/0/tags/0', 'too_short'],
  ['11 tags', { ...ITEM, tags: Array.from({ length: 11 }, (_, i) => `t${i}`) }, '/items/0/tags', 'too_long'],
  ['duplicate tags', { ...ITEM, tags: ['a', 'a'] }, '/items/0/tags/1', 'duplicate_tag'],
  ['type a number', { target: { type: 5, text: 'x' } }, '/items/0/target/type', 'invalid_type'],
  ['type unknown', { target: { type: 'shell', text: 'x' } }, '/items/0/target/type', 'invalid_value'],
  ['destination a number', { target: { destination: 5 } }, '/items/0/target/destination', 'invalid_type'],
  ['destination an array', { target: { destination: [] } }, '/items/0/target/destination', 'invalid_type'],
  ['destination javascript:', { target: { destination: 'javascript:alert(1)' } }, '/items/0/target/destination', 'unsupported_scheme'],
  ['destination data:', { target: { destination: 'data:text/html,<script>alert(1)</script>' } }, '/items/0/target/destination', 'unsupported_scheme'],
  ['destination file:', { target: { destination: 'file:///etc/passwd' } }, '/items/0/target/destination', 'unsupported_scheme'],
  ['destination with credentials', { target: { destination: 'https://user:pw@example.com/' } }, '/items/0/target/destination', 'invalid_url'],
  ['destination not a URL', { target: { destination: 'not a url' } }, '/items/0/target/destination', 'invalid_url'],
  ['destination over 2048 bytes', { target: { destination: `https://example.com/${'a'.repeat(2100)}` } }, '/items/0/target/destination', 'too_long'],
  ['destination with CR LF', { target: { destination: 'https://example.com/\r\nSet-Cookie: a=b' } }, '/items/0/target/destination', 'control_character'],
  ['text a number', { target: { text: 5 } }, '/items/0/target/text', 'invalid_type'],
  ['text an object', { target: { text: {} } }, '/items/0/target/text', 'invalid_type'],
  ['text empty', { target: { text: '' } }, '/items/0/target/text', 'too_short'],
  ['text of 4 MB (under the body limit)', { target: { text: 'x'.repeat(4 * MiB) } }, '/items/0/target/text', 'data_too_long'],
  ['text with NUL', { target: { text: 'a\u0000b' } }, '/items/0/target/text', 'control_character'],
  ['text with DEL', { target: { text: 'a\u007fb' } }, '/items/0/target/text', 'control_character'],
  ['email a number', { target: { email: 1 } }, '/items/0/target/email', 'invalid_type'],
  ['email not an address', { target: { email: 'nope' } }, '/items/0/target/email', 'invalid_email'],
  ['email subject a number', { target: { email: 'a@example.com', subject: 1 } }, '/items/0/target/subject', 'invalid_type'],
  ['email subject with CR LF (mail header injection)', { target: { email: 'a@example.com', subject: 'x\r\nBcc: all@example.com' } }, '/items/0/target/subject', 'control_character'],
  ['email message a boolean', { target: { email: 'a@example.com', message: true } }, '/items/0/target/message', 'invalid_type'],
  ['phone an array', { target: { phone: [] } }, '/items/0/target/phone', 'invalid_type'],
  ['phone letters', { target: { phone: 'call me' } }, '/items/0/target/phone', 'invalid_phone'],
  ['ssid a number', { target: { ssid: 5 } }, '/items/0/target/ssid', 'invalid_type'],
  ['ssid over 32 bytes', { target: { ssid: 's'.repeat(33) } }, '/items/0/target/ssid', 'too_long'],
  ['password a number', { target: { ssid: 'net', password: 12345678 } }, '/items/0/target/password', 'invalid_type'],
  ['hidden a string', { target: { ssid: 'net', hidden: 'yes' } }, '/items/0/target/hidden', 'invalid_type'],
  ['encryption unknown', { target: { ssid: 'net', password: 'password1', encryption: 'WPA9' } }, '/items/0/target/encryption', 'invalid_value'],
  ['encryption a number', { target: { ssid: 'net', encryption: 2 } }, '/items/0/target/encryption', 'invalid_type'],
  ['title a number', { target: { title: 1, start: '2026-05-01' } }, '/items/0/target/title', 'invalid_type'],
  ['start a number', { target: { title: 't', start: 5 } }, '/items/0/target/start', 'invalid_type'],
  ['start an impossible date', { target: { title: 't', start: '2026-02-30' } }, '/items/0/target/start', 'invalid_date'],
  ['end an object', { target: { title: 't', start: '2026-05-01', end: {} } }, '/items/0/target/end', 'invalid_type'],
  ['end before start', { target: { title: 't', start: '2026-05-02T10:00:00Z', end: '2026-05-01T10:00:00Z' } }, '/items/0/target/end', 'end_before_start'],
  ['location a number', { target: { title: 't', start: '2026-05-01', location: 5 } }, '/items/0/target/location', 'invalid_type'],
  ['utm a string', { target: { destination: 'https://example.com', utm: 'x' } }, '/items/0/target/utm', 'invalid_type'],
  ['utm.source a number', { target: { destination: 'https://example.com', utm: { source: 5 } } }, '/items/0/target/utm/source', 'invalid_type'],
  ['utm unknown field', { target: { destination: 'https://example.com', utm: { evil: 'x' } } }, '/items/0/target/utm/evil', 'unknown_field'],
  ['utm on text', { target: { text: 'x', utm: { source: 'a' } } }, '/items/0/target/utm', 'field_not_allowed'],
  ['text and ssid without type', { target: { text: 'x', ssid: 'y' } }, '/items/0/target', 'ambiguous_target'],
];

describe('item-level cases: 202, the item failed with its code and path', () => {
  let beforeItems;
  beforeAll(async () => { beforeItems = await snapshot(worker.db); });
  test.each(itemCases)('%s', async (_name, item, path, code) => {
    const res = await viaFetch('/v1/batches', { method: 'POST', body: J({ items: [item] }), key: 'items' });
    expect(res.status).toBe(202);
    expect(res.headers.get('x-request-id')).toMatch(/^req_/);
    expect(res.text).not.toMatch(STACK);
    const body = JSON.parse(res.text);
    expect(body).toMatchObject({ object: 'batch', status: 'failed', total_count: 1, completed_count: 0, error_count: 1 });
    expect(body.items[0]).toMatchObject({ index: 0, qr_code_id: null, error_code: code, error_path: path });
  });
  test('they stored only failed batches and their failed items, in their own workspace', async () => {
    const after = await snapshot(worker.db);
    for (const table of Object.keys(before)) {
      const added = after[table].filter((r) => !beforeItems[table].includes(r)).map((r) => JSON.parse(r));
      expect(beforeItems[table].filter((r) => !after[table].includes(r))).toEqual([]);  // nothing changed or removed
      if (table === 'batches') {
        expect(added).toHaveLength(itemCases.length);
        for (const b of added) expect(b).toMatchObject({ workspace_id: 'ws_items', status: 'failed', completed_count: 0, error_count: 1 });
      } else if (table === 'batch_items') {
        expect(added).toHaveLength(itemCases.length);
        for (const i of added) expect(i).toMatchObject({ state: 'failed', qr_code_id: null, spec: null });
      } else {
        expect(added).toEqual([]);
      }
    }
  });
});

// `null` is not "absent": it is invalid_type everywhere (docs/validation.md), also for the
// optional objects `design`, `output` and `design.logo`.
const nullCases = [
  ['design null', { items: [ITEM], design: null }, '/design'],
  ['output null', { items: [ITEM], output: null }, '/output'],
  ['design.logo null', { items: [ITEM], design: { logo: null } }, '/design/logo'],
];
describe('null is not absent (docs/validation.md)', () => {
  test.each(nullCases)('%s is invalid_type', async (_name, body, path) => {
    await expectErrorShape(await viaFetch('/v1/batches', { method: 'POST', body: J(body), key: 'items' }), invalid(path, 'invalid_type'));
  });
});

// ---------------------------------------------------------------------------------------------
// Injection into what the service writes: SVG, headers, NDJSON framing.

test('names, payloads and tags never reach the SVG or the headers raw; the codes still decode to the exact input', async () => {
  const evil = '"><script>alert(1)</script><x a="';
  const items = [
    { target: { type: 'text', text: evil }, name: `${evil} & 'quote'`, tags: ['<b>', '"q"'] },
    { target: { destination: 'https://example.com/?q="><script>alert(1)</script>' }, name: '</svg><script>alert(2)</script>' },
    { target: { type: 'text', text: 'logo' }, name: 'with logo <script>' },
  ];
  const logoUrl = `data:image/png;base64,${withTextChunk(LOGO, '"><script>alert(3)</script>').toString('base64')}`;
  expect(PNG.sync.read(Buffer.from(logoUrl.split(',')[1], 'base64')).width).toBe(32);  // still a valid PNG
  const res = await worker.fetch('/v1/batches', withKey(K.items.key, 'POST', { items: items.slice(0, 2) }));
  const done = await waitForBatch(worker, K.items.key, (await res.json()).id);
  const logoRes = await worker.fetch('/v1/batches', withKey(K.items.key, 'POST', { items: [items[2]], design: { logo: { url: logoUrl } } }));
  const logoDone = await waitForBatch(worker, K.items.key, (await logoRes.json()).id);
  const ids = [...done.items, ...logoDone.items].map((i) => i.qr_code_id);
  expect(ids.every(Boolean)).toBe(true);
  for (const [i, id] of ids.entries()) {
    const dl = await worker.fetch(`/v1/qr-codes/${id}/download?format=svg`, withKey(K.items.key));
    expect(dl.status).toBe(200);
    expect(dl.headers.get('content-type')).toBe('image/svg+xml');
    expect(dl.headers.get('content-disposition')).toMatch(/^attachment; filename="s?qr_[0-9a-f]+\.svg"$/);
    expect(dl.headers.get('content-security-policy')).toMatch(/default-src 'none'.*sandbox/);
    expect(dl.headers.get('x-content-type-options')).toBe('nosniff');
    const svg = await dl.text();
    expect(svg).not.toMatch(/<script|alert\(|onload|javascript:/i);
    expect(svg).not.toContain(evil);
    expect(svg).not.toContain(items[i].name);
    const decoded = (await decodeWithZxing(svgToPng(svg, 512)))?.toString();
    const code = await (await worker.fetch(`/v1/qr-codes/${id}`, withKey(K.items.key))).json();
    expect(code.name).toBe(items[i].name);  // stored as given, escaped only by JSON
    expect(decoded).toBe(code.kind === 'dynamic' ? code.short_url : items[i].target.text);
  }
});

test('NDJSON framing holds: a name full of line breaks and a fake batch line stays inside one line', async () => {
  const name = 'a\nb\n{"object":"batch","status":"completed"}\n\u2028\u2029';
  const res = await worker.fetch('/v1/batches', withKey(K.items.key, 'POST', { items: [{ target: { text: 'framing' }, name }, { target: { text: 'two' } }] },
    { accept: 'application/x-ndjson' }));
  expect(res.status).toBe(202);
  const lines = (await readNdjson(res)).map((l) => l.value);
  expect(lines.map((l) => l.object)).toEqual(['batch', 'batch_item', 'batch_item', 'batch']);
  expect(lines[1].name).toBe(name);
  expect(lines[1].image.data).not.toMatch(/<script|\{"object"/);
  expect(lines[3].status).toBe('completed');
});

test('a URL longer than the runtime accepts is refused by workerd itself (431) before the worker runs, and nothing breaks', async () => {
  const res = await worker.fetch(`/v1/batches?cursor=${'a'.repeat(200_000)}`, withKey(K.owner.key));
  expect([414, 431]).toContain(res.status);
  await res.arrayBuffer();
  expect((await worker.fetch('/v1/batches?limit=1', withKey(K.owner.key))).status).toBe(200);
});

test('a PATCH cannot smuggle a refused logo URL past the fetch checks', async () => {
  const res = await worker.fetch(`/v1/qr-codes/${seed.dynamic.id}`, withKey(K.owner.key, 'PATCH', { design: { logo: { url: 'https://169.254.169.254/latest/meta-data/' } } }));
  await expectErrorShape({ status: res.status, headers: res.headers, text: await res.text() },
    { status: 422, code: 'validation_error', detail: { path: '/design/logo/url', code: ['logo_unavailable', 'invalid_logo'] } });
});

// ---------------------------------------------------------------------------------------------

test('afterwards the service still answers correctly: a normal batch renders and its codes decode', async () => {
  const res = await worker.fetch('/v1/batches', withKey(K.owner.key, 'POST', {
    items: [{ target: { type: 'text', text: 'still alive' } }, { target: { destination: 'https://example.com/after' } }], output: { format: 'png', size: 256 },
  }));
  expect(res.status).toBe(202);
  const done = await waitForBatch(worker, K.owner.key, (await res.json()).id);
  expect(done).toMatchObject({ status: 'completed', completed_count: 2, error_count: 0 });
  const png = Buffer.from(await (await worker.fetch(`/v1/qr-codes/${done.items[0].qr_code_id}/download?format=png&size=256`, withKey(K.owner.key))).arrayBuffer());
  expect((await decodeWithZxing(png)).toString()).toBe('still alive');
  const dynamic = await (await worker.fetch(`/v1/qr-codes/${done.items[1].qr_code_id}`, withKey(K.owner.key))).json();
  // The auth scheme is case-insensitive (RFC 7235): a lower-case "bearer" is a normal client.
  expect((await worker.fetch('/v1/batches?limit=1', { headers: { authorization: `bearer ${K.owner.key}` } })).status).toBe(200);
  const redirect = await worker.fetch(`/r/${dynamic.short_code}`);
  expect(redirect.status).toBe(302);
  expect(redirect.headers.get('location')).toBe('https://example.com/after');
  // The seeded objects are untouched and still served.
  const seeded = await (await worker.fetch(`/v1/qr-codes/${seed.dynamic.id}`, withKey(K.owner.key))).json();
  expect(seeded).toMatchObject({ name: 'seed dynamic', is_active: true, target: { destination: 'https://example.com/landing' } });
});

test('rate limits: past the limit 429 with Retry-After, in the one error shape', async () => {
  const limited = await startWorker({ bindings: { RATE_LIMIT_PER_MINUTE: '2' } });
  try {
    const { key } = await limited.createKey();
    await withinOneRateWindow();
    for (let i = 0; i < 2; i++) expect((await limited.fetch('/v1/batches', withKey(key))).status).toBe(200);
    for (const init of [withKey(key), withKey(key, 'POST', '{"items":[')]) {  // even a malformed request is counted and refused
      const res = await limited.fetch('/v1/batches', init);
      const body = await expectErrorShape({ status: res.status, headers: res.headers, text: await res.text() }, { status: 429, code: 'rate_limited' });
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(Number(res.headers.get('retry-after'))).toBeLessThanOrEqual(60);
      expect(res.headers.get('x-ratelimit-remaining')).toBe('0');
      expect(body.error.message).toMatch(/2 requests a minute/);
    }
  } finally {
    await limited.dispose();
  }
});

// ---------------------------------------------------------------------------------------------
// Issue 14, beyond single requests: what a bomb costs workerd, concurrent duplicates of one
// Idempotency-Key, and PATCH null that clears. Run after "no stored data changed", in their own
// workspaces.

// workerd's resident memory (all its processes under this test process), from /proc.
function workerdRssKb() {
  const children = new Map();
  for (const d of readdirSync('/proc').filter((n) => /^\d+$/.test(n))) {
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (!children.has(ppid)) children.set(ppid, []);
      children.get(ppid).push(Number(d));
    } catch { /* gone */ }
  }
  let kb = 0;
  const queue = [process.pid];
  while (queue.length) {
    for (const pid of children.get(queue.shift()) ?? []) {
      queue.push(pid);
      try {
        const status = readFileSync(`/proc/${pid}/status`, 'utf8');
        if (/^Name:\s+workerd$/m.test(status)) kb += Number(/^VmRSS:\s+(\d+) kB/m.exec(status)[1]);
      } catch { /* gone */ }
    }
  }
  return kb;
}

describe('issue 14', () => {
  let keys;
  beforeAll(async () => {
    keys = {
      bomb: await worker.createKey({ workspaceId: 'ws_issue14_bomb' }),
      reader: await worker.createKey({ workspaceId: 'ws_issue14_bomb', scopes: ['qr:read'] }),
      idem: await worker.createKey({ workspaceId: 'ws_issue14_idem' }),
      patch: await worker.createKey({ workspaceId: 'ws_issue14_patch' }),
    };
  });

  test('logo bombs are refused with logo_too_large before any pixel is decoded; a redirect right after them is answered; a normal logo renders as before (time and memory printed, not asserted)', async () => {
    const render = (key, design) => worker.fetch('/v1/render', withKey(key, 'POST', { target: { text: 'logo' }, design, output: { format: 'png', size: 256 } }));
    // Warm: the engine instantiated and a normal logo drawn once, so growth is the bombs' own.
    const normal = await render(keys.reader.key, { logo: { url: dataUrl(LOGO) } });
    expect(normal.status).toBe(200);
    expect((await decodeWithZxing(Buffer.from(await normal.arrayBuffer()))).toString()).toBe('logo');
    const rssBefore = workerdRssKb();
    expect(rssBefore).toBeGreaterThan(0);
    const timings = [];
    for (const png of [BOMB_1PX, BOMB_MAX]) {
      for (let i = 0; i < 3; i++) {
        const started = performance.now();
        const res = await render(keys.reader.key, { logo: { url: dataUrl(png) } });
        const ms = performance.now() - started;
        const body = await res.json();
        expect(res.status).toBe(422);
        expect(body.error.details).toEqual([expect.objectContaining({ path: '/design/logo/url', code: 'logo_too_large' })]);
        timings.push(Math.round(ms));
      }
    }
    // An unauthenticated redirect sent right after is not held up.
    const startedRedirect = performance.now();
    expect((await worker.fetch(`/r/${seed.dynamic.short_code}`)).status).toBe(302);
    const redirectMs = performance.now() - startedRedirect;
    const growthMb = (workerdRssKb() - rssBefore) / 1024;
    console.log(`issue 14 bombs: refusals ${timings.join(', ')} ms (1x1 px, then 1024x1024 16-bit); redirect after them ${redirectMs.toFixed(1)} ms; workerd RSS ${(rssBefore / 1024).toFixed(1)} MB -> +${growthMb.toFixed(1)} MB`);
    // Each refusal includes sending the 0.7 MB body over loopback HTTP. Time and memory are
    // printed, not asserted: on a loaded 2-core machine a 100 ms bound failed at 370 ms, and
    // RSS moved by 30 MB between runs of the same code (the engine's header check refuses the
    // bombs before decoding: tests/native/logo_budget_test.cpp).
    // The normal logo still renders, and its code still decodes.
    const again = await render(keys.reader.key, { logo: { url: dataUrl(LOGO) }, error_correction: 'H' });
    expect((await decodeWithZxing(Buffer.from(await again.arrayBuffer()))).toString()).toBe('logo');
  }, 60000);

  test('a stored logo is the normalised one: a 1024 px logo is stored at 512 px as a plain PNG and its codes still decode', async () => {
    const big = new PNG({ width: 1024, height: 768 });
    for (let i = 0; i < big.data.length; i += 4) big.data.set([20, 60, (i >> 12) & 255, 255], i);
    const withText = withTextChunk(PNG.sync.write(big), 'hello');
    const res = await worker.fetch('/v1/batches', withKey(keys.bomb.key, 'POST', { items: [{ target: { text: 'normalised' } }], design: { logo: { url: dataUrl(withText) } } }));
    expect(res.status).toBe(202);
    const done = await waitForBatch(worker, keys.bomb.key, (await res.json()).id);
    const code = await (await worker.fetch(`/v1/qr-codes/${done.items[0].qr_code_id}`, withKey(keys.bomb.key))).json();
    const stored = Buffer.from(code.design.logo.url.split(',')[1], 'base64');
    const png = PNG.sync.read(stored);
    expect([png.width, png.height]).toEqual([512, 384]);
    expect(stored.includes(Buffer.from('tEXt'))).toBe(false);
    const dl = await worker.fetch(`/v1/qr-codes/${code.id}/download?format=png&size=512`, withKey(keys.bomb.key));
    expect((await decodeWithZxing(Buffer.from(await dl.arrayBuffer()))).toString()).toBe('normalised');
  }, 60000);

  test.each([['without template_id', false], ['with template_id', true]])(
    '20 concurrent duplicates of one Idempotency-Key (%s), 20 rounds: exactly one batch each round', async (_name, withTemplate) => {
      let body = { items: [{ target: { text: 'once' } }, { target: { destination: 'https://example.com/once' } }] };
      if (withTemplate) {
        const tpl = await (await worker.fetch('/v1/templates', withKey(keys.idem.key, 'POST', { design: { shapes: { body: 'dots' } } }))).json();
        body = { ...body, template_id: tpl.id };
      }
      const count = async () => (await worker.db.prepare("SELECT COUNT(*) AS n FROM batches WHERE workspace_id = 'ws_issue14_idem'").first()).n;
      const summary = [];
      for (let round = 0; round < 20; round++) {
        const before = await count();
        const key = `dup-${withTemplate ? 't' : 'n'}-${round}`;
        const responses = await Promise.all(Array.from({ length: 20 }, () => worker.fetch('/v1/batches', withKey(keys.idem.key, 'POST', body, { 'idempotency-key': key }))));
        const ids = new Set();
        let inProgress = 0;
        for (const res of responses) {
          const json = await res.json();
          if (res.status === 409) {
            expect(json.error.code).toBe('idempotency_in_progress');
            expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
            inProgress++;
          } else {
            expect(res.status).toBe(202);
            ids.add(json.id);
          }
        }
        expect(ids.size).toBe(1);
        expect((await count()) - before).toBe(1);
        summary.push(inProgress);
      }
      const rows = await worker.db.prepare("SELECT COUNT(*) AS n FROM idempotency WHERE workspace_id = 'ws_issue14_idem:live' AND batch_id = ''").first();
      expect(rows.n).toBe(0);  // no claim left pending
      console.log(`issue 14 idempotency (${_name}): 20 rounds x 20 duplicates, 1 batch per round; 409 in_progress per round: ${summary.join(',')}`);
    }, 120000);

  test('a claim is released when creation fails before the batch exists: the same key then works', async () => {
    const body = { items: [{ target: { text: 'x' } }], design: { colors: { foreground: 'nope' } } };
    const first = await worker.fetch('/v1/batches', withKey(keys.idem.key, 'POST', body, { 'idempotency-key': 'released' }));
    expect(first.status).toBe(422);
    const second = await worker.fetch('/v1/batches', withKey(keys.idem.key, 'POST', body, { 'idempotency-key': 'released' }));
    expect(second.status).toBe(422);  // validated again, not "in progress"
    const fixed = await worker.fetch('/v1/batches', withKey(keys.idem.key, 'POST', { items: [{ target: { text: 'x' } }] }, { 'idempotency-key': 'released' }));
    expect(fixed.status).toBe(202);
  });

  test('PATCH null puts a field back to its default, and PATCH answers no 5xx for any null or wrong type', async () => {
    const res = await worker.fetch('/v1/batches', withKey(keys.patch.key, 'POST', {
      items: [{ target: { destination: 'https://example.com/p', utm: { source: 'mail' } }, name: 'named', folder_id: 'f1', tags: ['a'] }],
      design: { shapes: { body: 'dots' } },
    }));
    const done = await waitForBatch(worker, keys.patch.key, (await res.json()).id);
    const id = done.items[0].qr_code_id;
    const patch = async (body) => {
      const r = await worker.fetch(`/v1/qr-codes/${id}`, withKey(keys.patch.key, 'PATCH', body));
      return { status: r.status, body: await r.json() };
    };
    const code = (await patch({ name: null })).body;
    expect(code.name).toBe(`Campaign ${code.short_code}`);
    expect((await patch({ folder_id: null })).body.folder_id).toBeNull();
    expect((await patch({ tags: null })).body.tags).toEqual([]);
    const noUtm = (await patch({ utm: null })).body;
    expect(noUtm.target).toEqual({ type: 'url', destination: 'https://example.com/p' });
    expect((await worker.fetch(`/r/${code.short_code}`)).headers.get('location')).toBe('https://example.com/p');
    const plain = (await patch({ design: null })).body;
    expect(plain.design.shapes.body).toBe('square');
    // Every field with every kind of wrong value: 4xx with the one error shape, never 5xx.
    for (const field of ['name', 'destination', 'utm', 'design', 'folder_id', 'tags', 'is_active']) {
      for (const value of [null, 1, -1e308, true, 'x', [], {}, [null], { a: null }]) {
        const r = await patch({ [field]: value });
        expect(r.status).toBeLessThan(500);
        if (r.status >= 400) {
          expect(r.body.error.code).toMatch(/^(validation_error|invalid_json)$/);
          expect(J(r.body)).not.toMatch(STACK);
          if (r.body.error.details) expect(r.body.error.details[0].path).toMatch(new RegExp(`^/${field}(/|$)`));
        }
      }
    }
  }, 60000);
});
