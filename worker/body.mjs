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

/** Parses JSON text; 400 `invalid_json` with the parser's position on failure. */
export function parseJson(text) {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new HttpError(400, 'invalid_json', `the body is not valid JSON: ${e.message}`);
  }
}

/** The body must be a JSON object: 422 otherwise. */
export function requireObject(value) {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new HttpError(422, 'validation_error', 'the body must be a JSON object',
      [{ path: '', code: 'invalid_type', message: 'the body must be a JSON object' }]);
  }
  return value;
}
