// SPDX-License-Identifier: MIT
// The scan check: reads a rendered code back with zxing-wasm, in the page. Its .wasm is served
// beside the bundle (scripts/build-site.mjs copies it), never from zxing-wasm's CDN default.
import { prepareZXingModule, readBarcodes } from 'zxing-wasm/reader';

let ready = null;

/** Loads the reader once (call it at start-up so a later scan needs no network). */
export function prepareScanner() {
  ready ??= Promise.resolve(prepareZXingModule({
    overrides: { locateFile: (path) => new URL(path, import.meta.url).href },
    fireImmediately: true,
  }));
  return ready;
}

/** Rasterises an image URL (SVG or PNG) onto a white canvas and returns its ImageData. */
async function pixels(url, size) {
  const img = new Image();
  img.src = url;
  await img.decode();
  const canvas = document.createElement('canvas');
  canvas.width = canvas.height = size;
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  ctx.fillStyle = '#fff';  // a transparent code is read as printed on white paper
  ctx.fillRect(0, 0, size, size);
  ctx.imageSmoothingEnabled = false;
  ctx.drawImage(img, 0, 0, size, size);
  return ctx.getImageData(0, 0, size, size);
}

/**
 * Decodes the image at `url` and compares the bytes with `payload` (UTF-8).
 * Returns { ok, text, exact } — `exact` when the decoded bytes equal the payload's bytes.
 */
export async function scanCheck(url, payload, size = 512) {
  await prepareScanner();
  const image = await pixels(url, Math.min(Math.max(size, 256), 1024));
  const results = await readBarcodes(image, { formats: ['QRCode'], tryHarder: true, maxNumberOfSymbols: 1 });
  const hit = results.find((r) => r.isValid);
  if (!hit) return { ok: false, text: null, exact: false };
  const expected = new TextEncoder().encode(payload);
  const exact = hit.bytes.length === expected.length && hit.bytes.every((b, i) => b === expected[i]);
  return { ok: true, text: hit.text, exact };
}
