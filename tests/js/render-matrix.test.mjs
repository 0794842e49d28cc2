// SPDX-License-Identifier: MIT
// Scannability matrix: every body x eye-frame x eye-ball shape (270 combinations) in SVG and
// PNG, cycled through the ECC levels, gradients (none and each type), eye colours, transparent
// backgrounds, payload lengths and sizes; then logos (PNG and JPEG, with and without
// clear_background, the largest size) and the size extremes. Every render is decoded with
// zxing-wasm (must read 100 %, payload compared byte for byte) and with jsQR (misses are
// counted and reported, not failed: jsQR is weaker than the scanners people use). ZBar
// (zbarimg, Debian's zbar-tools) reads every render as a third, independent decoder at the end.
import { jest } from '@jest/globals';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readBarcodes } from 'zxing-wasm/reader';
import { PNG } from 'pngjs';
import { init, render } from './helpers/qredge.mjs';
import { decodeWithZxing, decodeWithJsqr, svgToPng } from './helpers/decode.mjs';

jest.setTimeout(240000);

const bodies = ['square', 'rounded', 'dots', 'extra-rounded', 'classy', 'classy-rounded', 'diamond',
  'vertical-bars', 'horizontal-bars'];
const frames = ['square', 'rounded', 'extra-rounded', 'circle', 'leaf'];
const balls = ['square', 'rounded', 'circle', 'diamond', 'leaf', 'star'];
const eccs = ['L', 'M', 'Q', 'H'];
const gradients = [null, 'linear-top-to-bottom', 'linear-left-to-right', 'linear-diagonal', 'radial'];
const payloads = [
  'https://example.com/a',
  'https://example.com/landing?id=42',
  'https://shop.example.org/products/summer-sale-2026?ref=qr&campaign=poster-17',
  'Plain text payload: ünïcödé ✓ and some more words to reach a middle version of the symbol.',
  `https://example.net/${'long-path-segment/'.repeat(9)}end`,
];

let zxingReady = false;
async function zxing(png) {
  if (!zxingReady) {
    await decodeWithZxing(png);  // loads the zxing module offline, as the shared helper does
    zxingReady = true;
  }
  const plain = await readBarcodes(new Uint8Array(png), { formats: ['QRCode'], tryHarder: false,
    tryRotate: false, tryInvert: false });
  const hit = plain.find((r) => r.isValid);
  if (hit) return { bytes: Buffer.from(hit.bytes), harder: false };
  const hard = await decodeWithZxing(png);  // tryHarder only when the fast pass missed
  return { bytes: hard, harder: true };
}

const stats = { renders: 0, zxing: 0, harder: 0, jsqrMiss: 0, zbar: 0, failures: [] };
const zbarDir = mkdtempSync(join(tmpdir(), 'qredge-matrix-'));
const zbarQueue = [];  // { file, label, expected }, read by ZBar in the last test

// zbarimg with -Sbinary prints the symbol's bytes as they are (no charset guessing).
const zbarimg = (file) => new Promise((resolve) => {
  execFile('zbarimg', ['-q', '--raw', '-Sbinary', '-Sdisable', '-Sqrcode.enable', file],
    { encoding: 'buffer', maxBuffer: 1 << 20 }, (err, stdout) => resolve(err ? null : stdout));
});

async function check(label, target, design, output) {
  const r = render(target, design, output);
  const png = typeof r.data === 'string' ? svgToPng(r.data, output.size) : Buffer.from(r.data);
  stats.renders++;
  const expected = Buffer.from(r.payload, 'utf8');
  const z = await zxing(png);
  if (z.bytes && z.bytes.equals(expected)) {
    stats.zxing++;
    if (z.harder) stats.harder++;
  } else {
    stats.failures.push(`${label}: zxing ${z.bytes ? `read other bytes "${z.bytes}"` : 'could not read'}`);
  }
  const j = decodeWithJsqr(png);
  if (!j || !j.equals(expected)) stats.jsqrMiss++;
  const file = join(zbarDir, `${zbarQueue.length}.png`);
  writeFileSync(file, png);
  zbarQueue.push({ file, label, expected });
  return r;
}

// Small logos generated here (no binary fixtures): a PNG with alpha, and a JPEG.
function logoPng(n = 80) {
  const png = new PNG({ width: n, height: n });
  for (let y = 0; y < n; y++) for (let x = 0; x < n; x++) {
    const i = (y * n + x) * 4;
    const inside = Math.hypot(x - n / 2, y - n / 2) < n / 2 - 1;
    png.data[i] = (x * 255) / n; png.data[i + 1] = 40; png.data[i + 2] = (y * 255) / n;
    png.data[i + 3] = inside ? 255 : 0;
  }
  return `data:image/png;base64,${PNG.sync.write(png).toString('base64')}`;
}
async function logoJpeg() {
  // sharp (a devDependency, also used by the worker tooling) only makes the JPEG fixture.
  const sharp = (await import('sharp')).default;
  const jpeg = await sharp({ create: { width: 120, height: 90, channels: 3, background: '#e11d48' } })
    .composite([{ input: Buffer.from('<svg width="120" height="90"><circle cx="60" cy="45" r="30" fill="#fde047"/></svg>') }])
    .jpeg({ quality: 85 }).toBuffer();
  return `data:image/jpeg;base64,${jpeg.toString('base64')}`;
}

beforeAll(() => init());

afterAll(() => {
  rmSync(zbarDir, { recursive: true, force: true });
  const rate = ((100 * stats.zxing) / Math.max(1, stats.renders)).toFixed(2);
  // eslint-disable-next-line no-console
  console.log(`render matrix: ${stats.renders} renders, zxing read ${stats.zxing} (${rate} %, ` +
    `${stats.harder} needed tryHarder), jsQR missed ${stats.jsqrMiss}, ZBar read ${stats.zbar}`);
});

test('every body x eye-frame x eye-ball shape decodes, in SVG and PNG', async () => {
  let k = 0;
  for (const body of bodies) for (const eye_frame of frames) for (const eye_ball of balls) {
    for (const format of ['svg', 'png']) {
      const design = { error_correction: eccs[k % 4], shapes: { body, eye_frame, eye_ball } };
      const g = gradients[k % 5];
      if (g) design.gradient = { start: '#1d4ed8', end: k % 2 ? '#7c2d12' : '#111827', type: g };
      if (k % 7 === 3) design.eye_colors = { frame: '#b91c1c', ball: '#065f46' };
      if (k % 7 === 5) design.eye_colors = { ball: '#6d28d9' };
      if (k % 11 === 6) design.transparent_background = true;
      if (k % 13 === 9) design.colors = { foreground: '#0f172a', background: '#fefce8' };
      const size = [256, 288, 320, 384, 448][k % 5];
      const payload = payloads[k % payloads.length];
      await check(`${body}/${eye_frame}/${eye_ball} ${format} ${size}px ${JSON.stringify(design)}`,
        { type: 'text', text: payload }, design, { format, size });
      k++;
    }
  }
  expect(stats.renders).toBeGreaterThanOrEqual(540);
  expect(stats.failures).toEqual([]);
});

test('logos (PNG and JPEG, cleared or not, up to the largest size) keep the code readable', async () => {
  const before = stats.failures.length;
  const logos = { png: logoPng(), jpeg: await logoJpeg() };
  let k = 0;
  for (const [kind, url] of Object.entries(logos)) for (const clear of [false, true]) {
    for (const size of [0.1, 0.22, 0.3]) for (const payload of payloads) {
      const body = bodies[k % bodies.length];
      const design = { logo: { url, size, clear_background: clear },
        shapes: { body, eye_frame: frames[k % 5], eye_ball: balls[k % 6] } };
      if (k % 4 === 1) design.gradient = { start: '#0f172a', end: '#1e3a8a', type: 'radial' };
      if (k % 5 === 2) design.transparent_background = true;
      const format = k % 2 ? 'png' : 'svg';
      const r = await check(`logo ${kind} clear=${clear} size=${size} ${body} ${format}`,
        { destination: payload.startsWith('https') ? payload : 'https://example.com/p' }, design,
        { format, size: 384 });
      expect(r.effective_error_correction).toBe('H');
      k++;
    }
  }
  expect(stats.failures.slice(before)).toEqual([]);
});

test('size extremes: 64 px and 2048 px', async () => {
  const before = stats.failures.length;
  // At 64 px a version-1 symbol has about 2 px per module: plain and blocky shapes only make
  // sense there. A few styled designs with gradients at 2048 px.
  for (const body of ['square', 'rounded', 'classy', 'extra-rounded']) for (const format of ['svg', 'png']) {
    await check(`64px ${body} ${format}`, { type: 'text', text: 'qredge' },
      { shapes: { body }, error_correction: 'L' }, { format, size: 64, margin: 2 });
  }
  const big = [['extra-rounded', 'circle', 'star', 'png'], ['diamond', 'leaf', 'diamond', 'svg'],
    ['vertical-bars', 'rounded', 'leaf', 'png']];
  for (const [body, eye_frame, eye_ball, format] of big) {
    await check(`2048px ${body}/${eye_frame}/${eye_ball} ${format}`, { type: 'text', text: payloads[4] },
      { shapes: { body, eye_frame, eye_ball }, gradient: { start: '#000000', end: '#1e40af', type: 'linear-diagonal' } },
      { format, size: 2048 });
  }
  expect(stats.failures.slice(before)).toEqual([]);
});

test('ZBar, a third decoder, reads every render to the exact bytes', async () => {
  const misses = [];
  for (let i = 0; i < zbarQueue.length; i += 2) {  // two at a time: the machine has two cores
    await Promise.all(zbarQueue.slice(i, i + 2).map(async ({ file, label, expected }) => {
      const bytes = await zbarimg(file);
      if (bytes && bytes.equals(expected)) stats.zbar++;
      else misses.push(`${label}: ZBar ${bytes ? `read "${bytes}"` : 'could not read'}`);
    }));
  }
  expect(zbarQueue.length).toBe(stats.renders);
  expect(misses).toEqual([]);
});
