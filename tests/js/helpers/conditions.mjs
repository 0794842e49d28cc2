// SPDX-License-Identifier: MIT
// Simulated camera conditions for the scan-margin checks (docs/rendering.md): each takes a clean
// PNG of a code drawn at `pxPerModule` pixels per module (the render's scan.px_per_module; the
// symbol need not fill the image) and, for the contrast condition, `lightestDark` (the luma
// 0–255 of the design's lightest dark colour), and returns a degraded 8-bit RGB PNG, made with
// sharp (libvips). A design has margin when the panel still reads it after each of these.
import sharp from 'sharp';

// The lowest contrast the engine allows (docs/rendering.md, "Contrast"): a dark colour's luma
// at most 0.45 of the background's. On white that is grey #727272 (luma 114, WCAG ratio 4.8:1).
const LOWEST_GREY = 114;

export const CONDITIONS = {
  /** Downscaled (area average) to 2.5 px per module: a small code far from the camera. */
  async 'scale-2.5px'(png, { pxPerModule }) {
    const { width } = await sharp(png).metadata();
    const side = Math.round(width * 2.5 / pxPerModule);
    return sharp(png).flatten({ background: '#ffffff' }).resize(side, side, { kernel: 'linear' }).png().toBuffer();
  },
  /** Gaussian blur with sigma 0.3 module: out of focus. */
  async 'blur-0.3'(png, { pxPerModule }) {
    const sigma = Math.max(0.3, 0.3 * pxPerModule);
    return sharp(png).flatten({ background: '#ffffff' }).blur(sigma).png().toBuffer();
  },
  /** JPEG at quality 50, decoded again: a compressed photo or screenshot. */
  async 'jpeg-50'(png) {
    const jpg = await sharp(png).flatten({ background: '#ffffff' }).jpeg({ quality: 50 }).toBuffer();
    return sharp(jpg).png().toBuffer();
  },
  /** Rotated by 10° on white: a hand-held phone. */
  async 'rotate-10'(png) {
    const flat = await sharp(png).flatten({ background: '#ffffff' }).png().toBuffer();
    return sharp(flat).rotate(10, { background: '#ffffff' }).png().toBuffer();
  },
  /** The lowest allowed contrast: grey levels with the darkness scaled so that the design's
   *  lightest dark colour lands on the engine's limit (#727272 on white); black-on-white
   *  becomes #727272 on white. */
  async 'contrast-min'(png, { lightestDark = 0 }) {
    const scale = (255 - LOWEST_GREY) / (255 - Math.min(lightestDark, LOWEST_GREY));
    const grey = await sharp(png).flatten({ background: '#ffffff' }).grayscale().png().toBuffer();
    return sharp(grey).linear(scale, 255 * (1 - scale)).toColourspace('srgb').png().toBuffer();
  },
};
