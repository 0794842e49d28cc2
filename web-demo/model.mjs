// SPDX-License-Identifier: MIT
// Pure functions of the demo, no DOM: form values -> API.md §1 target / §2 design / §3 output,
// CSV or JSON text -> batch request, the CSV template, the design presets, and names for the
// files of a batch ZIP.
import { parseCsv, CsvError, UTM_KEYS, CSV_COLUMNS, csvTemplate, fileName, indexWidth } from '../shared/csv.mjs';

export { CSV_COLUMNS, csvTemplate, fileName, indexWidth };

/** The `target` of one item for a content type and the raw form values of that type. */
export function buildTarget(type, v) {
  const put = (o, k, value) => { if (value !== undefined && value !== '') o[k] = value; return o; };
  switch (type) {
    case 'url': {
      const t = { type, destination: v.destination ?? '' };
      const utm = {};
      for (const k of UTM_KEYS) put(utm, k, v.utm?.[k]);
      if (Object.keys(utm).length) t.utm = utm;
      return t;
    }
    case 'text': return { type, text: v.text ?? '' };
    case 'email': return put(put({ type, email: v.email ?? '' }, 'subject', v.subject), 'message', v.message);
    case 'sms': return put({ type, phone: v.phone ?? '' }, 'message', v.message);
    case 'wifi': {
      const t = { type, ssid: v.ssid ?? '' };
      const encryption = v.encryption || 'WPA';
      if (encryption !== 'nopass') put(t, 'password', v.password);
      t.encryption = encryption;
      if (v.hidden) t.hidden = true;
      return t;
    }
    case 'event': {
      const t = { type, title: v.title ?? '', start: eventTime(v.start, v) };
      put(t, 'end', eventTime(v.end, v));
      return put(t, 'location', v.location);
    }
    case 'vcard': return { type, destination: v.vcard ?? '' };
    default: throw new Error(`unknown content type ${type}`);
  }
}

// `datetime-local` gives "2026-05-01T18:00"; all-day events use the date alone. The zone is
// floating (''), UTC ('Z') or a fixed offset ('+02:00').
function eventTime(value, { allDay, zone }) {
  if (!value) return '';
  if (allDay) return value.slice(0, 10);
  const withSeconds = /T\d\d:\d\d$/.test(value) ? `${value}:00` : value;
  return zone ? `${withSeconds}${zone}` : withSeconds;
}

/** A vCard 3.0 text from simple fields (RFC 2426 text escaping); `\n` between lines. */
export function buildVcard(f) {
  const esc = (v) => String(v ?? '').trim().replace(/\\/g, '\\\\').replace(/[,;]/g, (c) => `\\${c}`).replace(/\n/g, '\\n');
  const fn = [f.first, f.last].map((v) => (v ?? '').trim()).filter(Boolean).join(' ') || (f.org ?? '').trim();
  const lines = ['BEGIN:VCARD', 'VERSION:3.0', `N:${esc(f.last)};${esc(f.first)};;;`, `FN:${esc(fn)}`];
  if (f.org?.trim()) lines.push(`ORG:${esc(f.org)}`);
  if (f.title?.trim()) lines.push(`TITLE:${esc(f.title)}`);
  if (f.phone?.trim()) lines.push(`TEL;TYPE=CELL:${esc(f.phone)}`);
  if (f.email?.trim()) lines.push(`EMAIL:${esc(f.email)}`);
  if (f.url?.trim()) lines.push(`URL:${esc(f.url)}`);
  lines.push('END:VCARD');
  return lines.join('\n');
}

/** "+02:00" for a Date's local offset (for the event time-zone choice). */
export function localOffset(date = new Date()) {
  const minutes = -date.getTimezoneOffset();
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/**
 * The `design` object (API.md §2) for the design form's state. Defaults that the user did not
 * change are left out, so the request stays short; colours and ECC are always written.
 */
export function buildDesign(s) {
  const design = {
    error_correction: s.ecc,
    colors: { foreground: s.foreground, background: s.background },
  };
  if (s.gradient) design.gradient = { start: s.gradient.start, end: s.gradient.end, type: s.gradient.type };
  const shapes = {};
  for (const k of ['body', 'eye_frame', 'eye_ball']) if (s.shapes?.[k] && s.shapes[k] !== 'square') shapes[k] = s.shapes[k];
  if (Object.keys(shapes).length) design.shapes = shapes;
  const eyes = {};
  if (s.eyeFrame) eyes.frame = s.eyeFrame;
  if (s.eyeBall) eyes.ball = s.eyeBall;
  if (Object.keys(eyes).length) design.eye_colors = eyes;
  if (s.logo) design.logo = { url: s.logo.url, size: s.logo.size, clear_background: s.logo.clear };
  if (s.transparent) design.transparent_background = true;
  if (s.frame) design.frame = { style: s.frame.style, text: s.frame.text, color: s.frame.color, text_color: s.frame.textColor };
  return design;
}

/** The `POST /v1/batches` body that makes the same single code through the API. */
export function buildSingleRequest(target, design, output) {
  return { items: [{ target }], design, output };
}

/**
 * The same design for a whole spreadsheet: curl commands that POST a CSV (the batch panel's
 * columns) with this design and output as query parameters, then fetch the batch's ZIP.
 */
export function buildCsvCommands(design, output) {
  const query = `design=${encodeURIComponent(JSON.stringify(design))}&output=${encodeURIComponent(JSON.stringify(output))}`;
  const format = output?.format === 'svg' ? 'svg' : 'png';
  const size = Number.isInteger(output?.size) ? `&size=${output.size}` : '';
  return [
    `curl -X POST "$QREDGE_URL/v1/batches?${query}" \\`,
    '  -H "Authorization: Bearer $QREDGE_KEY" -H "Content-Type: text/csv" --data-binary @codes.csv',
    `curl -o codes.zip "$QREDGE_URL/v1/batches/BATCH_ID/archive?format=${format}${size}" \\`,
    '  -H "Authorization: Bearer $QREDGE_KEY"',
  ].join('\n');
}

export const SHAPES = {
  body: ['square', 'rounded', 'dots', 'extra-rounded', 'classy', 'classy-rounded', 'diamond', 'vertical-bars', 'horizontal-bars'],
  eye_frame: ['square', 'rounded', 'extra-rounded', 'circle', 'leaf'],
  eye_ball: ['square', 'rounded', 'circle', 'diamond', 'leaf', 'star'],
};

/**
 * One-click starting points for the design form, in buildDesign's input shape. Every one passes
 * the engine's rules (contrast) and reads back exactly (tests/js/demo-model.test.mjs and
 * demo-polish.test.mjs). `logo` asks for the logo settings; the page adds a sample logo when
 * none is chosen.
 */
export const PRESETS = {
  classic: {
    label: 'Classic', ecc: 'M', foreground: '#000000', background: '#ffffff', gradient: null, eyeFrame: null, eyeBall: null,
    shapes: { body: 'square', eye_frame: 'square', eye_ball: 'square' },
  },
  brand: {
    label: 'Rounded brand', ecc: 'Q', foreground: '#1e3a8a', background: '#ffffff', gradient: null, eyeFrame: '#0f766e', eyeBall: '#1e3a8a',
    shapes: { body: 'rounded', eye_frame: 'extra-rounded', eye_ball: 'rounded' },
  },
  gradient: {
    label: 'Dots with gradient', ecc: 'Q', foreground: '#1d4ed8', background: '#ffffff',
    gradient: { start: '#1d4ed8', end: '#6d28d9', type: 'linear-diagonal' }, eyeFrame: null, eyeBall: null,
    shapes: { body: 'dots', eye_frame: 'circle', eye_ball: 'circle' },
  },
  logo: {
    label: 'Logo-ready', ecc: 'H', foreground: '#111827', background: '#ffffff', gradient: null, eyeFrame: null, eyeBall: null,
    shapes: { body: 'classy-rounded', eye_frame: 'rounded', eye_ball: 'rounded' }, logo: { size: 0.2, clear: false },
  },
};

/**
 * Parses pasted or dropped batch input. JSON (starts with `{`) is a batch request used as it
 * is; anything else is CSV with a header row (see docs/demo.md for the columns).
 * Returns { source, request, rowOf(index) -> CSV line number | null, warnings } or throws an
 * Error with a `.detail` for the input field.
 */
export function parseBatchInput(text) {
  const trimmed = text.trim();
  if (!trimmed) throw inputError('Paste or drop a CSV or JSON batch first.');
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    let request;
    try {
      request = JSON.parse(trimmed);
    } catch (e) {
      throw inputError(`This is not valid JSON: ${e.message}`);
    }
    if (Array.isArray(request)) request = { items: request };  // a bare list of items
    return { source: 'json', request, rowOf: () => null, warnings: [] };
  }
  return csvToRequest(trimmed);
}

function inputError(message) {
  const e = new Error(message);
  e.detail = message;
  return e;
}

/** CSV text (header row first) -> { source:'csv', request:{items}, rowOf, warnings }, read by shared/csv.mjs. */
export function csvToRequest(text) {
  let parsed;
  try {
    parsed = parseCsv(text);
  } catch (e) {
    if (e instanceof CsvError) throw inputError(`CSV problem: ${e.message}.`);
    throw e;
  }
  const { items, lines, warnings } = parsed;
  return { source: 'csv', request: { items }, rowOf: (index) => lines[index] ?? null, warnings };
}

/** Where an item error points, for people: "row 5 · email" for CSV, the JSON path otherwise. */
export function describePath(path, rowOf) {
  const m = /^\/items\/(\d+)(\/.*)?$/.exec(path ?? '');
  if (!m) return path || '(request)';
  const row = rowOf(Number(m[1]));
  const rest = m[2] ?? '';
  if (row == null) return path;
  const column = rest.replace(/^\/target\/utm\//, '/utm_').replace(/^\/target/, '').replace(/^\//, '').replace(/\/.*/, '');
  return column ? `row ${row} · ${column}` : `row ${row}`;
}
