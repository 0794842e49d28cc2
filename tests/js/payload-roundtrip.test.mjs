// SPDX-License-Identifier: MIT
// Each target type's payload survives a real scan: render() -> PNG (or SVG rasterized) ->
// zxing-wasm -> the exact bytes validateBatch reported. The decoded text is then parsed back
// with independent parsers (WHATWG URL, a WIFI: reader, a VEVENT reader, Date) and compared
// field by field with the request.
import { domainToASCII } from 'node:url';
import { init, render, validateBatch } from './helpers/qredge.mjs';
import { decodeWithZxing, decodeWithJsqr, toPng } from './helpers/decode.mjs';

beforeAll(() => init());

async function scan(target, format = 'png', design = {}) {
  const v = validateBatch({ items: [{ target }], design });
  expect(v.ok).toBe(true);
  const item = v.items[0];
  expect(item.error).toBeUndefined();
  const r = render(target, design, { format, size: 640 });
  expect(r.payload).toBe(item.payload);
  const decoded = await decodeWithZxing(toPng(r.data, 640));
  expect(decoded).not.toBeNull();
  expect(decoded.equals(Buffer.from(item.payload, 'utf8'))).toBe(true);
  return decoded.toString('utf8');
}

// --- independent readers of the payload formats --------------------------------------------
function readWifi(text) {
  expect(text.startsWith('WIFI:')).toBe(true);
  expect(text.endsWith(';;')).toBe(true);
  const fields = {};
  let key = '', value = '', inKey = true;
  const body = text.slice(5, -1);
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (inKey) {
      if (c === ':') inKey = false; else key += c;
    } else if (c === '\\') {
      value += body[++i];
    } else if (c === ';') {
      // ZXing's convention (Android's client): "…" marks a literal that could be read as hex.
      fields[key] = /^".*"$/s.test(value) ? value.slice(1, -1) : value; key = ''; value = ''; inKey = true;
    } else {
      value += c;
    }
  }
  return fields;
}

function readVevent(text) {
  expect(text.startsWith('BEGIN:VEVENT\r\n')).toBe(true);
  expect(text.endsWith('\r\nEND:VEVENT\r\n')).toBe(true);
  // RFC 5545 §3.1: physical lines of at most 75 octets; a CRLF + space is a fold.
  for (const l of text.split('\r\n')) expect(Buffer.byteLength(l)).toBeLessThanOrEqual(75);
  const lines = text.slice(0, -2).replace(/\r\n /g, '').split('\r\n');
  expect(lines.every((l) => !l.includes('\n'))).toBe(true);
  const props = {};
  for (const line of lines.slice(1, -1)) {
    const colon = line.indexOf(':');
    const [name, ...params] = line.slice(0, colon).split(';');
    const raw = line.slice(colon + 1);
    const value = raw.replace(/\\([\\;,nN])/g, (_, c) => (c === 'n' || c === 'N' ? '\n' : c));
    props[name] = { params, value, raw };
  }
  return props;
}

const icalUtc = (iso) => new Date(iso).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');

// --- url ---------------------------------------------------------------------------------
describe('url', () => {
  test.each([
    ['png', 'https://example.com/landing?ref=print#top', { source: 'qr code', medium: 'poster', campaign: 'spring&summer' }],
    ['svg', 'https://bücher.example/straße?a=1&utm_source=old', { source: 'new', content: 'été +1' }],
    ['png', 'http://[2001:db8::7]:8080/x', {}],
  ])('%s: %s with UTM', async (format, destination, utm) => {
    const text = await scan({ destination, utm }, format);
    const got = new URL(text), want = new URL(destination);
    expect(got.protocol).toBe(want.protocol);
    expect(got.hostname).toBe(domainToASCII(want.hostname) || want.hostname);
    expect(got.port).toBe(want.port);
    expect(got.pathname).toBe(want.pathname);
    expect(got.hash).toBe(want.hash);
    for (const [k, v] of Object.entries(utm)) expect(got.searchParams.getAll(`utm_${k}`)).toEqual(v ? [v] : []);
    // Parameters that are not UTM keep their values and order.
    const others = (u) => [...u.searchParams].filter(([k]) => !k.startsWith('utm_') || !(k.slice(4) in utm));
    expect(others(got)).toEqual(others(want));
  });
});

// --- text, vcard, pre-encoded ---------------------------------------------------------------
test.each([
  ['text', { text: 'Grüße ✓ 😀 日本語\nline two\ttab' }, 'Grüße ✓ 😀 日本語\nline two\ttab'],
  ['vcard', { type: 'vcard', destination: 'BEGIN:VCARD\nVERSION:3.0\nN:Doe;Jane\nFN:Jane Doe\nEND:VCARD' },
    'BEGIN:VCARD\r\nVERSION:3.0\r\nN:Doe;Jane\r\nFN:Jane Doe\r\nEND:VCARD\r\n'],
  ['pre-encoded wifi', { type: 'wifi', destination: 'WIFI:T:WPA;S:pre;P:encoded1;;' }, 'WIFI:T:WPA;S:pre;P:encoded1;;'],
])('%s decodes to the text as given (a vCard with CRLF lines)', async (name, target, expected) => {
  expect(await scan(target, name === 'vcard' ? 'svg' : 'png')).toBe(expected);
});

// --- email ---------------------------------------------------------------------------------
test.each([
  [{ email: 'jane.doe+qr@example.com', subject: 'Q&A: 50% off? Grüße', message: 'Line 1\nLine 2 = 1+1\n\ttabbed' }],
  [{ email: 'info@münchen.de', subject: 'Hi' }],
  [{ email: 'a#b@example.com', message: 'body only' }],
])('email %#: mailto parts match the request', async (target) => {
  const text = await scan(target);
  const u = new URL(text);
  expect(u.protocol).toBe('mailto:');
  const [local, domain] = decodeURIComponent(u.pathname).split('@');
  const [wantLocal, wantDomain] = target.email.split('@');
  expect(local).toBe(wantLocal);
  expect(domain).toBe(domainToASCII(wantDomain));
  expect(u.searchParams.get('subject')).toBe(target.subject ?? null);
  expect(u.searchParams.get('body')).toBe(target.message ? target.message.replace(/\n/g, '\r\n') : null);
  expect([...u.searchParams.keys()]).toEqual([...(target.subject ? ['subject'] : []), ...(target.message ? ['body'] : [])]);
});

// --- sms -----------------------------------------------------------------------------------
test.each([
  [{ phone: '+49 (30) 123-45.67', message: 'Reply YES: confirm\nthanks' }, '+49301234567'],
  [{ phone: '112' }, '112'],
])('sms %#: number and message', async (target, phone) => {
  const text = await scan(target);
  const m = text.match(/^SMSTO:([^:]*):([\s\S]*)$/);
  expect(m).not.toBeNull();
  expect(m[1]).toBe(phone);
  expect(m[2]).toBe(target.message ?? '');
});

// --- wifi ----------------------------------------------------------------------------------
test.each([
  [{ ssid: 'Café; "Guest", 2:4GHz\\', password: 'p@ss;w,o:r"d\\1', hidden: true }, 'WPA'],
  [{ ssid: 'Open Net' }, 'nopass'],
  [{ ssid: 'Old', password: 'abcde', encryption: 'WEP' }, 'WEP'],
])('wifi %#: fields unescape to the request', async (target, encryption) => {
  const f = readWifi(await scan(target, 'svg'));
  expect(f.T).toBe(encryption);
  expect(f.S).toBe(target.ssid);
  expect(f.P).toBe(target.password);
  expect(f.H).toBe(target.hidden ? 'true' : undefined);
});

// --- event ---------------------------------------------------------------------------------
test.each([
  [{ title: 'Launch, party; v2\\final', start: '2026-05-01T18:00:00+02:00', end: '2026-05-01T21:30-03:00', location: 'Hall 1\nBerlin' }],
  [{ title: 'UTC', start: '2026-12-31T23:30:00Z', end: '2027-01-01T01:00:00Z' }],
])('event %#: times in UTC, text unescaped', async (target) => {
  const p = readVevent(await scan(target));
  expect(p.SUMMARY.value).toBe(target.title);
  expect(p.DTSTART.value).toBe(icalUtc(target.start));
  expect(p.DTEND.value).toBe(icalUtc(target.end));
  expect(p.LOCATION?.value).toBe(target.location);
});

test('event: floating times stay floating', async () => {
  const p = readVevent(await scan({ title: 'Local', start: '2026-05-01T09:15', end: '2026-05-01T10:00:30' }));
  expect(p.DTSTART.value).toBe('20260501T091500');
  expect(p.DTEND.value).toBe('20260501T100030');
});

test('event: all-day with an inclusive end', async () => {
  const p = readVevent(await scan({ title: 'Fair', start: '2024-02-27', end: '2024-02-29' }, 'svg'));
  expect(p.DTSTART).toMatchObject({ params: ['VALUE=DATE'], value: '20240227' });
  // DTEND is exclusive in RFC 5545: the day after the last day.
  const next = new Date(Date.UTC(2024, 1, 29 + 1)).toISOString().slice(0, 10).replace(/-/g, '');
  expect(p.DTEND).toMatchObject({ params: ['VALUE=DATE'], value: next });
});

test('a second decoder agrees on a composite payload', async () => {
  const target = { ssid: 'Second; opinion', password: 'decoder:check' };
  const item = validateBatch({ items: [{ target }] }).items[0];
  const png = render(target, {}, { format: 'png', size: 512 }).data;
  expect(decodeWithJsqr(png).toString('utf8')).toBe(item.payload);
});

test('a payload at the capacity limit still scans', async () => {
  const text = 'x'.repeat(1273);
  expect(await scan({ text }, 'png', { error_correction: 'H' })).toBe(text);
});
