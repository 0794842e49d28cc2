// SPDX-License-Identifier: MIT
// Shared set-up of the demo suites: the built site (QREDGE_SITE, default build/site) on a local
// static server, Debian Chromium, request logging, screenshots into test-results/, and
// decoding of what the page rendered with the real decoders of helpers/decode.mjs.
import { mkdirSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serveStatic } from './helpers/static-server.mjs';
import { launchBrowser } from './helpers/browser.mjs';
import { decodeWithZxing, decodeWithJsqr, toPng, svgToPng } from './helpers/decode.mjs';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const siteDir = resolve(root, process.env.QREDGE_SITE ?? join('build', 'site'));
export const shotsDir = join(root, 'test-results', 'demo');

/** Starts the server and the browser, opens the page and waits until it is ready. */
export async function openDemo({ viewport = { width: 1280, height: 900 } } = {}) {
  const server = await serveStatic(siteDir);
  const browser = await launchBrowser({ viewport, acceptDownloads: true });
  const requests = [];
  browser.context.on('request', (r) => requests.push({ url: r.url(), at: Date.now() }));
  const page = await browser.context.newPage();
  const pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(`${server.url}/`);
  await page.waitForSelector('body[data-ready="1"]', { timeout: 20_000 });
  return {
    server, browser, page, requests, pageErrors,
    async close() {
      await browser.close();
      await server.close();
    },
  };
}

export async function screenshot(page, name) {
  mkdirSync(shotsDir, { recursive: true });
  await page.evaluate(() => window.scrollTo(0, 0));  // the sticky preview sits at the top
  await page.screenshot({ path: join(shotsDir, `${name}.png`), fullPage: true });
}

/** The current preview's sequence number (0 before the first one). */
export const lastSeq = (page) => page.evaluate(() => window.qredgeDemo.single.last?.seq ?? 0);

/**
 * Waits for the first preview (or error) after sequence `after`, including its scan check.
 * Returns window.qredgeDemo.single.last: { seq, payload, format, data, scan, design, ... } or { error }.
 */
export async function nextPreview(page, after) {
  const handle = await page.waitForFunction((seq) => {
    const last = window.qredgeDemo.single.last;
    return last && last.seq > seq && (last.error || last.scan) ? last : null;
  }, after, { timeout: 15_000 });
  return handle.jsonValue();
}

/**
 * Does something in the page and returns the preview that covers it: the first one (with its
 * scan check) that started after every change the action asked for. A preview of an earlier
 * change (the debounce can fire between two steps of one action) does not count.
 */
export async function afterChange(page, action) {
  await action();
  const handle = await page.waitForFunction(() => {
    const { last, asked } = window.qredgeDemo.single;
    return last && last.answers >= asked && (last.error || last.scan) ? last : null;
  }, null, { timeout: 15_000 });
  return handle.jsonValue();
}

// A transparent PNG is read as printed on white paper. resvg composites it natively: a pixel loop
// in JS is slow under Jest's VM modules (seconds per image).
function overWhite(png) {
  const b = Buffer.from(png);
  const width = b.readUInt32BE(16), height = b.readUInt32BE(20);  // IHDR
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="${width}" height="${height}">` +
    `<image width="${width}" height="${height}" xlink:href="data:image/png;base64,${Buffer.from(png).toString('base64')}"/></svg>`;
  return svgToPng(svg, width);
}

/** Preview data (SVG text or base64 PNG) -> PNG bytes for the decoders (over white if transparent). */
export function previewPng(last) {
  const png = last.format === 'png' ? Buffer.from(last.data, 'base64') : toPng(last.data, 512);
  return last.design?.transparent_background && last.format === 'png' ? overWhite(png) : png;
}

/**
 * Decodes PNG bytes with zxing-wasm; with `jsqr`, jsQR must agree (it is slow under Jest, so
 * only some tests ask for it). Returns the payload as a UTF-8 string, or null.
 */
export async function decodeImage(png, { jsqr = false } = {}) {
  const zx = await decodeWithZxing(png);
  if (jsqr) expect(decodeWithJsqr(png)?.toString('utf8')).toBe(zx?.toString('utf8'));
  return zx?.toString('utf8') ?? null;
}
