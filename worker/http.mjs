// SPDX-License-Identifier: MIT
// Response helpers: one JSON error shape everywhere (API.md §4), request ids on every response.

export function newRequestId() {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return `req_${[...bytes].map((b) => b.toString(16).padStart(2, '0')).join('')}`;
}

export function json(body, status = 200, headers = {}) {
  return new Response(JSON.stringify(body), {
    status, headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
  });
}

/** An error response: `details` are `{ path, code, message }` items. */
export function errorResponse(status, code, message, requestId, details = undefined, headers = {}) {
  const error = { code, message, request_id: requestId };
  if (details?.length) error.details = details;
  return json({ error }, status, headers);
}

/** A thrown HttpError becomes an error response; anything else a 500 without internals. */
export class HttpError extends Error {
  constructor(status, code, message, details = undefined, headers = {}) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details;
    this.headers = headers;
  }
}

/**
 * A failure of D1 itself (unavailable, overloaded, a statement that failed to run), as opposed
 * to a bug of ours: answered 503 `storage_unavailable` with Retry-After. D1 reports these as
 * Errors whose message starts with `D1_ERROR` / `D1_EXEC_ERROR` (or names the DB); a
 * `D1_TYPE_ERROR` (a wrong bind value), a constraint failure and a too-big value are ours: 500.
 */
export function isStorageError(e) {
  const message = String(e?.message ?? '');
  if (/D1_TYPE_ERROR|SQLITE_CONSTRAINT|SQLITE_TOOBIG/.test(message)) return false;
  return /^D1_(?:ERROR|EXEC_ERROR)\b|D1 DB|Network connection lost/.test(message);
}
