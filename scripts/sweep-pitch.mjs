#!/usr/bin/env node
// SPDX-License-Identifier: MIT
// How the panel reads codes by pixels per module, under each camera condition: qredge's plain
// code, qredge's styled codes (one per body given) and ZXing's own encoding of the same texts,
// drawn at the same image sizes. Where a decoder misses at some pitch whatever draws the code,
// the limit is the decoder's (docs/rendering.md, "Scannability checks").
//   node scripts/sweep-pitch.mjs [--count 12] [--ppm 4,6,8,12,16,21,28] [--condition blur-0.3,...]
//                                [--bodies rounded,dots] [--eyes rounded/circle] [--decoders zxing-java,zxing-cpp]
// Texts: URLs and sentences of versions 2-6, levels L, M, Q, H in turn. Prints one line per
// condition and pitch: "read / drawn" per decoder for each kind of drawing. ZXing's writer
// draws whole pixels per module: at a fractional pitch its codes have the whole part.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { encodeWithZxing, readWithPanel } from '../tests/js/helpers/panel.mjs';
import { CONDITIONS } from '../tests/js/helpers/conditions.mjs';

// A PNG's width, from its IHDR chunk.
const readPngWidth = (png) => png.readUInt32BE(16);

const { init, render } = await import(pathToFileURL(resolve(process.env.QREDGE_DIST ?? 'dist', 'node.mjs')).href);
const { values: opt } = parseArgs({ options: {
  count: { type: 'string', default: '12' },
  ppm: { type: 'string', default: '4,6,8,12,16,21,28' },
  condition: { type: 'string', default: 'blur-0.3' },
  bodies: { type: 'string', default: 'rounded,dots' },
  eyes: { type: 'string', default: 'rounded/circle' },
  decoders: { type: 'string', default: 'zxing-java,zxing-cpp' },
} });
await init();
const list = (s) => s.split(',').filter(Boolean);
const pitches = list(opt.ppm).map(Number);
const conditions = list(opt.condition);
for (const c of conditions) if (c !== 'clean' && !CONDITIONS[c]) throw new Error(`unknown condition ${c} (${Object.keys(CONDITIONS).join(', ')}, clean)`);
const decoders = list(opt.decoders);
const [frame, ball] = opt.eyes.split('/');
const drawings = [['plain', {}], ...list(opt.bodies).map((body) => [body, { shapes: { body, eye_frame: frame, eye_ball: ball } }])];

const texts = Array.from({ length: Number(opt.count) }, (_, i) => ({
  text: i % 2 ? `https://example.com/item/${(i + 1) * 7919}?ref=pitch-${i}` : `Pitch sweep ${i}: ${'quick brown fox '.repeat(1 + (i % 5))}`,
  ecc: 'LMQH'[i % 4],
}));
const cases = [];
for (const t of texts) {
  const modules = render({ type: 'text', text: t.text }, { error_correction: t.ecc }, { format: 'png', size: 64 }).modules;
  for (const ppm of pitches) cases.push({ ...t, modules, ppm, size: Math.round((modules + 8) * ppm) });
}

// ZXing's own encoding of each case at the same pitch: its encoding can take a larger version
// (it adds a UTF-8 ECI), so it is first drawn at one pixel per module to learn its width.
const zxingSide = encodeWithZxing(cases.map((c) => ({ size: 0, ecc: c.ecc, text: c.text }))).map(readPngWidth);
const zxingSize = (c, i) => Math.round(zxingSide[i] * c.ppm);
const zxingPngs = encodeWithZxing(cases.map((c, i) => ({ size: zxingSize(c, i), ecc: c.ecc, text: c.text })));
const images = [], meta = [];
for (const [i, c] of cases.entries()) {
  const drawn = drawings.map(([who, design]) => {
    const r = render({ type: 'text', text: c.text }, { ...design, error_correction: c.ecc }, { format: 'png', size: c.size, margin: 4 });
    return [who, Buffer.from(r.data), r.scan.px_per_module];
  });
  // ZXing's writer draws whole pixels per module (at 3.5, 3), and pads the rest.
  drawn.push(['zxing', zxingPngs[i], Math.floor(zxingSize(c, i) / zxingSide[i])]);
  for (const [who, png, pxPerModule] of drawn) for (const condition of conditions) {
    images.push(condition === 'clean' ? png : await CONDITIONS[condition](png, { pxPerModule, lightestDark: 0 }));
    meta.push({ who, condition, ppm: c.ppm, text: c.text });
  }
}
const reads = await readWithPanel(images, { decoders });
const tally = new Map();
reads.forEach((r, i) => {
  const m = meta[i], key = `${m.condition}|${m.ppm}|${m.who}`;
  const t = tally.get(key) ?? { n: 0, read: Object.fromEntries(decoders.map((d) => [d, 0])) };
  t.n++;
  for (const d of decoders) if (r[d]?.bytes.toString() === m.text) t.read[d]++;
  tally.set(key, t);
});
const kinds = [...drawings.map(([who]) => who), 'zxing'];
console.log(`sweep-pitch: ${texts.length} texts, ${images.length} images; each cell: ${decoders.join(' / ')} read of drawn`);
console.log(['condition', 'px/module', ...kinds.map((k) => (k === 'zxing' ? "ZXing's own" : k === 'plain' ? 'qredge plain' : `qredge ${k}`))].join('\t'));
for (const condition of conditions) for (const ppm of pitches) {
  const cells = kinds.map((k) => { const t = tally.get(`${condition}|${ppm}|${k}`); return `${decoders.map((d) => t.read[d]).join(' / ')} of ${t.n}`; });
  console.log([condition, ppm, ...cells].join('\t'));
}
