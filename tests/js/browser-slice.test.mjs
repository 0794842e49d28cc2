// SPDX-License-Identifier: MIT
// The vertical slice in Debian Chromium: the demo page renders with the in-page wasm engine;
// the test reads the image out of the page and decodes it with real decoders.
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serveStatic } from './helpers/static-server.mjs';
import { launchBrowser } from './helpers/browser.mjs';
import { decodeWithZxing, decodeWithJsqr, toPng } from './helpers/decode.mjs';

const site = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'build', 'site');
let server, browser, page;
const requests = [];

beforeAll(async () => {
  server = await serveStatic(site);
  browser = await launchBrowser();
  page = await browser.context.newPage();
  page.on('request', (r) => requests.push(r.url()));
  await page.goto(`${server.url}/`);
  await page.waitForSelector('body[data-ready="1"]');
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function renderInPage(destination, format) {
  await page.selectOption('#format', format);
  await page.fill('#destination', destination);
  return page.waitForFunction(
    ([d, f]) => window.qredgeLast?.payload === d && window.qredgeLast.format === f && window.qredgeLast,
    [destination, format]).then((h) => h.jsonValue());
}

test.each(['svg', 'png'])('renders a %s in the page that decodes to the exact URL', async (format) => {
  const destination = `https://example.com/browser/${format}?q=1&r=2`;
  const last = await renderInPage(destination, format);
  const data = format === 'png' ? Buffer.from(last.data, 'base64') : last.data;
  const png = toPng(data);
  // The URL is written as given; the engine does not re-encode the path.
  expect((await decodeWithZxing(png)).toString('utf8')).toBe(destination);
  expect(decodeWithJsqr(png).toString('utf8')).toBe(destination);
});

test('an invalid URL shows the engine error in the page', async () => {
  await page.fill('#destination', '');
  await page.waitForFunction(() => window.qredgeLast?.error);
  expect(await page.textContent('#message')).toMatch(/\w+: .+/);
});

test('the page only ever talked to its own origin', () => {
  expect(requests.length).toBeGreaterThan(0);
  const foreign = requests.filter((u) => !u.startsWith(server.url) && !u.startsWith('data:'));
  expect(foreign).toEqual([]);
});
