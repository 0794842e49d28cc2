// SPDX-License-Identifier: MIT
// The raster path against frozen renders of the one before it (tests/golden/raster-before/,
// made by the renderer at f48d021, before the faster styled path of issue 21): every golden
// design and the bench's styled and framed designs at 200 px (a fractional pitch), the bench's
// styled design also at its 512 px, must look the same. Speed work may move an anti-aliased edge by a level
// (integer blending instead of floating point), never more: the worst channel difference and
// the mean difference per channel are bounded. The references are not goldens: they are
// regenerated (RASTER_REFERENCE_UPDATE=1) only when the picture itself is meant to change.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PNG } from 'pngjs';
import { init, render } from './helpers/qredge.mjs';
import { goldenDesigns } from './helpers/golden-designs.mjs';

const dir = resolve(dirname(fileURLToPath(import.meta.url)), '../golden/raster-before');
const update = process.env.RASTER_REFERENCE_UPDATE === '1';
const target = { destination: 'https://example.com/p/500?utm_source=qrkit&utm_campaign=launch-19' };

// scripts/bench.mjs's styled workload, and the same in its ticket frame.
const benchStyled = { shapes: { body: 'rounded', eye_frame: 'circle', eye_ball: 'circle' },
  gradient: { start: '#1d4ed8', end: '#312e81', type: 'linear-diagonal' } };
const designs = { ...goldenDesigns, 'bench-styled': benchStyled,
  'bench-framed': { ...benchStyled, frame: { style: 'ticket', text: 'Scan me', color: '#1e3a8a' } } };

// Largest channel difference allowed at any pixel, and the largest mean difference per channel
// (over every channel of every pixel).
const MAX_LEVELS = 2;
const MAX_MEAN = 0.05;

function difference(actual, expected) {
  const a = PNG.sync.read(Buffer.from(actual)), e = PNG.sync.read(Buffer.from(expected));
  if (a.width !== e.width || a.height !== e.height) return { size: false };
  let worst = 0, sum = 0;
  for (let i = 0; i < a.data.length; i++) {
    const d = Math.abs(a.data[i] - e.data[i]);
    sum += d;
    if (d > worst) worst = d;
  }
  return { size: true, worst, mean: sum / a.data.length };
}

beforeAll(() => init());

// Every design at 200 px, the bench's styled design also at its 512 px (the references stay small).
const cases = Object.entries(designs).flatMap(([name, design]) =>
  (name === 'bench-styled' ? [512, 200] : [200]).map((size) => [`${name}-${size}`, design, size]));

test.each(cases)('%s looks as it did before', (file, design, size) => {
  const png = render(target, design, { format: 'png', size }).data;
  const path = resolve(dir, `${file}.png`);
  if (update) {
    // Stored re-encoded at zlib level 9 (same pixels, smaller file).
    mkdirSync(dir, { recursive: true });
    const img = PNG.sync.read(Buffer.from(png));
    const opaque = img.data.every((v, i) => i % 4 !== 3 || v === 255);
    writeFileSync(path, PNG.sync.write(img, { deflateLevel: 9, colorType: opaque ? 2 : 6 }));
  }
  expect(existsSync(path)).toBe(true);
  const d = difference(png, readFileSync(path));
  expect(d.size).toBe(true);
  expect(d.worst).toBeLessThanOrEqual(MAX_LEVELS);
  expect(d.mean).toBeLessThanOrEqual(MAX_MEAN);
});

test('the comparison can fail', () => {
  const a = render(target, designs['bench-styled'], { format: 'png', size: 512 }).data;
  const b = render(target, { ...benchStyled, gradient: { ...benchStyled.gradient, end: '#322e81' } }, { format: 'png', size: 512 }).data;
  const d = difference(a, b);
  expect(d.worst).toBeGreaterThan(0);  // one level of red at the gradient's end is seen...
  expect(d.worst).toBeLessThanOrEqual(1);
  const c = render(target, { ...benchStyled, shapes: { ...benchStyled.shapes, body: 'square' } }, { format: 'png', size: 512 }).data;
  expect(difference(a, c).worst).toBeGreaterThan(MAX_LEVELS);  // ...and another shape fails
});
