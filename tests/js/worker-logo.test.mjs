// SPDX-License-Identifier: MIT
// Logo URLs under API.md §4.4. The worker's outbound fetches go to a fake internet served by the
// test (Miniflare outboundService), which records every request: forbidden URLs must be refused
// before anything is fetched.
import { PNG } from 'pngjs';
import { startWorker, withKey, waitForBatch } from './helpers/worker.mjs';
import { decodeWithZxing } from './helpers/decode.mjs';

function makePng(size = 48) {
  const png = new PNG({ width: size, height: size });
  for (let i = 0; i < png.data.length; i += 4) png.data.set([30, 90, 200, 255], i);
  return PNG.sync.write(png);
}
const LOGO = makePng();
const JPEG_BYTES = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0]);

const outbound = [];
const internet = {
  '/ok.png': () => new Response(LOGO, { headers: { 'content-type': 'image/png' } }),
  '/html': () => new Response('<html>', { headers: { 'content-type': 'text/html' } }),
  '/liar.png': () => new Response(JPEG_BYTES, { headers: { 'content-type': 'image/png' } }),
  '/huge.png': () => new Response(Buffer.concat([LOGO, Buffer.alloc(600 * 1024)]), { headers: { 'content-type': 'image/png' } }),
  '/missing.png': () => new Response('nope', { status: 404 }),
  '/r1': () => new Response(null, { status: 302, headers: { location: '/r2' } }),
  '/r2': () => new Response(null, { status: 301, headers: { location: 'https://logos.example/ok.png' } }),
  '/loop': () => new Response(null, { status: 302, headers: { location: '/loop' } }),
  '/to-http': () => new Response(null, { status: 302, headers: { location: 'http://logos.example/ok.png' } }),
  '/to-local': () => new Response(null, { status: 307, headers: { location: 'https://127.0.0.1/ok.png' } }),
};

let worker, key;
beforeAll(async () => {
  worker = await startWorker({
    outboundService: (request) => {
      outbound.push(request.url);
      const handler = internet[new URL(request.url).pathname];
      return handler ? handler() : new Response('unknown', { status: 404 });
    },
  });
  ({ key } = await worker.createKey());
});
afterAll(() => worker?.dispose());

const batchWithLogo = (url, extra = {}) => worker.fetch('/v1/batches',
  withKey(key, 'POST', { items: [{ target: { type: 'text', text: 'logo code' } }], design: { logo: { url, size: 0.2, ...extra } }, output: { format: 'png', size: 512 } }));

test('an https logo is fetched, checked and drawn; the code still decodes', async () => {
  const res = await batchWithLogo('https://logos.example/ok.png', { clear_background: true });
  expect(res.status).toBe(202);
  const batch = await waitForBatch(worker, key, (await res.json()).id);
  expect(batch.completed_count).toBe(1);
  const code = await (await worker.fetch(`/v1/qr-codes/${batch.items[0].qr_code_id}`, withKey(key))).json();
  expect(code.design.logo.url).toMatch(/^data:image\/png;base64,/);  // stored fetched, never fetched again
  const png = Buffer.from(await (await worker.fetch(`/v1/qr-codes/${code.id}/download?format=png&size=512`, withKey(key))).arrayBuffer());
  expect((await decodeWithZxing(png)).toString()).toBe('logo code');
});

test('redirects are followed (each hop re-checked), at most 3', async () => {
  expect((await batchWithLogo('https://logos.example/r1')).status).toBe(202);
  for (const url of ['https://logos.example/loop', 'https://logos.example/to-http', 'https://logos.example/to-local']) {
    const res = await batchWithLogo(url);
    expect(res.status).toBe(422);
    expect((await res.json()).error.details[0]).toMatchObject({ path: '/design/logo/url', code: 'logo_unavailable' });
  }
  expect(outbound.filter((u) => u.includes('/loop')).length).toBe(4);  // the first try and 3 redirects
  expect(outbound.some((u) => u.startsWith('http://') || u.includes('127.0.0.1'))).toBe(false);
});

test('wrong type, lying bytes, too large, HTTP errors: logo_unavailable', async () => {
  for (const path of ['/html', '/liar.png', '/huge.png', '/missing.png']) {
    const res = await batchWithLogo(`https://logos.example${path}`);
    expect(res.status).toBe(422);
    const { error } = await res.json();
    expect(error.details[0]).toMatchObject({ path: '/design/logo/url', code: 'logo_unavailable' });
    expect(error.details[0].message.length).toBeGreaterThan(10);
  }
});

test('every forbidden URL form is refused before anything is fetched', async () => {
  const forbidden = ['http://logos.example/ok.png', 'https://user:pw@logos.example/ok.png', 'https://127.0.0.1/ok.png',
    'https://[::1]/ok.png', 'https://localhost/ok.png', 'https://10.0.0.1/ok.png', 'https://2130706433/ok.png',
    'https://0x7f000001/ok.png', 'https://intranet/ok.png', 'https://printer.local/ok.png', 'https://logos.example:8443/ok.png',
    'ftp://logos.example/ok.png', 'javascript:alert(1)', 'file:///etc/passwd', 'data:text/html;base64,PGh0bWw+', '//logos.example/ok.png'];
  const before = outbound.length;
  for (const url of forbidden) {
    const res = await batchWithLogo(url);
    expect(res.status).toBe(422);
    const detail = (await res.json()).error.details[0];
    expect(detail.path).toBe('/design/logo/url');
    expect(['logo_unavailable', 'invalid_logo']).toContain(detail.code);
  }
  expect(outbound.length).toBe(before);
});

test('templates fetch an https logo once, at save time', async () => {
  const before = outbound.length;
  const tpl = await worker.fetch('/v1/templates', withKey(key, 'POST', { design: { logo: { url: 'https://logos.example/ok.png' } } }));
  expect(tpl.status).toBe(201);
  const { id, design } = await tpl.json();
  expect(design.logo.url).toMatch(/^data:image\/png;base64,/);
  expect(outbound.length).toBe(before + 1);
  const res = await worker.fetch('/v1/batches', withKey(key, 'POST', { items: [{ target: { text: 'tpl' } }], template_id: id }));
  expect(res.status).toBe(202);
  await waitForBatch(worker, key, (await res.json()).id);
  expect(outbound.length).toBe(before + 1);
});
