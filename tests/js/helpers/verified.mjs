// SPDX-License-Identifier: MIT
// The manifest of renders the whole decoder panel has read (tests/panel/verified-renders.json,
// written by `node scripts/panel.mjs --update`): a render whose key is in it needs no decoding
// in the test gate; any other render is decoded by the panel there and then.
import { createHash } from 'node:crypto';

export const MANIFEST = 'tests/panel/verified-renders.json';
export const KNOWN_MISSES = 'tests/panel/known-misses.json';

/** A render's key: a hash of its bytes and the size it is read at (an SVG is rasterised). */
export function renderKey(rendered, output) {
  const h = createHash('sha256');
  h.update(`${rendered.format} ${output.size}\n`);
  h.update(typeof rendered.data === 'string' ? Buffer.from(rendered.data, 'utf8') : rendered.data);
  return h.digest('hex').slice(0, 32);
}
