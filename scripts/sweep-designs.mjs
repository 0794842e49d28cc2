#!/usr/bin/env node
// SPDX-License-Identifier: MIT
// Random designs outside the scannability matrix, read by the whole decoder panel: seeded
// random payloads (versions 1-40), every body, eye frame and ball, gradients, colours, eye
// colours, generated logos (flat, two-tone, checkered; cleared or not), transparent
// backgrounds, 200-1000 px, SVG and PNG. The matrix is what the gate holds; this looks for what
// it does not cover (docs/rendering.md, "Scannability checks"). Prints every render some panel
// decoder missed, with the same design as plain and with square eyes for comparison, and the
// share per version band; exits 1 when a panel decoder missed a render.
//   node scripts/sweep-designs.mjs [--seed N] [--count N]
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { pngUrl } from '../tests/js/helpers/matrix.mjs';
import { PANEL, misses, panelPng, readWithPanel } from '../tests/js/helpers/panel.mjs';

// The engine under test: dist/, or the build folder QREDGE_DIST names (to compare two builds).
const { init, render } = await import(pathToFileURL(resolve(process.env.QREDGE_DIST ?? 'dist', 'node.mjs')).href);

const { values: opt } = parseArgs({ options: { seed: { type: 'string', default: '7' }, count: { type: 'string', default: '400' } } });
await init();

// mulberry32: a small seeded generator, so a run can be repeated exactly.
let state = Number(opt.seed) >>> 0;
function rnd() {
  state = (state + 0x6D2B79F5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = (a) => a[Math.floor(rnd() * a.length)];
const BODIES = ['square', 'rounded', 'dots', 'extra-rounded', 'classy', 'classy-rounded', 'diamond', 'vertical-bars', 'horizontal-bars'];
const FRAMES = ['square', 'rounded', 'extra-rounded', 'circle', 'leaf'];
const BALLS = ['square', 'rounded', 'circle', 'diamond', 'leaf', 'star'];
const dark = () => `#${[0x50, 0x50, 0x70].map((m) => Math.floor(rnd() * m).toString(16).padStart(2, '0')).join('')}`;
const CHARS = [...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 -._~:/?#[]@!$&()*+,;=%äöüß€✓'];

function logo() {
  const n = 64 + Math.floor(rnd() * 100);
  const kind = Math.floor(rnd() * 3);
  const c1 = [0, 0, 0].map(() => Math.floor(rnd() * 256)), c2 = [0, 0, 0].map(() => Math.floor(rnd() * 256));
  return pngUrl(n, (x, y) => {
    const r = Math.hypot(x - n / 2, y - n / 2) / (n / 2);
    const c = kind === 0 ? (r < 0.5 ? c1 : c2) : kind === 1 ? (((x >> 3) + (y >> 3)) % 2 ? c1 : c2) : c1;
    return [...c, kind === 2 && r > 0.95 ? 0 : 255];
  });
}

function randomCase() {
  const text = Array.from({ length: Math.floor(10 ** (1 + rnd() * 2.5)) }, () => pick(CHARS)).join('');
  const design = { error_correction: pick(['L', 'M', 'Q', 'H']), shapes: { body: pick(BODIES), eye_frame: pick(FRAMES), eye_ball: pick(BALLS) } };
  if (rnd() < 0.4) design.gradient = { start: dark(), end: dark(), type: pick(['linear-top-to-bottom', 'linear-left-to-right', 'linear-diagonal', 'radial']) };
  else if (rnd() < 0.3) design.colors = { foreground: dark(), background: '#ffffff' };
  if (rnd() < 0.2) design.eye_colors = { frame: dark(), ball: dark() };
  if (rnd() < 0.3) design.logo = { url: logo(), size: 0.1 + rnd() * 0.2, clear_background: rnd() < 0.5 };
  if (rnd() < 0.1) design.transparent_background = true;
  return { target: { type: 'text', text }, design, output: { format: pick(['svg', 'png']), size: 200 + Math.floor(rnd() * 800) } };
}

const t0 = Date.now();
const rendered = [];
for (let i = 0; i < Number(opt.count); i++) {
  const c = randomCase();
  let r;
  try {
    r = render(c.target, c.design, c.output);
  } catch (e) {
    if (e.code === 'data_too_long') continue;  // more than the level holds: refused, as it should be
    throw e;
  }
  if (r.scan.px_per_module < 3) continue;  // under 3 px per module the render warns
  rendered.push({ i, c, r, png: await panelPng(r.data, c.output.size) });
}
const results = await readWithPanel(rendered.map((x) => x.png), { decoders: PANEL });
// QREDGE_SWEEP_DUMP=dir: write each missed render's panel image there, to look at.
if (process.env.QREDGE_SWEEP_DUMP) {
  const { mkdirSync, writeFileSync } = await import('node:fs');
  mkdirSync(process.env.QREDGE_SWEEP_DUMP, { recursive: true });
  // QREDGE_SWEEP_DUMP_ALL=1: every render, read or not (to compare two builds' pictures).
  rendered.forEach((x, k) => {
    if (process.env.QREDGE_SWEEP_DUMP_ALL || misses(results[k], x.r.payload, PANEL).length) writeFileSync(`${process.env.QREDGE_SWEEP_DUMP}/${x.i}.png`, x.png);
  });
}
// A ZXing Java miss carries where it gave up (tests/panel/ZXingStage.java): "finder", or
// "size:N", the size it sampled (the render's is x.r.modules).
const missed = rendered.map((x, k) => ({ ...x, m: misses(results[k], x.r.payload, PANEL)
  .map((d) => (d === 'zxing-java' && results[k].javaStage ? `${d} [${results[k].javaStage} of ${x.r.modules}]` : d)) })).filter((x) => x.m.length);

// The same payload and size as a plain code and with square eyes, for each miss.
const compare = [];
for (const x of missed) {
  for (const [kind, design] of [['plain', { error_correction: x.c.design.error_correction }],
    ['square eyes', { ...x.c.design, shapes: { ...x.c.design.shapes, eye_frame: 'square', eye_ball: 'square' } }]]) {
    const r = render(x.c.target, design, x.c.output);
    compare.push({ x, kind, r, png: await panelPng(r.data, x.c.output.size) });
  }
}
const again = await readWithPanel(compare.map((y) => y.png), { decoders: PANEL });
const band = (v) => (v < 7 ? 'versions 1-6' : v < 15 ? 'versions 7-14' : v < 25 ? 'versions 15-24' : 'versions 25-40');
const missedIds = new Set(missed.map((x) => x.i));
const bands = {};
for (const x of rendered) {
  const b = (bands[band(x.r.version)] ??= { renders: 0, missed: 0 });
  b.renders++;
  if (missedIds.has(x.i)) b.missed++;
}
for (const x of missed) {
  const { shapes, logo: l, ...rest } = x.c.design;
  const desc = `${shapes.body}/${shapes.eye_frame}/${shapes.eye_ball}${l ? ` logo ${l.size.toFixed(2)}${l.clear_background ? ' cleared' : ''}` : ''} ${JSON.stringify(rest)}`;
  const others = compare.map((y, k) => ({ y, k })).filter(({ y }) => y.x === x)
    .map(({ y, k }) => `${y.kind}: ${misses(again[k], y.r.payload, PANEL).join(',') || 'read'}`).join('; ');
  console.log(`#${x.i} v${x.r.version} ${x.c.output.format} ${x.c.output.size}px ${x.r.scan.px_per_module} px/module ${desc}: missed by ${x.m.join(', ')} (${others})`);
}
console.log(`sweep-designs (seed ${opt.seed}): ${rendered.length} renders, ${missed.length} missed by a panel decoder, ${((Date.now() - t0) / 1000).toFixed(0)} s`);
for (const [b, n] of Object.entries(bands).sort()) console.log(`  ${b}: ${n.missed} of ${n.renders}`);
process.exit(missed.length ? 1 : 0);
