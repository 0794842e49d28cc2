#!/usr/bin/env node
// SPDX-License-Identifier: MIT
// Assembles the static site served at `/` (by the worker's static assets and by tests): the
// browser demo from web-demo/, bundled with esbuild (page + batch Web Worker, with the qredge
// browser build, papaparse, fflate and zxing-wasm inside), and beside the bundles the two
// .wasm files they load from their own URL: core.wasm (qredge) and zxing_reader.wasm.
//   QREDGE_DIST  package build to bundle (default dist)
//   QREDGE_SITE  output folder (default build/site); index.html is the entry
import { cpSync, mkdirSync, rmSync, existsSync, readdirSync } from 'node:fs';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));
const dist = resolve(root, process.env.QREDGE_DIST ?? 'dist');
const out = resolve(root, process.env.QREDGE_SITE ?? join('build', 'site'));
const demo = join(root, 'web-demo');

for (const f of ['browser.mjs', 'api.mjs', 'core.mjs', 'core.wasm']) {
  if (!existsSync(join(dist, f))) throw new Error(`${join(dist, f)} is missing: run scripts/build.sh wasm first`);
}
const zxingWasm = require.resolve('zxing-wasm/reader/zxing_reader.wasm');

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

// Static files (HTML, CSS, sample files) are copied as they are; modules are bundled.
for (const entry of readdirSync(demo, { withFileTypes: true })) {
  if (entry.isFile() && !entry.name.endsWith('.mjs')) cpSync(join(demo, entry.name), join(out, entry.name));
}

const result = await build({
  entryPoints: { main: join(demo, 'main.mjs'), 'batch-worker': join(demo, 'batch-worker.mjs') },
  outdir: out,
  bundle: true,
  format: 'esm',
  splitting: true,               // the page and the worker share one chunk with the engine glue
  chunkNames: 'chunk-[hash]',    // beside the entries: the glue finds core.wasm via import.meta.url
  entryNames: '[name]',
  outExtension: { '.js': '.mjs' },
  platform: 'browser',
  target: ['chrome100', 'firefox100', 'safari15.4'],
  minify: true,
  sourcemap: true,
  legalComments: 'linked',
  alias: { qredge: join(dist, 'browser.mjs') },
  logLevel: 'warning',
  metafile: true,
});
cpSync(join(dist, 'core.wasm'), join(out, 'core.wasm'));
cpSync(zxingWasm, join(out, 'zxing_reader.wasm'));

const bytes = Object.entries(result.metafile.outputs)
  .filter(([f]) => f.endsWith('.mjs'))
  .reduce((n, [, o]) => n + o.bytes, 0);
console.log(`site: ${out} ready (${(bytes / 1024).toFixed(0)} KiB of JavaScript)`);
