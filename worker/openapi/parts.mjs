// SPDX-License-Identifier: MIT
// Building blocks of the OpenAPI document: references, common headers and answers, operations.

export const ref = (name) => ({ $ref: `#/components/schemas/${name}` });
export const nullable = (schema) => ({ anyOf: [schema, { type: 'null' }] });
export const str = { type: 'string' };
export const int = { type: 'integer', minimum: 0 };
export const time = { type: 'string', format: 'date-time' };

const RATE_HEADERS = {
  'X-RateLimit-Limit': { $ref: '#/components/headers/X-RateLimit-Limit' },
  'X-RateLimit-Remaining': { $ref: '#/components/headers/X-RateLimit-Remaining' },
  'X-RateLimit-Reset': { $ref: '#/components/headers/X-RateLimit-Reset' },
};
export const REQUEST_ID = { 'X-Request-Id': { $ref: '#/components/headers/X-Request-Id' } };
export const RETRY_AFTER = { 'Retry-After': { $ref: '#/components/headers/Retry-After' } };

export const errorResponse = (description, headers = {}) => ({ description, headers: { ...REQUEST_ID, ...headers },
  content: { 'application/json': { schema: ref('Error') } } });
export const jsonResponse = (description, schema) => ({ description, headers: REQUEST_ID, content: { 'application/json': { schema } } });
export const id = (name, description) => ({ name, in: 'path', required: true, description, schema: str });

// Answers every route can give.
const always = {
  404: errorResponse('not_found: no such object in this workspace and mode (or no such route)'),
  405: errorResponse('method_not_allowed: the path exists, the method does not; see Allow', { Allow: { description: 'the methods the path accepts', schema: str } }),
  500: errorResponse('internal_error: a bug; quote the request id'),
  503: errorResponse('storage_unavailable: storage is briefly unavailable; retry after Retry-After', RETRY_AFTER),
};
// Answers of every route that needs a key.
const authenticated = {
  ...always,
  401: errorResponse('unauthorized: the key is missing, malformed, unknown, expired or revoked', { 'WWW-Authenticate': { schema: str } }),
  403: errorResponse('insufficient_scope: the key lacks the scope this route needs'),
  429: errorResponse('rate_limited: more requests this minute than the key may make; retry after Retry-After', RETRY_AFTER),
};
export const bodyErrors = {
  400: errorResponse('invalid_json: the body is not UTF-8 JSON; details[0] has line and column'),
  413: errorResponse('payload_too_large: the body is over 5 MiB'),
  415: errorResponse('unsupported_media_type: the body is not sent as application/json'),
};

// Every response of an authenticated operation carries the rate-limit headers.
export function op(tag, operationId, summary, scope, responses, extra = {}) {
  const all = structuredClone({ ...(scope ? authenticated : always), ...responses });
  if (scope) for (const [status, r] of Object.entries(all)) if (status !== '401') r.headers = { ...(r.headers ?? REQUEST_ID), ...RATE_HEADERS };
  return { tags: [tag], operationId, summary, security: scope ? [{ bearer: [scope] }] : [], ...extra, responses: all };
}

export const listOf = (item) => ({
  type: 'object', required: ['object', 'data', 'has_more', 'next_cursor'], additionalProperties: false,
  properties: { object: { const: 'list' }, data: { type: 'array', items: item }, has_more: { type: 'boolean' }, next_cursor: nullable(str) },
});
export const pageParams = [
  { name: 'limit', in: 'query', description: 'page size, 1–100', schema: { type: 'integer', minimum: 1, maximum: 100, default: 25 } },
  { name: 'cursor', in: 'query', description: '`next_cursor` of the previous page', schema: str },
];
export const jsonBody = (schema) => ({ required: true, content: { 'application/json': { schema } } });

export const TYPES = ['url', 'text', 'email', 'sms', 'wifi', 'event', 'vcard'];
