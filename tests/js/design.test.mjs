// SPDX-License-Identifier: MIT
// The design/output contract (API.md §2, §3) through the JS API: errors are QredgeErrors with
// the documented code and path, valid designs render, logos are accepted as data: URLs.
import { PNG } from 'pngjs';
import { init, render, validateBatch, QredgeError } from './helpers/qredge.mjs';
import { decodeWithZxing } from './helpers/decode.mjs';

beforeAll(() => init());
const target = { destination: 'https://example.com/design' };

function errorOf(design, output = {}) {
  try {
    render(target, design, output);
  } catch (e) {
    if (!(e instanceof QredgeError)) throw e;
    return { code: e.code, path: e.path, message: e.message };
  }
  return null;
}

test.each([
  [{ colours: {} }, 'unknown_field', '/design/colours'],
  [{ colors: { foreground: 'red' } }, 'invalid_color', '/design/colors/foreground'],
  [{ colors: { foreground: '#eeeeee' } }, 'unscannable_design', '/design/colors/foreground'],
  [{ gradient: { start: '#000000' } }, 'required', '/design/gradient/end'],
  [{ gradient: { start: '#000000', end: '#cccccc' } }, 'unscannable_design', '/design/gradient/end'],
  [{ shapes: { body: 'hearts' } }, 'invalid_value', '/design/shapes/body'],
  [{ shapes: { eye_ball: 7 } }, 'invalid_type', '/design/shapes/eye_ball'],
  [{ eye_colors: { frame: '#ffff00' } }, 'unscannable_design', '/design/eye_colors/frame'],
  [{ logo: { url: 'ftp://example.com/x.png' } }, 'invalid_logo', '/design/logo/url'],
  [{ logo: { url: 'https://example.com/x.png', size: 0.5 } }, 'out_of_range', '/design/logo/size'],
  [{ transparent_background: 'no' }, 'invalid_type', '/design/transparent_background'],
])('design %j is refused with %s at %s', (design, code, path) => {
  expect(errorOf(design)).toMatchObject({ code, path });
});

test('the contrast message names the colour, the ratio and the background', () => {
  const e = errorOf({ colors: { foreground: '#AAAAAA' } });
  expect(e.message).toMatch(/#aaaaaa/);
  expect(e.message).toMatch(/2\.32:1/);
  expect(e.message).toMatch(/#ffffff/);
});

test.each([
  [{ size: 50 }, 'out_of_range', '/output/size'],
  [{ margin: -1 }, 'out_of_range', '/output/margin'],
  [{ format: 'gif' }, 'invalid_value', '/output/format'],
])('output %j is refused with %s', (output, code, path) => {
  expect(errorOf({}, output)).toMatchObject({ code, path });
});

test('validateBatch reports design errors at request level', () => {
  const v = validateBatch({ items: [{ target }], design: { colors: { background: '#000000' } } });
  expect(v.ok).toBe(false);
  expect(v.errors[0]).toMatchObject({ code: 'unscannable_design', path: '/design/colors/foreground' });
});

test('colours in any case render; output size is exact', () => {
  const r = render(target, { colors: { foreground: '#1A2B3C', background: '#FFE' } }, { format: 'svg', size: 333 });
  expect(r.data).toContain('fill="#1a2b3c"');
  expect(r.data).toContain('fill="#ffffee"');
  expect(r.data).toContain('width="333" height="333"');
});

test('a PNG data-URL logo raises ECC to H and the code still reads', async () => {
  const png = new PNG({ width: 20, height: 20 });
  png.data.fill(180);
  const url = `data:image/png;base64,${PNG.sync.write(png).toString('base64')}`;
  const r = render(target, { logo: { url, size: 0.3, clear_background: true } }, { format: 'png', size: 300 });
  expect(r.effective_error_correction).toBe('H');
  expect((await decodeWithZxing(r.data)).toString()).toBe(target.destination);
  const svg = render(target, { logo: { url } }, { format: 'svg' }).data;
  expect(svg).toMatch(/<image [^>]*href="data:image\/png;base64,[A-Za-z0-9+/=]+"/);
});
