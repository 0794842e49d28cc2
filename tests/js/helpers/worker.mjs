// SPDX-License-Identifier: MIT
// Starts the worker in workerd through Miniflare, as wrangler would (CompiledWasm for .wasm).
import { Miniflare } from 'miniflare';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

export async function startWorker(options = {}) {
  const mf = new Miniflare({
    host: '127.0.0.1', port: 0,
    modules: true, scriptPath: join(root, 'worker', 'index.mjs'), rootPath: root, modulesRoot: root,
    modulesRules: [{ type: 'ESModule', include: ['**/*.mjs'] }, { type: 'CompiledWasm', include: ['**/*.wasm'] }],
    compatibilityDate: '2025-09-01',
    cf: false,
    ...options,
  });
  const url = await mf.ready;
  return { mf, url, fetch: (path, init) => mf.dispatchFetch(new URL(path, url), init), dispose: () => mf.dispose() };
}
