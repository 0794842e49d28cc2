// SPDX-License-Identifier: MIT
// Measures validating a 1000-item batch against rendering it (SVG and PNG) and prints the
// numbers. Nothing is asserted about time (machines differ); the checks are that every item
// validates and renders.
import { debugBuild, init, renderBatch, validateBatch } from './helpers/qredge.mjs';

beforeAll(() => init());

const targets = [
  (i) => ({ destination: `https://example.com/p/${i}?ref=print`, utm: { source: 'qr', campaign: `c${i}` } }),
  (i) => ({ text: `Item ${i}: ${'lorem ipsum '.repeat(8)}` }),
  (i) => ({ email: `user${i}@example.com`, subject: `Hello ${i}`, message: 'Line 1\nLine 2' }),
  (i) => ({ phone: `+49 30 ${1000000 + i}`, message: `Code ${i}` }),
  (i) => ({ ssid: `Net ${i}`, password: `password-${i}` }),
  (i) => ({ title: `Event ${i}`, start: '2026-05-01T18:00:00+02:00', end: '2026-05-01T20:00:00+02:00', location: 'Berlin' }),
];
const request = {
  items: Array.from({ length: 1000 }, (_, i) => ({ target: targets[i % targets.length](i), name: `n${i}`, tags: ['a', 'b'] })),
};

const ms = (t0) => Number(process.hrtime.bigint() - t0) / 1e6;

// The debug build's timings mean nothing (SAFE_HEAP): there it validates once, without warm-up,
// and the checks stay the same.
const REPEATS = debugBuild ? 1 : 5;

test('validating 1000 items vs rendering them', async () => {
  if (!debugBuild) validateBatch(request);  // warm-up
  const runs = [];
  for (let r = 0; r < REPEATS; r++) {
    const t0 = process.hrtime.bigint();
    const v = validateBatch(request);
    runs.push(ms(t0));
    expect(v.ok).toBe(true);
    expect(v.items.filter((i) => !i.ok)).toEqual([]);
  }
  const text = JSON.stringify(request);
  const t1 = process.hrtime.bigint();
  validateBatch(text);
  const fromText = ms(t1);
  const timings = {};
  for (const format of ['svg', 'png']) {
    const t0 = process.hrtime.bigint();
    let n = 0;
    for await (const item of renderBatch(request, { format, size: 256 })) {
      expect(item.ok).toBe(true);
      n++;
    }
    timings[format] = ms(t0);
    expect(n).toBe(1000);
  }
  const median = [...runs].sort((a, b) => a - b)[REPEATS >> 1];
  console.log([
    `validateBatch, 1000 items (object, median of ${REPEATS}): ${median.toFixed(1)} ms`,
    `validateBatch, 1000 items (JSON text ${(text.length / 1024).toFixed(0)} KiB): ${fromText.toFixed(1)} ms`,
    `renderBatch svg 256 px: ${timings.svg.toFixed(0)} ms  (${(timings.svg / median).toFixed(0)}x validation)`,
    `renderBatch png 256 px: ${timings.png.toFixed(0)} ms  (${(timings.png / median).toFixed(0)}x validation)`,
  ].join('\n'));
});
