// SPDX-License-Identifier: MIT
// The demo's single-code designer in Debian Chromium: every content type, every design control,
// validation messages next to their fields, downloads and the API request. Every preview is read
// out of the page (window.qredgeDemo) and decoded by zxing-wasm (and jsQR) in Node, byte for byte.
import { readFileSync } from 'node:fs';
import { PNG } from 'pngjs';
import { openDemo, screenshot, afterChange, previewPng, decodeImage, lastSeq, nextPreview } from './demo-helpers.mjs';
import { toPng } from './helpers/decode.mjs';
import { init, validateBatch } from './helpers/qredge.mjs';

let demo, page;

beforeAll(async () => {
  await init();
  demo = await openDemo();
  page = demo.page;
});

afterAll(async () => {
  await demo?.close();
});

afterEach(() => {
  expect(demo.pageErrors).toEqual([]);
});

/** Decodes the preview and checks it against the payload the engine reported (and `expected`). */
async function expectScans(last, expected) {
  expect(last.error).toBeUndefined();
  const decoded = await decodeImage(previewPng(last));
  expect(decoded).toBe(last.payload);
  if (expected !== undefined) expect(last.payload).toBe(expected);
  expect(last.scan).toMatchObject({ ok: true, exact: true });  // the page's own zxing check agrees
  return last;
}

async function chooseType(type) {
  const radio = `input[name="type"][value="${type}"]`;
  if (await page.isChecked(radio)) return page.evaluate(() => window.qredgeDemo.single.last);
  return afterChange(page, () => page.check(radio, { force: true }));
}

test('loads with an example URL code (the placeholder) that reads back exactly', async () => {
  // The first preview's scan check runs after the page says it is ready: wait for it.
  const last = await afterChange(page, async () => {});
  expect(last.example).toBe(true);
  await expectScans(last, await page.getAttribute('#destination', 'placeholder'));
  expect(last.payload).toBe('https://example.com/landing');
  expect(await page.getAttribute('#preview', 'data-payload')).toBe(last.payload);
  await expect(page.textContent('#scan-status')).resolves.toMatch(/reads back exactly/);
  await screenshot(page, 'desktop-1-default');
});

describe('content types', () => {
  test('url, with UTM merged into the query', async () => {
    await chooseType('url');
    let last = await afterChange(page, () => page.fill('#destination', 'https://example.com/shop?ref=a#top'));
    await expectScans(last, 'https://example.com/shop?ref=a#top');
    await page.click('summary:has-text("Campaign tracking")');
    await page.fill('#utm-source', 'flyer');
    last = await afterChange(page, () => page.fill('#utm-campaign', 'spring sale'));
    expect(last.design).toBeDefined();
    await expectScans(last, 'https://example.com/shop?ref=a&utm_source=flyer&utm_campaign=spring+sale#top');
    await page.fill('#utm-source', '');
    await page.fill('#utm-campaign', '');
  });

  test('text, byte for byte including non-ASCII', async () => {
    await chooseType('text');
    const last = await afterChange(page, () => page.fill('#text', 'Grüße aus qredge ✓ 日本'));
    await expectScans(last, 'Grüße aus qredge ✓ 日本');
    expect(last.type).toBe('text');
  });

  test('email', async () => {
    await chooseType('email');
    await page.fill('#email', 'team@example.com');
    const last = await afterChange(page, () => page.fill('#email-subject', 'Hello there'));
    await expectScans(last);
    expect(last.payload).toMatch(/^mailto:team@example\.com\?subject=Hello%20there/);
  });

  test('sms', async () => {
    await chooseType('sms');
    await page.fill('#phone', '+44 20 7946 0958');
    const last = await afterChange(page, () => page.fill('#sms-message', 'Count me in'));
    await expectScans(last);
    expect(last.payload).toMatch(/^SMSTO:\+?[\d]+:Count me in$/);
  });

  test('wifi, with special characters escaped', async () => {
    await chooseType('wifi');
    await page.fill('#ssid', 'Café;Guest');
    const last = await afterChange(page, () => page.fill('#password', 'pa:ss"word'));
    await expectScans(last);
    expect(last.payload).toContain('S:Café\\;Guest;');
    expect(last.payload).toContain('P:pa\\:ss\\"word;');
    const open = await afterChange(page, () => page.selectOption('#encryption', 'nopass'));
    await expectScans(open);
    expect(open.payload).not.toContain('P:');
  });

  test('event, timed and all day', async () => {
    await chooseType('event');
    await page.fill('#title', 'Launch party');
    await page.fill('#start', '2026-05-01T18:00');
    const last = await afterChange(page, () => page.selectOption('#zone', 'Z'));
    await expectScans(last);
    expect(last.payload).toMatch(/^BEGIN:VEVENT\r\n/);
    expect(last.payload).toContain('SUMMARY:Launch party');
    expect(last.payload).toContain('20260501T180000Z');
    const allDay = await afterChange(page, () => page.check('#all-day'));
    await expectScans(allDay);
    expect(allDay.payload).toContain('VALUE=DATE:20260501');
  });

  test('vcard, written with CRLF line breaks (API.md §7.1)', async () => {
    await chooseType('vcard');
    const crlf = (t) => `${t.replace(/\n/g, '\r\n')}\r\n`;
    const text = 'BEGIN:VCARD\nVERSION:3.0\nFN:Ana Núñez\nTEL:+34600000000\nEND:VCARD';
    const last = await afterChange(page, () => page.fill('#vcard', text));
    await expectScans(last, crlf(text));
    await page.click('#vcard-builder summary');
    await page.fill('#vc-first', 'Ana');
    await page.fill('#vc-last', 'Núñez');
    const built = await afterChange(page, () => page.fill('#vc-org', 'Acme, Inc'));
    await expectScans(built, crlf('BEGIN:VCARD\nVERSION:3.0\nN:Núñez;Ana;;;\nFN:Ana Núñez\nORG:Acme\\, Inc\nEND:VCARD'));
  });

  test('SVG and PNG rendered in the page decode to the exact URL', async () => {
    await chooseType('url');
    for (const format of ['svg', 'png']) {
      await page.selectOption('#format', format);
      const destination = `https://example.com/browser/${format}?q=1&r=2`;
      const last = await afterChange(page, () => page.fill('#destination', destination));
      expect(last.format).toBe(format);
      await expectScans(last, destination);
      expect(await decodeImage(previewPng(last), { jsqr: true })).toBe(destination);
    }
    await afterChange(page, () => page.selectOption('#format', 'svg'));
  });
});

describe('design controls', () => {
  beforeAll(async () => {
    await chooseType('url');
    await afterChange(page, () => page.fill('#destination', 'https://example.com/design'));
  });

  test('colours: text field, picker and transparent background', async () => {
    let last = await afterChange(page, () => page.fill('#fg', '#1e3a8a'));
    expect(last.design.colors.foreground).toBe('#1e3a8a');
    await expectScans(last);
    last = await afterChange(page, () => page.fill('#bg-picker', '#fffbea'));
    expect(await page.inputValue('#bg')).toBe('#fffbea');
    expect(last.design.colors.background).toBe('#fffbea');
    await expectScans(last);
    last = await afterChange(page, () => page.check('#transparent'));
    expect(last.design.transparent_background).toBe(true);
    await expectScans(last);
    await afterChange(page, () => page.uncheck('#transparent'));
  });

  test('gradient: colours and each direction', async () => {
    let last = await afterChange(page, () => page.check('#gradient-on'));
    expect(last.design.gradient).toEqual({ start: '#1d4ed8', end: '#7e22ce', type: 'linear-top-to-bottom' });
    await expectScans(last);
    await page.fill('#grad-start', '#0f172a');
    for (const type of ['linear-left-to-right', 'linear-diagonal', 'radial']) {
      last = await afterChange(page, () => page.selectOption('#grad-type', type));
      expect(last.design.gradient).toMatchObject({ start: '#0f172a', type });
      await expectScans(last);
    }
    await afterChange(page, () => page.uncheck('#gradient-on'));
  });

  test('eye colours', async () => {
    let last = await afterChange(page, () => page.check('#eye-frame-on'));
    expect(last.design.eye_colors).toEqual({ frame: '#0f766e' });
    await expectScans(last);
    last = await afterChange(page, () => page.check('#eye-ball-on'));
    expect(last.design.eye_colors).toEqual({ frame: '#0f766e', ball: '#b45309' });
    await expectScans(last);
  });

  test.each([
    ['body', ['rounded', 'dots', 'extra-rounded', 'classy', 'classy-rounded', 'diamond', 'vertical-bars', 'horizontal-bars', 'square']],
    ['eye_frame', ['rounded', 'extra-rounded', 'circle', 'leaf', 'square']],
    ['eye_ball', ['rounded', 'circle', 'diamond', 'leaf', 'star', 'square']],
  ])('every %s shape, picked from its engine-rendered preview', async (group, shapes) => {
    const previews = await page.$$eval(`input[name="${group}"] + img`, (imgs) => imgs.map((i) => i.src));
    expect(previews).toHaveLength(shapes.length);
    for (const shape of shapes) {
      const last = await afterChange(page, () => page.check(`input[name="${group}"][value="${shape}"]`, { force: true }));
      expect(last.design.shapes?.[group] ?? 'square').toBe(shape);
      await expectScans(last);
    }
  });

  test('logo from a local file: size and clear background', async () => {
    const png = new PNG({ width: 64, height: 64 });
    for (let i = 0; i < png.data.length; i += 4) png.data.set([220, 38, 38, 255], i);
    let last = await afterChange(page, () => page.setInputFiles('#logo-file', { name: 'logo.png', mimeType: 'image/png', buffer: PNG.sync.write(png) }));
    expect(last.design.logo.url).toMatch(/^data:image\/png;base64,/);
    expect(last.design.logo.size).toBe(0.22);
    await screenshot(page, 'desktop-2-styled');
    expect(last.effective_error_correction).toBe('H');
    expect(await page.textContent('#preview-meta')).toContain('ECC H (raised from Q for the logo)');
    await expectScans(last);
    last = await afterChange(page, () => page.$eval('#logo-size', (el) => { el.value = '0.3'; el.dispatchEvent(new Event('input', { bubbles: true })); }));
    expect(last.design.logo.size).toBe(0.3);
    expect(await page.textContent('#logo-size-out')).toBe('30 %');
    await expectScans(last);
    last = await afterChange(page, () => page.check('#logo-clear'));
    expect(last.design.logo.clear_background).toBe(true);
    await expectScans(last);
    last = await afterChange(page, () => page.click('#logo-remove'));
    expect(last.design.logo).toBeUndefined();
  });

  test('error correction, size, margin and format', async () => {
    for (const ecc of ['L', 'M', 'H', 'Q']) {
      const last = await afterChange(page, () => page.check(`input[name="ecc"][value="${ecc}"]`, { force: true }));
      expect(last.design.error_correction).toBe(ecc);
      expect(last.effective_error_correction).toBe(ecc);
      await expectScans(last);
    }
    let last = await afterChange(page, () => page.fill('#size', '300'));
    expect(last.output.size).toBe(300);
    last = await afterChange(page, () => page.fill('#margin', '1'));
    expect(last.output.margin).toBe(1);
    await expectScans(last);
    last = await afterChange(page, () => page.selectOption('#format', 'png'));
    const png = Buffer.from(last.data, 'base64');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([300, 300]);  // IHDR
    await expectScans(last);
    await page.fill('#size', '512');
    await afterChange(page, () => page.fill('#margin', '4'));
    await afterChange(page, () => page.selectOption('#format', 'svg'));
    for (const id of ['eye-frame-on', 'eye-ball-on']) await page.uncheck(`#${id}`);
    await afterChange(page, () => page.fill('#fg', '#000000'));
  });
});

test('a full design at once still reads back exactly (SVG and PNG)', async () => {
  await chooseType('url');
  await page.fill('#destination', 'https://example.com/showcase');
  await page.fill('#fg', '#1e293b');
  await page.check('#gradient-on');
  await page.fill('#grad-start', '#1e3a8a');
  await page.fill('#grad-end', '#6d28d9');
  await page.selectOption('#grad-type', 'linear-diagonal');
  await page.check('#eye-frame-on');
  await page.fill('#eye-frame', '#0f766e');
  for (const [group, shape] of [['body', 'rounded'], ['eye_frame', 'extra-rounded'], ['eye_ball', 'circle']]) {
    await page.check(`input[name="${group}"][value="${shape}"]`, { force: true });
  }
  const png = new PNG({ width: 32, height: 32 });
  for (let i = 0; i < png.data.length; i += 4) png.data.set([234, 88, 12, 255], i);
  let last = await afterChange(page, () => page.setInputFiles('#logo-file', { name: 'logo.png', mimeType: 'image/png', buffer: PNG.sync.write(png) }));
  expect(last.design).toMatchObject({ gradient: { type: 'linear-diagonal' }, shapes: { body: 'rounded', eye_frame: 'extra-rounded', eye_ball: 'circle' }, eye_colors: { frame: '#0f766e' } });
  await expectScans(last, 'https://example.com/showcase');
  await screenshot(page, 'desktop-2b-full-design');
  last = await afterChange(page, () => page.selectOption('#format', 'png'));
  await expectScans(last, 'https://example.com/showcase');
  await page.reload();  // back to the defaults for the next tests
  await page.waitForSelector('body[data-ready="1"]');
});

describe('validation messages next to their fields', () => {
  test.each([
    ['email', '#email', 'not-an-email', '#email-error'],
    ['url', '#destination', 'ftp://example.com/file', '#destination-error'],
    ['sms', '#phone', '12', '#phone-error'],
  ])('%s: %s', async (type, field, value, slot) => {
    await chooseType(type);
    const last = await afterChange(page, () => page.fill(field, value));
    expect(last.error.path).toBe(`/target/${field === '#destination' ? 'destination' : field.slice(1)}`);
    expect(await page.textContent(slot)).toBe(last.error.message);
    expect(await page.getAttribute(field, 'aria-invalid')).toBe('true');
    expect(await page.getAttribute('#preview', 'class')).toContain('stale');
  });

  test('design and output errors use the engine\'s JSON paths', async () => {
    await chooseType('text');
    let last = await afterChange(page, () => page.fill('#fg', 'navy'));
    expect(last.error.path).toBe('/design/colors/foreground');
    expect(await page.textContent('#fg-error')).toBe(last.error.message);
    expect(await page.getAttribute('#fg', 'aria-invalid')).toBe('true');
    await screenshot(page, 'desktop-3-error');
    last = await afterChange(page, () => page.fill('#fg', '#dddddd'));  // too light on white
    expect(last.error.code).toBe('unscannable_design');
    expect(last.error.path.startsWith('/design')).toBe(true);
    expect(await page.locator('#design-form .field-error:not(:empty)').count()).toBeGreaterThan(0);
    await page.fill('#fg', '#000000');
    last = await afterChange(page, () => page.fill('#size', '20'));
    expect(last.error.path).toBe('/output/size');
    expect(await page.textContent('#size-error')).toBe(last.error.message);
    last = await afterChange(page, () => page.fill('#size', '512'));
    expect(last.error).toBeUndefined();
    expect(await page.locator('.designer .field-error:not(:empty)').count()).toBe(0);
  });
});

describe('exports', () => {
  beforeAll(async () => {
    await chooseType('url');
    await afterChange(page, () => page.fill('#destination', 'https://example.com/export'));
  });

  test.each(['svg', 'png'])('download %s decodes to the payload', async (format) => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.click(`#download-${format}`)]);
    expect(download.suggestedFilename()).toBe(`qredge-url-512.${format}`);
    const bytes = readFileSync(await download.path());
    const png = format === 'svg' ? toPng(bytes.toString('utf8')) : bytes;
    expect(await decodeImage(png)).toBe('https://example.com/export');
  });

  test('the API request makes the same code (validateBatch in Node agrees)', async () => {
    await page.click('#api-details summary');
    const body = JSON.parse(await page.textContent('#request-json'));
    expect(Object.keys(body).sort()).toEqual(['design', 'items', 'output']);
    expect(body.items).toEqual([{ target: { type: 'url', destination: 'https://example.com/export' } }]);
    const v = validateBatch(body);
    expect(v.ok).toBe(true);
    const last = await page.evaluate(() => window.qredgeDemo.single.last);
    expect(v.items[0].payload).toBe(last.payload);
    await demo.browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: demo.server.url });
    await page.click('#copy-json');
    await page.waitForFunction(() => document.getElementById('copy-status').textContent);
    expect(await page.textContent('#copy-status')).toBe('Copied.');
    expect(JSON.parse(await page.evaluate(() => navigator.clipboard.readText()))).toEqual(body);
  });
});

test('typing updates the preview without flicker: an image is always shown, swapped when ready', async () => {
  await page.evaluate(() => {
    window.previewStates = [];
    new MutationObserver(() => window.previewStates.push(document.querySelectorAll('#preview img').length))
      .observe(document.getElementById('preview'), { childList: true });
  });
  const seq = await lastSeq(page);
  await page.click('#destination', { clickCount: 3 });
  await page.keyboard.type('https://example.com/typed', { delay: 40 });
  const last = await nextPreview(page, seq);
  await page.waitForFunction(() => window.qredgeDemo.single.last?.payload === 'https://example.com/typed' && window.qredgeDemo.single.last.scan);
  const states = await page.evaluate(() => window.previewStates);
  expect(states.length).toBeGreaterThan(0);
  expect(states.every((n) => n === 1)).toBe(true);
  expect(last.seq).toBeGreaterThan(seq);
});

describe('accessibility basics', () => {
  test('the skip link is the first stop and focus is visible', async () => {
    await page.reload();  // a fresh focus starting point
    await page.waitForSelector('body[data-ready="1"]');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement.className)).toBe('skip');
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
    expect(outline).toBe('solid');
  });

  test('every control has a label and the type picker works from the keyboard', async () => {
    const unlabeled = await page.$$eval('input, select, textarea', (els) => els
      .filter((e) => !(e.labels?.length) && !e.getAttribute('aria-label') && !e.getAttribute('aria-labelledby'))
      .map((e) => e.id || e.name || e.outerHTML.slice(0, 60)));
    expect(unlabeled).toEqual([]);
    await page.focus('input[name="type"][value="url"]');
    const last = await afterChange(page, () => page.keyboard.press('ArrowRight'));
    expect(await page.isVisible('#text')).toBe(true);
    expect(last.type).toBe('text');
  });
});
