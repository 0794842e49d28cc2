// SPDX-License-Identifier: MIT
// The scannability matrix: every body x eye-frame x eye-ball shape at every ECC level (1080
// designs), cycled through SVG and PNG, gradients, eye colours, colours, transparent
// backgrounds, payloads and sizes; plain codes at every level; logos (PNG and JPEG, cleared or not, up to the largest
// size, and textured ones over alignment patterns); versions 25-40; and the size extremes (64 and 2048 px). One definition for the test gate
// (tests/js/render-matrix.test.mjs) and the full panel run (scripts/panel.mjs).
import { PNG } from 'pngjs';
import sharp from 'sharp';

export const BODIES = ['square', 'rounded', 'dots', 'extra-rounded', 'classy', 'classy-rounded', 'diamond',
  'vertical-bars', 'horizontal-bars'];
export const FRAMES = ['square', 'rounded', 'extra-rounded', 'circle', 'leaf'];
export const BALLS = ['square', 'rounded', 'circle', 'diamond', 'leaf', 'star'];
const ECCS = ['L', 'M', 'Q', 'H'];
const GRADIENTS = [null, 'linear-top-to-bottom', 'linear-left-to-right', 'linear-diagonal', 'radial'];
const PAYLOADS = [
  'https://example.com/a',
  'https://example.com/landing?id=42',
  'https://shop.example.org/products/summer-sale-2026?ref=qr&campaign=poster-17',
  'Plain text payload: ünïcödé ✓ and some more words to reach a middle version of the symbol.',
  `https://example.net/${'long-path-segment/'.repeat(9)}end`,
];

// Small logos made here (no binary fixtures), as PNG data URLs painted pixel by pixel.
export function pngUrl(n, paint) {
  const png = new PNG({ width: n, height: n });
  for (let y = 0; y < n; y++) for (let x = 0; x < n; x++) png.data.set(paint(x, y), (y * n + x) * 4);
  return `data:image/png;base64,${PNG.sync.write(png).toString('base64')}`;
}
// A round PNG with alpha (a red-blue gradient); a JPEG below.
const logoPng = (n = 80) => pngUrl(n, (x, y) =>
  [(x * 255) / n, 40, (y * 255) / n, Math.hypot(x - n / 2, y - n / 2) < n / 2 - 1 ? 255 : 0]);
// A green disc with a white ring in it, as a letter O on a badge.
export const logoRing = () => pngUrl(120, (x, y) => {
  const r = Math.hypot(x - 60, y - 60);
  return r > 58 ? [0, 0, 0, 0] : r > 14 && r < 26 ? [255, 255, 255, 255] : [22, 163, 74, 255];
});
export const logoStripes = () => pngUrl(100, (x, y) => (Math.floor(y / 5) % 2 ? [240, 240, 240, 255] : [40, 40, 60, 255]));
// Grey noise in 6 px cells from a fixed linear congruential sequence (the same bytes everywhere).
function logoNoise() {
  let s = 12345;
  const cells = Array.from({ length: 400 }, () => (s = (s * 1103515245 + 12345) % 2147483648) % 256);
  return pngUrl(120, (x, y) => { const v = cells[Math.floor(y / 6) * 20 + Math.floor(x / 6)]; return [v, v, v, 255]; });
}
async function logoJpeg() {
  const jpeg = await sharp({ create: { width: 120, height: 90, channels: 3, background: '#e11d48' } })
    .composite([{ input: Buffer.from('<svg width="120" height="90"><circle cx="60" cy="45" r="30" fill="#fde047"/></svg>') }])
    .jpeg({ quality: 85 }).toBuffer();
  return `data:image/jpeg;base64,${jpeg.toString('base64')}`;
}

/** Every case: { group, label, target, design, output }. */
export async function matrixCases() {
  const cases = [];
  let k = 0;
  for (const body of BODIES) for (const eye_frame of FRAMES) for (const eye_ball of BALLS) for (const ecc of ECCS) {
    const design = { error_correction: ecc, shapes: { body, eye_frame, eye_ball } };
    const g = GRADIENTS[k % 5];
    if (g) design.gradient = { start: '#1d4ed8', end: k % 2 ? '#7c2d12' : '#111827', type: g };
    if (k % 7 === 3) design.eye_colors = { frame: '#b91c1c', ball: '#065f46' };
    if (k % 7 === 5) design.eye_colors = { ball: '#6d28d9' };
    if (k % 11 === 6) design.transparent_background = true;
    if (k % 13 === 9) design.colors = { foreground: '#0f172a', background: '#fefce8' };
    const format = k % 2 ? 'png' : 'svg';
    const size = [256, 288, 320, 384, 448, 720][k % 6];
    const text = PAYLOADS[k % PAYLOADS.length];
    cases.push({ group: 'shapes', label: `${body}/${eye_frame}/${eye_ball} ${ecc} ${format} ${size}px`,
      target: { type: 'text', text }, design, output: { format, size } });
    k++;
  }
  // Plain black-on-white codes (the renderers' fast paths) over every ECC level and sizes.
  k = 0;
  for (const text of PAYLOADS) for (const ecc of ECCS) for (const format of ['svg', 'png']) {
    const size = [200, 256, 333, 512, 1000][k % 5];
    cases.push({ group: 'plain', label: `plain ${ecc} ${format} ${size}px "${text.slice(0, 24)}"`,
      target: { type: 'text', text }, design: { error_correction: ecc }, output: { format, size } });
    k++;
  }
  const logos = { png: logoPng(), jpeg: await logoJpeg() };
  k = 0;
  for (const [kind, url] of Object.entries(logos)) for (const clear of [false, true]) {
    for (const size of [0.1, 0.22, 0.3]) for (const text of PAYLOADS) {
      const body = BODIES[k % BODIES.length];
      const design = { logo: { url, size, clear_background: clear },
        shapes: { body, eye_frame: FRAMES[k % 5], eye_ball: BALLS[k % 6] } };
      if (k % 4 === 1) design.gradient = { start: '#0f172a', end: '#1e3a8a', type: 'radial' };
      if (k % 5 === 2) design.transparent_background = true;
      const format = k % 2 ? 'png' : 'svg';
      cases.push({ group: 'logos', label: `logo ${kind} clear=${clear} size=${size} ${body} ${format}`,
        target: { destination: text.startsWith('https') ? text : 'https://example.com/p' }, design,
        output: { format, size: 384 } });
      k++;
    }
  }
  // Logos whose picture holds spots a decoder could take for a hidden alignment pattern (a
  // light ring on a dark disc, stripes, noise): at versions 8 and 14 the logo covers patterns
  // that zbar and ZXing-C++ 2.x search for, so the renderer leaves windows over them
  // (core/logo_windows.hpp). Without the windows zbar missed 274 of 2,592 such renders.
  const decoys = { ring: logoRing(), stripes: logoStripes(), noise: logoNoise() };
  const longer = { 8: 'https://example.com/p/500?utm_source=qrkit&utm_campaign=launch-19',
    14: `https://example.com/${'abcdefghijklmnopqrstuvwxyz0123456789'.repeat(5).slice(0, 170)}` };
  k = 0;
  for (const [kind, url] of Object.entries(decoys)) for (const [version, destination] of Object.entries(longer)) {
    for (const format of ['png', 'svg']) {
      const clear = k % 2 === 0;
      cases.push({ group: 'logos', label: `logo ${kind} v${version} clear=${clear} ${format}`, target: { destination },
        design: { logo: { url, size: 0.3, clear_background: clear }, shapes: { body: BODIES[k % BODIES.length] } },
        output: { format, size: [384, 512, 720][k % 3] } });
      k++;
    }
  }
  // Large versions (25-40), where decoders have the least slack and the engine draws the eyes
  // square (docs/rendering.md, "Eyes"): shaped eyes asked for, every body, 4-7 px per module.
  const large = [[1250, 'L', 'rounded', 'leaf', 'star', 'svg', 720], [1150, 'M', 'dots', 'circle', 'circle', 'png', 800],
    [1100, 'Q', 'classy-rounded', 'extra-rounded', 'diamond', 'svg', 900], [2000, 'L', 'diamond', 'rounded', 'leaf', 'png', 1000],
    [1800, 'M', 'vertical-bars', 'square', 'rounded', 'svg', 1000], [2900, 'L', 'extra-rounded', 'leaf', 'square', 'png', 1024]];
  for (const [bytes, ecc, body, eye_frame, eye_ball, format, size] of large) {
    cases.push({ group: 'large', label: `${bytes} bytes ${body}/${eye_frame}/${eye_ball} ${ecc} ${format} ${size}px`,
      target: { type: 'text', text: 'large version payload: abcdefghijklmnopqrstuvwxyz 0123456789. '.repeat(60).slice(0, bytes) },
      design: { error_correction: ecc, shapes: { body, eye_frame, eye_ball } }, output: { format, size } });
  }
  // A styled body whose drawing held a finder look-alike under the mask the plain replay takes:
  // ZXing Java missed it at 10 of 12 PNG and SVG renders from 400 to 770 px; the engine draws
  // another mask (docs/rendering.md, "Mask choice").
  const drawnLookalike = '..8nWAG3&VNfDD_F$?s+16rz(,hU@xew9PqsB#;EnGFQ8@RM4EcH_IG/g7/Um l?B-W7g2?LlcKR0mcm +;Me;sd*5C==ITu/X1G6UVaOCy4*0' +
    '+hRA=gpAinjxWK=kl[c3znDoH-X#,9cKZg]i$*d)3mAXbbIsM6B(PcjA/2JSbw ufDQ;yS A9V*Fn#w#G+W3sdGr)_&!jcH.3]l.Wng_R!?()N' +
    'Tgs:QvUO$Lv42WMdT& $.Q+U1zYXIJ6q+E?;dJ3]xb7A[swy&8mw6+?d]_&OCSs@qExT4+NLMfv?KZ6T-GQjtfryi9h$12BvpzQWs;d LXG.oX' +
    'ZsxNjZb-11N_vQQ/[Iw@8t*O8*5_cFBFN[!=l~)Lw,s_[8e#RV#?))v6mii94U8H0]bx!@lF;Y;(c[f+/S(n1LwaSzWDdnM[C(_FyOn(ZF1fqk' +
    'MEWTj1dVl2,kdeX43Xi9u3!=MRJWzmQ,i+5UmXL!XGb$s';
  for (const [format, size] of [['png', 627], ['svg', 462]]) {
    cases.push({ group: 'lookalikes', label: `drawn look-alike classy-rounded/circle/diamond L ${format} ${size}px`,
      target: { type: 'text', text: drawnLookalike },
      design: { error_correction: 'L', shapes: { body: 'classy-rounded', eye_frame: 'circle', eye_ball: 'diamond' } },
      output: { format, size } });
  }
  // At 64 px a version-1 symbol has about 2 px per module: plain and blocky shapes only.
  for (const body of ['square', 'rounded', 'classy', 'extra-rounded']) for (const format of ['svg', 'png']) {
    cases.push({ group: 'sizes', label: `64px ${body} ${format}`, target: { type: 'text', text: 'qredge' },
      design: { shapes: { body }, error_correction: 'L' }, output: { format, size: 64, margin: 2 } });
  }
  const big = [['extra-rounded', 'circle', 'star', 'png'], ['diamond', 'leaf', 'diamond', 'svg'],
    ['vertical-bars', 'rounded', 'leaf', 'png']];
  for (const [body, eye_frame, eye_ball, format] of big) {
    cases.push({ group: 'sizes', label: `2048px ${body}/${eye_frame}/${eye_ball} ${format}`,
      target: { type: 'text', text: PAYLOADS[4] },
      design: { shapes: { body, eye_frame, eye_ball }, gradient: { start: '#000000', end: '#1e40af', type: 'linear-diagonal' } },
      output: { format, size: 2048 } });
  }
  return cases;
}
