// SPDX-License-Identifier: MIT
// The batch CSV, read one way everywhere: the demo's batch panel, POST /v1/batches with
// Content-Type: text/csv, and `qredge render FILE.csv`. CSV text (header row first) becomes the
// `items` of a batch request; the columns are documented once, in docs/api.md ("CSV batches").
// Parsed with papaparse. A problem with the CSV itself (broken quoting, a row with more cells
// than the header, no known column, no data row) throws a CsvError with the 1-based line and
// column (in characters) where it is; a problem with a row's content is left to the engine and
// becomes that item's error, as in a JSON batch.
import Papa from 'papaparse';

export const UTM_KEYS = ['source', 'medium', 'campaign', 'term', 'content'];
/** Columns that become the `target` field of the same name (`hidden` is read as a boolean). */
export const CSV_COLUMNS = ['type', 'destination', 'text', 'email', 'subject', 'message', 'phone', 'ssid', 'password',
  'encryption', 'hidden', 'title', 'location', 'start', 'end'];
/** Columns that become item fields. */
export const META_COLUMNS = ['name', 'folder_id', 'kind'];

const KNOWN = new Set([...CSV_COLUMNS, ...META_COLUMNS, 'tags', ...UTM_KEYS.map((k) => `utm_${k}`)]);

/** A CSV that cannot be read: `code` (stable), `line` and `column` (1-based, characters). */
export class CsvError extends Error {
  constructor(code, message, line, column) {
    super(message);
    this.name = 'CsvError';
    this.code = code;
    this.line = line;
    this.column = column;
  }
}

/** 1-based line and column (in characters) of offset `at` in `text`. */
function lineColumn(text, at) {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < at; i = text.indexOf('\n', i + 1)) { line++; start = i + 1; }
  return { line, column: at - start + 1 };
}

/** Where the row after offset `from` starts: past the previous row's line break and any blank lines. */
function rowStart(text, from) {
  let i = from;
  while (i < text.length && (text[i] === '\r' || text[i] === '\n' || text[i] === ' ' || text[i] === '\t')) i++;
  return i;
}

/** The `target` and item fields of one CSV row (header names lower-cased, trimmed). */
function rowToItem(row) {
  const target = {};
  for (const k of CSV_COLUMNS) {
    const value = row[k]?.trim?.() ?? '';
    if (value === '') continue;
    if (k === 'hidden') target.hidden = /^(true|1|yes)$/i.test(value);
    else target[k] = k === 'destination' && target.type === 'vcard' ? row[k] : value;
  }
  const utm = {};
  for (const k of UTM_KEYS) if (row[`utm_${k}`]?.trim()) utm[k] = row[`utm_${k}`].trim();
  if (Object.keys(utm).length) target.utm = utm;
  const item = { target };
  for (const k of META_COLUMNS) if (row[k]?.trim()) item[k] = row[k].trim();
  if (row.tags?.trim()) item.tags = row.tags.split(/[;|]/).map((t) => t.trim()).filter(Boolean);
  return item;
}

/**
 * CSV text -> { items, lines, warnings }: `items` the batch request's items, `lines[i]` the
 * line item i starts on (a quoted cell may span lines), `warnings` strings (ignored columns).
 * Throws CsvError. A leading byte-order mark is ignored.
 */
export function parseCsv(text) {
  const source = text.replace(/^\uFEFF/, '');
  if (!source.trim()) throw new CsvError('csv_empty', 'the CSV is empty: send a header row and one row per code', 1, 1);
  const items = [];
  const lines = [];
  let problem = null;
  let cursor = 0;
  let fields = null;
  // Rows are read as arrays (header: false), so the header row is a step too and every row's
  // start is the previous row's end: a quoted cell may span lines.
  Papa.parse(source, {
    skipEmptyLines: 'greedy',
    step(result, parser) {
      const start = rowStart(source, cursor);
      cursor = result.meta.cursor;
      const quotes = result.errors.find((e) => e.type === 'Quotes');
      if (quotes) {
        // papaparse points just past the opening quote of the broken cell: point at the quote.
        let offset = Number.isInteger(quotes.index) ? quotes.index : start;
        if (source[offset] !== '"' && source[offset - 1] === '"') offset--;
        const at = lineColumn(source, offset);
        problem = new CsvError('csv_quotes', `broken quoting at line ${at.line}, column ${at.column}: ${quotes.message.toLowerCase()}`
          + ' (a cell that holds a comma, quote or line break is written in double quotes, with quotes inside doubled)', at.line, at.column);
      } else if (fields === null) {
        fields = result.data.map((h) => String(h).trim().toLowerCase());
        return;
      } else if (result.data.length > fields.length && result.data.slice(fields.length).some((cell) => cell.trim() !== '')) {
        // Usually an unquoted comma inside a cell: reading on would shift every later cell.
        const at = lineColumn(source, start);
        problem = new CsvError('csv_too_many_cells', `line ${at.line} has ${result.data.length} cells but the header row names `
          + `${fields.length} columns; write a cell that holds a comma in double quotes`, at.line, at.column);
      }
      if (problem) { parser.abort(); return; }
      lines.push(lineColumn(source, start).line);
      items.push(rowToItem(Object.fromEntries(fields.map((f, i) => [f, result.data[i] ?? '']))));
    },
  });
  if (problem) throw problem;
  fields ??= [];
  if (!fields.some((f) => KNOWN.has(f))) {
    throw new CsvError('csv_no_header', `the first row must name the columns (for example type,destination,name); found: ${
      fields.join(', ').slice(0, 200) || 'nothing'}`, 1, 1);
  }
  if (!items.length) throw new CsvError('csv_no_rows', 'the CSV has a header row but no data rows', 2, 1);
  const unknown = fields.filter((f) => f && !KNOWN.has(f));
  const warnings = unknown.length ? [`Ignored unknown column${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}`] : [];
  return { items, lines, warnings };
}

const TEMPLATE_COLUMNS = ['type', 'name', 'destination', 'text', 'email', 'subject', 'message', 'phone', 'ssid', 'password',
  'encryption', 'hidden', 'title', 'location', 'start', 'end', 'utm_source', 'utm_medium', 'utm_campaign', 'tags'];
const TEMPLATE_ROWS = [
  { type: 'url', name: 'Spring flyer', destination: 'https://example.com/spring', utm_source: 'flyer', utm_medium: 'print', utm_campaign: 'spring', tags: 'print;spring' },
  { type: 'text', name: 'Table card', text: 'Table 12: ask for the menu' },
  { type: 'email', name: 'Contact', email: 'hello@example.com', subject: 'Hello', message: 'I saw your poster.' },
  { type: 'sms', name: 'Text us', phone: '+1 555 010 0200', message: 'Count me in' },
  { type: 'wifi', name: 'Guest Wi-Fi', ssid: 'Guest network', password: 'correct horse', encryption: 'WPA', hidden: 'false' },
  { type: 'event', name: 'Launch', title: 'Launch party', location: 'Main hall', start: '2026-05-01T18:00:00+02:00', end: '2026-05-01T21:00:00+02:00' },
  { type: 'vcard', name: 'Jane Doe', destination: 'BEGIN:VCARD\nVERSION:3.0\nN:Doe;Jane;;;\nFN:Jane Doe\nTEL;TYPE=CELL:+15550100200\nEND:VCARD' },
];

/** The CSV template: every column a batch reads, one example row per content type. */
export function csvTemplate() {
  return `${Papa.unparse({ fields: TEMPLATE_COLUMNS, data: TEMPLATE_ROWS.map((r) => TEMPLATE_COLUMNS.map((c) => r[c] ?? '')) }, { newline: '\r\n' })}\r\n`;
}

/** Digits of a zero-padded index for a batch of `total` items, as the CLI pads them (at least 4). */
export const indexWidth = (total) => Math.max(4, String(Math.max(total - 1, 0)).length);

/** A file name for item `index` in a batch ZIP: `<index>-<name>.<ext>`, index zero-padded. */
export function fileName(index, name, ext, width = 4) {
  const slug = String(name ?? '').normalize('NFKD').replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[-.]+|[-.]+$/g, '').slice(0, 60);
  const n = String(index).padStart(width, '0');
  return slug ? `${n}-${slug}.${ext}` : `${n}.${ext}`;
}
