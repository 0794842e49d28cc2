// SPDX-License-Identifier: MIT
// What `npm start` runs after building (scripts/start-worker.mjs: wrangler dev, real HTTP): the
// curl example it prints works when pasted into a shell and makes codes that scan, the demo is
// served at /, and the local state survives a restart of the command.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { root, startWorker } from './helpers/worker.mjs';
import { decodeWithZxing, toPng } from './helpers/decode.mjs';
import { freePort } from '../../scripts/free-port.mjs';

const stateDir = mkdtempSync(join(tmpdir(), 'qredge-start-'));
afterAll(() => rmSync(stateDir, { recursive: true, force: true }));


// Starts the command and resolves with its printed banner once the key and curl are shown.
async function start(port) {
  const child = spawn(process.execPath, [join(root, 'scripts', 'start-worker.mjs')], {
    cwd: root, detached: true, stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, PORT: String(port), QREDGE_STATE_DIR: stateDir },
  });
  let out = '';
  child.stdout.on('data', (d) => { out += d; });
  child.stderr.on('data', (d) => { out += d; });
  const deadline = Date.now() + 90000;
  while (!/Stop with Ctrl\+C/.test(out)) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`start-worker did not come up:\n${out}`);
    await new Promise((ok) => setTimeout(ok, 100));
  }
  const stop = () => new Promise((resolve) => {
    child.once('exit', resolve);
    try { process.kill(-child.pid, 'SIGTERM'); } catch { resolve(); }
  });
  return { out, stop };
}

// The first curl command of the banner, with its continuation lines, exactly as printed.
function curlExample(banner) {
  const lines = banner.split('\n');
  const first = lines.findIndex((l) => /^\s*curl -sN /.test(l));
  const cmd = [];
  for (let i = first; i < lines.length; i++) {
    cmd.push(lines[i]);
    if (!lines[i].trimEnd().endsWith('\\')) break;
  }
  return cmd.join('\n');
}

test('the printed curl example works when pasted, codes scan, the demo is served, state persists', async () => {
  const port = await freePort();
  let run = await start(port);
  let batchId;
  let key;
  try {
    // The banner comes first (nothing of wrangler's above it), with no terminal escape codes in
    // output that is not a terminal, and it shows a test key, kept in the state folder.
    expect(run.out.slice(0, run.out.indexOf('qredge is running')).trim()).toBe('');
    expect(run.out).not.toMatch(/\x1b/);
    key = run.out.match(/API key:\s+(qr_test_\S+)/)[1];
    expect(statSync(join(stateDir, 'local-key.json')).mode & 0o777).toBe(0o600);
    const curl = curlExample(run.out);
    expect(curl).toContain(`http://127.0.0.1:${port}/v1/batches`);
    const ndjson = execFileSync('sh', ['-c', curl], { encoding: 'utf8', timeout: 60000 });
    const lines = ndjson.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines[0]).toMatchObject({ object: 'batch', status: 'processing' });
    expect(lines.at(-1)).toMatchObject({ object: 'batch', status: 'completed', completed_count: 2, error_count: 0 });
    batchId = lines[0].id;
    const items = lines.filter((l) => l.object === 'batch_item');
    expect(items).toHaveLength(2);
    for (const item of items) {
      const data = item.image.encoding === 'base64' ? Buffer.from(item.image.data, 'base64') : item.image.data;
      expect((await decodeWithZxing(toPng(data))).toString('utf8')).toBe(item.payload);
    }
    // The dynamic code's short URL redirects to its destination.
    const redirect = await fetch(items[0].short_url, { redirect: 'manual' });
    expect(redirect.status).toBe(302);
    expect(redirect.headers.get('location')).toBe('https://example.com/spring');

    const page = await fetch(`http://127.0.0.1:${port}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/<title>[^<]*qredge/i);
  } finally {
    await run.stop();
  }

  // Between the runs, the batch is made to look interrupted, as if the runtime had gone away
  // mid-way: processing, lease run out, no item made, its pending list back (written through
  // Miniflare on the same state directory, as wrangler stores it).
  const local = await startWorker({ persistDir: stateDir });
  let codeIds;
  try {
    const db = local.db;
    codeIds = (await db.prepare('SELECT id FROM qr_codes WHERE batch_id = ? ORDER BY id').bind(batchId).all()).results.map((r) => r.id);
    expect(codeIds).toHaveLength(2);
    const pending = [
      { idx: 0, type: 'url', kind: 'dynamic', name: null, spec: { payload: 'https://example.com/spring', target: { destination: 'https://example.com/spring' }, tags: [] } },
      { idx: 1, type: 'text', kind: 'static', name: null, spec: { payload: 'hello', target: { text: 'hello' }, tags: [] } },
    ];
    await db.batch([
      db.prepare("UPDATE batches SET status = 'processing', completed_count = 0, error_count = 0, completed_at = NULL, lease_until = 0 WHERE id = ?").bind(batchId),
      db.prepare('DELETE FROM batch_items WHERE batch_id = ?').bind(batchId),
      db.prepare('DELETE FROM qr_codes WHERE batch_id = ?').bind(batchId),
      db.prepare('INSERT INTO batch_pending (batch_id, chunk, items) VALUES (?, 0, ?)').bind(batchId, JSON.stringify(pending)),
    ]);
  } finally {
    await local.dispose();
  }

  // A second run of the command on the same state: the key and the batch are still there, and
  // the scheduled handler (issue 14: it answered 500 under `npm start`) resumes the batch without
  // anyone reading it: its codes come back, looked up by id (a read of the batch itself would
  // resume it too, so the batch is read only afterwards).
  run = await start(port);
  try {
    // The same key on every start.
    expect(run.out.match(/API key:\s+(qr_test_\S+)/)[1]).toBe(key);
    expect(run.out.slice(0, run.out.indexOf('qredge is running')).trim()).toBe('');
    const auth = { headers: { authorization: `Bearer ${key}` } };
    expect((await fetch(`http://127.0.0.1:${port}/v1/qr-codes/${codeIds[0]}`, auth)).status).toBe(404);
    const cron = await fetch(`http://127.0.0.1:${port}/cdn-cgi/handler/scheduled`);
    expect(cron.status).toBe(200);
    await cron.arrayBuffer();
    const deadline = Date.now() + 20000;
    let statuses;
    do {
      await new Promise((ok) => setTimeout(ok, 200));
      statuses = await Promise.all(codeIds.map(async (id) => (await fetch(`http://127.0.0.1:${port}/v1/qr-codes/${id}`, auth)).status));
    } while (statuses.some((st) => st !== 200) && Date.now() < deadline);
    expect(statuses).toEqual([200, 200]);
    const res = await fetch(`http://127.0.0.1:${port}/v1/batches/${batchId}`, { headers: { authorization: `Bearer ${key}` } });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ id: batchId, status: 'completed', completed_count: 2 });
  } finally {
    await run.stop();
  }
}, 240000);
