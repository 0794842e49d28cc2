#!/usr/bin/env node
// SPDX-License-Identifier: MIT
// A before/after sheet of designs whose drawing changed: each row is one design, rendered by a
// build of the engine before the change (left) and by this one (right), for docs/gallery.
//   node scripts/gallery-before-after.mjs BEFORE_DIST OUT.png SET
// BEFORE_DIST: a dist/ folder built from the earlier commit; SET: `logo-windows`, `diamond`,
// `eye-edges` (a version-33 code at 1000 px, the top-right eye's left edge magnified 6x),
// `drawn-lookalike` (the mask drawn instead when a styled drawing fooled ZXing Java's finder
// search), `large-pitch` (whole pixels per module for styled codes from version 25) or
// `alignment-centre` (a version-2 code at 8 px per module, its alignment pattern magnified 3x,
// for each body that rounds the pattern's centre module) or `edge-corner` (the round eye
// frames, whose corner beside the symbol's edge zbar walks along) or `ball-power` (round balls
// in square and leaf frames, the star and the leaf frame's square ball there; the top-left
// eye of a version-1 code magnified 2x).
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
// A random text whose classy-rounded drawing fooled ZXing Java's finder search (docs/rendering.md, "Mask choice").
sets['drawn-lookalike'] = [
  ['..8nWAG3&VNfDD_F$?s+16rz(,hU@xew9PqsB#;EnGFQ8@RM4EcH_IG/g7/Um l?B-W7g2?LlcKR0mcm +;Me;sd*5C==ITu/X1G6UVaOCy4*0' +
    '+hRA=gpAinjxWK=kl[c3znDoH-X#,9cKZg]i$*d)3mAXbbIsM6B(PcjA/2JSbw ufDQ;yS A9V*Fn#w#G+W3sdGr)_&!jcH.3]l.Wng_R!?()N' +
    'Tgs:QvUO$Lv42WMdT& $.Q+U1zYXIJ6q+E?;dJ3]xb7A[swy&8mw6+?d]_&OCSs@qExT4+NLMfv?KZ6T-GQjtfryi9h$12BvpzQWs;d LXG.oX' +
    'ZsxNjZb-11N_vQQ/[Iw@8t*O8*5_cFBFN[!=l~)Lw,s_[8e#RV#?))v6mii94U8H0]bx!@lF;Y;(c[f+/S(n1LwaSzWDdnM[C(_FyOn(ZF1fqk' +
    'MEWTj1dVl2,kdeX43Xi9u3!=MRJWzmQ,i+5UmXL!XGb$s',
  { error_correction: 'L', shapes: { body: 'classy-rounded', eye_frame: 'circle', eye_ball: 'diamond' } }],
];
// A version-32 code at 733 px: 4.71 px per module before, 4 whole pixels after (docs/rendering.md, "Raster").
sets['large-pitch'] = [[large.slice(0, 1500), { error_correction: 'M', shapes: { body: 'rounded' } }]];
// A version-2 text (25 modules; the alignment pattern's centre is module 18, 18).
sets['alignment-centre'] = ['rounded', 'extra-rounded', 'classy', 'dots'].map((body) =>
  ['Alignment pattern, v2 M', { error_correction: 'M', shapes: { body, eye_frame: 'rounded', eye_ball: 'circle' } }]);
sets['edge-corner'] = [
  ['https://example.com/landing?id=42', { shapes: { body: 'dots', eye_frame: 'extra-rounded', eye_ball: 'rounded' } }],
  ['https://example.com/landing?id=42', { shapes: { body: 'rounded', eye_frame: 'leaf', eye_ball: 'leaf' } }],
  ['https://example.com/landing?id=42', { shapes: { body: 'square', eye_frame: 'circle', eye_ball: 'circle' } }],
];
sets['ball-power'] = [['square', 'circle'], ['square', 'leaf'], ['leaf', 'circle'], ['square', 'star'], ['leaf', 'square']].map(([frame, ball]) =>
  ['Ball power', { error_correction: 'M', shapes: { eye_frame: frame, eye_ball: ball } }]);
const tileSize = { 'drawn-lookalike': 462, 'large-pitch': 733, 'edge-corner': 300 };
// eye-edges: 1000 px renders, 36 x 36 px around the top-right frame's left edge at its centre
// row (version 33: the frame starts at 924.57 px before the change), shown 6x.
// alignment-centre: 264 px renders (8 px per module), the 9 x 9 modules around the pattern.
const crops = {
  'eye-edges': { left: 908, top: 36, width: 36, height: 36, zoom: 6, render: 1000 },
  'ball-power': { left: 42, top: 42, width: 126, height: 126, zoom: 2, render: 406 },
  'alignment-centre': { left: (4 + 18 - 4) * 8, top: (4 + 18 - 4) * 8, width: 72, height: 72, zoom: 3, render: 264 },
};
const crop = crops[set] ?? null;
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
