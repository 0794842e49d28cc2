// SPDX-License-Identifier: MIT
// Request bodies: JSON only, at most 5 MiB, refused before reading further (API.md §4.1).
import { HttpError } from './http.mjs';

export const MAX_BODY_BYTES = 5 * 1024 * 1024;

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;
const CSV_TYPE = /^text\/csv\s*(?:;|$)/i;

/** Reads the body as text; 415 for a non-JSON content type, 413 past 5 MiB. */
export async function readJsonText(request) {
  const type = request.headers.get('content-type') ?? '';
  if (!JSON_TYPE.test(type)) {
    throw new HttpError(415, 'unsupported_media_type', 'send the body as application/json');
  }
  return readUtf8(request);
}

/** 422 invalid_csv: a CSV that cannot be read, with where (1-based line and column) in the message and details. */
export function invalidCsv(message, line, column, code = 'invalid_csv') {
  return new HttpError(422, 'invalid_csv', message, [{ path: '', code, message, line, column }]);
}

/** 'json' or 'csv' for a body that POST /v1/batches reads, else 415. */
export function batchBodyKind(request) {
  const type = request.headers.get('content-type') ?? '';
  if (JSON_TYPE.test(type)) return 'json';
  if (CSV_TYPE.test(type)) {
    const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(type)?.[1];
    if (charset && !/^utf-?8$/i.test(charset)) {
      throw new HttpError(415, 'unsupported_media_type', `send the CSV as UTF-8 (text/csv; charset=utf-8), not ${charset.slice(0, 40)}`);
    }
    return 'csv';
  }
  throw new HttpError(415, 'unsupported_media_type', 'send the body as application/json, or a CSV as text/csv');
}

/**
 * Reads the body as UTF-8 text: 413 past 5 MiB; bytes that are not UTF-8 throw
 * `invalid(message, line, column)` (by default 400 invalid_json).
 */
export async function readUtf8(request, invalid = invalidJson) {
  const declared = request.headers.get('content-length');
  if (declared !== null && Number(declared) > MAX_BODY_BYTES) {
    throw new HttpError(413, 'payload_too_large', `the body is larger than ${MAX_BODY_BYTES} bytes (5 MiB)`);
  }
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) {
      await reader.cancel();
      throw new HttpError(413, 'payload_too_large', `the body is larger than ${MAX_BODY_BYTES} bytes (5 MiB)`);
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const c of chunks) { bytes.set(c, offset); offset += c.byteLength; }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const at = firstInvalidUtf8(bytes);
    const lineStart = bytes.lastIndexOf(0x0a, at - 1) + 1;
    const line = 1 + bytes.subarray(0, lineStart).reduce((n, b) => n + (b === 0x0a), 0);
    const column = new TextDecoder().decode(bytes.subarray(lineStart, at)).length + 1;
    throw invalid(`the body is not valid UTF-8: byte ${at} (line ${line}, column ${column}) does not start a valid UTF-8 sequence`, line, column);
  }
}

// The offset of the first byte that does not begin a well-formed UTF-8 sequence (RFC 3629:
// no overlong forms, no surrogates, nothing past U+10FFFF).
function firstInvalidUtf8(bytes) {
  for (let i = 0; i < bytes.length;) {
    const b = bytes[i];
    let n;
    let lo = 0x80;
    let hi = 0xbf;
    if (b < 0x80) { i++; continue; }
    if (b >= 0xc2 && b <= 0xdf) n = 1;
    else if (b >= 0xe0 && b <= 0xef) { n = 2; if (b === 0xe0) lo = 0xa0; if (b === 0xed) hi = 0x9f; }
    else if (b >= 0xf0 && b <= 0xf4) { n = 3; if (b === 0xf0) lo = 0x90; if (b === 0xf4) hi = 0x8f; }
    else return i;
    for (let k = 1; k <= n; k++) {
      const c = bytes[i + k];
      if (c === undefined || c < (k === 1 ? lo : 0x80) || c > (k === 1 ? hi : 0xbf)) return i;
    }
    i += n + 1;
  }
  return bytes.length;
}

/** 400 invalid_json, with where (1-based line and column, in characters) in the message and details. */
function invalidJson(message, line, column) {
  return new HttpError(400, 'invalid_json', message, [{ path: '', code: 'invalid_json', message, line, column }]);
}

/**
 * Where JSON text first breaks the grammar (RFC 8259), and what was expected there:
 * `{ offset, expected }`, or null when the text is valid JSON. Written here rather than read
 * out of JSON.parse's message, which is the engine's wording, changes between V8 versions and
 * may quote the body back. Nesting is bounded before this runs (MAX_DEPTH).
 */
export function jsonSyntaxError(text) {
  let i = 0;
  const n = text.length;
  const fail = (expected) => { throw { offset: i, expected }; };
  const ws = () => { while (i < n && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++; };
  const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
  function string() {
    i++;
    for (;;) {
      if (i >= n) fail('the closing " of the string');
      const c = text.charCodeAt(i);
      if (c === 0x22) { i++; return; }
      if (c === 0x5c) {
        const e = text[i + 1];
        if (e !== undefined && '"\\/bfnrt'.includes(e)) i += 2;
        else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) i += 6;
        else { i++; fail('an escape: \\" \\\\ \\/ \\b \\f \\n \\r \\t or \\u and four hex digits'); }
      } else if (c < 0x20) {
        fail('an escaped control character in the string (\\n, \\t, \\u0000)');
      } else {
        i++;
      }
    }
  }
  function value() {
    ws();
    if (i >= n) fail('a value');
    const ch = text[i];
    if (ch === '{') {
      i++;
      ws();
      if (text[i] === '}') { i++; return; }
      for (;;) {
        ws();
        if (text[i] !== '"') fail('a property name in double quotes');
        string();
        ws();
        if (text[i] !== ':') fail("':' after the property name");
        i++;
        value();
        ws();
        if (text[i] === ',') { i++; continue; }
        if (text[i] === '}') { i++; return; }
        fail("',' or '}'");
      }
    }
    if (ch === '[') {
      i++;
      ws();
      if (text[i] === ']') { i++; return; }
      for (;;) {
        value();
        ws();
        if (text[i] === ',') { i++; continue; }
        if (text[i] === ']') { i++; return; }
        fail("',' or ']'");
      }
    }
    if (ch === '"') return string();
    if (ch === '-' || (ch >= '0' && ch <= '9')) {
      NUMBER.lastIndex = i;
      if (!NUMBER.test(text)) fail('a number');
      i = NUMBER.lastIndex;
      return undefined;
    }
    for (const literal of ['true', 'false', 'null']) {
      if (text.startsWith(literal, i)) { i += literal.length; return undefined; }
    }
    return fail('a value (an object, array, string, number, true, false or null)');
  }
  try {
    value();
    ws();
    if (i < n) fail('the end of the body (one JSON value only)');
    return null;
  } catch (e) {
    if (typeof e?.offset !== 'number') throw e;
    return e;
  }
}

// 1-based line and column (in characters) of an offset into the text.
function lineColumn(text, offset) {
  let line = 1;
  let start = 0;
  for (let k = text.indexOf('\n'); k >= 0 && k < offset; k = text.indexOf('\n', k + 1)) { line++; start = k + 1; }
  return { line, column: offset - start + 1 };
}

export const MAX_DEPTH = 64;

// Where the text first nests arrays/objects deeper than `max` (outside strings), or -1. A linear
// scan: JSON.parse of 2.6 million nested `[` (5 MiB) costs seconds of CPU and re-serialising the
// result for the engine can overflow the stack, so such a body is refused before parsing, with
// the engine's own limit and code (docs/validation.md `nesting_too_deep`).
function deeperThan(text, max) {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return i;
    } else if (c === 0x5d || c === 0x7d) {
      depth--;
    }
  }
  return -1;
}

/**
 * Parses JSON text; 400 `invalid_json` with the parser's position on failure, 422
 * `nesting_too_deep` (checked first, in linear time) past 64 levels.
 */
export function parseJson(text) {
  const deep = deeperThan(text, MAX_DEPTH);
  if (deep >= 0) {
    const message = `the request nests arrays and objects more than ${MAX_DEPTH} levels deep (at character ${deep}); no valid request needs that`;
    throw new HttpError(422, 'validation_error', message, [{ path: '', code: 'nesting_too_deep', message }]);
  }
  let value;
  try {
    value = JSON.parse(text);
  } catch {
    if (!text.trim()) throw invalidJson('the body is empty: send a JSON object', 1, 1);
    const found = jsonSyntaxError(text) ?? { offset: text.length, expected: 'valid JSON' };
    const { line, column } = lineColumn(text, found.offset);
    const near = found.offset >= text.length ? 'the end of the body' : JSON.stringify(text.slice(found.offset, found.offset + 1));
    throw invalidJson(`the body is not valid JSON: line ${line}, column ${column}: expected ${found.expected}, found ${near}`, line, column);
  }
  // JSON.parse reads 1e999 as Infinity, which JSON.stringify writes back as null and the engine
  // cannot read: a body problem, answered with where it is. Only a number of 309+ digits or
  // with a 3-digit exponent can overflow, so only such a text is walked.
  if (/\d[eE]\+?\d{3}|\d{309}/.test(text)) {
    const path = nonFinitePath(value, '');
    if (path !== null) {
      const message = `the number at ${path || 'the root'} is outside the range of a double-precision number`;
      throw new HttpError(400, 'invalid_json', message, [{ path, code: 'number_out_of_range', message }]);
    }
  }
  return value;
}

// The JSON pointer of the first number JSON.parse turned into ±Infinity, or null.
function nonFinitePath(value, path) {
  if (typeof value === 'number') return Number.isFinite(value) ? null : path;
  if (value === null || typeof value !== 'object') return null;
  for (const [k, v] of Object.entries(value)) {
    const found = nonFinitePath(v, `${path}/${String(k).replace(/~/g, '~0').replace(/\//g, '~1')}`);
    if (found !== null) return found;
  }
  return null;
}

/** The body must be a JSON object: 422 otherwise. */
export function requireObject(value) {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new HttpError(422, 'validation_error', 'the body must be a JSON object',
      [{ path: '', code: 'invalid_type', message: 'the body must be a JSON object' }]);
  }
  return value;
}
