// SPDX-License-Identifier: MIT
// The demo's batch panel in Debian Chromium: a 200-row CSV rendered in the module worker with
// visible progress, per-item errors, the streamed ZIP opened with fflate and sampled images
// decoded; JSON batches; the page's network behaviour (own origin only, works offline after
// load); and the phone-width layout.
import { readFileSync } from 'node:fs';
import { unzipSync, strFromU8 } from 'fflate';
import { openDemo, screenshot, shotsDir, afterChange, previewPng, decodeImage } from './demo-helpers.mjs';
import { toPng } from './helpers/decode.mjs';

let demo, page, loadedAt;

beforeAll(async () => {
  demo = await openDemo();
  page = demo.page;
  loadedAt = Date.now();
});

afterAll(async () => {
  await demo?.close();
});

afterEach(() => {
  expect(demo.pageErrors).toEqual([]);
});

// item index -> the CSV column the error points at (a missing field points at the row)
const BAD_ROWS = new Map([[17, 'destination'], [101, 'email'], [180, null]]);

function csv200() {
  const header = 'type,destination,text,email,subject,ssid,password,name,tags';
  const rows = [];
  for (let i = 0; i < 200; i++) {
    const name = `Item ${i}`;
    if (i === 17) rows.push(`url,not a url,,,,,,${name},`);
    else if (i === 101) rows.push(`email,,,nobody-at-example,,,,${name},`);
    else if (i === 180) rows.push(`wifi,,,,,,,${name},`);
    else if (i % 10 === 3) rows.push(`text,,"Text, row ${i}",,,,,${name},t1;t2`);
    else if (i % 10 === 7) rows.push(`email,,,user${i}@example.com,Row ${i},,,${name},`);
    else if (i % 10 === 9) rows.push(`wifi,,,,,Net ${i},secret-${i},${name},`);
    else rows.push(`url,https://example.com/p/${i}?src=csv,,,,,,${name},print`);
  }
  return `${header}\n${rows.join('\n')}\n`;
}

async function runBatch() {
  await page.click('#batch-render');
  await page.waitForSelector('body[data-batch="done"], body[data-batch="error"]', { timeout: 30_000 });
  return page.evaluate(() => window.qredgeDemo.batch);
}

async function downloadZip() {
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#batch-download')]);
  expect(download.suggestedFilename()).toMatch(/^qredge-batch-\d+\.zip$/);
  return unzipSync(new Uint8Array(readFileSync(await download.path())));
}

test('a 200-row CSV renders in the worker with progress, errors listed and a ZIP with results.ndjson', async () => {
  await page.setInputFiles('#batch-file', { name: 'codes.csv', mimeType: 'text/csv', buffer: Buffer.from(csv200()) });
  await page.waitForFunction(() => document.getElementById('batch-input').value.startsWith('type,'));
  await page.selectOption('#batch-format', 'png');
  await page.fill('#batch-size', '256');
  await page.uncheck('#batch-design');

  // The <progress> element itself moves: every value it is given is recorded (sampling it once
  // a frame could miss them all when the batch takes less than a frame).
  await page.evaluate(() => {
    const bar = document.getElementById('batch-progress');
    window.progressSeen = [];
    new MutationObserver(() => window.progressSeen.push([bar.value, bar.max]))
      .observe(bar, { attributes: true, attributeFilter: ['value', 'max'] });
  });
  await page.click('#batch-render');
  await page.waitForSelector('body[data-batch="done"]', { timeout: 30_000 });
  const seen = await page.evaluate(() => window.progressSeen);
  expect(seen.filter(([value, max]) => max === 200 && value > 0 && value < 200).length).toBeGreaterThan(10);
  const batch = await page.evaluate(() => window.qredgeDemo.batch);
  expect(batch).toMatchObject({ state: 'done', total: 200, ok: 197, failed: 3 });
  expect(new Set(batch.progress).size).toBeGreaterThan(10);
  expect(batch.progress.at(-1)).toBe(200);
  expect(await page.getAttribute('#batch-progress', 'value')).toBe('200');
  expect(await page.textContent('#batch-progress-text')).toMatch(/197 of 200 rendered, 3 failed/);

  // Per-item errors: index, name, where (CSV row and column), message.
  const rows = await page.$$eval('#batch-error-rows tr', (trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent)));
  expect(rows.map((r) => Number(r[0]))).toEqual([...BAD_ROWS.keys()]);
  for (const [i, [index, name, where, message]] of rows.entries()) {
    const item = [...BAD_ROWS.keys()][i];
    expect(index).toBe(String(item));
    expect(name).toBe(`Item ${item}`);
    expect(where).toBe(BAD_ROWS.get(item) ? `row ${item + 2} · ${BAD_ROWS.get(item)}` : `row ${item + 2}`);
    expect(message).toMatch(/\(\w+\)$/);
  }
  expect(await page.locator('#batch-thumbs img').count()).toBe(12);
  await screenshot(page, 'desktop-4-batch-done');

  const files = await downloadZip();
  const lines = strFromU8(files['results.ndjson']).trim().split('\n').map((l) => JSON.parse(l));
  expect(lines).toHaveLength(200);
  expect(lines.map((l) => l.index)).toEqual([...Array(200).keys()]);
  expect(lines.filter((l) => !l.ok).map((l) => l.index)).toEqual([...BAD_ROWS.keys()]);
  for (const l of lines.filter((x) => !x.ok)) {
    expect(l.error.path).toMatch(/^\/items\/\d+\/target/);
    // A failed item keeps its name and type (issue 15).
    expect(l).toMatchObject({ name: `Item ${l.index}`, type: { 17: 'url', 101: 'email', 180: 'wifi' }[l.index] });
  }
  // Every made item carries the engine's scan report (API.md §7.2).
  for (const l of lines.filter((x) => x.ok)) {
    expect(l.scan).toMatchObject({ effective_error_correction: l.effective_error_correction, logo_block_load: null, adjustments: [] });
    expect(l.scan.contrast_ratio).toBeGreaterThanOrEqual(3);
  }
  const images = Object.keys(files).filter((f) => f.endsWith('.png'));
  expect(images).toHaveLength(197);
  expect(JSON.parse(strFromU8(files['request.json'])).items).toHaveLength(200);

  for (const index of [0, 3, 7, 9, 199]) {  // a sample of every content type
    const line = lines[index];
    expect(line.file).toBe(`${String(index).padStart(4, '0')}-Item-${index}.png`);
    expect(await decodeImage(files[line.file])).toBe(line.payload);
  }
  expect(lines[0].payload).toBe('https://example.com/p/0?src=csv');
  expect(lines[3].payload).toBe('Text, row 3');
});

test('a JSON batch request dropped on the panel keeps its own design; SVG output', async () => {
  const request = {
    items: [
      { target: { destination: 'https://example.com/json/1' }, name: 'First' },
      { target: { type: 'text', text: 'second' }, name: 'Second', tags: ['a', 'b'] },
    ],
    design: { colors: { foreground: '#14532d' } },
  };
  const dataTransfer = await page.evaluateHandle((text) => {
    const dt = new DataTransfer();
    dt.items.add(new File([text], 'batch.json', { type: 'application/json' }));
    return dt;
  }, JSON.stringify(request));
  await page.dispatchEvent('#drop-zone', 'drop', { dataTransfer });
  await page.waitForFunction(() => document.getElementById('batch-input').value.startsWith('{'));
  await page.selectOption('#batch-format', 'svg');
  const batch = await runBatch();
  expect(batch).toMatchObject({ state: 'done', total: 2, ok: 2, failed: 0 });
  const files = await downloadZip();
  const lines = strFromU8(files['results.ndjson']).trim().split('\n').map((l) => JSON.parse(l));
  expect(lines.map((l) => l.file)).toEqual(['0000-First.svg', '0001-Second.svg']);
  const svg = strFromU8(files['0000-First.svg']);
  expect(svg).toContain('#14532d');
  expect(await decodeImage(toPng(svg))).toBe('https://example.com/json/1');
});

test('request-level problems are shown at the input with their path', async () => {
  await page.fill('#batch-input', '{"items": []}');
  const batch = await runBatch();
  expect(batch.state).toBe('error');
  expect(batch.errors[0].path).toBe('/items');
  expect(await page.textContent('#batch-input-error')).toContain(batch.errors[0].message);
  expect(await page.getAttribute('#batch-input', 'aria-invalid')).toBe('true');

  await page.fill('#batch-input', 'just some words');
  await page.click('#batch-render');
  expect(await page.textContent('#batch-input-error')).toMatch(/first row must name the columns/);
});

test('a running batch can be cancelled, and the next one runs', async () => {
  // A styled 2048 px PNG takes tens of milliseconds (plain ones take about one), so the 1000
  // items cannot all be done before the cancel arrives, however fast the machine.
  const items = Array.from({ length: 1000 }, (_, i) => ({ target: { type: 'url', destination: `https://example.com/cancel/${i}` } }));
  const design = { shapes: { body: 'rounded', eye_frame: 'circle', eye_ball: 'star' }, gradient: { start: '#112233', end: '#335577', type: 'radial' } };
  // Set as a paste would (page.fill types slowly through 100 KB).
  await page.$eval('#batch-input', (el, text) => { el.value = text; }, JSON.stringify({ items, design }));
  await page.uncheck('#batch-design');
  await page.selectOption('#batch-format', 'png');
  await page.fill('#batch-size', '2048');
  await page.click('#batch-render');
  // Wait and click in one step inside the page: a round trip to the test between the two would
  // let the batch run on.
  await page.evaluate(() => new Promise((resolve) => {
    const poll = () => {
      if (document.getElementById('batch-progress').value >= 5) {
        document.getElementById('batch-cancel').click();
        resolve();
      } else requestAnimationFrame(poll);
    };
    poll();
  }));
  await page.waitForSelector('body[data-batch="cancelled"]', { timeout: 10_000 });
  const done = await page.evaluate(() => document.getElementById('batch-progress').value);
  expect(done).toBeGreaterThanOrEqual(5);
  expect(done).toBeLessThan(1000);
  expect(await page.textContent('#batch-progress-text')).toBe(`Cancelled after ${done} of 1000 items.`);
  expect(await page.isDisabled('#batch-download')).toBe(true);
  await page.fill('#batch-size', '256');
  await page.click('#batch-example');
  const batch = await runBatch();
  expect(batch).toMatchObject({ state: 'done', total: 7 });
});

test('talks only to its own origin, and keeps working with the network cut after load', async () => {
  const foreign = demo.requests.filter((r) => !r.url.startsWith(`${demo.server.url}/`) && !/^(blob|data):/.test(r.url));
  expect(foreign).toEqual([]);
  const afterLoad = demo.requests.filter((r) => r.at > loadedAt && !/^(blob|data):/.test(r.url));
  expect(afterLoad).toEqual([]);

  await demo.browser.context.setOffline(true);
  try {
    const before = demo.requests.length;
    await page.check('input[name="type"][value="text"]', { force: true });
    const last = await afterChange(page, () => page.fill('#text', 'offline and still rendering'));
    expect(last.scan).toMatchObject({ ok: true, exact: true });
    expect(await decodeImage(previewPng(last))).toBe('offline and still rendering');
    await page.click('#batch-example');
    await page.selectOption('#batch-format', 'png');
    const batch = await runBatch();
    expect(batch).toMatchObject({ state: 'done', total: 7, ok: 6, failed: 1 });
    const files = await downloadZip();
    expect(strFromU8(files['results.ndjson']).trim().split('\n')).toHaveLength(7);
    expect(demo.requests.slice(before).filter((r) => !/^(blob|data):/.test(r.url))).toEqual([]);
  } finally {
    await demo.browser.context.setOffline(false);
  }
});

test('phone width (375 px): one column, no sideways scrolling', async () => {
  const phone = await demo.browser.context.newPage();
  await phone.setViewportSize({ width: 375, height: 812 });
  await phone.goto(`${demo.server.url}/`);
  await phone.waitForSelector('body[data-ready="1"]');
  const width = await phone.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(375);
  const [content, preview] = await Promise.all(['#single-form', '.preview-panel'].map((s) => phone.locator(s).boundingBox()));
  expect(preview.y).toBeGreaterThan(content.y + content.height - 1);  // preview below the content form
  await screenshot(phone, 'phone-1-default');
  await phone.check('input[name="type"][value="wifi"]', { force: true });
  await phone.check('#gradient-on');
  await phone.fill('#password', 'correct horse');  // the form starts empty: examples are placeholders
  await phone.fill('#ssid', 'Café Wi-Fi');
  await phone.waitForFunction(() => window.qredgeDemo.single.last?.payload?.includes('Café Wi-Fi') && window.qredgeDemo.single.last.scan);
  // Designing below the preview: a small copy of it follows on screen.
  await phone.locator('#body-shapes').scrollIntoViewIfNeeded();
  await phone.waitForSelector('#mini-preview.away', { state: 'visible' });
  await phone.screenshot({ path: `${shotsDir}/phone-3-designing.png` });
  await phone.click('#batch-example');
  await phone.click('#batch-render');
  await phone.waitForSelector('body[data-batch="done"]');
  expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
  await screenshot(phone, 'phone-2-wifi-and-batch');
  await phone.close();
});
