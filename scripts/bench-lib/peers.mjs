// SPDX-License-Identifier: MIT
// The engines of scripts/bench.mjs. Each engine renders one payload of the reference workload
// (EC level Q, 4-module quiet zone, black on white, `size` px = 10 px per module) through its
// own public API: { name, svg?(payload), png?(payload), async } — `async` when the calls return
// promises. Engines without a PNG (or SVG) writer of their own simply lack that function.
import { createRequire } from 'node:module';
import QRCode from 'qrcode';
import { generate, correction } from 'lean-qr';
import { toSvgSource } from 'lean-qr/extras/svg';
import { toPngBuffer } from 'lean-qr/extras/node_export';
import qrcodegen from 'nayuki-qr-code-generator';
import { renderSVG as uqrSvg } from 'uqr';
import encodeQR from '@paulmillr/qr';
import qrcodeGenerator from 'qrcode-generator';
import { Resvg } from '@resvg/resvg-js';

const require = createRequire(import.meta.url);

// nayuki's library has no renderer; this is the `toSvgString` of its own TypeScript demo.
function nayukiSvg(qr, border) {
  const parts = [];
  for (let y = 0; y < qr.size; y++) {
    for (let x = 0; x < qr.size; x++) if (qr.getModule(x, y)) parts.push(`M${x + border},${y + border}h1v1h-1z`);
  }
  const n = qr.size + border * 2;
  return `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">
<svg xmlns="http://www.w3.org/2000/svg" version="1.1" viewBox="0 0 ${n} ${n}" stroke="none">
\t<rect width="100%" height="100%" fill="#FFFFFF"/>
\t<path d="${parts.join(' ')}" fill="#000000"/>
</svg>
`;
}

/** The plain-workload peers, given the image size in px (10 px per module incl. quiet zone). */
export function plainPeers(size) {
  const svgOpts = { type: 'svg', errorCorrectionLevel: 'Q', margin: 4, width: size };
  const pngOpts = { type: 'png', errorCorrectionLevel: 'Q', margin: 4, width: size };
  const lean = (p) => generate(p, { minCorrectionLevel: correction.Q, maxCorrectionLevel: correction.Q });
  return [
    { name: 'qrcode', async: true, svg: (p) => QRCode.toString(p, svgOpts), png: (p) => QRCode.toBuffer(p, pngOpts) },
    { name: 'lean-qr',
      svg: (p) => toSvgSource(lean(p), { on: 'black', off: 'white', pad: 4, width: size, height: size }),
      png: (p) => toPngBuffer(lean(p), { on: [0, 0, 0, 255], off: [255, 255, 255, 255], pad: 4, scale: 10 }) },
    { name: 'nayuki', svg: (p) => nayukiSvg(qrcodegen.QrCode.encodeText(p, qrcodegen.QrCode.Ecc.QUARTILE), 4) },
    { name: 'uqr', svg: (p) => uqrSvg(p, { ecc: 'Q', boostEcc: false, border: 4, pixelSize: 10 }) },
    // scale 1: its SVG draws one <rect> per pixel (3.8 MB at scale 10); the viewBox scales it.
    { name: '@paulmillr/qr', svg: (p) => encodeQR(p, 'svg', { ecc: 'quartile', border: 4, scale: 1 }) },
    { name: 'qrcode-generator', svg: (p) => {
      const qr = qrcodeGenerator(0, 'Q');
      qr.addData(p, 'Byte');
      qr.make();
      return qr.createSvgTag({ cellSize: 10, margin: 40 });
    } },
  ];
}

/**
 * qr-code-styling under jsdom (SVG only; see docs/performance.md for why not PNG or the logo).
 * Returns null when the package cannot be loaded.
 */
export function qrCodeStyling(size) {
  const { QRCodeStyling } = require('qr-code-styling/lib/qr-code-styling.common.js');
  const { JSDOM } = require('jsdom');
  const options = (data) => ({
    jsdom: JSDOM, type: 'svg', width: size, height: size, margin: 0, data,
    qrOptions: { errorCorrectionLevel: 'Q' },
    dotsOptions: { type: 'rounded', gradient: { type: 'linear', rotation: Math.PI / 4,
      colorStops: [{ offset: 0, color: '#1d4ed8' }, { offset: 1, color: '#312e81' }] } },
    cornersSquareOptions: { type: 'dot' }, cornersDotOptions: { type: 'dot' },
    backgroundOptions: { color: '#ffffff' },
  });
  return {
    name: 'qr-code-styling', async: true,
    svg: async (p) => (await new QRCodeStyling(options(p)).getRawData('svg')).toString(),
  };
}

/**
 * resvg-js (a Rust SVG rasteriser) turning qredge's own styled SVG of each payload into a PNG
 * of `size` px: the styled PNG peer (qr-code-styling has no PNG in Node). `svgOf(payload)`
 * gives that SVG; the bench makes them all before timing, so the row times resvg alone:
 * parse, rasterise, encode the PNG.
 */
export function resvgPeer(size, svgOf) {
  return {
    name: 'resvg-js',
    png: (p) => new Resvg(svgOf(p), { fitTo: { mode: 'width', value: size } }).render().asPng(),
  };
}
