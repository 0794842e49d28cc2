// SPDX-License-Identifier: MIT
// A contact sheet of every eye-frame x eye-ball pair (rows: frames, columns: balls), each the
// top-left eye of a code cropped and enlarged, written as one PNG for people to look at
// (docs/gallery.md). QREDGE_DIST picks the build, so a sheet of an older build sits beside it.
//   QREDGE_DIST=dist node scripts/gallery-eyes.mjs docs/gallery/eyes.png
import { resolve, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import sharp from 'sharp';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dist = resolve(root, process.env.QREDGE_DIST ?? 'dist');
const { init, render } = await import(pathToFileURL(resolve(dist, 'node.mjs')).href);
const out = resolve(root, process.argv[2] ?? 'docs/gallery/eyes.png');
await init();

const frames = ['square', 'rounded', 'extra-rounded', 'circle', 'leaf'];
const balls = ['square', 'rounded', 'circle', 'diamond', 'leaf', 'star'];
const cell = 96;  // px per eye on the sheet
const tiles = [];
for (const [row, eye_frame] of frames.entries()) for (const [col, eye_ball] of balls.entries()) {
  // 21 modules + 2 quiet: the eye is modules 1..8 of a 23-module image at 24 px per module.
  const r = render({ type: 'text', text: 'qredge' }, { error_correction: 'L', shapes: { eye_frame, eye_ball } },
    { format: 'png', size: 23 * 24, margin: 1 });
  const eye = await sharp(Buffer.from(r.data)).extract({ left: 12, top: 12, width: 8 * 24, height: 8 * 24 })
    .resize(cell, cell).png().toBuffer();
  tiles.push({ input: eye, left: col * (cell + 8) + 4, top: row * (cell + 8) + 4 });
}
await sharp({ create: { width: balls.length * (cell + 8), height: frames.length * (cell + 8), channels: 3,
  background: '#ffffff' } }).composite(tiles).png({ palette: true }).toFile(out);
console.log(`wrote ${out}`);
