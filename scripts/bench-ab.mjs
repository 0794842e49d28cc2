#!/usr/bin/env node
// SPDX-License-Identifier: MIT
// Paired A/B of two builds of the package in one process (docs/performance.md, issue 18):
//   node --expose-gc scripts/bench-ab.mjs BEFORE_DIST AFTER_DIST [REPEATS]
// e.g. a build of main in build/dist-before against dist/. Each repeat times the bench's qredge
// tasks (renderPayload with JSON text, as scripts/bench.mjs calls it) with both builds back to
// back, in alternating order; the figure is the median of the per-repeat ratios after/before,
// which cancels machine load that drifts more slowly than one repeat.
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PNG } from 'pngjs';

const [beforeDir, afterDir, repeats] = process.argv.slice(2);
if (!beforeDir || !afterDir) {
  console.error('usage: node --expose-gc scripts/bench-ab.mjs BEFORE_DIST AFTER_DIST [REPEATS]');
  process.exit(2);
}
const load = (dir) => import(pathToFileURL(resolve(dir, 'node.mjs')).href);
const A = await load(beforeDir);
const B = await load(afterDir);
await A.init(); await B.init();
const payloads = Array.from({ length: 1000 }, (_, i) => `https://example.com/p/${i}?utm_source=qrkit&utm_campaign=launch-${i % 37}`);
const png = new PNG({ width: 64, height: 64 });
for (let y = 0; y < 64; y++) for (let x = 0; x < 64; x++) png.data.set((x - 31.5) ** 2 + (y - 31.5) ** 2 < 900 ? [200, 30, 30, 255] : [255, 255, 255, 255], (y * 64 + x) * 4);
const logo = `data:image/png;base64,${PNG.sync.write(png).toString('base64')}`;
const styled = (l) => JSON.stringify({ shapes: { body: 'rounded', eye_frame: 'circle', eye_ball: 'circle' }, gradient: { start: '#1d4ed8', end: '#312e81', type: 'linear-diagonal' }, ...(l ? { logo: { url: logo } } : {}) });
const o = (f, s) => JSON.stringify({ format: f, size: s, margin: 4 });
// The bench's qredge tasks (scripts/bench.mjs): renderPayload with the design and output as JSON text.
const tasks = {
  'plain svg': ['{}', o('svg', 490), 1000], 'plain png': ['{}', o('png', 490), 1000],
  'styled svg': [styled(false), o('svg', 512), 300], 'styled+logo svg': [styled(true), o('svg', 512), 300],
  'styled png': [styled(false), o('png', 512), 40], 'styled+logo png': [styled(true), o('png', 512), 40],
};
const time = (q, [d, out, n]) => { const t = performance.now(); for (let i = 0; i < n; i++) q.renderPayload(payloads[i], d, out).data; return performance.now() - t; };
for (const t of Object.values(tasks)) for (let w = 0; w < 3; w++) { time(A, t); time(B, t); }
const REP = Number(repeats ?? 31);
const med = (x) => [...x].sort((p, q) => p - q)[x.length >> 1];
const q = (x, f) => [...x].sort((p, r) => p - r)[Math.floor((x.length - 1) * f)];
console.log(`paired A/B, ${REP} repeats: after/before time per code (median, quartiles); < 1 is faster`);
for (const [name, t] of Object.entries(tasks)) {
  const ratios = [];
  for (let r = 0; r < REP; r++) {
    let a, b;
    if (r % 2) { a = time(A, t); b = time(B, t); } else { b = time(B, t); a = time(A, t); }
    ratios.push(b / a);
  }
  console.log(name.padEnd(18), med(ratios).toFixed(3), `(${q(ratios, 0.25).toFixed(3)}–${q(ratios, 0.75).toFixed(3)})`);
}
