// SPDX-License-Identifier: MIT
// The demo's frame picker and PDF download in Debian's Chromium: every frame style previews,
// scans (zxing-wasm on the page's own preview), shows its text as outlines, reports a refused
// text at its field, and the PDF download is a PDF page that poppler reads and zxing decodes.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterChange, decodeImage, openDemo, previewPng, screenshot } from './demo-helpers.mjs';

let demo, page, work;
beforeAll(async () => {
  demo = await openDemo();
  page = demo.page;
  work = mkdtempSync(join(tmpdir(), 'qredge-demo-frame-'));
  await afterChange(page, () => page.fill('#destination', 'https://example.com/menu'));
}, 60000);
afterAll(async () => {
  await demo?.close();
  rmSync(work, { recursive: true, force: true });
});

test.each(['box', 'banner-bottom', 'banner-top', 'rounded', 'ticket'])('frame %s: previewed with its text as paths, and scans', async (style) => {
  await afterChange(page, () => page.selectOption('#frame-style', style));
  const last = await afterChange(page, () => page.fill('#frame-text', `Scan me · ${style}`));
  expect(last.error).toBeFalsy();
  expect(last.design.frame).toMatchObject({ style, text: `Scan me · ${style}` });
  expect(last.data).toMatch(/^<svg/);
  expect(last.data).not.toMatch(/<text/);
  expect(await decodeImage(previewPng(last))).toBe('https://example.com/menu');
  if (style === 'ticket') await screenshot(page, 'frame-ticket');
}, 30000);

test('a text the frame cannot hold is refused at its field', async () => {
  const last = await afterChange(page, () => page.fill('#frame-text', 'W'.repeat(40)));
  expect(last.error).toBeTruthy();
  expect(await page.locator('#frame-text-error').textContent()).toMatch(/does not fit/);
  await afterChange(page, () => page.fill('#frame-text', 'Scan me'));
  expect(await page.locator('#frame-text-error').textContent()).toBe('');
}, 30000);

test('Download PDF gives a one-page PDF that poppler renders and zxing reads', async () => {
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-pdf')]);
  expect(download.suggestedFilename()).toBe('qredge-url-512.pdf');
  const pdf = readFileSync(await download.path());
  expect(pdf.subarray(0, 8).toString('latin1')).toBe('%PDF-1.4');
  const file = join(work, 'code.pdf');
  writeFileSync(file, pdf);
  expect(execFileSync('pdfinfo', [file], { encoding: 'utf8' })).toMatch(/Pages:\s+1/);
  execFileSync('pdftoppm', ['-r', '150', '-png', '-singlefile', file, join(work, 'code')]);
  expect(await decodeImage(readFileSync(join(work, 'code.png')))).toBe('https://example.com/menu');
}, 30000);
