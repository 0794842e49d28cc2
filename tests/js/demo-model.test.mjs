// SPDX-License-Identifier: MIT
// The demo's pure functions (web-demo/model.mjs) in Node: form values -> request, CSV/JSON ->
// batch request, error locations and ZIP file names. The requests they build are checked with
// the engine's own validateBatch; the presets' codes are rendered and decoded.
import { buildTarget, buildDesign, buildSingleRequest, buildVcard, parseBatchInput, describePath, fileName, indexWidth, localOffset,
  csvTemplate, PRESETS, CSV_COLUMNS, buildCsvCommands } from '../../web-demo/model.mjs';
import { init, validateBatch, render } from './helpers/qredge.mjs';
import { decodeWithZxing } from './helpers/decode.mjs';

beforeAll(() => init());

describe('buildTarget', () => {
  test.each([
    ['url', { destination: 'https://example.com', utm: { source: 'a', medium: '', campaign: 'c' } },
      { type: 'url', destination: 'https://example.com', utm: { source: 'a', campaign: 'c' } }],
    ['url', { destination: 'https://example.com', utm: { source: '' } }, { type: 'url', destination: 'https://example.com' }],
    ['text', { text: 'hi' }, { type: 'text', text: 'hi' }],
    ['email', { email: 'a@example.com', subject: '', message: 'm' }, { type: 'email', email: 'a@example.com', message: 'm' }],
    ['sms', { phone: '+15550100', message: '' }, { type: 'sms', phone: '+15550100' }],
    ['wifi', { ssid: 'n', password: 'secret12', encryption: 'WPA', hidden: true }, { type: 'wifi', ssid: 'n', password: 'secret12', encryption: 'WPA', hidden: true }],
    ['wifi', { ssid: 'n', password: 'ignored', encryption: 'nopass' }, { type: 'wifi', ssid: 'n', encryption: 'nopass' }],
    ['event', { title: 't', start: '2026-05-01T18:00', end: '', zone: '' }, { type: 'event', title: 't', start: '2026-05-01T18:00:00' }],
    ['event', { title: 't', start: '2026-05-01T18:00', end: '2026-05-01T19:30', zone: '+02:00', location: 'x' },
      { type: 'event', title: 't', start: '2026-05-01T18:00:00+02:00', end: '2026-05-01T19:30:00+02:00', location: 'x' }],
    ['event', { title: 't', start: '2026-05-01', end: '2026-05-02', allDay: true, zone: 'Z' }, { type: 'event', title: 't', start: '2026-05-01', end: '2026-05-02' }],
    ['vcard', { vcard: 'BEGIN:VCARD\nEND:VCARD' }, { type: 'vcard', destination: 'BEGIN:VCARD\nEND:VCARD' }],
  ])('%s %j', (type, values, expected) => {
    const target = buildTarget(type, values);
    expect(target).toEqual(expected);
  });

  test('every type the forms build is accepted by the engine as it is', () => {
    const items = [
      buildTarget('url', { destination: 'https://example.com/a', utm: { source: 's' } }),
      buildTarget('text', { text: 'x' }),
      buildTarget('email', { email: 'a@example.com', subject: 'Hi' }),
      buildTarget('sms', { phone: '+1 555 010 0200', message: 'm' }),
      buildTarget('wifi', { ssid: 'n', password: 'secret12', encryption: 'WPA' }),
      buildTarget('event', { title: 't', start: '2026-05-01T18:00', end: '2026-05-01T19:00', zone: 'Z' }),
      buildTarget('vcard', { vcard: 'BEGIN:VCARD\nVERSION:3.0\nFN:A\nEND:VCARD' }),
    ].map((target) => ({ target }));
    const v = validateBatch({ items });
    expect(v.ok).toBe(true);
    expect(v.items.map((i) => [i.ok, i.type])).toEqual(items.map((i) => [true, i.target.type]));
  });
});

test('buildDesign leaves untouched defaults out and names every option as API.md §2 does', () => {
  const plain = buildDesign({ ecc: 'Q', foreground: '#000000', background: '#ffffff', shapes: { body: 'square', eye_frame: 'square', eye_ball: 'square' } });
  expect(plain).toEqual({ error_correction: 'Q', colors: { foreground: '#000000', background: '#ffffff' } });
  const full = buildDesign({
    ecc: 'H', foreground: '#111111', background: '#fafafa', transparent: true,
    gradient: { start: '#111111', end: '#1d4ed8', type: 'radial' }, eyeFrame: '#0f766e', eyeBall: '#b45309',
    shapes: { body: 'dots', eye_frame: 'circle', eye_ball: 'star' }, logo: { url: 'data:image/png;base64,AA==', size: 0.2, clear: true },
  });
  expect(full).toEqual({
    error_correction: 'H', colors: { foreground: '#111111', background: '#fafafa' },
    gradient: { start: '#111111', end: '#1d4ed8', type: 'radial' },
    shapes: { body: 'dots', eye_frame: 'circle', eye_ball: 'star' },
    eye_colors: { frame: '#0f766e', ball: '#b45309' },
    logo: { url: 'data:image/png;base64,AA==', size: 0.2, clear_background: true },
    transparent_background: true,
  });
  expect(buildSingleRequest({ type: 'text', text: 'x' }, plain, { format: 'svg' }))
    .toEqual({ items: [{ target: { type: 'text', text: 'x' } }], design: plain, output: { format: 'svg' } });
});

describe('parseBatchInput', () => {
  test('CSV: quoted fields, tags, UTM columns, hidden, metadata, unknown columns', () => {
    const csv = 'Type,destination,text,ssid,hidden,utm_source,name,tags,folder_id,colour\n' +
      'url,https://example.com/x,,,,news,"Flyer, big",a;b | c,f1,red\n' +
      'text,,"multi\nline, ""quoted""",,,,,,,\n' +
      'wifi,,,Net,yes,,,,,\n\n';
    const { source, request, rowOf, warnings } = parseBatchInput(csv);
    expect(source).toBe('csv');
    expect(request.items).toEqual([
      { target: { type: 'url', destination: 'https://example.com/x', utm: { source: 'news' } }, name: 'Flyer, big', folder_id: 'f1', tags: ['a', 'b', 'c'] },
      { target: { type: 'text', text: 'multi\nline, "quoted"' } },
      { target: { type: 'wifi', ssid: 'Net', hidden: true } },
    ]);
    expect(warnings).toEqual(['Ignored unknown column: colour']);
    // The quoted text cell spans lines 3 and 4: the wifi row starts on line 5.
    expect([rowOf(0), rowOf(1), rowOf(2)]).toEqual([2, 3, 5]);
    expect(validateBatch(request).items.map((i) => i.ok)).toEqual([true, true, true]);
  });

  test('a one-column CSV needs no delimiter', () => {
    expect(parseBatchInput('text\nhello\nworld').request.items).toEqual([{ target: { text: 'hello' } }, { target: { text: 'world' } }]);
  });

  test('JSON: a request as it is, or a bare list of items', () => {
    const request = { items: [{ target: { text: 'a' } }], output: { format: 'png' } };
    expect(parseBatchInput(JSON.stringify(request))).toMatchObject({ source: 'json', request });
    expect(parseBatchInput('[{"target":{"text":"a"}}]').request).toEqual({ items: [{ target: { text: 'a' } }] });
  });

  test.each([
    ['', /Paste or drop/],
    ['{"items": [', /not valid JSON/],
    ['hello world\nfoo', /first row must name the columns/],
    ['type,text\n', /no data rows/],
    ['type,text\nurl,"unclosed', /CSV problem/],
  ])('explains bad input %j', (text, message) => {
    expect(() => parseBatchInput(text)).toThrow(message);
  });
});

test('describePath points at CSV rows and columns', () => {
  const rowOf = (i) => i + 2;
  expect(describePath('/items/3/target/email', rowOf)).toBe('row 5 · email');
  expect(describePath('/items/3/target/utm/source', rowOf)).toBe('row 5 · utm_source');
  expect(describePath('/items/3/target', rowOf)).toBe('row 5');
  expect(describePath('/items/3/tags/1', rowOf)).toBe('row 5 · tags');
  expect(describePath('/items/3/name', () => null)).toBe('/items/3/name');
  expect(describePath('/items', rowOf)).toBe('/items');
  expect(describePath('', rowOf)).toBe('(request)');
});

test('fileName follows the CLI: zero-padded <index>-<name>.<ext>, safe characters only', () => {
  expect(fileName(0, 'Spring flyer', 'png')).toBe('0000-Spring-flyer.png');
  expect(fileName(12, 'Café / Menü: 2026', 'svg')).toBe('0012-Cafe-Menu-2026.svg');
  expect(fileName(3, '', 'png')).toBe('0003.png');
  expect(fileName(4, '../..', 'png')).toBe('0004.png');
  expect(fileName(7, 'x', 'png', indexWidth(20000))).toBe('00007-x.png');
  expect([indexWidth(1), indexWidth(10000), indexWidth(10001)]).toEqual([4, 4, 5]);
});

test('the CSV template: every column the batch reads, one valid row per content type', () => {
  const text = csvTemplate();
  const header = text.split('\r\n')[0].split(',');
  for (const column of [...CSV_COLUMNS, 'name', 'tags', 'utm_source']) expect(header).toContain(column);
  const { request, warnings } = parseBatchInput(text);
  expect(warnings).toEqual([]);
  expect(request.items.map((i) => i.target.type)).toEqual(['url', 'text', 'email', 'sms', 'wifi', 'event', 'vcard']);
  const v = validateBatch(request);
  expect(v.ok).toBe(true);
  expect(v.items.map((i) => [i.ok, i.type])).toEqual(request.items.map((i) => [true, i.target.type]));
  expect(request.items.every((i) => i.name)).toBe(true);
});

test.each(Object.keys(PRESETS))('preset %s: accepted by the engine and reads back exactly', async (key) => {
  const { logo, ...preset } = PRESETS[key];
  // A plain square as the sample logo (the page draws its own; any PNG will do here).
  const logoState = logo && { url: 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAQAAAAECAYAAACp8Z5+AAAAGklEQVR4AWO8o6b2nwEJMDGgASYGNMDEgAYAjhoCL2j5YO4AAAAASUVORK5CYII=', ...logo };
  const design = buildDesign({ ...preset, logo: logoState });
  const payload = 'https://example.com/preset';
  const r = render({ destination: payload }, design, { format: 'png', size: 512 });
  expect(r.scan.warnings).toEqual([]);
  expect(r.scan.contrast_ratio).toBeGreaterThanOrEqual(3);
  expect((await decodeWithZxing(r.data)).toString('utf8')).toBe(payload);
  if (logo) expect(r.effective_error_correction).toBe('H');
});

test('buildVcard writes a vCard 3.0 with escaped text', () => {
  expect(buildVcard({ first: 'Ana', last: 'Núñez', org: 'Acme, Inc; Labs', phone: '+34 600', email: '', url: 'https://example.com' }))
    .toBe('BEGIN:VCARD\nVERSION:3.0\nN:Núñez;Ana;;;\nFN:Ana Núñez\nORG:Acme\\, Inc\\; Labs\nTEL;TYPE=CELL:+34 600\nURL:https://example.com\nEND:VCARD');
  expect(buildVcard({ org: 'Only Org' })).toBe('BEGIN:VCARD\nVERSION:3.0\nN:;;;;\nFN:Only Org\nORG:Only Org\nEND:VCARD');
});

test('localOffset formats the device offset', () => {
  expect(localOffset({ getTimezoneOffset: () => -120 })).toBe('+02:00');
  expect(localOffset({ getTimezoneOffset: () => 330 })).toBe('-05:30');
  expect(localOffset({ getTimezoneOffset: () => 0 })).toBe('+00:00');
});

test('buildCsvCommands: the design and output as query parameters of a CSV batch, then its archive', () => {
  const design = { error_correction: 'Q', colors: { foreground: '#1e3a8a', background: '#ffffff' } };
  const text = buildCsvCommands(design, { format: 'png', size: 1024 });
  const url = new URL(/"\$QREDGE_URL(\/v1\/batches\?[^"]+)"/.exec(text)[1], 'http://x');
  expect(JSON.parse(url.searchParams.get('design'))).toEqual(design);
  expect(JSON.parse(url.searchParams.get('output'))).toEqual({ format: 'png', size: 1024 });
  expect(text).toContain('-H "Content-Type: text/csv" --data-binary @codes.csv');
  expect(text).toContain('/archive?format=png&size=1024');
});
