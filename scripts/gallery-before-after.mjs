#!/usr/bin/env node
// SPDX-License-Identifier: MIT
// A before/after sheet of designs whose drawing changed: each row is one design, rendered by a
// build of the engine before the change (left) and by this one (right), for docs/gallery.
//   node scripts/gallery-before-after.mjs BEFORE_DIST OUT.png SET
// BEFORE_DIST: a dist/ folder built from the earlier commit; SET: `logo-windows`, `diamond`,
// `eye-edges` (a version-33 code at 1000 px, the top-right eye's left edge magnified 6x),
// `drawn-lookalike` (the mask drawn instead when a styled drawing fooled ZXing Java's finder
// search) or `large-pitch` (whole pixels per module for styled codes from version 25).
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
const large = 'large version payload: abcdefghijklmnopqrstuvwxyz 0123456789. '.repeat(60).slice(0, 2000);
sets['eye-edges'] = [
  [large, { error_correction: 'L', shapes: { body: 'diamond' } }],
  [large, { error_correction: 'L', shapes: { body: 'rounded' }, gradient: { start: '#1d4ed8', end: '#312e81', type: 'linear-diagonal' } }],
];
// sweep-designs seed 14, case 62 (docs/rendering.md, "Mask choice").
sets['drawn-lookalike'] = [
  ['J(zx(!qmt(QNvIFhs,äpbr&F?qinäk.#,sO64NküK✓]6:q#gj4e!bltM:SWdX8)4fQCwG[iy+xW✓T_NZaMF /8f82zk~P5UGWC.ü$4✓eZ8' +
    'RXo8AJ.[d€j# uWuGd9rr)~ _VäDFi8E€j@2@(]u&X:B:HW04V2M4B4Fxsf$)g8w#QHR/s]A[j!R22C6XM[✓y?ß2;üD3]hsk$Au4q@wO;Dn@zq@B EM;Ll' +
    ':2*t%r✓xJ~cX @✓_T:c l_C/HshQUh!!lnCu0ppc76fm#f1w',
  { error_correction: 'M', shapes: { body: 'classy-rounded', eye_frame: 'circle', eye_ball: 'diamond' } }],
];
// A version-32 code at 733 px: 4.71 px per module before, 4 whole pixels after (docs/rendering.md, "Raster").
sets['large-pitch'] = [[large.slice(0, 1500), { error_correction: 'M', shapes: { body: 'rounded' } }]];
const tileSize = { 'drawn-lookalike': 462, 'large-pitch': 733 };
// eye-edges: 1000 px renders, 36 x 36 px around the top-right frame's left edge at its centre
// row (version 33: the frame starts at 924.57 px before the change), shown 6x.
const crop = set === 'eye-edges' ? { left: 908, top: 36, width: 36, height: 36, zoom: 6, render: 1000 } : null;
const rows = sets[set];
const size = crop ? crop.width * crop.zoom : tileSize[set] ?? 220, gap = 10;
const tiles = [];
for (const [i, [destination, design]] of rows.entries()) {
  for (const [j, engine] of [before, after].entries()) {
    const text = destination.startsWith('https://') ? null : destination;
    const target = text ? { type: 'text', text } : { destination };
    const r = engine.render(target, design, { format: 'png', size: crop ? crop.render : size });
    const input = crop
      ? await sharp(Buffer.from(r.data)).extract({ left: crop.left, top: crop.top, width: crop.width, height: crop.height }).resize(size, size, { kernel: 'nearest' }).png().toBuffer()
      : Buffer.from(r.data);
    tiles.push({ input, left: gap + j * (size + gap), top: gap + i * (size + gap) });
  }
}
await sharp({ create: { width: 2 * size + 3 * gap, height: rows.length * (size + gap) + gap, channels: 3, background: '#d4d4d8' } })
  .composite(tiles).png({ palette: true, colours: 64, compressionLevel: 9 }).toFile(out);
console.log(`wrote ${out}: ${rows.length} designs, before (left) and after (right)`);
