// SPDX-License-Identifier: MIT
// The texts three independent readers show for rendered codes, charset and ECI applied:
// ZXing-C++ 1.4 (Text, Bytes, HasECI), zbar (its text output) and ZXing Java 3.4, all read
// through the decoder panel (helpers/panel.mjs). Missing tools are errors, never skips.
import { panelPng, readWithPanel } from './panel.mjs';

const notRead = { error: 'not read' };

/**
 * Decodes each PNG (bytes) with ZXing-C++, zbar and ZXing Java.
 * @returns {Promise<Array<{zxingCpp: {text, bytes, hasEci}|{error}, zbar: {text}|{error}, zxingJava: {text}|{error}}>>}
 */
export async function decodeEci(pngs) {
  const images = [];
  for (const png of pngs) images.push(await panelPng(Buffer.from(png)));
  const results = await readWithPanel(images, { zbarText: true, decoders: ['zxing-cpp', 'zbar', 'zxing-java'] });
  return results.map((r) => ({
    zxingCpp: r['zxing-cpp'] ? { text: r['zxing-cpp'].text, bytes: r['zxing-cpp'].bytes, hasEci: r['zxing-cpp'].eci } : notRead,
    zbar: r.zbar?.text != null ? { text: r.zbar.text } : notRead,
    zxingJava: r['zxing-java'] ? { text: r['zxing-java'].text } : notRead,
  }));
}
