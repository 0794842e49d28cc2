// SPDX-License-Identifier: MIT
// The worker as it would be deployed: bundled by `wrangler deploy --dry-run`, checked against
// Cloudflare's size limits, and the bundle itself run in workerd (Miniflare) and used for real.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { Miniflare } from 'miniflare';
import { createKey } from '../../worker/auth/keys.mjs';
import { root, DATABASE_ID, readNdjson } from './helpers/worker.mjs';
import { decodeWithZxing } from './helpers/decode.mjs';

// Workers platform limits (developers.cloudflare.com/workers/platform/limits): the compressed
// script bundle may be 3 MB on the Free plan (10 MB on paid plans); a static asset file 25 MiB.
const FREE_PLAN_GZIP_BYTES = 3 * 1000 * 1000;
const ASSET_FILE_BYTES = 25 * 1024 * 1024;

const out = mkdtempSync(join(tmpdir(), 'qredge-bundle-'));
let dryRun;
beforeAll(() => {
  dryRun = spawnSync(process.execPath, [join(root, 'node_modules', 'wrangler', 'bin', 'wrangler.js'), 'deploy', '--dry-run', '--outdir', out], {
    cwd: root, encoding: 'utf8',
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false', WRANGLER_LOG_PATH: join(out, 'logs') },
  });
}, 120000);
afterAll(() => rmSync(out, { recursive: true, force: true }));

const bundleFiles = () => readdirSync(out).filter((f) => /\.(js|mjs|wasm)$/.test(f));

test('wrangler bundles the worker with its wasm module, within the Free plan size limit', () => {
  expect(dryRun.status).toBe(0);
  const text = `${dryRun.stdout}${dryRun.stderr}`;
  const m = text.match(/Total Upload: ([\d.]+) KiB \/ gzip: ([\d.]+) KiB/);
  expect(m).not.toBeNull();
  const reportedGzip = Number(m[2]) * 1024;
  // Our own count of what is uploaded: the script and the wasm, each gzip-compressed.
  const files = bundleFiles();
  expect(files.some((f) => f.endsWith('.wasm'))).toBe(true);
  expect(files.some((f) => f === 'index.js')).toBe(true);
  const ownGzip = files.reduce((n, f) => n + gzipSync(readFileSync(join(out, f)), { level: 9 }).length, 0);
  console.log(`worker bundle: ${files.join(', ')}; wrangler reports gzip ${(reportedGzip / 1024).toFixed(1)} KiB, `
    + `own count ${(ownGzip / 1024).toFixed(1)} KiB; Free plan limit ${(FREE_PLAN_GZIP_BYTES / 1e6).toFixed(0)} MB`);
  expect(reportedGzip).toBeLessThan(FREE_PLAN_GZIP_BYTES);
  expect(ownGzip).toBeLessThan(FREE_PLAN_GZIP_BYTES);
});

test('every static asset file is within the per-file limit', () => {
  const walk = (dir) => readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
  const assets = walk(join(root, 'build', 'site'));
  expect(assets.length).toBeGreaterThan(0);
  for (const p of assets) expect(statSync(p).size).toBeLessThan(ASSET_FILE_BYTES);
});

test('the bundle runs in workerd: a streamed batch makes a code that scans', async () => {
  const mf = new Miniflare({
    host: '127.0.0.1', port: 0,
    modules: true, scriptPath: join(out, 'index.js'), modulesRoot: out,
    modulesRules: [{ type: 'CompiledWasm', include: ['**/*.wasm'] }],
    compatibilityDate: '2025-09-01', cf: false,
    d1Databases: { DB: DATABASE_ID },
  });
  try {
    const url = await mf.ready;
    const { key } = await createKey(await mf.getD1Database('DB'));
    const destination = 'https://example.com/bundled?utm_source=qredge';
    const res = await fetch(new URL('/v1/batches', url), {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', accept: 'application/x-ndjson' },
      body: JSON.stringify({ items: [{ target: { destination }, kind: 'static' }], output: { format: 'png', size: 256 } }),
    });
    expect(res.status).toBe(202);
    const lines = (await readNdjson(res)).map((l) => l.value);
    const item = lines.find((l) => l.object === 'batch_item');
    expect(item.error_code).toBeNull();
    expect((await decodeWithZxing(Buffer.from(item.image.data, 'base64'))).toString('utf8')).toBe(destination);
    expect(lines.at(-1)).toMatchObject({ object: 'batch', status: 'completed', completed_count: 1 });
  } finally {
    await mf.dispose();
  }
});
