// SPDX-License-Identifier: MIT
// Golden files for a small representative set of designs: SVG compared byte for byte (the
// renderer is deterministic), PNG compared pixel by pixel with a small tolerance (after
// decoding with pngjs). Regenerate only as tests/README.md says: UPDATE_GOLDENS=1.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PNG } from 'pngjs';
import { init, render } from './helpers/qredge.mjs';
import { decodeWithZxing, svgToPng } from './helpers/decode.mjs';
import { goldenDesigns as cases } from './helpers/golden-designs.mjs';

const dir = resolve(dirname(fileURLToPath(import.meta.url)), '../golden');
const update = process.env.UPDATE_GOLDENS === '1';

const target = { destination: 'https://example.com/golden' };

beforeAll(() => init());

// Max channel difference allowed per pixel, and the share of pixels allowed to differ at all:
// float rounding may move an anti-aliased edge pixel by one level across builds.
const TOLERANCE = 3;
const MAX_DIFFERING = 0.002;

function comparePng(actual, expected) {
  const a = PNG.sync.read(Buffer.from(actual)), e = PNG.sync.read(expected);
  if (a.width !== e.width || a.height !== e.height) return `size ${a.width}x${a.height} != ${e.width}x${e.height}`;
  let differing = 0, worst = 0;
  for (let i = 0; i < a.data.length; i += 4) {
    let d = 0;
    for (let c = 0; c < 4; c++) d = Math.max(d, Math.abs(a.data[i + c] - e.data[i + c]));
    worst = Math.max(worst, d);
    if (d > 0) differing++;
    if (d > TOLERANCE) return `pixel ${(i / 4) % a.width},${Math.floor(i / 4 / a.width)} differs by ${d}`;
  }
  const share = differing / (a.width * a.height);
  return share > MAX_DIFFERING ? `${(share * 100).toFixed(2)} % of pixels differ (worst ${worst})` : null;
}

describe.each(Object.entries(cases))('golden %s', (name, design) => {
  test('SVG is byte-identical to the golden file', async () => {
    const r = render(target, design, { format: 'svg', size: 320 });
    const file = resolve(dir, `${name}.svg`);
    if (update) {
      mkdirSync(dir, { recursive: true });
      writeFileSync(file, r.data);
    }
    expect(existsSync(file)).toBe(true);  // a missing golden fails: generate it deliberately
    expect(r.data).toBe(readFileSync(file, 'utf8'));
    expect((await decodeWithZxing(svgToPng(r.data, 320))).toString()).toBe(target.destination);
  });
  test('PNG matches the golden file within tolerance', async () => {
    const r = render(target, design, { format: 'png', size: 256 });
    const file = resolve(dir, `${name}.png`);
    if (update) {
      mkdirSync(dir, { recursive: true });
      writeFileSync(file, r.data);
    }
    expect(existsSync(file)).toBe(true);  // a missing golden fails: generate it deliberately
    expect(comparePng(r.data, readFileSync(file))).toBeNull();
    expect((await decodeWithZxing(r.data)).toString()).toBe(target.destination);
  });
});

test('the PNG comparison can fail', () => {
  const a = render(target, cases.plain, { format: 'png', size: 256 }).data;
  const b = render(target, cases['rounded-radial'], { format: 'png', size: 256 }).data;
  expect(comparePng(a, Buffer.from(b))).not.toBeNull();
});
