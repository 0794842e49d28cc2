#!/usr/bin/env node
// SPDX-License-Identifier: MIT
// Assembles the static site served at `/` (by the worker's static assets and by tests):
// the demo page from web-demo/ plus the browser build of the package under /qredge/.
import { cpSync, mkdirSync, rmSync, existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'build', 'site');
const dist = join(root, 'dist');
for (const f of ['browser.mjs', 'api.mjs', 'core.mjs', 'core.wasm']) {
  if (!existsSync(join(dist, f))) throw new Error(`dist/${f} is missing: run scripts/build.sh wasm first`);
}
rmSync(out, { recursive: true, force: true });
mkdirSync(join(out, 'qredge'), { recursive: true });
cpSync(join(root, 'web-demo'), out, { recursive: true });
for (const f of ['browser.mjs', 'api.mjs', 'core.mjs', 'core.wasm']) cpSync(join(dist, f), join(out, 'qredge', f));
console.log('site: build/site ready');
