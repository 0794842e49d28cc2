#!/usr/bin/env node
// SPDX-License-Identifier: MIT
// The styled PNG pixel check of docs/performance.md ("Styled PNG, fourth pass"): 648 styled
// renders (9 bodies x 6 paints x 64-1024 px x opaque/transparent: the RGB, RGBA and indexed
// writers), one line each: key, size, SHA-256 (16 hex digits) of the RGBA pngjs decodes, of the
// file, and the file's length. Two builds draw the same pixels when the first three columns
// of their outputs are equal; `big` draws 36 renders at 2048 and 4096 px instead.
//   node scripts/styled-png-hashes.mjs DIST [big] > out.txt
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createHash } from 'node:crypto';
import { PNG } from 'pngjs';
const dist = process.argv[2];
const big = process.argv[3] === 'big';
const Q = await import(pathToFileURL(resolve(dist, 'node.mjs')).href);
await Q.init();
const bodies = ['square', 'rounded', 'dots', 'extra-rounded', 'classy', 'classy-rounded', 'diamond', 'vertical-bars', 'horizontal-bars'];
const paints = [
  { gradient: { start: '#1d4ed8', end: '#312e81', type: 'linear-diagonal' } },
  { gradient: { start: '#7c2d12', end: '#1e3a8a', type: 'radial' } },
  { gradient: { start: '#14532d', end: '#111827', type: 'linear-left-to-right' } },
  { colors: { foreground: '#1d4ed8' } },
  { colors: { foreground: '#222222' }, eye_colors: { frame: '#b91c1c', ball: '#1e3a8a' } },
  { colors: { foreground: '#1e293b', background: '#fef9c3' }, gradient: { start: '#1e293b', end: '#3f1d38', type: 'linear-top-to-bottom' } },
];
const sizes = big ? [2048, 4096] : [64, 200, 333, 512, 777, 1024];
const eyes = [['circle', 'circle'], ['rounded', 'leaf'], ['extra-rounded', 'star'], ['leaf', 'diamond'], ['square', 'rounded']];
let n = 0, total = 0;
for (const [bi, body] of bodies.entries()) for (const [pi, paint] of paints.entries()) for (const size of sizes) for (const tr of [false, true]) {
  if (big && (pi > 1 || tr)) continue;
  const [ef, eb] = eyes[(bi + pi) % eyes.length];
  const design = { ...paint, shapes: { body, eye_frame: ef, eye_ball: eb }, ...(tr ? { transparent_background: true } : {}) };
  const payload = `https://example.com/h/${bi}-${pi}-${size}?x=${'abc'.repeat(bi + pi)}`;
  const r = Q.renderPayload(payload, JSON.stringify(design), JSON.stringify({ format: 'png', size, margin: 4 }));
  const bytes = Buffer.from(r.data);
  const img = PNG.sync.read(bytes);
  const h = (b) => createHash('sha256').update(b).digest('hex').slice(0, 16);
  console.log(`${body}/${pi}/${size}/${tr ? 't' : 'o'} ${img.width}x${img.height} ${h(img.data)} ${h(bytes)} ${bytes.length}`);
  n++; total += bytes.length;
}
console.error(`${n} renders, ${total} bytes`);
