// SPDX-License-Identifier: MIT
// Bulk in and out (issue 16), in workerd: POST /v1/batches with a text/csv body, and
// GET /v1/batches/{id}/archive, a ZIP streamed as it is built. The 1000-item archive is checked
// with the system `unzip -t`, every image is decoded to its payload, and workerd's memory is
// sampled while it streams (the bound is stated in docs/api.md).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync, strFromU8 } from 'fflate';
import { startWorker, withKey, waitForBatch } from './helpers/worker.mjs';
import { decodeWithZxing, svgToPng } from './helpers/decode.mjs';

// workerd's resident memory may grow by at most this much while it streams an archive
// (docs/api.md, "The batch archive"): it holds one page of rows, one image and the manifest.
const ARCHIVE_RSS_BOUND = 96 * 1024 * 1024;

let worker, key;
const tmp = mkdtempSync(join(tmpdir(), 'qredge-bulk-'));
beforeAll(async () => {
  worker = await startWorker({ bindings: { RATE_LIMIT_PER_MINUTE: '100000' } });
  ({ key } = await worker.createKey());
});
afterAll(async () => {
  rmSync(tmp, { recursive: true, force: true });
  await worker?.dispose();
});

const postCsv = (csv, query = '', headers = {}) => worker.fetch(`/v1/batches${query}`,
  withKey(key, 'POST', csv, { 'content-type': 'text/csv; charset=utf-8', ...headers }));

// A 1000-row CSV: static text rows, static and dynamic URL rows, a quoted cell with a comma, a
// cell over two lines, and bad rows at BAD (an invalid URL, an unknown type).
const BAD = new Map([[13, 'invalid_url'], [400, 'invalid_value'], [777, 'invalid_url'], [998, 'invalid_url']]);
function bigCsv(n = 1000) {
  const rows = ['type,destination,text,name,kind,tags'];
  for (let i = 0; i < n; i++) {
    if (BAD.get(i) === 'invalid_url') rows.push(`url,not a url,,bad ${i},static,`);
    else if (BAD.get(i) === 'invalid_value') rows.push(`parcel,https://example.com/${i},,bad ${i},,`);
    else if (i % 3 === 0) rows.push(`text,,"Table ${i}, window",Table ${i},static,a;b`);
    else if (i % 3 === 1) rows.push(`url,https://example.com/p/${i},,Page ${i},static,`);
    else if (i === 2) rows.push('text,,"two\nlines",Two lines,static,');
    else rows.push(`url,https://example.com/d/${i},,Campaign ${i},dynamic,`);
  }
  return `${rows.join('\r\n')}\r\n`;
}

function workerdPid() {
  // The workerd that Miniflare started for this suite: the newest workerd child of this process.
  const pids = readdirSync('/proc').filter((p) => /^\d+$/.test(p)).map(Number).filter((pid) => {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      return /\(workerd\)/.test(stat) && Number(stat.split(') ')[1].split(' ')[1]) === process.pid;
    } catch { return false; }
  });
  return Math.max(...pids);
}
const rssOf = (pid) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) * 1024;

/** Reads an archive response to a file, sampling workerd's RSS at every chunk; times in ms. */
async function download(res, file, pid) {
  const start = performance.now();
  const chunks = [];
  let firstByte = null;
  let peak = 0;
  for await (const chunk of res.body) {
    firstByte ??= performance.now() - start;
    chunks.push(chunk);
    if (pid) peak = Math.max(peak, rssOf(pid));
  }
  const bytes = Buffer.concat(chunks);
  writeFileSync(file, bytes);
  return { bytes, firstByte, total: performance.now() - start, peak };
}

let bigBatch;

test('a 1000-row CSV with a few bad rows makes the expected batch', async () => {
  const res = await postCsv(bigCsv(), `?output=${encodeURIComponent('{"format":"svg","size":256}')}`);
  expect(res.status).toBe(202);
  const head = await res.json();
  expect(head).toMatchObject({ object: 'batch', total_count: 1000, warnings: [] });
  const batch = await waitForBatch(worker, key, head.id, 300_000);
  expect(batch.status).toBe('completed');
  expect([batch.completed_count, batch.error_count]).toEqual([1000 - BAD.size, BAD.size]);
  const failed = batch.items.filter((i) => i.error_code);
  expect(failed.map((i) => i.index)).toEqual([...BAD.keys()].sort((a, b) => a - b));
  for (const item of failed) {
    expect(item.error_path).toMatch(new RegExp(`^/items/${item.index}/target`));
    expect(item.name).toBe(`bad ${item.index}`);
  }
  expect(batch.items[0]).toMatchObject({ name: 'Table 0', type: 'text', kind: 'static' });
  expect(batch.items[5]).toMatchObject({ name: 'Campaign 5', type: 'url', kind: 'dynamic' });
  bigBatch = batch;
}, 300_000);

test('the archive of the 1000-item batch as 1024 px PNG: unzip -t passes, every image decodes to its payload, memory stays bounded', async () => {
  expect(bigBatch).toBeDefined();
  const pid = workerdPid();
  const before = rssOf(pid);
  const res = await worker.fetch(`/v1/batches/${bigBatch.id}/archive?format=png&size=1024`, withKey(key));
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('application/zip');
  const file = join(tmp, 'big-1024.zip');
  const { bytes, firstByte, total, peak } = await download(res, file, pid);
  console.log(`archive 1000 x 1024 px PNG: ${(bytes.length / 1e6).toFixed(1)} MB, first byte ${firstByte.toFixed(0)} ms, `
    + `total ${(total / 1000).toFixed(1)} s; workerd RSS ${(before / 2 ** 20).toFixed(0)} MiB before, peak ${(peak / 2 ** 20).toFixed(0)} MiB `
    + `(+${((peak - before) / 2 ** 20).toFixed(0)} MiB; bound ${ARCHIVE_RSS_BOUND / 2 ** 20} MiB)`);
  expect(peak - before).toBeLessThan(ARCHIVE_RSS_BOUND);

  const check = spawnSync('unzip', ['-t', file], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  expect(check.status).toBe(0);
  expect(check.stdout).toMatch(/No errors detected/);

  const files = unzipSync(new Uint8Array(bytes));
  const names = Object.keys(files);
  expect(names).toHaveLength(1000 - BAD.size + 1);
  expect(names[names.length - 1]).toBe('results.ndjson');
  const manifest = strFromU8(files['results.ndjson']).trim().split('\n').map((l) => JSON.parse(l));
  expect(manifest.map((l) => l.index)).toEqual([...Array(1000).keys()]);
  for (const [index, code] of BAD) expect(manifest[index]).toMatchObject({ ok: false, name: `bad ${index}`, error: { code } });
  expect(manifest[7]).toMatchObject({ ok: true, file: '0007-Page-7.png', payload: 'https://example.com/p/7' });
  expect(manifest[0]).toMatchObject({ ok: true, file: '0000-Table-0.png', payload: 'Table 0, window' });
  expect(manifest[2].payload).toBe('two\nlines');
  expect(Buffer.from(files['0007-Page-7.png']).readUInt32BE(16)).toBe(1024);  // IHDR width
  for (const line of manifest.filter((l) => l.ok)) {
    expect(line.scan).toBeTruthy();
    expect(files[line.file]).toBeDefined();
    const decoded = await decodeWithZxing(Buffer.from(files[line.file]));
    expect(decoded?.toString('utf8')).toBe(line.payload);
  }
}, 600_000);

test('time to first byte and total time of the archive of 1000 x 512 px PNG (measured, reported)', async () => {
  expect(bigBatch).toBeDefined();
  const start = performance.now();
  const res = await worker.fetch(`/v1/batches/${bigBatch.id}/archive?format=png&size=512`, withKey(key));
  const { bytes, firstByte, total } = await download(res, join(tmp, 'big-512.zip'), null);
  const headers = performance.now() - start - total;
  console.log(`archive 1000 x 512 px PNG: ${(bytes.length / 1e6).toFixed(1)} MB, headers after ${headers.toFixed(0)} ms, `
    + `first byte ${(headers + firstByte).toFixed(0)} ms, total ${((headers + total) / 1000).toFixed(1)} s`);
  expect(res.status).toBe(200);
  expect(spawnSync('unzip', ['-t', join(tmp, 'big-512.zip')]).status).toBe(0);
}, 300_000);

test('a malformed CSV answers 422 invalid_csv with line and column, and makes nothing', async () => {
  const cases = [
    ['type,destination\nurl,https://a.example\nurl,"https://b.example"x\n', 'csv_quotes', 3, 5],
    ['type,destination\nurl,https://a.example/?a=1,2\n', 'csv_too_many_cells', 2, 1],
    ['colour,size\nred,1\n', 'csv_no_header', 1, 1],
    ['type,destination\r\n', 'csv_no_rows', 2, 1],
    ['', 'csv_empty', 1, 1],
  ];
  for (const [csv, code, line, column] of cases) {
    const res = await postCsv(csv);
    expect(res.status).toBe(422);
    const { error } = await res.json();
    expect(error.code).toBe('invalid_csv');
    expect(error.details[0]).toMatchObject({ code, line, column });
  }
  const bytes = await worker.fetch('/v1/batches', { method: 'POST', body: new Uint8Array([0x74, 0x79, 0x70, 0x65, 0x0a, 0xff]),
    headers: { authorization: `Bearer ${key}`, 'content-type': 'text/csv' } });
  expect(bytes.status).toBe(422);
  expect((await bytes.json()).error.details[0]).toMatchObject({ code: 'csv_encoding', line: 2, column: 1 });
});

test('CSV: design and output from query parameters, a template by id, ignored columns as a warning', async () => {
  const design = encodeURIComponent(JSON.stringify({ colors: { foreground: '#1e3a8a' } }));
  const res = await postCsv('type,text,colour\ntext,hello,red\n', `?design=${design}&output=${encodeURIComponent('{"format":"png","size":300}')}`);
  expect(res.status).toBe(202);
  const head = await res.json();
  expect(head.warnings).toEqual([{ code: 'csv_columns_ignored', path: '', message: 'Ignored unknown column: colour' }]);
  const batch = await waitForBatch(worker, key, head.id);
  const code = await (await worker.fetch(`/v1/qr-codes/${batch.items[0].qr_code_id}`, withKey(key))).json();
  expect(code.design.colors.foreground).toBe('#1e3a8a');
  const png = Buffer.from(await (await worker.fetch(`/v1/qr-codes/${code.id}/download`, withKey(key))).arrayBuffer());
  expect(png.readUInt32BE(16)).toBe(300);

  const bad = await postCsv('type,text\ntext,x\n', `?design=${encodeURIComponent('{"colors":{"foreground":"nope"}}')}`);
  expect(bad.status).toBe(422);
  expect((await bad.json()).error.details[0].path).toMatch(/^\/query\/design\/colors\/foreground/);
  const notJson = await postCsv('type,text\ntext,x\n', '?design=%7Bnope');
  expect(notJson.status).toBe(422);
  expect((await notJson.json()).error.details[0]).toMatchObject({ path: '/query/design', code: 'invalid_value' });
  const unknownTemplate = await postCsv('type,text\ntext,x\n', '?template_id=tpl_missing');
  expect(unknownTemplate.status).toBe(422);
});

test('an SVG archive: names padded as the CLI pads them, the manifest lists failed items with their errors', async () => {
  const res = await postCsv('type,destination,name,kind\nurl,https://example.com/a,Spring flyer,static\nurl,not a url,Broken,static\n');
  const batch = await waitForBatch(worker, key, (await res.json()).id);
  const zip = await worker.fetch(`/v1/batches/${batch.id}/archive?format=svg`, withKey(key));
  expect(zip.status).toBe(200);
  expect(zip.headers.get('content-disposition')).toBe(`attachment; filename="${batch.id}.zip"`);
  const files = unzipSync(new Uint8Array(await zip.arrayBuffer()));
  expect(Object.keys(files)).toEqual(['0000-Spring-flyer.svg', 'results.ndjson']);
  const decoded = await decodeWithZxing(svgToPng(strFromU8(files['0000-Spring-flyer.svg'])));
  expect(decoded.toString()).toBe('https://example.com/a');
  const lines = strFromU8(files['results.ndjson']).trim().split('\n').map((l) => JSON.parse(l));
  expect(lines[1]).toMatchObject({ index: 1, ok: false, name: 'Broken', error: { path: '/items/1/target/destination' } });
  // The same batch and query give the same bytes.
  const again = await worker.fetch(`/v1/batches/${batch.id}/archive?format=svg`, withKey(key));
  const first = await worker.fetch(`/v1/batches/${batch.id}/archive?format=svg`, withKey(key));
  expect(Buffer.from(await again.arrayBuffer()).equals(Buffer.from(await first.arrayBuffer()))).toBe(true);
});

test('the archive of a batch still processing answers 409 batch_processing with Retry-After', async () => {
  // A streamed batch waits for its reader: reading only the head line keeps it processing.
  const res = await postCsv(bigCsv(200), '', { accept: 'application/x-ndjson' });
  const reader = res.body.getReader();
  let text = '';
  while (!text.includes('\n')) text += new TextDecoder().decode((await reader.read()).value);
  const head = JSON.parse(text.slice(0, text.indexOf('\n')));
  expect(head.status).toBe('processing');
  const zip = await worker.fetch(`/v1/batches/${head.id}/archive`, withKey(key));
  expect(zip.status).toBe(409);
  expect(Number(zip.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
  expect((await zip.json()).error.code).toBe('batch_processing');
  await reader.cancel();
  await waitForBatch(worker, key, head.id, 300_000);
}, 300_000);

test('archive query problems answer 422 with the parameter\'s path; an unknown batch 404', async () => {
  for (const [query, path] of [['format=gif', '/query/format'], ['size=big', '/query/size'], ['size=5', '/query/size']]) {
    const res = await worker.fetch(`/v1/batches/${bigBatch.id}/archive?${query}`, withKey(key));
    expect(res.status).toBe(422);
    expect((await res.json()).error.details[0].path).toMatch(new RegExp(`^${path}`));
  }
  expect((await worker.fetch('/v1/batches/batch_nope/archive', withKey(key))).status).toBe(404);
});
