// SPDX-License-Identifier: MIT
// Real decoders, fully offline: zxing-wasm (primary) and jsQR (second opinion). SVG is
// rasterized with resvg first. Every function returns the decoded payload bytes as a Buffer
// (or null), so tests compare byte for byte, never a "looks right".
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { prepareZXingModule, readBarcodes } from 'zxing-wasm/reader';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { Resvg } from '@resvg/resvg-js';

const require = createRequire(import.meta.url);
let ready = null;

async function zxingReady() {
  ready ??= (async () => {
    const bytes = readFileSync(require.resolve('zxing-wasm/reader/zxing_reader.wasm'));
    await prepareZXingModule({
      overrides: {
        instantiateWasm(imports, ok) {
          WebAssembly.instantiate(bytes, imports).then(({ instance }) => ok(instance));
          return {};
        },
      },
      fireImmediately: true,
    });
  })();
  return ready;
}

/** Rasterizes an SVG string to PNG bytes at `width` px (crisp edges, white behind). */
export function svgToPng(svg, width = 512) {
  return new Resvg(svg, { fitTo: { mode: 'width', value: width }, background: 'white' }).render().asPng();
}

/** Decodes a PNG with zxing-wasm; returns the raw payload bytes or null. */
export async function decodeWithZxing(png) {
  await zxingReady();
  const results = await readBarcodes(new Uint8Array(png), { formats: ['QRCode'], tryHarder: true });
  const hit = results.find((r) => r.isValid);
  return hit ? Buffer.from(hit.bytes) : null;
}

/** Decodes a PNG with jsQR (composited over white); returns the raw payload bytes or null. */
export function decodeWithJsqr(png) {
  const img = PNG.sync.read(Buffer.from(png));
  const data = new Uint8ClampedArray(img.data);
  for (let i = 0; i < data.length; i += 4) {  // jsQR ignores alpha: composite over white
    const a = data[i + 3] / 255;
    for (let c = 0; c < 3; c++) data[i + c] = Math.round(data[i + c] * a + 255 * (1 - a));
  }
  const hit = jsQR(data, img.width, img.height, { inversionAttempts: 'dontInvert' });
  return hit ? Buffer.from(hit.binaryData) : null;
}

/** Rendered data (SVG string or PNG bytes) -> PNG bytes ready for a decoder. */
export function toPng(data, width = 512) {
  return typeof data === 'string' ? svgToPng(data, width) : data;
}
