#!/usr/bin/env node
// SPDX-License-Identifier: MIT
// The encoding sweep: random payloads over versions 1–40 (digits, alphanumerics, mixed ASCII,
// UTF-8; every ECC level), each encoded by qredge and by ZXing's own encoder (Java 3.4) at the
// same pixels per module, integer and not, down to 3 px; read by ZXing Java 3.4 and ZXing-C++
// 1.4. Two comparisons: each drawn its own way at the size (qredge's PNG renderer, ZXing's
// MatrixToImageWriter), and both encodings drawn the same way (nearest-neighbour scaling of
// 1 px per module). Prints the counts; exits 1 when qredge reads less often than ZXing in
// either comparison with either decoder.
//   node scripts/sweep-encoding.mjs [--count N] [--seed S] [--ppm 3,3.5,4,4.6,5.3] [--dump DIR]
//   (--dump writes every qredge image that a decoder missed into DIR, with its payload)
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import { init, render } from '../dist/node.mjs';
import { encodeWithZxing, panelReady, readWithPanel } from '../tests/js/helpers/panel.mjs';

const { values: opt } = parseArgs({ options: {
  count: { type: 'string', default: '1000' }, seed: { type: 'string', default: '20261130' },
  ppm: { type: 'string', default: '3,3.5,4,4.6,5.3' }, dump: { type: 'string' } } });
const COUNT = Number(opt.count);
const PPMS = opt.ppm.split(',').map(Number);
const DECODERS = ['zxing-java', 'zxing-cpp'];

// xorshift32: the same payloads on every run with the same seed.
let state = Number(opt.seed) >>> 0 || 1;
const rand = () => { state ^= state << 13; state >>>= 0; state ^= state >> 17; state ^= state << 5; state >>>= 0; return state / 2 ** 32; };
const pick = (s) => s[Math.floor(rand() * s.length)];
const ALPHABETS = {
  digits: '0123456789',
  alnum: '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:',
  ascii: 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,;:!?-_/()[]{}@#%&=+*"\'',
  utf8: 'aeiouäöüßéèçñøåÆœ€αβγδλπΩжщюяאבגあいう中文字😀 -.',
};
// Bytes a version-40 symbol holds in byte mode, per ECC (a length cap for each alphabet).
const BYTE_CAP = { L: 2953, M: 2331, Q: 1663, H: 1273 };

function payload() {
  const kind = pick(Object.keys(ALPHABETS));
  const ecc = pick(['L', 'M', 'Q', 'H']);
  // Log-uniform length spreads the versions: short codes are as common as long ones.
  const cap = kind === 'digits' ? BYTE_CAP[ecc] * 2.4 : kind === 'alnum' ? BYTE_CAP[ecc] * 1.45
    : kind === 'utf8' ? BYTE_CAP[ecc] / 2.6 : BYTE_CAP[ecc] * 0.98;
  const len = Math.max(1, Math.floor(Math.exp(rand() * Math.log(cap))));
  const chars = [...ALPHABETS[kind]];
  let text = '';
  for (let i = 0; i < len; i++) text += pick(chars);
  return { kind, ecc, text: text.trim() || 'x' };
}

await init();
panelReady();
if (opt.dump) mkdirSync(opt.dump, { recursive: true });
const dir = mkdtempSync(join(tmpdir(), 'qredge-sweep-'));
const t0 = Date.now();
try {
  const cases = [];
  while (cases.length < COUNT) {
    const p = payload();
    try {
      const r = render({ type: 'text', text: p.text }, { error_correction: p.ecc }, { format: 'png', size: 64, margin: 4 });
      cases.push({ ...p, modules: r.modules, version: r.version });
    } catch { /* too long for its ECC: draw another */ }
  }
  // ZXing's own encoder and writer: at 1 px per module (for the shared drawing) and at each
  // sweep size (its writer scales by whole pixels and pads the rest, its own way of drawing).
  const zxingJobs = [];
  for (const c of cases) {
    c.side1 = c.modules + 8;
    c.sides = PPMS.map((ppm) => Math.round(c.side1 * ppm));
    zxingJobs.push({ c, size: 0 }, ...c.sides.map((size) => ({ c, size })));
  }
  const zpngs = encodeWithZxing(zxingJobs.map((j) => ({ size: j.size, ecc: j.c.ecc, text: j.c.text })));
  zxingJobs.forEach((j, i) => { (j.c.zxing ??= {})[j.size] = zpngs[i]; });

  // Rows: each encoder drawn its own way at the size, and both encodings drawn the same way
  // (1 px per module scaled by nearest neighbour), which isolates the encoding (mask, modes).
  const images = [], meta = [];
  const add = async (png, c, ppm, who) => {
    images.push(await sharp(png).flatten({ background: '#ffffff' }).toColourspace('srgb').png().toBuffer());
    meta.push({ c, ppm, who });
  };
  for (const c of cases) {
    const k = Math.ceil(64 / c.side1);
    const big = render({ type: 'text', text: c.text }, { error_correction: c.ecc }, { format: 'png', size: c.side1 * k, margin: 4 }).data;
    const ours1 = await sharp(Buffer.from(big)).resize(c.side1, c.side1, { kernel: 'nearest' }).png().toBuffer();
    for (const [i, ppm] of PPMS.entries()) {
      const side = c.sides[i];
      const direct = render({ type: 'text', text: c.text }, { error_correction: c.ecc }, { format: 'png', size: Math.max(64, side), margin: 4 }).data;
      await add(Buffer.from(direct), c, ppm, 'qredge');
      await add(c.zxing[side], c, ppm, 'zxing');
      await add(await sharp(ours1).resize(side, side, { kernel: 'nearest' }).png().toBuffer(), c, ppm, 'qredge-encoding');
      await add(await sharp(c.zxing[0]).resize(side, side, { kernel: 'nearest' }).png().toBuffer(), c, ppm, 'zxing-encoding');
    }
  }
  const results = await readWithPanel(images, { decoders: DECODERS });
  const count = {};
  const failures = [];
  results.forEach((r, i) => {
    const { c, ppm, who } = meta[i];
    for (const d of DECODERS) {
      const ok = r[d] && r[d].bytes.equals(Buffer.from(c.text, 'utf8'));
      const key = `${who} ${d}`;
      count[key] ??= { read: 0, of: 0, byPpm: {} };
      count[key].of++;
      count[key].byPpm[ppm] = (count[key].byPpm[ppm] ?? 0) + (ok ? 1 : 0);
      if (ok) count[key].read++;
      else if (!who.startsWith('zxing')) {
        const label = `${who} ${d} v${c.version} ${c.ecc} ${c.kind} ${ppm}px ${c.text.length} chars`;
        failures.push(label);
        if (opt.dump) {
          const base = join(opt.dump, label.replace(/[^\w.-]+/g, '_'));
          writeFileSync(`${base}.png`, images[i]);
          writeFileSync(`${base}.txt`, c.text);
        }
      }
    }
  });
  const versions = new Set(cases.map((c) => c.version));
  console.log(`sweep: ${cases.length} payloads, versions ${Math.min(...versions)}–${Math.max(...versions)} (${versions.size} distinct), ppm ${PPMS.join(', ')}, ${images.length} images, ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  for (const [k, v] of Object.entries(count)) console.log(`${k.padEnd(26)} ${v.read}/${v.of}  by ppm ${JSON.stringify(v.byPpm)}`);
  for (const f of failures.slice(0, 40)) console.log('miss:', f);
  let worse = false;
  for (const d of DECODERS) {
    if (count[`qredge ${d}`].read < count[`zxing ${d}`].read) worse = true;
    if (count[`qredge-encoding ${d}`].read < count[`zxing-encoding ${d}`].read) worse = true;
  }
  writeFileSync(join(dir, 'done'), '');
  process.exitCode = worse ? 1 : 0;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
