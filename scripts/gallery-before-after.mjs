#!/usr/bin/env node
// SPDX-License-Identifier: MIT
// A before/after sheet of designs whose drawing changed: each row is one design, rendered by a
// build of the engine before the change (left) and by this one (right), for docs/gallery.
//   node scripts/gallery-before-after.mjs BEFORE_DIST OUT.png SET
// BEFORE_DIST: a dist/ folder built from the earlier commit; SET: `logo-windows` or `diamond`.
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import sharp from 'sharp';
import { logoRing, logoStripes } from '../tests/js/helpers/matrix.mjs';

const [beforeDist, out, set] = process.argv.slice(2);
const before = await import(pathToFileURL(resolve(beforeDist, 'node.mjs')).href);
const after = await import(pathToFileURL(resolve('dist', 'node.mjs')).href);
await before.init();
await after.init();

// The textured logos of the scannability matrix.
const badge = logoRing();
const stripes = logoStripes();
const v8 = 'https://example.com/p/500?utm_source=qrkit&utm_campaign=launch-19';
const v14 = `https://example.com/${'abcdefghijklmnopqrstuvwxyz0123456789'.repeat(5).slice(0, 170)}`;
const sets = {
  'logo-windows': [
    [v8, { logo: { url: badge, size: 0.3, clear_background: true }, shapes: { body: 'rounded' } }],
    [v8, { logo: { url: stripes, size: 0.25 }, shapes: { body: 'dots' } }],
    [v14, { logo: { url: badge, size: 0.3, clear_background: true } }],
  ],
  diamond: [
    ['https://example.com/landing?id=42', { shapes: { body: 'diamond', eye_frame: 'rounded', eye_ball: 'diamond' } }],
    [v8, { shapes: { body: 'diamond', eye_frame: 'circle', eye_ball: 'circle' }, gradient: { start: '#1d4ed8', end: '#7c2d12', type: 'radial' } }],
  ],
};
const rows = sets[set];
const size = 220, gap = 10;
const tiles = [];
rows.forEach(([destination, design], i) => {
  for (const [j, engine] of [before, after].entries()) {
    const r = engine.render({ destination }, design, { format: 'png', size });
    tiles.push({ input: Buffer.from(r.data), left: gap + j * (size + gap), top: gap + i * (size + gap) });
  }
});
await sharp({ create: { width: 2 * size + 3 * gap, height: rows.length * (size + gap) + gap, channels: 3, background: '#d4d4d8' } })
  .composite(tiles).png({ palette: true, colours: 64, compressionLevel: 9 }).toFile(out);
console.log(`wrote ${out}: ${rows.length} designs, before (left) and after (right)`);
