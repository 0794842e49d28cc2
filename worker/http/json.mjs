// SPDX-License-Identifier: MIT
// JSON text to a value, refusing what the engine could not read: nesting past 64 levels
// (checked first, in linear time), a syntax error (answered with its line and column, found by
// our own walk of the grammar), a number outside double range.
import { ApiError, invalid } from './errors.mjs';

/** 400 invalid_json, with where (1-based line and column, in characters) in the message and details. */
export const invalidJson = (message, line, column) =>
  new ApiError('invalid_json', message, { details: [{ path: '', code: 'invalid_json', message, line, column }] });

/**
 * Where JSON text first breaks the grammar (RFC 8259), and what was expected there:
 * `{ offset, expected }`, or null when the text is valid JSON. Written here rather than read
 * out of JSON.parse's message, which is the engine's wording, changes between V8 versions and
 * may quote the body back. Nesting is bounded before this runs (MAX_DEPTH).
 */
function jsonSyntaxError(text) {
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

const MAX_DEPTH = 64;

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
    throw invalid('', 'nesting_too_deep', message);
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
      throw new ApiError('invalid_json', message, { details: [{ path, code: 'number_out_of_range', message }] });
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
    throw invalid('', 'invalid_type', 'the body must be a JSON object');
  }
  return value;
}
