// SPDX-License-Identifier: MIT
// Writes a small gallery of every shape (PNG, rendered by the engine) to docs/gallery/ (or the
// folder given as the first argument), for people to look at; docs/gallery.md shows them.
//   QREDGE_DIST=build/hr-dist node scripts/gallery.mjs [OUT_DIR] [--size N]
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { deflateSync } from 'node:zlib';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dist = resolve(root, process.env.QREDGE_DIST ?? 'dist');
const { init, render } = await import(pathToFileURL(resolve(dist, 'node.mjs')).href);

const args = process.argv.slice(2);
const sizeAt = args.indexOf('--size');
const size = sizeAt >= 0 ? Number(args.splice(sizeAt, 2)[1]) : 200;
const out = resolve(root, args[0] ?? 'docs/gallery');
mkdirSync(out, { recursive: true });
await init();

const target = { destination: 'https://example.com/gallery' };
const bodies = ['square', 'rounded', 'dots', 'extra-rounded', 'classy', 'classy-rounded', 'diamond',
  'vertical-bars', 'horizontal-bars'];
const frames = ['square', 'rounded', 'extra-rounded', 'circle', 'leaf'];
const balls = ['square', 'rounded', 'circle', 'diamond', 'leaf', 'star'];

// A small generated logo (no binary fixture): a blue disc with a white bar, as a PNG data URL.
function crc32(buf) {
  let c, crc = 0xffffffff;
  for (const b of buf) {
    c = (crc ^ b) & 0xff;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    crc = (crc >>> 8) ^ c;
  }
  return (crc ^ 0xffffffff) >>> 0;
}
function png(width, height, rgba) {
  const chunk = (type, data) => {
    const len = Buffer.alloc(4); len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type), data]);
    const crc = Buffer.alloc(4); crc.writeUInt32BE(crc32(td));
    return Buffer.concat([len, td, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0); ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; ihdr[9] = 6;
  const raw = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) rgba.copy(raw, y * (width * 4 + 1) + 1, y * width * 4, (y + 1) * width * 4);
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}
function logoDataUrl(n = 96) {
  const rgba = Buffer.alloc(n * n * 4);
  for (let y = 0; y < n; y++) for (let x = 0; x < n; x++) {
    const d = Math.hypot(x + 0.5 - n / 2, y + 0.5 - n / 2) / (n / 2);
    const i = (y * n + x) * 4;
    const bar = Math.abs(y + 0.5 - n / 2) < n / 10 && Math.abs(x + 0.5 - n / 2) < n / 3;
    const a = Math.max(0, Math.min(1, (1 - d) * n / 2));
    rgba[i] = bar ? 255 : 30; rgba[i + 1] = bar ? 255 : 90; rgba[i + 2] = bar ? 255 : 200;
    rgba[i + 3] = Math.round(a * 255);
  }
  return `data:image/png;base64,${png(n, n, rgba).toString('base64')}`;
}

const shots = [];
const shot = (name, design, what = target) => {
  const r = render(what, design, { format: 'png', size });
  writeFileSync(resolve(out, `${name}.png`), r.data);
  shots.push(name);
};
for (const body of bodies) shot(`body-${body}`, { shapes: { body } });
for (const eye_frame of frames) shot(`frame-${eye_frame}`, { shapes: { eye_frame } });
for (const eye_ball of balls) shot(`ball-${eye_ball}`, { shapes: { eye_ball } });
for (const type of ['linear-top-to-bottom', 'linear-left-to-right', 'linear-diagonal', 'radial'])
  shot(`gradient-${type}`, { gradient: { start: '#1d4ed8', end: '#9333ea', type }, shapes: { body: 'rounded' } });
shot('eye-colors', { shapes: { body: 'dots', eye_frame: 'extra-rounded', eye_ball: 'circle' },
  eye_colors: { frame: '#b91c1c', ball: '#0f766e' } });
// A longer payload for the logos: small symbols get a smaller logo (docs/rendering.md).
const longer = { destination: 'https://example.com/gallery/a-longer-path?for=logo&v=7' };
shot('logo', { logo: { url: logoDataUrl(), size: 0.3 }, shapes: { body: 'classy-rounded', eye_frame: 'leaf', eye_ball: 'leaf' } }, longer);
shot('logo-clear', { logo: { url: logoDataUrl(), size: 0.3, clear_background: true }, shapes: { body: 'rounded' } }, longer);
shot('transparent', { transparent_background: true, colors: { foreground: '#14532d' }, shapes: { body: 'extra-rounded' } });
console.log(`wrote ${shots.length} PNGs (${size} px) to ${out}`);
