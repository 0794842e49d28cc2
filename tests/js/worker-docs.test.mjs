// SPDX-License-Identifier: MIT
// GET /docs: the API reference page (Redoc, from the worker's static assets) rendered from
// /v1/openapi.json in Debian Chromium, offline: every request the page makes goes to the
// worker, and the page's Content-Security-Policy blocks anything else it would try.
import { cpSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { root, startWorker } from './helpers/worker.mjs';
import { launchBrowser } from './helpers/browser.mjs';
import { openapi } from '../../worker/openapi/index.mjs';

const built = join(root, 'build', 'site');
const site = mkdtempSync(join(tmpdir(), 'qredge-site-'));
let worker, browser;
beforeAll(async () => {
  if (!existsSync(join(built, 'docs', 'redoc.standalone.js'))) throw new Error('build/site/docs is missing: run sh scripts/build.sh site');
  // A copy with the optional files Miniflare's assets reader opens: under Jest its check for
  // "file does not exist" fails (an `instanceof Error` across VM realms), so they must exist.
  cpSync(built, site, { recursive: true });
  writeFileSync(join(site, '.assetsignore'), '');
  writeFileSync(join(site, '_redirects'), '');
  writeFileSync(join(site, '_headers'), '');
  worker = await startWorker({
    assets: { directory: site, binding: 'ASSETS', routerConfig: { has_user_worker: true, invoke_user_worker_ahead_of_assets: true } },
  });
  browser = await launchBrowser({ viewport: { width: 1280, height: 900 } });
}, 60000);
afterAll(async () => {
  await browser?.close();
  await worker?.dispose();
  rmSync(site, { recursive: true, force: true });
});

test('/docs renders every operation of the document, and no request leaves the machine', async () => {
  const page = await browser.context.newPage();
  const requests = [];
  const errors = [];
  const failed = new Map();
  const finished = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('requestfailed', (r) => failed.set(r.url(), r.failure()?.errorText));
  page.on('requestfinished', (r) => finished.push(r.url()));
  page.on('pageerror', (e) => errors.push(e.message));
  const res = await page.goto(`${worker.url}docs`, { waitUntil: 'load' });
  expect(res.status()).toBe(200);
  expect(res.headers()['content-security-policy']).toMatch(/default-src 'self'/);
  expect(res.headers()['x-request-id']).toMatch(/^req_/);
  // Redoc has rendered when the operations' summaries are in the page.
  await page.waitForFunction(() => document.querySelector('h2')?.innerText.length > 0 && document.body.innerText.includes('Create a batch'), null, { timeout: 30000 });
  const text = await page.evaluate(() => document.body.innerText);
  for (const ops of Object.values(openapi.paths)) {
    for (const op of Object.values(ops)) expect(text).toContain(op.summary);
  }
  expect(text).toContain('ScanReport');
  expect(errors).toEqual([]);
  const origin = new URL(worker.url).origin;
  const local = (u) => u.startsWith(origin) || u.startsWith('data:') || u.startsWith('blob:');
  expect(requests).toContain(`${origin}/v1/openapi.json`);
  // Redoc's sidebar asks a CDN for its logo: the page's policy stops it inside the browser,
  // before any DNS lookup or connection. Nothing else is asked of another host. The logo is
  // asked for some time after the text is drawn (later on a loaded machine): wait for its
  // answer, up to 10 s, so that a request that got through would be seen.
  const logo = 'https://cdn.redoc.ly/redoc/logo-mini.svg';
  for (let waited = 0; waited < 10000 && !failed.has(logo) && !finished.includes(logo); waited += 50) {
    await new Promise((ok) => setTimeout(ok, 50));
  }
  const foreign = requests.filter((u) => !local(u));
  expect(foreign).toEqual([logo]);
  expect(failed.get(logo)).toMatch(/csp/i);  // blocked by the Content-Security-Policy
  expect(finished.filter((u) => !local(u))).toEqual([]);
  await page.screenshot({ path: join(root, 'build', 'api-reference.png') });
  await page.close();
}, 90000);

test('/docs/ and the assets under it carry the same policy; /docs is not an API route', async () => {
  for (const path of ['/docs/', '/docs/reference.js', '/docs/redoc.standalone.js']) {
    const res = await worker.fetch(path);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toMatch(/connect-src 'self'/);
    await res.arrayBuffer();
  }
  const api = await worker.fetch('/v1/docs');
  expect(api.status).toBe(404);
  expect((await api.json()).error.code).toBe('not_found');
});
