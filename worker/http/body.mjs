// SPDX-License-Identifier: MIT
// The one body reader (API.md §4.1): the content type checked first (415), at most 5 MiB read
// (413, refused before reading further), UTF-8 checked with where it breaks, then JSON parsed
// with its nesting bounded (http/json.mjs). Every route that takes a body reads it here.
import { ApiError } from './errors.mjs';
import { drain, readCapped } from './bytes.mjs';
import { parseJson, requireObject, invalidJson } from './json.mjs';

const MAX_BODY_BYTES = 5 * 1024 * 1024;
// A body declared too large is refused, but what is already on its way (up to 16 MiB, for at
// most a second) is read and dropped first, so that the 413 reaches the client (http/bytes.mjs).
const DRAIN_BYTES = 16 * 1024 * 1024;
const DRAIN_MS = 1000;

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;
const CSV_TYPE = /^text\/csv\s*(?:;|$)/i;

/** 422 invalid_csv: a CSV that cannot be read, with where (1-based line and column) in the message and details. */
export const invalidCsv = (message, line, column, code = 'invalid_csv') =>
  new ApiError('invalid_csv', message, { details: [{ path: '', code, message, line, column }] });

/** The body as a JSON object: 415, 413, 400 or 422 otherwise. */
export async function readJsonObject(request) {
  if (!JSON_TYPE.test(request.headers.get('content-type') ?? '')) {
    throw new ApiError('unsupported_media_type', 'send the body as application/json');
  }
  return requireObject(parseJson(await readUtf8(request)));
}

/** 'json' or 'csv' for a body that POST /v1/batches reads, else 415. */
export function batchBodyKind(request) {
  const type = request.headers.get('content-type') ?? '';
  if (JSON_TYPE.test(type)) return 'json';
  if (CSV_TYPE.test(type)) {
    const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(type)?.[1];
    if (charset && !/^utf-?8$/i.test(charset)) {
      throw new ApiError('unsupported_media_type', `send the CSV as UTF-8 (text/csv; charset=utf-8), not ${charset.slice(0, 40)}`);
    }
    return 'csv';
  }
  throw new ApiError('unsupported_media_type', 'send the body as application/json, or a CSV as text/csv');
}

/**
 * Reads the body as UTF-8 text: 413 past 5 MiB; bytes that are not UTF-8 throw
 * `invalid(message, line, column)` (by default 400 invalid_json).
 */
export async function readUtf8(request, invalid = invalidJson) {
  const tooLarge = () => new ApiError('payload_too_large', `the body is larger than ${MAX_BODY_BYTES} bytes (5 MiB)`);
  const declared = request.headers.get('content-length');
  if (declared !== null && Number(declared) > MAX_BODY_BYTES) {
    if (Number(declared) <= DRAIN_BYTES) await drain(request.body, DRAIN_BYTES, DRAIN_MS);
    throw tooLarge();
  }
  const bytes = await readCapped(request.body, MAX_BODY_BYTES, tooLarge);
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
