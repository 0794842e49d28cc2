#!/usr/bin/env node
// SPDX-License-Identifier: MIT
// Adds the API reference page to the static site (after scripts/build-site.mjs): the page of
// worker/reference/ and Redoc's standalone bundle from its npm package, under <site>/docs/. The
// worker serves it at /docs with a Content-Security-Policy that keeps every request on the
// origin; the page renders /v1/openapi.json in the browser.
//   QREDGE_SITE  the site folder (default build/site)
import { cpSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));
const site = resolve(root, process.env.QREDGE_SITE ?? join('build', 'site'));
const out = join(site, 'docs');
mkdirSync(out, { recursive: true });
for (const f of readdirSync(join(root, 'worker', 'reference'))) cpSync(join(root, 'worker', 'reference', f), join(out, f));
const bundle = require.resolve('redoc/bundles/redoc.standalone.js');
cpSync(bundle, join(out, 'redoc.standalone.js'));
cpSync(`${bundle}.LICENSE.txt`, join(out, 'redoc.standalone.js.LICENSE.txt'));
const { version } = require('redoc/package.json');
const kib = readdirSync(out).reduce((n, f) => n + statSync(join(out, f)).size, 0) / 1024;
console.log(`docs: ${out} ready (Redoc ${version}, ${kib.toFixed(0)} KiB)`);
