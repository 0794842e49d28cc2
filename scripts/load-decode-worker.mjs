// SPDX-License-Identifier: MIT
// A worker thread of the load test's decode pool: receives { items: [{ format, size, data,
// expected }] } (PNG as base64, SVG as text), decodes each with zxing-wasm (SVG rasterized with
// resvg first, at 320 px: 6 px or more per module for these payloads, and twice as fast as 512)
// and answers { decoded, failures: [{ ref, got }] }, comparing bytes exactly.
import { parentPort } from 'node:worker_threads';
import { decodeWithZxing, svgToPng } from '../tests/js/helpers/decode.mjs';

parentPort.on('message', async ({ items }) => {
  const failures = [];
  let decoded = 0;
  for (const item of items) {
    let got = null;
    try {
      const png = item.format === 'svg' ? svgToPng(item.data, 320) : Buffer.from(item.data, 'base64');
      got = await decodeWithZxing(png);
    } catch (e) {
      got = Buffer.from(`(decoder threw: ${e.message})`);
    }
    if (got && got.equals(Buffer.from(item.expected, 'utf8'))) decoded++;
    else failures.push({ ref: item.ref, got: got ? got.toString('utf8').slice(0, 120) : null });
  }
  parentPort.postMessage({ decoded, failures });
});
