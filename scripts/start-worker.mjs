#!/usr/bin/env node
// SPDX-License-Identifier: MIT
// Runs `wrangler dev` (workerd, offline), waits until it answers, and prints a banner with a
// test key (`qr_test_…`, made once and kept in the state folder, so the same key works after a
// restart) and a curl example that works when pasted. wrangler's own output is held back until
// the banner is out: nothing but the banner comes first, and its colour codes are removed when
// the output is not a terminal (docs/worker.md "npm start").
import { spawn, execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from './free-port.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const port = Number(process.env.PORT ?? 8787);
const stateDir = resolve(root, process.env.QREDGE_STATE_DIR ?? '.qredge/state');
mkdirSync(stateDir, { recursive: true });
const base = `http://127.0.0.1:${port}`;

// The scheduled handler (issue 14). wrangler dev runs no cron, and its own trigger,
// /cdn-cgi/handler/scheduled, answers 500 for a worker with static assets: Miniflare's assets
// RPC proxy forwards the ScheduledController to the worker over RPC, which cannot serialise it
// (workers-sdk #9882, fixed upstream after the Miniflare pinned here). So wrangler listens on a
// private port with --test-scheduled (its /__scheduled route runs the handler inside the
// worker), and this script answers on the public port: it passes every request through,
// serves /cdn-cgi/handler/scheduled from /__scheduled, and fires it every minute like the
// [triggers] cron of wrangler.toml, so interrupted batches resume without anyone reading them.
const innerPort = await freePort();
const inner = `http://127.0.0.1:${innerPort}`;
const CRON = '* * * * *';
const agent = new http.Agent({ keepAlive: true });

const child = spawn(process.execPath, [join(root, 'node_modules', 'wrangler', 'bin', 'wrangler.js'), 'dev',
  '--local', '--ip', '127.0.0.1', '--port', String(innerPort), '--persist-to', stateDir, '--log-level', 'warn',
  '--test-scheduled', '--var', `REDIRECT_BASE:${base}`], {
  cwd: root, stdio: ['ignore', 'pipe', 'pipe'],
  env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false', FORCE_COLOR: '0', NO_COLOR: '1' },
});

// wrangler's output: held until the banner is printed (or printed whole if it never comes up),
// without ANSI escapes unless this is a terminal, and without the notes that only say what
// this script already takes care of (cron triggers: run every minute by this script below).
const ANSI = /\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07]*\x07/g;
const NOISE = /cron|scheduled|--test-scheduled|triggers|^\s*$/i;
const held = [];
let ready = false;
const relay = (stream, out) => {
  let rest = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk) => {
    const lines = (rest + chunk).split('\n');
    rest = lines.pop();
    for (const raw of lines) {
      const line = out.isTTY ? raw : raw.replace(ANSI, '');
      if (NOISE.test(line.replace(ANSI, ''))) continue;
      if (ready) out.write(`${line}\n`);
      else held.push([out, line]);
    }
  });
};
relay(child.stdout, process.stdout);
relay(child.stderr, process.stderr);
const release = () => {
  for (const [out, line] of held.splice(0)) out.write(`${line}\n`);
  ready = true;
};
const front = http.createServer((req, res) => {
  const url = new URL(req.url, base);
  if (url.pathname === '/cdn-cgi/handler/scheduled' || url.pathname === '/__scheduled') {
    url.pathname = '/__scheduled';
    if (!url.searchParams.has('cron')) url.searchParams.set('cron', CRON);
  }
  const upstream = http.request(`${inner}${url.pathname}${url.search}`, { method: req.method, headers: req.headers, agent }, (up) => {
    res.writeHead(up.statusCode, up.statusMessage, up.headers);
    up.pipe(res);
  });
  upstream.on('error', () => {
    if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
    res.end('the worker is not answering');
  });
  res.on('close', () => { if (!res.writableFinished) upstream.destroy(); });
  req.pipe(upstream);
});
await new Promise((resolve) => front.listen(port, '127.0.0.1', resolve));
const cron = setInterval(() => {
  fetch(`${inner}/__scheduled?cron=${encodeURIComponent(CRON)}`).then((r) => r.arrayBuffer()).catch(() => {});
}, 60_000);
cron.unref();

const stop = (signal) => { child.kill(signal); front.close(); };
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));
child.on('exit', (code) => {
  release();
  process.exit(code ?? 0);
});

let up = false;
for (let i = 0; i < 600 && !up; i++) {
  try {
    up = (await fetch(`${base}/v1/openapi.json`)).ok;
  } catch { /* not up yet */ }
  if (!up) await new Promise((ok) => setTimeout(ok, 100));
}
// The local test key: made once, kept (0600) beside the database it belongs to, reused while the
// worker still accepts it (a state folder reset or a revoked key gets a new one).
const keyFile = join(stateDir, 'local-key.json');
async function localKey() {
  if (existsSync(keyFile)) {
    try {
      const saved = JSON.parse(readFileSync(keyFile, 'utf8'));
      const res = await fetch(`${base}/v1/templates?limit=1`, { headers: { authorization: `Bearer ${saved.key}` } });
      await res.arrayBuffer();
      if (res.status === 200 && /^qr_test_/.test(saved.key)) return saved.key;
    } catch { /* made again below */ }
  }
  const made = JSON.parse(execFileSync(process.execPath, [join(root, 'scripts', 'create-key.mjs'), '--workspace', 'ws_local', '--test', '--json'],
    { cwd: root, env: { ...process.env, QREDGE_STATE_DIR: stateDir } }).toString());
  writeFileSync(keyFile, `${JSON.stringify({ key: made.key, id: made.id, workspace_id: made.workspace_id }, null, 2)}\n`, { mode: 0o600 });
  chmodSync(keyFile, 0o600);
  return made.key;
}

if (!up) {
  release();
  console.error(`start: the worker did not answer on ${base}`);
  stop('SIGTERM');
} else {
  const key = await localKey();
  console.log(`
qredge is running in workerd on ${base}
  demo:     ${base}/
  API:      ${base}/v1/openapi.json  (reference: ${base}/docs, guide: docs/api.md)
  state:    ${stateDir}
  API key:  ${key}

Make two codes and stream the results (NDJSON, one line per code, images inline):
  curl -sN ${base}/v1/batches \\
    -H 'Authorization: Bearer ${key}' -H 'Content-Type: application/json' -H 'Accept: application/x-ndjson' \\
    -d '{"items":[{"target":{"destination":"https://example.com/spring"}},{"target":{"text":"hello"}}]}'

Then download one (use a qr_code_id from the output):
  curl -s -H 'Authorization: Bearer ${key}' '${base}/v1/qr-codes/<qr_code_id>/download?format=png' -o code.png

The key is kept in ${keyFile} and works after a restart.
More keys: node scripts/create-key.mjs --help. Stop with Ctrl+C.`);
  release();
}
