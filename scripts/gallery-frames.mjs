// SPDX-License-Identifier: MIT
// Writes the call-to-action frame gallery (docs/gallery.md, "Frames"): every frame style as the
// engine renders it to PNG, and the same designs as PDF and EPS pages rasterised by poppler's
// pdftoppm and Ghostscript (what a print shop's RIP would see), to docs/gallery/cta-*.png.
//   QREDGE_DIST=dist node scripts/gallery-frames.mjs [OUT_DIR]
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dist = resolve(root, process.env.QREDGE_DIST ?? 'dist');
const { init, render } = await import(pathToFileURL(resolve(dist, 'node.mjs')).href);
const out = resolve(root, process.argv[2] ?? 'docs/gallery');
mkdirSync(out, { recursive: true });
await init();

const target = { destination: 'https://example.com/gallery' };
// One design per style, so the gallery also shows frames with shapes, gradients and colours.
const STYLES = {
  box: { design: {}, frame: { text: 'SCAN ME' } },
  'banner-bottom': { design: { shapes: { body: 'rounded', eye_frame: 'rounded' } },
    frame: { text: 'Scan for the menu', color: '#7c2d12' } },
  'banner-top': { design: { shapes: { body: 'dots', eye_frame: 'circle', eye_ball: 'circle' }, colors: { foreground: '#1e3a8a' } },
    frame: { text: 'Σάρωσε με', color: '#1e3a8a' } },
  rounded: { design: { shapes: { body: 'extra-rounded', eye_frame: 'extra-rounded' },
    gradient: { start: '#000000', end: '#14532d', type: 'radial' } }, frame: { text: 'Сканируй меня', color: '#14532d' } },
  ticket: { design: { shapes: { body: 'classy-rounded', eye_frame: 'leaf', eye_ball: 'leaf' }, colors: { foreground: '#4c1d95' } },
    frame: { text: 'Admit one · Entrée', color: '#4c1d95', text_color: '#fde68a' } },
};

const work = mkdtempSync(join(tmpdir(), 'qredge-gallery-'));
try {
  for (const [style, { design, frame }] of Object.entries(STYLES)) {
    const d = { ...design, frame: { style, ...frame } };
    const png = render(target, d, { format: 'png', size: 240 });
    writeFileSync(join(out, `cta-${style}.png`), png.data);
    console.log(`cta-${style}.png`, png.data.length, 'bytes');
  }
  // Print: one page each as PDF and EPS (30 mm of code), rasterised at 200 dpi.
  const print = { ...STYLES.rounded.design, frame: { style: 'rounded', ...STYLES.rounded.frame } };
  const pdf = join(work, 'page.pdf'), eps = join(work, 'page.eps');
  writeFileSync(pdf, render(target, print, { format: 'pdf', size_mm: 30 }).data);
  writeFileSync(eps, render(target, print, { format: 'eps', size_mm: 30 }).data);
  execFileSync('pdftoppm', ['-r', '200', '-png', '-singlefile', pdf, join(out, 'cta-print-pdf')]);
  execFileSync('gs', ['-q', '-dSAFER', '-dBATCH', '-dNOPAUSE', '-dEPSCrop', '-dGraphicsAlphaBits=4', '-sDEVICE=png16m', '-r200',
    `-sOutputFile=${join(out, 'cta-print-eps.png')}`, eps]);
  console.log('cta-print-pdf.png', readFileSync(join(out, 'cta-print-pdf.png')).length, 'bytes;',
    'cta-print-eps.png', readFileSync(join(out, 'cta-print-eps.png')).length, 'bytes');
} finally {
  rmSync(work, { recursive: true, force: true });
}
