#!/usr/bin/env node
// SPDX-License-Identifier: MIT
// The full decoder panel over the scannability matrix (tests/js/helpers/matrix.mjs): every
// render read by ZXing Java 3.4, ZXing-C++ 1.4, zxing-wasm and zbar (jsQR counted), then again
// under each simulated camera condition (tests/js/helpers/conditions.mjs). Prints the pass rate
// per decoder, per condition, for plain and styled codes; exits 1 unless the panel reads 100 %
// of the clean renders and, under each condition, 100 % of plain and >= 98 % of styled codes.
// A third row per condition, "zxing-ref", is the same plain payloads encoded and drawn by
// ZXing's own writer (Java 3.4) at the same size and level, degraded the same way: what each
// decoder reads of a reference code, so a decoder's own limit shows as such (not gated).
//   node scripts/panel.mjs [--update] [--no-conditions] [--group shapes|plain|logos|large|lookalikes|sizes]
// --update rewrites tests/panel/verified-renders.json with the renders every panel decoder read
// (the test gate decodes only renders missing from it) and tests/panel/known-misses.json with
// the clean renders some decoder missed (the gate tolerates exactly those, and no other).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { init, render } from '../dist/node.mjs';
import { matrixCases } from '../tests/js/helpers/matrix.mjs';
import { CONDITIONS } from '../tests/js/helpers/conditions.mjs';
import { COUNTED, PANEL, encodeWithZxing, misses, panelPng, readWithPanel } from '../tests/js/helpers/panel.mjs';
import { renderKey, KNOWN_MISSES, MANIFEST } from '../tests/js/helpers/verified.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { values: opt } = parseArgs({ options: {
  update: { type: 'boolean', default: false }, 'no-conditions': { type: 'boolean', default: false },
  group: { type: 'string' } } });

await init();
const t0 = Date.now();
const cases = (await matrixCases()).filter((c) => !opt.group || c.group === opt.group);
const rendered = [];
for (const c of cases) {
  const r = render(c.target, c.design, c.output);
  rendered.push({ c, r, key: renderKey(r, c.output), png: await panelPng(r.data, c.output.size) });
}
const decoders = [...PANEL, ...COUNTED];

// ZXing's writer draws a whole number of pixels per module and pads the rest of the image.
function zxingReferences(plain) {
  const pngs = encodeWithZxing(plain.map(({ c, r }) => ({ size: c.output.size, ecc: c.design.error_correction ?? 'M', text: r.payload })));
  return plain.map(({ c, r }, i) => ({ c, r: { ...r, scan: { px_per_module: Math.floor(c.output.size / (r.modules + 8)) } },
    png: pngs[i], reference: true }));
}
const tally = {};  // condition -> plain|styled -> decoder -> { read, of }
// condition -> plain|styled|zxing-ref -> where ZXing Java gave up on the images it missed:
// the finder search (fewer than three, or a look-alike taken for one), the symbol's size (its
// module size gave no QR size or a wrong one), or the decoding of the sampled modules
// (tests/panel/ZXingStage.java). A ZXing reference is
// taken to have qredge's size (the same payload and level; true of the matrix's payloads).
const javaMisses = {};
function javaCause(stage, modules) {
  if (stage === 'finder' || stage === 'lookalike') return stage;
  const across = Number(stage?.match(/^size:(\d+)$/)?.[1]);
  if (Number.isNaN(across)) return 'unknown';
  return across === modules ? 'decode' : 'size';
}
const failures = [];
const verified = {};
const knownMisses = {};  // label -> decoders that missed the clean render
async function pass(condition, images) {
  const results = await readWithPanel(images.map((x) => x.png));
  results.forEach((res, i) => {
    const { c, r, reference } = images[i].from;
    const kind = reference ? 'zxing-ref' : c.group === 'plain' ? 'plain' : 'styled';
    const missed = misses(res, r.payload, decoders);
    for (const d of decoders) {
      const t = ((tally[condition] ??= {})[kind] ??= {})[d] ??= { read: 0, of: 0 };
      t.of++;
      if (!missed.includes(d)) t.read++;
    }
    if (missed.includes('zxing-java')) {
      const per = (javaMisses[condition] ??= {})[kind] ??= {};
      const cause = javaCause(res.javaStage, r.modules);
      per[cause] = (per[cause] ?? 0) + 1;
    }
    const panelMissed = missed.filter((d) => PANEL.includes(d));
    if (reference) return;
    if (panelMissed.length) failures.push(`${condition}: ${c.label}: ${panelMissed.join(', ')}`);
    if (condition !== 'clean') return;
    if (panelMissed.length) knownMisses[c.label] = panelMissed;
    else verified[images[i].from.key] = c.label;
  });
}
await pass('clean', rendered.map((x) => ({ png: x.png, from: x })));
if (!opt['no-conditions']) {
  const references = zxingReferences(rendered.filter((x) => x.c.group === 'plain'));
  for (const [name, apply] of Object.entries(CONDITIONS)) {
    const images = [];
    for (const x of [...rendered, ...references]) {
      images.push({ png: await apply(x.png, { pxPerModule: x.r.scan.px_per_module,
        lightestDark: lightestDark(x.c.design) }), from: x });
    }
    await pass(name, images);
  }
}

// ZXing's luma of the lightest dark colour a design draws (black by default).
function lightestDark(design) {
  const colours = [design.gradient ? [design.gradient.start, design.gradient.end] : [design.colors?.foreground ?? '#000000'],
    design.eye_colors?.frame, design.eye_colors?.ball].flat().filter(Boolean);
  const luma = (hex) => {
    const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
    return (306 * r + 601 * g + 117 * b + 512) >> 10;
  };
  return Math.max(...colours.map(luma));
}

const pct = (t) => (t ? `${(100 * t.read / t.of).toFixed(1)} % (${t.read}/${t.of})` : '-');
console.log(`panel: ${cases.length} renders, ${Object.keys(tally).length} conditions, ${((Date.now() - t0) / 1000).toFixed(0)} s`);
console.log(`${'condition'.padEnd(14)} ${'kind'.padEnd(9)} ${decoders.map((d) => d.padEnd(22)).join(' ')}`);
let ok = true;
for (const [cond, kinds] of Object.entries(tally)) for (const [kind, per] of Object.entries(kinds)) {
  console.log(`${cond.padEnd(14)} ${kind.padEnd(9)} ${decoders.map((d) => pct(per[d]).padEnd(22)).join(' ')}`);
  if (kind === 'zxing-ref') continue;
  const need = cond === 'clean' || kind === 'plain' ? 1 : 0.98;
  for (const d of PANEL) if (per[d].read / per[d].of < need) ok = false;
}
// A wrong size is ZXing Java's arithmetic, not the drawing: it measures the module size from a
// finder's width in whole pixels, and from about version 11 one pixel off gives no QR size or
// the wrong one (docs/rendering.md, "Scannability checks"); ZXing's own codes miss alike.
console.log('ZXing Java misses by where it gave up (finder search / a look-alike taken for a finder / symbol size / decoding), and its share read of the images whose size it measured right:');
for (const [cond, kinds] of Object.entries(javaMisses)) for (const [kind, c] of Object.entries(kinds)) {
  const t = tally[cond][kind]['zxing-java'];
  const right = t.of - (c.size ?? 0);
  console.log(`${cond.padEnd(14)} ${kind.padEnd(9)} finder ${c.finder ?? 0}, look-alike ${c.lookalike ?? 0}, size ${c.size ?? 0}, decoding ${c.decode ?? 0}` +
    `${c.unknown ? `, unknown ${c.unknown}` : ''}; ${(100 * t.read / right).toFixed(1)} % (${t.read}/${right})`);
}
for (const f of failures.slice(0, 60)) console.log('miss:', f);
if (failures.length > 60) console.log(`… and ${failures.length - 60} more (all in build/panel-misses.txt)`);
mkdirSync(join(root, 'build'), { recursive: true });
writeFileSync(join(root, 'build', 'panel-misses.txt'), failures.map((f) => `${f}\n`).join(''));
if (opt.update && !opt.group) {
  writeFileSync(join(root, MANIFEST), `${JSON.stringify(verified, null, 0).replace(/","/g, '",\n"')}\n`);
  writeFileSync(join(root, KNOWN_MISSES), `${JSON.stringify(knownMisses, null, 1)}\n`);
  console.log(`wrote ${MANIFEST}: ${Object.keys(verified).length} verified renders; ${KNOWN_MISSES}: ` +
    `${Object.keys(knownMisses).length} known misses`);
}
process.exitCode = ok ? 0 : 1;
