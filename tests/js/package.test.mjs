// SPDX-License-Identifier: MIT
// The npm package as a consumer gets it: `npm pack` (once, with the real prepack step), installed
// offline into a fresh project with no devDependencies, then used from Node ESM, Node CJS,
// TypeScript, a browser page bundled with esbuild (Chromium) and a Worker bundled by wrangler
// (workerd via Miniflare). Every rendered code is decoded back to its exact payload.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { Miniflare } from 'miniflare';
import { decodeWithZxing, toPng } from './helpers/decode.mjs';
import { launchBrowser } from './helpers/browser.mjs';
import { serveStatic } from './helpers/static-server.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const fixtures = join(root, 'tests', 'js', 'fixtures', 'package');
const bin = (name) => join(root, 'node_modules', '.bin', name);
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
let tmp, consumer, packed;

const run = (cmd, args, cwd = consumer, env = {}) =>
  execFileSync(cmd, args, { cwd, encoding: 'utf8', env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'qredge-package-'));
  [packed] = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', tmp], root));
  consumer = join(tmp, 'consumer');
  cpSync(fixtures, consumer, { recursive: true });
  run('npm', ['install', join(tmp, packed.filename), '--no-audit', '--no-fund', '--offline', '--loglevel=error']);
  // The report the brief asks for: tarball size and contents.
  process.stdout.write(`\nqredge tarball ${packed.filename}: ${packed.size} bytes packed, ${packed.unpackedSize} unpacked\n`
    + packed.files.map((f) => `  ${String(f.size).padStart(7)}  ${f.path}\n`).join(''));
}, 120000);

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const installed = (...p) => join(consumer, 'node_modules', 'qredge', ...p);

test('the tarball holds the built package and nothing else', () => {
  const files = packed.files.map((f) => f.path).sort();
  expect(files).toEqual(['README.md', 'bin/qredge.mjs', 'dist/api.mjs', 'dist/browser.mjs', 'dist/build-info.mjs',
    'dist/core.mjs', 'dist/core.wasm', 'dist/core.wasm.d.ts', 'dist/index.d.ts', 'dist/node-thread.mjs', 'dist/node-threads.mjs',
    'dist/node.cjs', 'dist/node.mjs', 'dist/worker.mjs',
    'docs/package.md', 'package.json', 'shared/csv.mjs']);
  expect(packed.size).toBeLessThan(400 * 1024);
});

test('the tarball\'s README is written for package users; the developers\' README is back in place', () => {
  const shipped = readFileSync(installed('README.md'), 'utf8');
  expect(shipped).toBe(readFileSync(join(root, 'docs', 'npm-readme.md'), 'utf8'));
  expect(shipped).toMatch(/npm install qredge/);
  expect(shipped).not.toMatch(/npm test|scripts\/|shared\/spec|\.\.\//);
  for (const [, link] of shipped.matchAll(/\]\(([^)#]+)/g)) expect(packed.files.map((f) => f.path)).toContain(link);
  const dev = readFileSync(join(root, 'README.md'), 'utf8');
  expect(dev).toMatch(/npm test/);
  expect(dev).not.toMatch(/\]\(\.\.\//);  // the README links only inside the repository
});

test('Node ESM: render, renderBatch, VERSION and the stamped WASM_SHA256', async () => {
  const out = JSON.parse(run(process.execPath, ['esm.mjs']));
  expect(out.version).toBe(pkg.version);
  const wasm = readFileSync(installed('dist', 'core.wasm'));
  expect(out.sha256).toBe(createHash('sha256').update(wasm).digest('hex'));
  expect(out.batch).toEqual([[0, true], [1, false]]);
  expect(out.threaded).toEqual([[0, true, 'a'], [1, false, null], [2, true, 'c']]);
  expect((await decodeWithZxing(Buffer.from(out.png, 'base64'))).toString('utf8')).toBe('https://example.com/esm?x=1');
});

test('Node CJS: require() gets the same module, the same QredgeError class', async () => {
  const out = JSON.parse(run(process.execPath, ['cjs.cjs']));
  expect(out).toMatchObject({ sameClass: true, isError: true, code: 'invalid_url', path: '/target/destination' });
  expect((await decodeWithZxing(toPng(out.svg))).toString('utf8')).toBe('hello from require');
});

test('the installed command line', () => {
  const qredge = join(consumer, 'node_modules', '.bin', 'qredge');
  expect(run(qredge, ['--version']).trim()).toBe(pkg.version);
  writeFileSync(join(consumer, 'req.json'), JSON.stringify({ items: [{ target: { text: 'cli' }, name: 'a/b' }] }));
  run(qredge, ['render', 'req.json', '--out', 'cli-out', '--format', 'png']);
  expect(readFileSync(join(consumer, 'cli-out', '0000-a-b.png')).subarray(1, 4).toString()).toBe('PNG');
});

test('TypeScript: an example using every export and option type-checks', () => {
  const r = spawnSync(bin('tsc'), ['-p', join(consumer, 'tsconfig.json')], { encoding: 'utf8' });
  expect(r.stdout + r.stderr).toBe('');
  expect(r.status).toBe(0);
}, 60000);

test('browser: a page bundled with esbuild renders in Chromium', async () => {
  const site = join(consumer, 'site');
  mkdirSync(site, { recursive: true });
  await build({ entryPoints: [join(consumer, 'page.mjs')], bundle: true, format: 'esm', platform: 'browser',
    outfile: join(site, 'page.mjs'), absWorkingDir: consumer, logLevel: 'error' });
  const bundled = readFileSync(join(site, 'page.mjs'), 'utf8');
  expect(bundled).not.toMatch(/node:fs/);  // the browser condition was picked
  cpSync(installed('dist', 'core.wasm'), join(site, 'core.wasm'));  // beside the bundle
  cpSync(join(consumer, 'index.html'), join(site, 'index.html'));
  const server = await serveStatic(site);
  const browser = await launchBrowser();
  try {
    const page = await browser.context.newPage();
    const requests = [];
    page.on('request', (r) => requests.push(new URL(r.url()).pathname));
    await page.goto(`${server.url}/`);
    await page.waitForSelector('body[data-ready]', { state: 'attached' });
    const svg = await page.evaluate(() => document.body.dataset.svg);
    expect(await page.evaluate(() => document.body.dataset.ready)).toBe('ok');
    expect((await decodeWithZxing(toPng(svg))).toString('utf8')).toBe('https://example.com/browser');
    expect(requests.sort()).toEqual(['/', '/core.wasm', '/page.mjs']);
  } finally {
    await browser.close();
    await server.close();
  }
}, 60000);

test('Cloudflare Worker: bundled by wrangler, run in workerd', async () => {
  run(process.execPath, [join(root, 'node_modules', 'wrangler', 'bin', 'wrangler.js'), 'deploy', '--dry-run', '--outdir', 'bundle'],
    consumer, { WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false', WRANGLER_LOG_PATH: join(tmp, 'wrangler-logs') });
  const mf = new Miniflare({
    modules: true, scriptPath: join(consumer, 'bundle', 'worker.js'), modulesRoot: join(consumer, 'bundle'),
    modulesRules: [{ type: 'ESModule', include: ['**/*.js'] }, { type: 'CompiledWasm', include: ['**/*.wasm'] }],
    compatibilityDate: '2025-09-01', cf: false,
  });
  try {
    const res = await mf.dispatchFetch('http://localhost/?text=from%20workerd');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    const png = Buffer.from(await res.arrayBuffer());
    expect((await decodeWithZxing(png)).toString('utf8')).toBe('from workerd');
  } finally {
    await mf.dispose();
  }
}, 60000);
