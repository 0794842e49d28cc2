// SPDX-License-Identifier: MIT
// What a first-time user notices (issue 17), at desktop (1280 px) and phone (390 px) width:
// header navigation, the CSV template, examples that never leak into codes, disabled controls
// that look disabled, warnings styled as warnings, downloads and caption that follow the
// preview's state, the preview's size, presets, the engine's scan report beside each scan
// check, and a phone layout where the mini-preview covers no control.
import { readFileSync } from 'node:fs';
import { unzipSync, strFromU8 } from 'fflate';
import { join } from 'node:path';
import { openDemo, screenshot, shotsDir, afterChange, previewPng, decodeImage } from './demo-helpers.mjs';
import { parseBatchInput, buildDesign, PRESETS } from '../../web-demo/model.mjs';

const VIEWPORTS = [['desktop', { width: 1280, height: 900 }], ['phone', { width: 390, height: 844 }]];
const DANGER = 'rgb(180, 35, 24)';  // --danger in styles.css

describe.each(VIEWPORTS)('%s', (label, viewport) => {
  let demo, page;

  beforeAll(async () => {
    demo = await openDemo({ viewport });
    page = demo.page;
  });

  afterAll(async () => {
    await demo?.close();
  });

  afterEach(() => {
    expect(demo.pageErrors).toEqual([]);
  });

  const reload = async () => {
    await page.reload();
    await page.waitForSelector('body[data-ready="1"]');
    return afterChange(page, async () => {});
  };
  const chooseType = (type) => afterChange(page, () => page.check(`input[name="type"][value="${type}"]`, { force: true }));
  const inView = (selector) => page.$eval(selector, (el) => {
    const r = el.getBoundingClientRect();
    return r.top >= 0 && r.top < innerHeight;
  });
  const downloadsDisabled = async () => [await page.isDisabled('#download-svg'), await page.isDisabled('#download-png')];

  test('the header links to Design, Batch and the API request, each one click away', async () => {
    await reload();
    const links = await page.$$eval('header nav a', (as) => as.map((a) => [a.textContent.trim(), a.getAttribute('href')]));
    expect(links).toEqual([['Design', '#designer'], ['Batch', '#batch'], ['API request', '#api-details']]);
    expect(await inView('#batch')).toBe(false);
    await page.click('header nav a[href="#batch"]');
    await page.waitForFunction(() => location.hash === '#batch');
    expect(await inView('#batch')).toBe(true);
    expect(await page.$eval('#api-details', (d) => d.open)).toBe(false);
    await page.click('header nav a[href="#api-details"]');
    await page.waitForFunction(() => location.hash === '#api-details');
    expect(await page.$eval('#api-details', (d) => d.open)).toBe(true);
    expect(await inView('#api-details')).toBe(true);
    expect(await page.isVisible('#request-json')).toBe(true);
    await page.click('header nav a[href="#designer"]');
    await page.waitForFunction(() => location.hash === '#designer');
    expect(await inView('#designer')).toBe(true);
  });

  test('the CSV template downloads with one row per content type, and renders as a batch', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#batch-template')]);
    expect(download.suggestedFilename()).toBe('qredge-template.csv');
    const text = readFileSync(await download.path(), 'utf8');
    const { request } = parseBatchInput(text);
    expect(request.items.map((i) => i.target.type)).toEqual(['url', 'text', 'email', 'sms', 'wifi', 'event', 'vcard']);
    await page.setInputFiles('#batch-file', { name: 'qredge-template.csv', mimeType: 'text/csv', buffer: Buffer.from(text) });
    await page.waitForFunction(() => document.getElementById('batch-input').value.startsWith('type,'));
    await page.click('#batch-render');
    await page.waitForSelector('body[data-batch="done"], body[data-batch="error"]', { timeout: 30_000 });
    expect(await page.evaluate(() => window.qredgeDemo.batch)).toMatchObject({ state: 'done', total: 7, ok: 7, failed: 0 });
    const [zip] = await Promise.all([page.waitForEvent('download'), page.click('#batch-download')]);
    const files = unzipSync(new Uint8Array(readFileSync(await zip.path())));
    const lines = strFromU8(files['results.ndjson']).trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => [l.type, l.file])).toEqual([
      ['url', '0000-Spring-flyer.png'], ['text', '0001-Table-card.png'], ['email', '0002-Contact.png'], ['sms', '0003-Text-us.png'],
      ['wifi', '0004-Guest-Wi-Fi.png'], ['event', '0005-Launch.png'], ['vcard', '0006-Jane-Doe.png']]);
    expect(await decodeImage(files[lines[0].file])).toBe(lines[0].payload);
  });

  describe('examples are placeholders only', () => {
    test('every content field starts empty, with its example as a placeholder', async () => {
      await reload();
      const fields = await page.$$eval('.type-panel input:not([type="checkbox"]), .type-panel textarea', (els) => els
        .filter((el) => !el.closest('#vcard-builder')).map((el) => [el.id, el.value, el.placeholder || el.dataset.example || '']));
      expect(fields.length).toBeGreaterThan(15);
      for (const [id, value] of fields) expect([id, value]).toEqual([id, '']);
      for (const id of ['destination', 'text', 'email', 'phone', 'ssid', 'password', 'title', 'location', 'vcard']) {
        expect(fields.find((f) => f[0] === id)[2]).not.toBe('');
      }
    });

    test('an empty form shows a marked example that cannot be downloaded; typing makes the real code', async () => {
      let last = await reload();
      expect(last).toMatchObject({ example: true, payload: 'https://example.com/landing' });
      expect(await page.getAttribute('.preview-panel', 'data-state')).toBe('example');
      expect(await page.textContent('#preview-meta')).toMatch(/^Example URL code: type a web address/);
      expect(await downloadsDisabled()).toEqual([true, true]);
      last = await afterChange(page, () => page.fill('#destination', 'https://example.org/mine'));
      expect(last).toMatchObject({ example: false, payload: 'https://example.org/mine' });
      expect(await page.getAttribute('.preview-panel', 'data-state')).toBe('ready');
      expect(await downloadsDisabled()).toEqual([false, false]);
      last = await afterChange(page, () => page.fill('#destination', ''));
      expect(last.example).toBe(true);
      expect(await downloadsDisabled()).toEqual([true, true]);
    });

    test('an event with only a title and a start has no location and no end', async () => {
      await reload();
      let last = await chooseType('event');
      expect(last.example).toBe(true);
      expect(last.payload).toContain('LOCATION:Main hall');  // the example shows every field...
      await page.fill('#title', 'Board meeting');
      last = await afterChange(page, () => page.fill('#start', '2026-06-02T10:00'));
      expect(last.example).toBe(false);
      expect(last.payload).toContain('SUMMARY:Board meeting');
      expect(last.payload).toContain('DTSTART:20260602T100000');
      expect(last.payload).not.toContain('LOCATION');        // ...but none of it leaks into a code
      expect(last.payload).not.toContain('DTEND');
      expect(await decodeImage(previewPng(last))).toBe(last.payload);
    });
  });

  test('disabled eye-colour fields look disabled, enabled ones do not', async () => {
    await reload();
    const look = () => page.$$eval('#eye-frame, #eye-frame-picker', (els) => els.map((el) => {
      const s = getComputedStyle(el);
      return { disabled: el.disabled, opacity: Number(s.opacity), grey: s.filter.includes('grayscale') };
    }));
    for (const l of await look()) expect(l).toEqual({ disabled: true, opacity: expect.any(Number), grey: true });
    for (const l of await look()) expect(l.opacity).toBeLessThanOrEqual(0.5);
    await afterChange(page, () => page.check('#eye-frame-on'));
    for (const l of await look()) expect(l).toEqual({ disabled: false, opacity: 1, grey: false });
  });

  test('an ignored CSV column is a warning, styled as one, not an error', async () => {
    await page.fill('#batch-input', 'type,text,color\ntext,hello,red\n');
    await page.click('#batch-render');
    await page.waitForSelector('body[data-batch="done"]', { timeout: 30_000 });
    expect(await page.textContent('#batch-input-error')).toBe('');
    expect(await page.isVisible('#batch-input-error')).toBe(false);
    const note = await page.$eval('#batch-input-note', (el) => ({
      kind: el.dataset.kind, text: el.textContent, color: getComputedStyle(el).color, visible: el.offsetHeight > 0,
    }));
    expect(note).toMatchObject({ kind: 'warning', text: 'Ignored unknown column: color', visible: true });
    expect(note.color).not.toBe(DANGER);
    expect(await page.$eval('#batch-input-error', (el) => getComputedStyle(el).color)).toBe(DANGER);  // errors stay red
  });

  test('while the preview is in error: downloads disabled, caption says so; fixed: both follow', async () => {
    await reload();
    await chooseType('wifi');
    let last = await afterChange(page, () => page.fill('#password', 'only a password'));
    expect(last.error.path).toBe('/target/ssid');
    expect(await page.textContent('#ssid-error')).toBe(last.error.message);
    expect(await page.getAttribute('.preview-panel', 'data-state')).toBe('error');
    expect(await downloadsDisabled()).toEqual([true, true]);
    const caption = await page.textContent('#preview-meta');
    expect(caption).toBe(`Wi‑Fi · not rendered: ${last.error.message}`);
    expect(caption).not.toMatch(/version|url/);
    expect(await page.$eval('#preview-meta', (el) => getComputedStyle(el).color)).toBe(DANGER);
    expect(await page.isVisible('#scan-report')).toBe(false);
    last = await afterChange(page, () => page.fill('#ssid', 'Office'));
    expect(last.error).toBeUndefined();
    expect(await page.textContent('#preview-meta')).toBe(`Wi‑Fi · version ${last.version} (${last.modules}×${last.modules} modules) · ECC ${last.effective_error_correction}`);
    expect(await downloadsDisabled()).toEqual([false, false]);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-png')]);
    expect(await decodeImage(readFileSync(await download.path()))).toBe(last.payload);
  });

  test('the preview is large: at least half the design column on desktop, most of the screen on a phone', async () => {
    await reload();
    const [img, design] = await Promise.all(['#preview img', '#design-form'].map((s) => page.locator(s).boundingBox()));
    if (label === 'desktop') expect(img.width).toBeGreaterThanOrEqual(design.width / 2);
    else expect(img.width).toBeGreaterThanOrEqual(viewport.width * 0.7);
    expect(img.height).toBeCloseTo(img.width, 0);
  });

  test.each(Object.keys(PRESETS))('preset %s sets the design in one click, and its code reads back', async (key) => {
    await reload();
    await afterChange(page, () => page.fill('#destination', `https://example.com/preset/${key}`));
    const last = await afterChange(page, () => page.click(`button.preset[data-preset="${key}"]`));
    const { logo, ...preset } = PRESETS[key];
    const expected = buildDesign({ ...preset, logo: logo && { url: last.design.logo?.url, ...logo } });
    expect(last.design).toEqual(expected);
    if (logo) expect(last.design.logo.url).toMatch(/^data:image\/png;base64,/);  // the sample logo
    expect(last.scan).toMatchObject({ ok: true, exact: true });
    expect(await decodeImage(previewPng(last))).toBe(`https://example.com/preset/${key}`);
    expect(last.report.warnings).toEqual([]);
    expect(last.report.contrast_ratio).toBeGreaterThanOrEqual(3);
    // The controls show the preset: pressing it again changes nothing.
    const again = await afterChange(page, () => page.click(`button.preset[data-preset="${key}"]`));
    expect(again.design).toEqual(last.design);
    if (key === 'logo') await screenshot(page, `${label}-preset-logo`);
  });

  test('a preset after the logo-ready one removes only the sample logo', async () => {
    await reload();
    let last = await afterChange(page, () => page.click('button.preset[data-preset="logo"]'));
    expect(last.design.logo).toBeDefined();
    last = await afterChange(page, () => page.click('button.preset[data-preset="classic"]'));
    expect(last.design.logo).toBeUndefined();
    expect(await page.isVisible('#logo-fields')).toBe(false);
  });

  test('each scan check shows the engine\'s scan report for the code', async () => {
    await reload();
    let last = await afterChange(page, () => page.fill('#destination', 'https://example.com/report'));
    const shown = () => page.evaluate(() => ({
      ecc: document.getElementById('report-ecc').textContent,
      ppm: document.getElementById('report-ppm').textContent,
      contrast: document.getElementById('report-contrast').textContent,
      logoShown: !document.getElementById('report-logo-row').hidden,
      logo: document.getElementById('report-logo').textContent,
      notes: [...document.querySelectorAll('#report-notes li')].map((li) => [li.className, li.dataset.code, li.textContent, getComputedStyle(li).color]),
    }));
    expect(await page.isVisible('#scan-report')).toBe(true);
    let report = await shown();
    expect(report).toMatchObject({ ecc: last.report.effective_error_correction, ppm: `${last.report.px_per_module.toFixed(1)} px`,
      contrast: `${last.report.contrast_ratio.toFixed(1)} : 1`, logoShown: false, notes: [] });
    // Logo-ready on L: the engine raises the error correction; the report says so and shows the logo's load.
    await page.click('button.preset[data-preset="logo"]');
    last = await afterChange(page, () => page.check('input[name="ecc"][value="L"]', { force: true }));
    report = await shown();
    expect(last.report.adjustments.map((a) => a.code)).toContain('error_correction_raised');
    expect(report.ecc).toBe('H (asked: L)');
    expect(report.logoShown).toBe(true);
    expect(report.logo).toBe(`${Math.round(last.report.logo_block_load * 100)} % of a block's correction (limit 60 %)`);
    expect(report.notes).toContainEqual(['adjustment', 'error_correction_raised', last.report.adjustments.find((a) => a.code === 'error_correction_raised').message, expect.any(String)]);
    // A small code: the warning is styled as a warning, not as an error.
    await page.click('button.preset[data-preset="classic"]');
    last = await afterChange(page, () => page.fill('#size', '64'));
    const warning = (await shown()).notes.find((n) => n[1] === 'small_modules');
    expect(warning.slice(0, 3)).toEqual(['warning', 'small_modules', last.report.warnings[0].message]);
    expect(warning[3]).not.toBe(DANGER);
    expect(await page.getAttribute('#scan-status', 'data-state')).toBe('ok');
    await afterChange(page, () => page.fill('#size', '512'));
  });

  if (label === 'phone') {
    test('the mini-preview covers no control: it is a bar along the top, and scrolling keeps controls below it', async () => {
      await reload();
      await page.locator('#body-shapes').scrollIntoViewIfNeeded();
      await page.waitForSelector('#mini-preview.away', { state: 'visible' });
      const bar = await page.locator('#mini-preview').boundingBox();
      expect(bar.y).toBe(0);
      expect(bar.width).toBe(viewport.width);
      await page.screenshot({ path: join(shotsDir, 'phone-mini-preview.png') });
      // Every design control, brought into view at the bottom (as a finger scrolls to it) and at
      // the top (as focus and links do): never under the bar. The bar is fixed, so its box is
      // the same at every scroll position.
      const overlaps = await page.evaluate((b) => {
        const hit = [];
        for (const el of document.querySelectorAll('#design-form .shape, #design-form .preset, #design-form input:not([hidden]), #design-form select')) {
          const box = el.closest('.shape') ?? el;
          if (!box.getClientRects().length) continue;
          for (const block of ['start', 'end']) {
            box.scrollIntoView({ block });
            const r = box.getBoundingClientRect();
            if (r.top < b.y + b.height && r.bottom > b.y && r.left < b.x + b.width && r.right > b.x) hit.push(`${box.textContent.trim() || box.id} (${block})`);
          }
        }
        return hit;
      }, bar);
      expect(overlaps).toEqual([]);
      const circle = await page.locator('input[name="eye_frame"][value="circle"]').evaluate((el) => el.closest('label').textContent.trim());
      expect(circle).toBe('circle');
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width);
    });
  }

  test('screenshot of the page as a first-time user sees it', async () => {
    await reload();
    await screenshot(page, `${label}-polish-default`);
    expect(await page.getAttribute('.preview-panel', 'data-state')).toBe('example');
  });
});
