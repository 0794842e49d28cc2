#!/usr/bin/env node
// SPDX-License-Identifier: MIT
// Runs `wrangler dev` (workerd, offline), waits until it answers, then prints how to use it.
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const port = Number(process.env.PORT ?? 8787);
const stateDir = resolve(root, process.env.QREDGE_STATE_DIR ?? '.qredge/state');
mkdirSync(stateDir, { recursive: true });
const base = `http://127.0.0.1:${port}`;

const child = spawn(process.execPath, [join(root, 'node_modules', 'wrangler', 'bin', 'wrangler.js'), 'dev',
  '--local', '--ip', '127.0.0.1', '--port', String(port), '--persist-to', stateDir, '--log-level', 'warn'], {
  cwd: root, stdio: ['ignore', 'inherit', 'inherit'],
  env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false' },
});
const stop = (signal) => { child.kill(signal); };
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));
child.on('exit', (code) => process.exit(code ?? 0));

// Wait until the worker answers, then print the ready-to-paste example.
for (let i = 0; i < 600; i++) {
  try {
    const res = await fetch(`${base}/v1/render`, { method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ target: { destination: 'https://example.com' } }) });
    if (res.ok) break;
  } catch { /* not up yet */ }
  await new Promise((ok) => setTimeout(ok, 100));
}
console.log(`
qredge is running in workerd on ${base}
  demo:   ${base}/
  state:  ${stateDir}
Try it:
  curl -s -X POST ${base}/v1/render -H 'content-type: application/json' \\
    -d '{"target":{"destination":"https://example.com"},"output":{"format":"svg"}}' > code.svg
Stop with Ctrl+C.`);
