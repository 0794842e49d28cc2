// SPDX-License-Identifier: MIT
// Request bodies: JSON only, at most 5 MiB, refused before reading further (API.md §4.1).
import { HttpError } from './http.mjs';

export const MAX_BODY_BYTES = 5 * 1024 * 1024;

/** Reads the body as text; 415 for a non-JSON content type, 413 past 5 MiB. */
export async function readJsonText(request) {
  const type = request.headers.get('content-type') ?? '';
  if (!/^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i.test(type)) {
    throw new HttpError(415, 'unsupported_media_type', 'send the body as application/json');
  }
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
    throw new HttpError(400, 'invalid_json', 'the body is not valid UTF-8');
  }
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
  } catch (e) {
    throw new HttpError(400, 'invalid_json', `the body is not valid JSON: ${e.message}`);
  }
  // JSON.parse reads 1e999 as Infinity, which JSON.stringify writes back as null and the engine
  // cannot read: a body problem, answered with where it is. Only a number of 309+ digits or
  // with a 3-digit exponent can overflow, so only such a text is walked.
  if (/\d[eE]\+?\d{3}|\d{309}/.test(text)) {
    const path = nonFinitePath(value, '');
    if (path !== null) {
      throw new HttpError(400, 'invalid_json', `the number at ${path || 'the root'} is outside the range of a double-precision number`);
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
