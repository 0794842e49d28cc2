// SPDX-License-Identifier: MIT
// The vertical slice in Node: render -> decode with real decoders -> compare bytes.
import { init, render, renderBatch, validateBatch, QredgeError } from './helpers/qredge.mjs';
import { decodeWithZxing, decodeWithJsqr, toPng } from './helpers/decode.mjs';

beforeAll(() => init());

const destinations = [
  'https://example.com/landing',
  'https://example.com/p/42?utm_source=qrkit&utm_campaign=launch-5',
  'http://example.org/' + 'a'.repeat(300),
];

describe.each(['svg', 'png'])('render() as %s in Node', (format) => {
  test.each(destinations)('decodes back to %s', async (destination) => {
    const r = render({ type: 'url', destination }, {}, { format, size: 512 });
    expect(r.format).toBe(format);
    expect(r.type).toBe('url');
    expect(r.payload).toBe(destination);
    const png = toPng(r.data);
    expect((await decodeWithZxing(png)).toString('utf8')).toBe(destination);
    expect(decodeWithJsqr(png).toString('utf8')).toBe(destination);
  });
});

test('a decoder notices a different payload (the check can fail)', async () => {
  const r = render({ destination: 'https://example.com/one' }, {}, { format: 'png', size: 256 });
  const decoded = await decodeWithZxing(r.data);
  expect(decoded.toString('utf8')).not.toBe('https://example.com/two');
});

test('PNG output is a PNG of the requested size', () => {
  const r = render({ destination: 'https://example.com' }, {}, { format: 'png', size: 300 });
  expect(r.data).toBeInstanceOf(Uint8Array);
  expect(Buffer.from(r.data.subarray(0, 8)).toString('hex')).toBe('89504e470d0a1a0a');
  const view = new DataView(r.data.buffer, r.data.byteOffset);
  expect(view.getUint32(16)).toBe(300);
  expect(view.getUint32(20)).toBe(300);
});

test('SVG output is deterministic and uses a viewBox', () => {
  const a = render({ destination: 'https://example.com/d' });
  const b = render({ destination: 'https://example.com/d' });
  expect(a.data).toBe(b.data);
  // The viewBox puts the symbol where the PNG renderer does at the declared 512 px: a square
  // view whose 7 modules span a whole number of pixels (docs/rendering.md, "Placement").
  const [x, y, w, h] = a.data.match(/viewBox="([-\d.]+) ([-\d.]+) ([\d.]+) ([\d.]+)"/).slice(1).map(Number);
  expect([x, w]).toEqual([y, h]);
  const pitch = 512 / w;
  expect(Math.abs(7 * pitch - Math.round(7 * pitch))).toBeLessThan(0.01);
  expect(pitch).toBeLessThanOrEqual(512 / (a.modules + 8) + 1e-9);
});

test('invalid input throws a QredgeError with code and path', () => {
  expect.assertions(3);
  try {
    render({ destination: 'https://example.com' }, { error_correction: 'X' });
  } catch (e) {
    expect(e).toBeInstanceOf(QredgeError);
    expect(e.code).toBe('invalid_value');
    expect(e.path).toBe('/design/error_correction');
  }
});

test('validateBatch never throws on bad input', () => {
  const v = validateBatch('{"items": [');
  expect(v.ok).toBe(false);
  expect(v.errors[0].code).toBe('invalid_json');
});

test('renderBatch yields one result per item in order', async () => {
  const request = { items: [{ target: { destination: 'https://a.example' } }, { target: {} },
    { target: { text: 'hello' } }] };
  const seen = [];
  for await (const item of renderBatch(request, { format: 'png', size: 128 })) seen.push(item);
  expect(seen.map((i) => [i.index, i.ok])).toEqual([[0, true], [1, false], [2, true]]);
  expect((await decodeWithZxing(seen[2].data)).toString()).toBe('hello');
});
