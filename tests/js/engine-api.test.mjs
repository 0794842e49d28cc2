// SPDX-License-Identifier: MIT
// The engine's piece validators (validateDesign, validateOutput, validateMetadata, validateTarget) and the
// stateless boundary under them: the same codes and messages as inside a batch, paths under
// the base the caller gives, results that do not depend on what was rendered before, and no
// wasm memory kept by calls that fail (10,000 of each).
import { readFileSync } from 'node:fs';
import { PNG } from 'pngjs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { distDir, init, render, renderBatch, renderPayload, validateBatch, validateDesign, validateMetadata, validateOutput, validateTarget,
  QredgeError } from './helpers/qredge.mjs';

// The module's wasm memory, caught as the glue instantiates it (the glue does not export it).
let memory = null;
const instantiate = WebAssembly.instantiate;
beforeAll(async () => {
  WebAssembly.instantiate = async (...args) => {
    const result = await instantiate.apply(WebAssembly, args);
    memory ??= (result.instance ?? result).exports.memory ?? Object.values((result.instance ?? result).exports)
      .find((e) => e instanceof WebAssembly.Memory);
    return result;
  };
  try {
    await init();
  } finally {
    WebAssembly.instantiate = instantiate;
  }
});

const batchWithDesign = (design) => validateBatch({ items: [{ target: { type: 'text', text: 'x' } }], design });
const rebase = (path, from, to) => {
  expect(path.startsWith(from)).toBe(true);
  return to + path.slice(from.length);
};

const badDesigns = [
  { colors: { dark: '#000' } },
  { colors: { foreground: '#fff' } },
  { shapes: { body: 'squircle' } },
  { error_correction: 3 },
  { colors: { foreground: '#000\u0001' } },
  { gradient: { start: '#000000' } },
  { logo: { url: 'data:image/png;base64,AAAA' } },
  { logo: { url: 'ftp://example.com/logo.png' } },
  [1],
  null,
];

describe('validateDesign', () => {
  test.each(badDesigns.map((d) => [JSON.stringify(d), d]))('%s: the batch\'s code and message, under the base', (_, design) => {
    const batch = batchWithDesign(design);
    expect(batch.ok).toBe(false);
    for (const base of ['/design', '/template/design', '']) {
      const r = validateDesign(design, { path: base });
      expect(r.ok).toBe(false);
      expect(r.errors).toEqual(batch.errors.map((e) => ({ code: e.code, message: e.message, path: rebase(e.path, '/design', base) })));
    }
  });

  test('the default base is /design, and a template\'s path reads /template/design/…', () => {
    expect(validateDesign({ colors: { dark: '#000' } }).errors[0].path).toBe('/design/colors/dark');
    expect(validateDesign({ colors: { dark: '#000' } }, { path: '/template/design' }).errors[0])
      .toEqual(expect.objectContaining({ code: 'unknown_field', path: '/template/design/colors/dark' }));
  });

  test('a valid design comes back normalised, as the batch normalises it', () => {
    const design = { colors: { foreground: '#1A2B3C', background: '#FFE' }, shapes: { body: 'dots' } };
    const r = validateDesign(design);
    expect(r).toEqual({ ok: true, design: batchWithDesign(design).design });
    expect(r.design.colors).toEqual({ foreground: '#1a2b3c', background: '#ffffee' });
    expect(validateDesign(undefined)).toEqual({ ok: true, design: batchWithDesign({}).design });
  });

  test('JSON text is read as the design; text problems are reported at the base', () => {
    expect(validateDesign('{"shapes": {"body": "dots"}}').design.shapes.body).toBe('dots');
    const broken = validateDesign('{"shapes": ', { path: '/t' });
    expect(broken.errors[0]).toEqual(expect.objectContaining({ code: 'invalid_json', path: '/t' }));
    const lone = validateDesign('{"colors": {"foreground": "\ud800"}}', { path: '/t' });
    expect(lone.errors[0]).toEqual(expect.objectContaining({ code: 'invalid_utf8', path: '/t' }));
    const cyclic = {};
    cyclic.self = cyclic;
    expect(validateDesign(cyclic).errors[0]).toEqual(expect.objectContaining({ code: 'invalid_json', path: '/design' }));
  });

  test('a path that is not a JSON pointer is a programming error', () => {
    expect(() => validateDesign({}, { path: 'design' })).toThrow(QredgeError);
    expect(() => validateDesign({}, { path: 7 })).toThrow(expect.objectContaining({ code: 'invalid_option' }));
  });
});

describe('validateOutput', () => {
  test.each([[{ size: 10 }], [{ format: 'gif' }], [{ margin: 1.5 }], [{ bit_depth: 8 }], ['x']])('%j: the batch\'s error, under the base', (output) => {
    const batch = validateBatch({ items: [{ target: { text: 'x' } }], output });
    const r = validateOutput(typeof output === 'string' ? JSON.stringify(output) : output, { path: '/query/output' });
    expect(r.ok).toBe(false);
    expect(r.errors).toEqual(batch.errors.map((e) => ({ code: e.code, message: e.message, path: rebase(e.path, '/output', '/query/output') })));
  });

  test('a valid output comes back with its defaults', () => {
    expect(validateOutput({ format: 'png' })).toEqual({ ok: true, output: { format: 'png', size: 512, margin: 4 } });
  });
});

// Each bad metadata object is checked inside a valid item by validateBatch, which gives the
// expected code, message and path (rebased from /items/0).
const badMetadata = [
  { name: 7 },
  { name: 'n'.repeat(256) },
  { folder_id: 'a b' },
  { folder_id: 'f'.repeat(65) },
  { tags: 'print' },
  { tags: ['a', 'a'] },
  { tags: ['ok', ''] },
  { tags: Array.from({ length: 11 }, (_, i) => `t${i}`) },
  { tags: ['x'.repeat(51)] },
  { tags: [3] },
  { name: 'a\u0001' },
  { name: 7, tags: 'print' },
];

describe('validateMetadata', () => {
  test.each(badMetadata.map((m) => [JSON.stringify(m).slice(0, 60), m]))('%s: the batch item\'s error, under the base', (_, fields) => {
    const item = validateBatch({ items: [{ target: { text: 'x' }, ...fields }] }).items[0];
    expect(item.ok).toBe(false);
    for (const base of ['', '/metadata']) {
      const r = validateMetadata(fields, { path: base });
      expect(r.ok).toBe(false);
      expect(r.errors).toEqual([{ code: item.error.code, message: item.error.message, path: rebase(item.error.path, '/items/0', base) }]);
    }
  });

  test('only metadata fields; not an object; JSON text; what a valid object gives back', () => {
    expect(validateMetadata({ target: { text: 'x' } }).errors[0]).toEqual(expect.objectContaining({ code: 'unknown_field', path: '/target' }));
    expect(validateMetadata({ nmae: 'x' }).errors[0].message).toMatch(/name/);
    expect(validateMetadata([1], { path: '/m' }).errors[0]).toEqual(expect.objectContaining({ code: 'invalid_type', path: '/m' }));
    expect(validateMetadata('{"tags": [', { path: '/m' }).errors[0]).toEqual(expect.objectContaining({ code: 'invalid_json', path: '/m' }));
    const fields = { name: 'Spring flyer', folder_id: 'f_1-a', tags: ['print', 'q2'] };
    const item = validateBatch({ items: [{ target: { text: 'x' }, ...fields }] }).items[0];
    expect(validateMetadata(fields)).toEqual({ ok: true, metadata: { name: item.name, folder_id: item.folder_id, tags: item.tags } });
    expect(validateMetadata(JSON.stringify(fields))).toEqual(validateMetadata(fields));
    expect(validateMetadata({})).toEqual({ ok: true, metadata: { name: '', folder_id: '', tags: [] } });
  });
});

const badTargets = [
  { destination: 'javascript:alert(1)' },
  { type: 'url', destination: 'https://example.com', text: 'x' },
  { text: 'x', ssid: 'y' },
  { type: 'wifi', ssid: 'net', password: 'short' },
  { title: 'T', start: '2026-05-01T12:00Z', end: '2026-05-01T10:00Z' },
  { first_name: 'A', phones: [{ number: '1', kind: 'cell' }] },
  { text: 'a\u0001' },
  { destination: 'https://example.com', utm: { sorce: 'x' } },
  {},
  'https://example.com',
  { text: 'x'.repeat(3000) },
];

describe('validateTarget', () => {
  test.each(badTargets.map((t) => [JSON.stringify(t).slice(0, 60), t]))('%s: the batch item\'s error, under the base', (_, target) => {
    const item = validateBatch({ items: [{ target }] }).items[0];
    expect(item.ok).toBe(false);
    for (const base of ['', '/target', '/items/3/target']) {
      const r = validateTarget(typeof target === 'string' ? JSON.stringify(target) : target, { path: base });
      expect(r.ok).toBe(false);
      expect(r.errors).toEqual([{ code: item.error.code, message: item.error.message,
        path: rebase(item.error.path, '/items/0/target', base) }]);
      expect([r.type, r.kind]).toEqual([item.type, item.kind]);
    }
  });

  test.each([
    [{ destination: 'https://example.com/a', utm: { source: 'qr' } }],
    [{ type: 'sms', phone: '+1 555 1234', message: 'hi' }],
    [{ ssid: 'Café', password: 'secret123' }],
    [{ first_name: 'Ada', last_name: 'Lovelace', emails: ['ada@example.com'] }],
  ])('%j: what the batch item carries', (target) => {
    for (const dynamic of [false, true]) {
      const item = validateBatch({ items: [{ target }] }, { dynamic_available: dynamic }).items[0];
      expect(validateTarget(target, { dynamic_available: dynamic }))
        .toEqual({ ok: true, type: item.type, kind: item.kind, payload: item.payload });
    }
  });

  test('a missing target is required; the error correction decides what fits', () => {
    expect(validateTarget(undefined, { path: '/target' }).errors[0]).toEqual(expect.objectContaining({ code: 'required', path: '/target' }));
    const text = { text: 'x'.repeat(1500) };
    expect(validateTarget(text, { error_correction: 'L' }).ok).toBe(true);
    expect(validateTarget(text, { error_correction: 'H' }).errors[0]).toEqual(expect.objectContaining({ code: 'data_too_long', path: '/text' }));
    expect(() => validateTarget(text, { error_correction: 'X' })).toThrow(expect.objectContaining({ code: 'invalid_option' }));
  });
});

describe('render on the piece validators', () => {
  test('target errors carry /target paths, design errors /design ones with the list', () => {
    expect(() => render({ destination: 'ftp://example.com' })).toThrow(expect.objectContaining({ code: 'unsupported_scheme', path: '/target/destination' }));
    expect(() => render(undefined)).toThrow(expect.objectContaining({ code: 'required', path: '/target' }));
    let error;
    try {
      render({ text: 'x' }, { colors: { foreground: '#fff' } }, { size: 1 });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(QredgeError);
    expect(error.code).toBe('unscannable_design');
    expect(error.errors.map((e) => e.path)).toEqual(['/design/colors/foreground', '/output/size']);
  });

  test('results do not depend on what was rendered before (the prepared-design cache)', () => {
    const target = { destination: 'https://example.com/cache' };
    const designs = Array.from({ length: 12 }, (_, i) => ({ colors: { foreground: `#${(i + 1).toString(16).padStart(2, '0')}0000` } }));
    const first = designs.map((d) => render(target, d, { format: 'png', size: 128 }).data);
    const again = [...designs].reverse().map((d) => render(target, d, { format: 'png', size: 128 }).data).reverse();
    expect(again).toEqual(first);
    expect(new Set(first.map((d) => Buffer.from(d).toString('base64'))).size).toBe(designs.length);
    expect(renderPayload('https://example.com/cache', designs[3], '{"format":"png","size":128}').data).toEqual(first[3]);
  });

  test('a batch suspended while other designs are rendered goes on with its own design', async () => {
    const design = { shapes: { body: 'dots' }, colors: { foreground: '#203040' } };
    const items = Array.from({ length: 3 }, (_, i) => ({ target: { text: `item ${i}` } }));
    const results = [];
    for await (const item of renderBatch({ items, design, output: { format: 'svg', size: 200 } })) {
      results.push(item.data);
      // Enough other designs to push the batch's out of the engine's bounded cache.
      for (let i = 0; i < 10; i++) render({ text: 'other' }, { error_correction: 'LMQH'[i % 4], shapes: { body: i % 2 ? 'rounded' : 'square' }, colors: { foreground: `#0000${i}0` } });
    }
    expect(results).toEqual(items.map((it) => render(it.target, design, { format: 'svg', size: 200 }).data));
  });
});

describe('what the engine changes for the decoders, and says in scan', () => {
  test('from version 25 up the eyes are drawn square: the same picture as square eyes, with eyes_squared', () => {
    const shaped = { colors: { foreground: '#111111' }, shapes: { body: 'rounded', eye_frame: 'leaf', eye_ball: 'star' } };
    const square = { ...shaped, shapes: { body: 'rounded', eye_frame: 'square', eye_ball: 'square' } };
    const codes = (design, text) => render({ type: 'text', text }, design, { format: 'svg', size: 800 });
    for (const [text, version] of [['a'.repeat(1150), 24], ['a'.repeat(1250), 25]]) {
      const a = codes({ ...shaped, error_correction: 'L' }, text), b = codes({ ...square, error_correction: 'L' }, text);
      expect(a.version).toBe(version);
      const codesOf = (r) => r.scan.adjustments.map((n) => n.code);
      expect(codesOf(a).includes('eyes_squared')).toBe(version >= 25);
      expect(codesOf(b)).not.toContain('eyes_squared');
      expect(a.data === b.data).toBe(version >= 25);
    }
  });

  test('a logo over the middle alignment pattern leaves it a window unless the picture there is flat', () => {
    const logo = (paint) => {
      const png = new PNG({ width: 40, height: 40 });
      for (let y = 0; y < 40; y++) for (let x = 0; x < 40; x++) png.data.set(paint(x, y), (y * 40 + x) * 4);
      return `data:image/png;base64,${PNG.sync.write(png).toString('base64')}`;
    };
    const striped = logo((x, y) => (Math.floor(y / 4) % 2 ? [30, 30, 60, 255] : [230, 230, 230, 255]));
    const flat = logo(() => [200, 40, 40, 255]);
    const target = { destination: 'https://example.com/p/500?utm_source=qrkit&utm_campaign=launch-19' };  // version 8
    for (const format of ['svg', 'png', 'pdf']) {
      const a = render(target, { logo: { url: striped, size: 0.25 } }, { format, size: 300 });
      const b = render(target, { logo: { url: flat, size: 0.25 } }, { format, size: 300 });
      expect(a.version).toBe(8);
      expect(a.scan.adjustments.map((n) => n.code)).toContain('alignment_pattern_uncovered');
      expect(b.scan.adjustments.map((n) => n.code)).not.toContain('alignment_pattern_uncovered');
      if (format === 'svg') {
        expect(a.data).toMatch(/<clipPath id="qredge-logo-[^"]+"><path clip-rule="evenodd"/);
        expect(b.data).not.toMatch(/clipPath/);
      }
    }
  });
});

describe('transparent backgrounds', () => {
  // docs/rendering.md, "Paint": an edge pixel over the transparent ground splits its coverage
  // between its colour and its alpha, so that composited on white it is the opaque pixel.
  const over = (png, x) => {
    const a = png.data[x + 3] / 255;
    return [0, 1, 2].map((k) => png.data[x + k] * a + 255 * (1 - a));
  };
  test.each([
    ['a gradient, round shapes', { gradient: { start: '#1d4ed8', end: '#312e81', type: 'linear-diagonal' }, shapes: { body: 'dots', eye_frame: 'circle', eye_ball: 'circle' } }],
    ['one colour, diamonds and bars', { colors: { foreground: '#14532d' }, shapes: { body: 'diamond', eye_frame: 'leaf', eye_ball: 'star' } }],
  ])('composited on white, a transparent PNG is the opaque PNG within rounding (%s); its edges are partly transparent', (_, design) => {
    const target = { destination: 'https://example.com/transparent' };
    const output = { format: 'png', size: 333 };
    const clear = PNG.sync.read(Buffer.from(render(target, { ...design, transparent_background: true }, output).data));
    const solid = PNG.sync.read(Buffer.from(render(target, design, output).data));
    expect([clear.width, clear.height]).toEqual([solid.width, solid.height]);
    let worst = 0;
    let edges = 0;
    for (let x = 0; x < clear.data.length; x += 4) {
      const alpha = clear.data[x + 3];
      if (alpha > 0 && alpha < 255) edges++;
      const composite = over(clear, x);
      for (let k = 0; k < 3; k++) worst = Math.max(worst, Math.abs(composite[k] - solid.data[x + k]));
    }
    expect(edges).toBeGreaterThan(1000);  // anti-aliased edges, not a hard mask
    expect(worst).toBeLessThanOrEqual(1.5);  // two roundings to 1/255: the colour and the alpha
  });
});

describe('no memory kept by calls that fail', () => {
  const RUNS = 10000;
  const failing = {
    validateDesign: () => validateDesign({ colors: { dark: '#000' } }),
    validateOutput: () => validateOutput({ size: 1 }),
    validateTarget: () => validateTarget({ destination: 'ftp://x' }),
    validateMetadata: () => validateMetadata({ tags: ['a', 'a'] }),
    validateBatch: () => validateBatch({ items: [] }),
    'render (target)': () => expect(() => render({ destination: 'ftp://x' })).toThrow(QredgeError),
    'render (design)': () => expect(() => render({ text: 'x' }, { error_correction: 'X' })).toThrow(QredgeError),
  };
  // The render paths cost a design validation and a thrown Error each: 2,000 of them here
  // (the bindings under them get 10,000 each below), so the debug build's run stays short.
  const runs = (name) => (name.startsWith('render') ? 2000 : RUNS);
  test.each(Object.keys(failing))('%s, many times: wasm memory does not grow', (name) => {
    expect(memory).toBeInstanceOf(WebAssembly.Memory);
    for (let i = 0; i < 100; i++) failing[name]();
    const before = memory.buffer.byteLength;
    for (let i = 0; i < runs(name); i++) failing[name]();
    expect(memory.buffer.byteLength).toBe(before);
  });

  // The bindings themselves, with dlmalloc's count of bytes in use: every call frees what it
  // took, failing or not (a growing heap can hide inside memory that is not full yet).
  test('every binding, 10,000 calls in all, failing and succeeding: heap bytes in use stay the same', async () => {
    const { default: createCore } = await import(pathToFileURL(join(distDir, 'core.mjs')).href);
    const core = await createCore({ wasmBinary: readFileSync(join(distDir, 'core.wasm')), locateFile: (p) => p });
    const bytes = (text) => new TextEncoder().encode(text);
    const design = bytes('{}'), output = bytes('{"format":"png","size":128}');
    const id = core.prepareRender(design, output).id;
    const calls = [
      () => core.validateBatch(bytes('{"items": []}'), { dynamic_available: false, has_template_design: false, template_design: bytes(''), prepare: false }),
      () => core.validateBatch(bytes('{"items": [{"target": {"text": "x"}}]}'), { dynamic_available: false, has_template_design: true, template_design: bytes('{"colors":1}'), prepare: true }),
      () => core.validateDesign(bytes('{"colors": {"dark": "#000"}}'), '/design'),
      () => core.validateDesign(bytes('{"shapes": {"body": "dots"}}'), '/design'),
      () => core.validateOutput(bytes('{"size": 1}'), '/output'),
      () => core.validateMetadata(bytes('{"tags": ["a", "a"]}'), ''),
      () => core.validateMetadata(bytes('{"name": "ok", "tags": ["a"]}'), '/m'),
      () => core.validateTarget(bytes('{"destination": "ftp://x"}'), { path: '/target', dynamic_available: false, error_correction: 2 }),
      () => core.validateTarget(bytes('{"text": "ok"}'), { path: '', dynamic_available: true, error_correction: 3 }),
      () => core.prepareRender(bytes('{"error_correction": "X"}'), output),
      () => core.prepareRender(design, output),
      () => core.renderPrepared(0xfffffff0, 'x'),
      () => core.renderPrepared(id, 'x'.repeat(4000)),
      () => core.renderPrepared(id, 'https://example.com/heap'),
      () => core.renderTarget(0xfffffff0, bytes('{"text": "x"}')),
      () => core.renderTarget(id, bytes('{"destination": "ftp://x"}')),
      () => core.renderTarget(id, bytes('{"text": "' + 'x'.repeat(4000) + '"}')),
      () => core.renderTarget(id, bytes('{"destination": "https://example.com/heap"}')),
    ];
    for (const call of calls) for (let i = 0; i < 100; i++) call();
    const heap = core.heapBytesInUse(), size = core.HEAPU8.length;
    for (let i = 0; i < RUNS; i++) calls[i % calls.length]();
    expect(core.heapBytesInUse()).toBe(heap);
    expect(core.HEAPU8.length).toBe(size);
    expect(core.renderPrepared(id, 'https://example.com/heap').ok).toBe(true);
    expect(core.renderTarget(id, bytes('{"destination": "https://example.com/heap"}'))).toMatchObject({ ok: true, type: 'url', payload: 'https://example.com/heap' });
  });

  // renderPreparedView (for renderBatch's `files`): the same file as renderPrepared, as a view of
  // wasm memory rather than a copy; the engine keeps the one last file, so calls do not pile up.
  test('renderPreparedView: renderPrepared\'s bytes, in wasm memory, one file kept', async () => {
    const { default: createCore } = await import(pathToFileURL(join(distDir, 'core.mjs')).href);
    const core = await createCore({ wasmBinary: readFileSync(join(distDir, 'core.wasm')), locateFile: (p) => p });
    const bytes = (text) => new TextEncoder().encode(text);
    const id = core.prepareRender(bytes('{"shapes":{"body":"dots"}}'), bytes('{"format":"png","size":200}')).id;
    for (const payload of ['https://example.com/a', 'x'.repeat(300)]) {
      const copy = core.renderPrepared(id, payload);
      const view = core.renderPreparedView(id, payload);
      expect(view).toMatchObject({ ok: true, version: copy.version, modules: copy.modules });
      expect(view.data.buffer).toBe(core.HEAPU8.buffer);
      expect(copy.data.buffer).not.toBe(core.HEAPU8.buffer);
      expect(Buffer.from(view.data).equals(Buffer.from(copy.data))).toBe(true);
    }
    // A file is about 1 KB: 200 kept would be 200 KB (the allocator's padding varies by a few bytes).
    const file = core.renderPreparedView(id, 'https://example.com/a').data.length;
    expect(file).toBeGreaterThan(500);
    const heap = core.heapBytesInUse();
    for (let i = 0; i < 200; i++) core.renderPreparedView(id, 'https://example.com/a');
    expect(Math.abs(core.heapBytesInUse() - heap)).toBeLessThan(64);
    expect(core.renderPreparedView(0xfffffff0, 'x')).toMatchObject({ ok: false });
  });
});
