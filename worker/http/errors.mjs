// SPDX-License-Identifier: MIT
// The one error mapping (API.md §4.1, docs/api.md "Errors"): the error code decides the HTTP
// status, and every error answer has the one shape { error: { code, message, request_id,
// details? } }. Anything thrown that is not an ApiError is a storage failure (503) or a bug
// (500), answered without internals; the stack goes to the log with the request id.
import { json } from './respond.mjs';

const STATUS = {
  invalid_json: 400,
  unauthorized: 401,
  insufficient_scope: 403,
  not_found: 404,
  method_not_allowed: 405,
  idempotency_conflict: 409,
  idempotency_in_progress: 409,
  batch_processing: 409,
  qr_code_inactive: 410,
  qr_code_not_yet_active: 410,
  qr_code_expired: 410,
  payload_too_large: 413,
  unsupported_media_type: 415,
  validation_error: 422,
  invalid_csv: 422,
  rate_limited: 429,
  internal_error: 500,
  storage_unavailable: 503,
};

/** An answer the API gives on purpose: `details` are `{ path, code, message }` items. */
export class ApiError extends Error {
  constructor(code, message, { details, headers = {} } = {}) {
    super(message);
    this.code = code;
    this.status = STATUS[code];
    this.details = details;
    this.headers = headers;
  }
}

/** 422 validation_error with one detail. */
export const invalid = (path, code, message, extra = {}) =>
  new ApiError('validation_error', message, { details: [{ path, code, message, ...extra }] });

/** 422 validation_error for a list of details, the first one as the message. */
export const invalidAll = (details, prefix = '') =>
  new ApiError('validation_error', `${prefix}${details[0].message}`, { details });

export const notFound = (message) => new ApiError('not_found', message);

/**
 * A failure of D1 itself (unavailable, overloaded, a statement that failed to run), as opposed
 * to a bug of ours: answered 503 `storage_unavailable` with Retry-After. D1 reports these as
 * Errors whose message starts with `D1_ERROR` / `D1_EXEC_ERROR` (or names the DB); a
 * `D1_TYPE_ERROR` (a wrong bind value), a constraint failure and a too-big value are ours: 500.
 */
function isStorageError(e) {
  const message = String(e?.message ?? '');
  if (/D1_TYPE_ERROR|SQLITE_CONSTRAINT|SQLITE_TOOBIG/.test(message)) return false;
  return /^D1_(?:ERROR|EXEC_ERROR)\b|D1 DB|Network connection lost/.test(message);
}

/** The code of an unexpected failure: storage_unavailable or internal_error. */
export const failureCode = (e) => (isStorageError(e) ? 'storage_unavailable' : 'internal_error');

const FAILURES = {
  storage_unavailable: new ApiError('storage_unavailable',
    'storage is unavailable; retry shortly (with the same Idempotency-Key when creating a batch)', { headers: { 'retry-after': '1' } }),
  internal_error: new ApiError('internal_error', 'an internal error occurred; quote the request id when reporting it'),
};

/** The error answer for anything thrown while handling a request. */
export function errorResponse(e, requestId) {
  if (!(e instanceof ApiError)) {
    console.error(requestId, e?.stack ?? e);
    e = FAILURES[failureCode(e)];
  }
  const error = { code: e.code, message: e.message, request_id: requestId };
  if (e.details?.length) error.details = e.details;
  return json({ error }, e.status, e.headers);
}
