#!/usr/bin/env node
// SPDX-License-Identifier: MIT
// Runs `wrangler dev` (workerd, offline), waits until it answers, creates a test key in the
// same local state and prints a curl example that works when pasted.
import { spawn, execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const port = Number(process.env.PORT ?? 8787);
const stateDir = resolve(root, process.env.QREDGE_STATE_DIR ?? '.qredge/state');
mkdirSync(stateDir, { recursive: true });
const base = `http://127.0.0.1:${port}`;

const child = spawn(process.execPath, [join(root, 'node_modules', 'wrangler', 'bin', 'wrangler.js'), 'dev',
  '--local', '--ip', '127.0.0.1', '--port', String(port), '--persist-to', stateDir, '--log-level', 'warn',
  '--var', `REDIRECT_BASE:${base}`], {
  cwd: root, stdio: ['ignore', 'inherit', 'inherit'],
  env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false' },
});
const stop = (signal) => { child.kill(signal); };
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));
child.on('exit', (code) => process.exit(code ?? 0));

let up = false;
for (let i = 0; i < 600 && !up; i++) {
  try {
    up = (await fetch(`${base}/v1/openapi.json`)).ok;
  } catch { /* not up yet */ }
  if (!up) await new Promise((ok) => setTimeout(ok, 100));
}
if (!up) {
  console.error(`start: the worker did not answer on ${base}`);
  stop('SIGTERM');
} else {
  const key = execFileSync(process.execPath, [join(root, 'scripts', 'create-key.mjs'), '--workspace', 'ws_local'],
    { cwd: root, env: { ...process.env, QREDGE_STATE_DIR: stateDir } }).toString().trim();
  console.log(`
qredge is running in workerd on ${base}
  demo:     ${base}/
  API:      ${base}/v1/openapi.json
  state:    ${stateDir}
  API key:  ${key}

Make two codes and stream the results (NDJSON, one line per code, images inline):
  curl -sN ${base}/v1/batches \\
    -H 'Authorization: Bearer ${key}' -H 'Content-Type: application/json' -H 'Accept: application/x-ndjson' \\
    -d '{"items":[{"target":{"destination":"https://example.com/spring"}},{"target":{"text":"hello"}}]}'

Then download one (use a qr_code_id from the output):
  curl -s -H 'Authorization: Bearer ${key}' '${base}/v1/qr-codes/<qr_code_id>/download?format=png' -o code.png

More keys: node scripts/create-key.mjs --help. Stop with Ctrl+C.`);
}
