// SPDX-License-Identifier: MIT
// Table-driven validation through the wasm build: every case in tests/cases/*.json is a
// request (or an item, or a target) with the expected payload or the expected error path and
// code. The last test checks docs/validation.md's code catalogue against the codes seen here,
// so the catalogue cannot drift from the engine.
import { readdirSync, readFileSync } from 'node:fs';
import { PNG } from 'pngjs';
import { debugBuild, init, validateBatch } from './helpers/qredge.mjs';

const casesDir = new URL('../cases/', import.meta.url);
const docsFile = new URL('../../docs/validation.md', import.meta.url);

// "{{repeat:S:N}}" inside any string (keys too) becomes S repeated N times.
const expand = (v) => {
  if (typeof v === 'string') return v.replace(/\{\{repeat:(.+?):(\d+)\}\}/gu, (_, s, n) => s.repeat(Number(n)));
  if (Array.isArray(v)) return v.map(expand);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [expand(k), expand(x)]));
  return v;
};

const tables = readdirSync(casesDir).filter((f) => f.endsWith('.json')).sort()
  .map((file) => [file, expand(JSON.parse(readFileSync(new URL(file, casesDir), 'utf8')))]);

const seen = new Set();
const record = (v) => {
  for (const e of v.errors ?? []) seen.add(e.code);
  for (const it of v.items ?? []) if (it.error) seen.add(it.error.code);
  return v;
};

function requestOf(c) {
  if ('text' in c) return c.text;
  if ('request' in c) return c.request;
  const item = 'item' in c ? c.item : { target: c.target };
  return { items: [item], ...(c.design ? { design: c.design } : {}) };
}

const expectMessage = (message, c) => {
  expect(typeof message).toBe('string');
  expect(message.length).toBeGreaterThan(10);
  for (const part of c.message_includes ?? []) expect(message).toContain(part);
};

beforeAll(() => init());

test('the tables hold at least 200 cases', () => {
  expect(tables.reduce((n, [, cases]) => n + cases.length, 0)).toBeGreaterThanOrEqual(200);
});

describe.each(tables)('%s', (file, cases) => {
  test.each(cases.map((c) => [c.name, c]))('%s', (name, c) => {
    const v = record(validateBatch(requestOf(c), c.options ?? {}));
    if (c.request_error) {
      expect(v.ok).toBe(false);
      expect(v.items).toEqual([]);
      expect({ code: v.errors[0]?.code, path: v.errors[0]?.path }).toEqual(c.request_error);
      expectMessage(v.errors[0].message, c);
      return;
    }
    expect(v.errors).toEqual([]);
    expect(v.ok).toBe(true);
    if (c.payloads) {
      expect(v.items.map((i) => (i.ok ? i.payload : null))).toEqual(c.payloads);
      expect(v.items.map((i) => (i.error ? { code: i.error.code, path: i.error.path } : null))).toEqual(c.errors);
      return;
    }
    expect(v.items).toHaveLength(1);
    const item = v.items[0];
    expect(item.index).toBe(0);
    if (c.error) {
      expect(item.ok).toBe(false);
      expect({ code: item.error?.code, path: item.error?.path }).toEqual(c.error);
      expectMessage(item.error.message, c);
      return;
    }
    expect(item.error).toBeUndefined();
    expect(item.ok).toBe(true);
    expect(item.payload).toBe(c.payload);
    if (c.type) expect(item.type).toBe(c.type);
    expect(item.kind).toBe(c.kind ?? 'static');
    for (const [key, value] of Object.entries(c.echo ?? {})) expect(item[key]).toEqual(value);
  });
});

describe('hostile and generated requests', () => {
  test('100 000 nested brackets are rejected before parsing', () => {
    const v = record(validateBatch('['.repeat(100000)));
    expect(v.errors[0]).toMatchObject({ code: 'nesting_too_deep', path: '' });
    expect(v.errors[0].message).toContain('64');
  });

  test('deep nesting inside an item is a request error too', () => {
    const deep = `{"items":[{"target":{"text":"x","utm":${'{"a":'.repeat(80)}1${'}'.repeat(80)}}}]}`;
    expect(record(validateBatch(deep)).errors[0].code).toBe('nesting_too_deep');
  });

  test('1001 items are too many, 1000 are fine', () => {
    const items = Array.from({ length: 1001 }, (_, i) => ({ target: { text: `item ${i}` } }));
    expect(record(validateBatch({ items })).errors[0]).toMatchObject({ code: 'too_many_items', path: '/items' });
    const v = validateBatch({ items: items.slice(0, 1000) });
    expect(v.ok).toBe(true);
    expect(v.items.every((i, n) => i.ok && i.index === n && i.payload === `item ${n}`)).toBe(true);
  });

  // (A raw request *string* holding a lone surrogate is mangled by Embind's UTF-8 conversion
  // before the core sees it; objects are serialised with the surrogate escaped, as here.)
  test('a lone surrogate in a request object is invalid UTF-8', () => {
    const v = record(validateBatch({ items: [{ target: { text: 'a\uD800b' } }] }));
    expect(v.errors[0]).toMatchObject({ code: 'invalid_utf8', path: '' });
    expect(v.errors[0].message).toMatch(/line 1, column \d+/);
  });

  // 1 MB under the debug build: the same path (a string three hundred times too long), where
  // SAFE_HEAP made 10 MB take 40 s of the gate.
  test(`a ${debugBuild ? 1 : 10} MB string is rejected by size, quickly`, () => {
    const v = validateBatch({ items: [{ target: { text: 'x'.repeat((debugBuild ? 1 : 10) << 20) } }, { target: { text: 'ok' } }] });
    expect(v.items[0].error.code).toBe('data_too_long');
    expect(v.items[1].payload).toBe('ok');
  });

  test('the same request gives the same result', () => {
    const req = { items: [{ target: { title: 'T', start: '2026-05-01T18:00+02:00' } }, { target: { ssid: 'S', password: 'password' } }] };
    expect(JSON.stringify(validateBatch(req))).toBe(JSON.stringify(validateBatch(JSON.stringify(req))));
  });
});

describe('design codes surface through validateBatch', () => {
  const pngDataUrl = (width, height) => {
    const png = new PNG({ width, height });
    png.data.fill(255);
    return `data:image/png;base64,${PNG.sync.write(png).toString('base64')}`;
  };

  test('a logo over 1024 px is logo_too_large', () => {
    const v = record(validateBatch({ items: [{ target: { text: 'x' } }], design: { logo: { url: pngDataUrl(1025, 4) } } }));
    expect(v.errors[0]).toMatchObject({ code: 'logo_too_large', path: '/design/logo/url' });
  });

  test('a logo raises error correction to H, and capacity follows', () => {
    const v = record(validateBatch({
      items: [{ target: { text: 'a'.repeat(1273) } }, { target: { text: 'a'.repeat(1274) } }],
      design: { error_correction: 'L', logo: { url: pngDataUrl(16, 16) } },
    }));
    expect(v.effective_error_correction).toBe('H');
    expect(v.items[0].ok).toBe(true);
    expect(v.items[1].error).toMatchObject({ code: 'data_too_long', path: '/items/1/target/text' });
    expect(v.items[1].error.message).toContain('1273');
  });
});

test('docs/validation.md lists exactly the codes the engine produces', () => {
  const rows = readFileSync(docsFile, 'utf8').split('\n')
    .map((line) => line.match(/^\|\s*`([a-z0-9_]+)`\s*\|\s*(request|item|request, item|design)\s*\|/))
    .filter(Boolean);
  const catalogue = new Map(rows.map((m) => [m[1], m[2]]));
  expect(catalogue.size).toBeGreaterThan(20);
  const own = [...catalogue].filter(([, level]) => level !== 'design').map(([code]) => code).sort();
  // Every code of this stage is produced by at least one test above...
  expect(own.filter((code) => !seen.has(code))).toEqual([]);
  // ...and every code seen is catalogued (design codes included).
  expect([...seen].filter((code) => !catalogue.has(code)).sort()).toEqual([]);
});
