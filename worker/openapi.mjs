// SPDX-License-Identifier: MIT
// The OpenAPI 3.1 description of the HTTP API, served at /v1/openapi.json. Tests validate real
// responses against these schemas (tests/js/worker-openapi.test.mjs), so it cannot drift.
const ref = (name) => ({ $ref: `#/components/schemas/${name}` });
const nullable = (schema) => ({ anyOf: [schema, { type: 'null' }] });
const str = { type: 'string' };
const int = { type: 'integer', minimum: 0 };
const time = { type: 'string', format: 'date-time' };

const errorResponse = (description) => ({ description, content: { 'application/json': { schema: ref('Error') } } });
const jsonResponse = (description, schema, headers) => ({ description, content: { 'application/json': { schema } }, ...(headers ? { headers } : {}) });
const id = (name) => ({ name, in: 'path', required: true, schema: str });
const common = {
  401: errorResponse('missing, malformed, unknown, expired or revoked key'),
  403: errorResponse('the key lacks the scope'),
  429: errorResponse('rate limited; see Retry-After'),
  500: errorResponse('internal error'),
  503: errorResponse('storage unavailable; see Retry-After'),
};
const security = (scope) => [{ bearer: [scope] }];
const listOf = (item) => ({
  type: 'object', required: ['object', 'data', 'has_more', 'next_cursor'], additionalProperties: false,
  properties: { object: { const: 'list' }, data: { type: 'array', items: item }, has_more: { type: 'boolean' }, next_cursor: nullable(str) },
});
const pageParams = [
  { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 100, default: 25 } },
  { name: 'cursor', in: 'query', schema: str },
];

export const openapi = {
  openapi: '3.1.0',
  info: { title: 'qredge', version: '0.1.0', description: 'Create QR codes in batch. Contract: API.md; decisions: docs/worker.md.' },
  servers: [{ url: '/' }],
  components: {
    securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'qr_live_… or qr_test_…' } },
    schemas: {
      Error: {
        type: 'object', required: ['error'], additionalProperties: false,
        properties: { error: { type: 'object', required: ['code', 'message', 'request_id'], additionalProperties: false, properties: {
          code: { enum: ['invalid_json', 'unauthorized', 'insufficient_scope', 'not_found', 'method_not_allowed', 'idempotency_conflict', 'idempotency_in_progress',
            'payload_too_large', 'unsupported_media_type', 'validation_error', 'rate_limited', 'internal_error', 'storage_unavailable', 'qr_code_inactive'] },
          message: str, request_id: { type: 'string', pattern: '^req_' },
          details: { type: 'array', items: ref('ErrorDetail') } } } },
      },
      ErrorDetail: { type: 'object', required: ['path', 'code', 'message'], properties: { path: str, code: str, message: str } },
      BatchItem: {
        type: 'object', required: ['index', 'name', 'type', 'kind', 'qr_code_id', 'error', 'error_code'],
        properties: { index: int, name: nullable(str), type: nullable(str), kind: nullable({ enum: ['static', 'dynamic'] }),
          qr_code_id: nullable({ type: 'string', pattern: '^s?qr_' }), error: nullable(str), error_code: nullable(str), error_path: nullable(str) },
      },
      Batch: {
        type: 'object', required: ['id', 'object', 'status', 'total_count', 'completed_count', 'error_count', 'created_at', 'completed_at', 'test'],
        properties: { id: { type: 'string', pattern: '^batch_' }, object: { const: 'batch' }, status: { enum: ['processing', 'completed', 'failed'] },
          total_count: int, completed_count: int, error_count: int, template_id: nullable(str),
          items: { type: 'array', items: ref('BatchItem') }, created_at: time, completed_at: nullable(time), test: { type: 'boolean' } },
      },
      BatchItemLine: {
        description: 'An NDJSON line of a streamed batch: the item result, and the image when it was made.',
        allOf: [ref('BatchItem'), { type: 'object', required: ['object', 'batch_id'], properties: {
          object: { const: 'batch_item' }, batch_id: str, short_url: nullable(str), payload: str,
          image: { type: 'object', required: ['format', 'content_type', 'encoding', 'data'], properties: {
            format: { enum: ['svg', 'png'] }, content_type: str, encoding: { enum: ['utf-8', 'base64'] }, data: str } } } }],
      },
      QrCode: {
        type: 'object', additionalProperties: false,
        required: ['id', 'object', 'kind', 'type', 'name', 'short_code', 'short_url', 'target', 'design', 'folder_id', 'tags', 'image_url',
          'download_url', 'is_active', 'scan_count', 'test', 'created_at', 'updated_at'],
        properties: { id: { type: 'string', pattern: '^s?qr_' }, object: { const: 'qr_code' }, kind: { enum: ['static', 'dynamic'] },
          type: { enum: ['url', 'text', 'email', 'sms', 'wifi', 'event', 'vcard'] }, name: str, short_code: str, short_url: nullable(str),
          target: { type: 'object' }, design: ref('Design'), folder_id: nullable(str), tags: { type: 'array', items: str },
          image_url: str, download_url: str, is_active: { type: 'boolean' }, scan_count: nullable(int), test: { type: 'boolean' },
          batch_id: nullable(str), created_at: time, updated_at: time },
      },
      Template: {
        type: 'object', required: ['id', 'object', 'name', 'design', 'test', 'created_at'], additionalProperties: false,
        properties: { id: { type: 'string', pattern: '^tpl_' }, object: { const: 'template' }, name: nullable(str), design: ref('Design'),
          test: { type: 'boolean' }, created_at: time },
      },
      Design: { type: 'object', description: 'API.md §2, normalised (colours lower case, defaults filled in).' },
      Target: {
        description: 'What a code encodes (API.md §1.1, §7.1; docs/validation.md). The type is detected when `type` is absent. '
          + 'A vcard is either `destination` (a complete vCard text, LF or CRLF lines) or the structured fields.',
        type: 'object', additionalProperties: false,
        properties: {
          type: { enum: ['url', 'text', 'email', 'sms', 'wifi', 'event', 'vcard'] },
          destination: str, text: str, email: str, subject: str, message: str, phone: str, ssid: str, password: str,
          encryption: { enum: ['WPA', 'WEP', 'nopass'] }, hidden: { type: 'boolean' },
          title: str, location: str, start: str, end: str,
          utm: { type: 'object', additionalProperties: false, properties: { source: str, medium: str, campaign: str, term: str, content: str } },
          first_name: { type: 'string', maxLength: 255 }, last_name: { type: 'string', maxLength: 255 },
          organization: { type: 'string', maxLength: 255 }, job_title: { type: 'string', maxLength: 255 },
          phones: { type: 'array', maxItems: 10, items: { type: 'object', required: ['number'], additionalProperties: false,
            properties: { number: str, type: { enum: ['cell', 'home', 'work', 'fax', 'pager', 'voice'] } } } },
          emails: { type: 'array', maxItems: 10, items: str },
          website: str,
          address: { type: 'object', additionalProperties: false,
            properties: { street: str, city: str, region: str, postal_code: str, country: str } },
          note: { type: 'string', maxLength: 2000 },
        },
      },
      BatchRequest: {
        type: 'object', required: ['items'],
        properties: { items: { type: 'array', minItems: 1, maxItems: 1000, items: { type: 'object', properties: { target: ref('Target') } } }, design: ref('Design'),
          template_id: str, output: { type: 'object', properties: { format: { enum: ['svg', 'png'] },
            size: { type: 'integer', minimum: 64, maximum: 4096 }, margin: { type: 'integer', minimum: 0, maximum: 16 } } } },
      },
    },
  },
  paths: {
    '/v1/batches': {
      post: {
        summary: 'Create a batch', security: security('qr:write'),
        parameters: [{ name: 'Idempotency-Key', in: 'header', schema: { type: 'string', maxLength: 255 } }],
        requestBody: { required: true, content: { 'application/json': { schema: ref('BatchRequest') } } },
        responses: {
          202: { description: 'accepted; with Accept: application/x-ndjson a stream of Batch, BatchItemLine…, Batch',
            content: { 'application/json': { schema: ref('Batch') }, 'application/x-ndjson': { schema: { oneOf: [ref('Batch'), ref('BatchItemLine')] } } } },
          400: errorResponse('invalid JSON'), 409: { ...errorResponse('idempotency_conflict: Idempotency-Key reused with another body; idempotency_in_progress: the first request with this key is still being processed'),
            headers: { 'Retry-After': { description: 'with idempotency_in_progress: seconds to wait before retrying', schema: { type: 'integer', minimum: 1 } } } },
          413: errorResponse('body over 5 MiB'), 415: errorResponse('not application/json'), 422: errorResponse('validation error'), ...common,
        },
      },
      get: { summary: 'List batches (items omitted)', security: security('qr:read'), parameters: pageParams,
        responses: { 200: jsonResponse('a page', listOf(ref('Batch'))), 422: errorResponse('bad limit or cursor'), ...common } },
    },
    '/v1/batches/{id}': { get: { summary: 'A batch with its items', security: security('qr:read'), parameters: [id('id')],
      responses: { 200: jsonResponse('the batch', ref('Batch')), 404: errorResponse('unknown'), ...common } } },
    '/v1/qr-codes': { get: { summary: 'List codes', security: security('qr:read'),
      parameters: [...pageParams, { name: 'kind', in: 'query', schema: { enum: ['static', 'dynamic'] } }, { name: 'folder_id', in: 'query', schema: str }],
      responses: { 200: jsonResponse('a page', listOf(ref('QrCode'))), 422: errorResponse('bad filter'), ...common } } },
    '/v1/qr-codes/{id}': {
      get: { summary: 'A code', security: security('qr:read'), parameters: [id('id')],
        responses: { 200: jsonResponse('the code', ref('QrCode')), 404: errorResponse('unknown'), ...common } },
      patch: { summary: 'Change a code', security: security('qr:write'), parameters: [id('id')],
        requestBody: { required: true, content: { 'application/json': { schema: { type: 'object', properties: {
          name: str, destination: str, utm: { type: 'object' }, design: ref('Design'), folder_id: nullable(str),
          tags: { type: 'array', items: str }, is_active: { type: 'boolean' } } } } } },
        responses: { 200: jsonResponse('the changed code', ref('QrCode')), 404: errorResponse('unknown'), 422: errorResponse('invalid change'), ...common } },
    },
    '/v1/qr-codes/{id}/download': { get: { summary: 'The image, rendered from the stored payload and design', security: security('qr:read'),
      parameters: [id('id'), { name: 'format', in: 'query', schema: { enum: ['svg', 'png'], default: 'png' } },
        { name: 'size', in: 'query', schema: { type: 'integer', minimum: 64, maximum: 4096 } }],
      responses: { 200: { description: 'the image (ETag; Cache-Control: private, no-cache)', content: { 'image/svg+xml': {}, 'image/png': {} } },
        304: { description: 'If-None-Match matched' }, 404: errorResponse('unknown'), 422: errorResponse('bad format or size'), ...common } } },
    '/v1/templates': { post: { summary: 'Save a design', security: security('qr:write'),
      requestBody: { required: true, content: { 'application/json': { schema: { type: 'object', required: ['design'], properties: { name: str, design: ref('Design') } } } } },
      responses: { 201: jsonResponse('the template', ref('Template')), 422: errorResponse('invalid design'), ...common } } },
    '/v1/templates/{id}': { get: { summary: 'A template', security: security('qr:read'), parameters: [id('id')],
      responses: { 200: jsonResponse('the template', ref('Template')), 404: errorResponse('unknown'), ...common } } },
    '/v1/render': { post: { summary: 'Render one code without storing it (preview)', security: security('qr:read'),
      requestBody: { required: true, content: { 'application/json': { schema: { type: 'object', properties: { target: { type: 'object' }, design: ref('Design'), output: { type: 'object' } } } } } },
      responses: { 200: { description: 'the image', content: { 'image/svg+xml': {}, 'image/png': {} } }, 422: errorResponse('invalid input'), ...common } } },
    '/r/{short_code}': { get: { summary: 'Public redirect of a dynamic code (counts the scan)', parameters: [id('short_code')],
      responses: { 302: { description: 'to the current destination' }, 404: errorResponse('unknown or static'), 410: errorResponse('paused'), 503: common[503] } } },
    '/v1/openapi.json': { get: { summary: 'This document', responses: { 200: { description: 'OpenAPI 3.1' } } } },
  },
};
