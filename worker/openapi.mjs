// SPDX-License-Identifier: MIT
// The OpenAPI 3.1 description of the HTTP API, served at /v1/openapi.json and rendered for people
// at /docs. Tests validate every response the worker gives in the test run against it
// (tests/js/helpers/openapi.mjs), so it cannot drift. The guide for people is docs/api.md.
const ref = (name) => ({ $ref: `#/components/schemas/${name}` });
const nullable = (schema) => ({ anyOf: [schema, { type: 'null' }] });
const str = { type: 'string' };
const int = { type: 'integer', minimum: 0 };
const time = { type: 'string', format: 'date-time' };

const RATE_HEADERS = {
  'X-RateLimit-Limit': { $ref: '#/components/headers/X-RateLimit-Limit' },
  'X-RateLimit-Remaining': { $ref: '#/components/headers/X-RateLimit-Remaining' },
  'X-RateLimit-Reset': { $ref: '#/components/headers/X-RateLimit-Reset' },
};
const REQUEST_ID = { 'X-Request-Id': { $ref: '#/components/headers/X-Request-Id' } };
const RETRY_AFTER = { 'Retry-After': { $ref: '#/components/headers/Retry-After' } };

const errorResponse = (description, headers = {}) => ({ description, headers: { ...REQUEST_ID, ...headers },
  content: { 'application/json': { schema: ref('Error') } } });
const jsonResponse = (description, schema) => ({ description, headers: REQUEST_ID, content: { 'application/json': { schema } } });
const id = (name, description) => ({ name, in: 'path', required: true, description, schema: str });

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
const bodyErrors = {
  400: errorResponse('invalid_json: the body is not UTF-8 JSON; details[0] has line and column'),
  413: errorResponse('payload_too_large: the body is over 5 MiB'),
  415: errorResponse('unsupported_media_type: the body is not sent as application/json'),
};

// Every response of an authenticated operation carries the rate-limit headers.
function op(tag, operationId, summary, scope, responses, extra = {}) {
  const all = structuredClone({ ...(scope ? authenticated : always), ...responses });
  if (scope) for (const [status, r] of Object.entries(all)) if (status !== '401') r.headers = { ...(r.headers ?? REQUEST_ID), ...RATE_HEADERS };
  return { tags: [tag], operationId, summary, security: scope ? [{ bearer: [scope] }] : [], ...extra, responses: all };
}

const listOf = (item) => ({
  type: 'object', required: ['object', 'data', 'has_more', 'next_cursor'], additionalProperties: false,
  properties: { object: { const: 'list' }, data: { type: 'array', items: item }, has_more: { type: 'boolean' }, next_cursor: nullable(str) },
});
const pageParams = [
  { name: 'limit', in: 'query', description: 'page size, 1–100', schema: { type: 'integer', minimum: 1, maximum: 100, default: 25 } },
  { name: 'cursor', in: 'query', description: '`next_cursor` of the previous page', schema: str },
];
const jsonBody = (schema) => ({ required: true, content: { 'application/json': { schema } } });

const TYPES = ['url', 'text', 'email', 'sms', 'wifi', 'event', 'vcard'];

export const openapi = {
  openapi: '3.1.0',
  info: {
    title: 'qredge API', version: '0.1.0',
    description: 'Create QR codes in batch: static codes that hold their content, and dynamic codes whose destination can change after '
      + 'printing. Authenticate with `Authorization: Bearer qr_test_…` (or `qr_live_…`). The guide with curl examples is docs/api.md '
      + 'in the repository.',
  },
  servers: [{ url: '/' }],
  tags: [
    { name: 'Batches', description: 'Create codes, many at a time; stream the results as NDJSON.' },
    { name: 'QR codes', description: 'Read, change and download the codes a batch made.' },
    { name: 'Templates', description: 'Saved designs, used with `template_id`.' },
    { name: 'Render', description: 'One image, stored nowhere.' },
    { name: 'Redirects', description: 'The public short URLs of dynamic codes.' },
    { name: 'Meta', description: 'This document.' },
  ],
  components: {
    securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: '`qr_test_…` or `qr_live_…` (API keys are made by scripts/create-key.mjs)' } },
    headers: {
      'X-Request-Id': { description: '`req_…`: quote it when reporting a problem', schema: { type: 'string', pattern: '^req_' } },
      'X-RateLimit-Limit': { description: 'requests the key may make per minute', schema: { type: 'integer' } },
      'X-RateLimit-Remaining': { description: 'requests left in this minute', schema: { type: 'integer' } },
      'X-RateLimit-Reset': { description: 'unix time (seconds) at which the minute ends', schema: { type: 'integer' } },
      'Retry-After': { description: 'seconds to wait before retrying', schema: { type: 'integer', minimum: 1 } },
    },
    schemas: {
      Error: {
        type: 'object', required: ['error'], additionalProperties: false,
        properties: { error: { type: 'object', required: ['code', 'message', 'request_id'], additionalProperties: false, properties: {
          code: { enum: ['invalid_json', 'invalid_csv', 'batch_processing', 'unauthorized', 'insufficient_scope', 'not_found', 'method_not_allowed', 'idempotency_conflict', 'idempotency_in_progress',
            'payload_too_large', 'unsupported_media_type', 'validation_error', 'rate_limited', 'internal_error', 'storage_unavailable', 'qr_code_inactive'] },
          message: str, request_id: { type: 'string', pattern: '^req_' },
          details: { type: 'array', items: ref('ErrorDetail') } } } },
      },
      ErrorDetail: {
        type: 'object', required: ['path', 'code', 'message'],
        description: 'One problem: `path` is a JSON pointer into the body (`/query/…` for query parameters, `` for the whole body).',
        properties: {
          path: str, code: str, message: str,
          line: { type: 'integer', minimum: 1, description: 'invalid_json, invalid_csv: the line of the body where it breaks' },
          column: { type: 'integer', minimum: 1, description: 'invalid_json, invalid_csv: the column (in characters)' },
          reason: { enum: ['not_allowed', 'dns', 'refused', 'timeout', 'tls', 'unreachable', 'http_status', 'not_an_image', 'too_large', 'redirects'],
            description: 'logo_unavailable: what failed' },
          host: nullable({ type: 'string', description: 'logo_unavailable: the host that failed' }),
        },
      },
      Warning: {
        type: 'object', required: ['code', 'path', 'message'], additionalProperties: false,
        description: 'Something in the request was not used as sent; the request still succeeded.',
        properties: { code: { enum: ['design_ignored', 'csv_columns_ignored'] }, path: str, message: str },
      },
      ScanNote: { type: 'object', required: ['code', 'message'], additionalProperties: false, properties: { code: str, message: str } },
      ScanReport: {
        type: 'object', additionalProperties: false,
        description: 'How scannable the code is as drawn (for a dynamic code: its short URL), and what the engine changed to keep it so.',
        required: ['effective_error_correction', 'px_per_module', 'contrast_ratio', 'logo_block_load', 'adjustments', 'warnings'],
        properties: {
          effective_error_correction: { enum: ['L', 'M', 'Q', 'H'], description: 'the level used (raised to H with a logo)' },
          px_per_module: { type: 'number', description: 'image pixels per module as drawn' },
          contrast_ratio: { type: 'number', description: 'the worst WCAG contrast ratio between a dark colour and the background' },
          logo_block_load: nullable({ type: 'number', description: 'the largest share of an error-correction block the logo covers; null without a logo' }),
          adjustments: { type: 'array', items: ref('ScanNote'), description: 'what the engine changed: error_correction_raised, logo_shrunk' },
          warnings: { type: 'array', items: ref('ScanNote'), description: 'what may make the code hard to scan: small_modules' },
        },
      },
      BatchItem: {
        type: 'object', required: ['index', 'name', 'type', 'kind', 'qr_code_id', 'error', 'error_code', 'error_path', 'scan'],
        properties: { index: int, name: nullable(str), type: nullable({ enum: TYPES }), kind: nullable({ enum: ['static', 'dynamic'] }),
          qr_code_id: nullable({ type: 'string', pattern: '^s?qr_' }), error: nullable(str), error_code: nullable(str), error_path: nullable(str),
          scan: nullable(ref('ScanReport')) },
      },
      Batch: {
        type: 'object',
        required: ['id', 'object', 'status', 'total_count', 'completed_count', 'error_count', 'template_id', 'warnings', 'created_at', 'completed_at', 'test'],
        properties: { id: { type: 'string', pattern: '^batch_' }, object: { const: 'batch' }, status: { enum: ['processing', 'completed', 'failed'] },
          total_count: int, completed_count: int, error_count: int, template_id: nullable(str),
          warnings: { type: 'array', items: ref('Warning') },
          items: { type: 'array', items: ref('BatchItem') }, created_at: time, completed_at: nullable(time), test: { type: 'boolean' } },
      },
      BatchItemLine: {
        description: 'An NDJSON line of a streamed batch: the item result, and the image when it was made.',
        allOf: [ref('BatchItem'), { type: 'object', required: ['object', 'batch_id'], properties: {
          object: { const: 'batch_item' }, batch_id: str, short_url: nullable(str), payload: str,
          image: { type: 'object', required: ['format', 'content_type', 'encoding', 'data'], properties: {
            format: { enum: ['svg', 'png', 'pdf', 'eps'] }, content_type: str, encoding: { enum: ['utf-8', 'base64'] }, data: str } } } }],
      },
      StreamError: {
        description: 'The last NDJSON line of a stream that was interrupted; the batch resumes by itself (GET /v1/batches/{id}).',
        type: 'object', required: ['object', 'error'], properties: { object: { const: 'error' },
          error: { type: 'object', required: ['code', 'message', 'request_id'], properties: { code: { enum: ['storage_unavailable', 'internal_error'] }, message: str, request_id: str } } },
      },
      QrCode: {
        type: 'object', additionalProperties: false,
        required: ['id', 'object', 'kind', 'type', 'name', 'short_code', 'short_url', 'target', 'design', 'folder_id', 'tags', 'image_url',
          'download_url', 'is_active', 'scan_count', 'test', 'scan', 'created_at', 'updated_at'],
        properties: { id: { type: 'string', pattern: '^s?qr_' }, object: { const: 'qr_code' }, kind: { enum: ['static', 'dynamic'] },
          type: { enum: TYPES }, name: str, short_code: str, short_url: nullable(str),
          target: { type: 'object' }, design: ref('Design'), folder_id: nullable(str), tags: { type: 'array', items: str },
          image_url: str, download_url: str, is_active: { type: 'boolean' }, scan_count: nullable(int), test: { type: 'boolean' },
          batch_id: nullable(str), scan: nullable(ref('ScanReport')), created_at: time, updated_at: time },
      },
      Template: {
        type: 'object', required: ['id', 'object', 'name', 'design', 'test', 'created_at', 'updated_at'], additionalProperties: false,
        properties: { id: { type: 'string', pattern: '^tpl_' }, object: { const: 'template' }, name: nullable(str), design: ref('Design'),
          test: { type: 'boolean' }, created_at: time, updated_at: time },
      },
      DeletedTemplate: {
        type: 'object', required: ['id', 'object', 'deleted'], additionalProperties: false,
        properties: { id: { type: 'string', pattern: '^tpl_' }, object: { const: 'template' }, deleted: { const: true } },
      },
      Design: {
        type: 'object', description: 'How a code looks (docs/api.md "Design"); answered normalised: colours lower case, defaults filled in.',
        properties: {
          error_correction: { enum: ['L', 'M', 'Q', 'H'] },
          colors: { type: 'object', properties: { foreground: str, background: str } },
          gradient: { type: 'object', properties: { start: str, end: str, type: { enum: ['linear-top-to-bottom', 'linear-left-to-right', 'linear-diagonal', 'radial'] } } },
          shapes: { type: 'object', properties: {
            body: { enum: ['square', 'rounded', 'dots', 'extra-rounded', 'classy', 'classy-rounded', 'diamond', 'vertical-bars', 'horizontal-bars'] },
            eye_frame: { enum: ['square', 'rounded', 'extra-rounded', 'circle', 'leaf'] },
            eye_ball: { enum: ['square', 'rounded', 'circle', 'diamond', 'leaf', 'star'] } } },
          eye_colors: { type: 'object', properties: { frame: str, ball: str } },
          logo: { type: 'object', properties: { url: str, size: { type: 'number', minimum: 0.1, maximum: 0.3 }, clear_background: { type: 'boolean' } } },
          transparent_background: { type: 'boolean' },
          frame: { type: 'object', additionalProperties: false, description: 'A call-to-action frame outside the quiet zone; text drawn as outlines (docs/print.md). Needs output.margin >= 2.',
            properties: { style: { enum: ['box', 'banner-bottom', 'banner-top', 'rounded', 'ticket'], default: 'box' },
              text: { type: 'string', maxLength: 40, description: 'at most 40 characters, one line: Latin, Greek, Cyrillic, digits, punctuation' },
              color: { type: 'string', default: '#000000' }, text_color: { type: 'string', default: '#ffffff' } } },
        },
      },
      Output: {
        type: 'object', description: 'Give the size one way: size (px), size_mm or size_in (docs/print.md).',
        properties: { format: { enum: ['svg', 'png', 'pdf', 'eps'], default: 'svg' },
          size: { type: 'integer', minimum: 64, maximum: 4096, default: 512, description: 'the code square in px, quiet zone included (a frame adds around it)' },
          size_mm: { type: 'number', minimum: 10, maximum: 1000, description: 'the code square in millimetres' },
          size_in: { type: 'number', minimum: 0.4, maximum: 40, description: 'the code square in inches' },
          dpi: { type: 'integer', minimum: 72, maximum: 2400, description: 'PNG resolution (pHYs chunk); default 300 with size_mm / size_in' },
          margin: { type: 'integer', minimum: 0, maximum: 16, default: 4 } },
      },
      Target: {
        description: 'What a code encodes (docs/api.md "Targets"). The type is detected when `type` is absent. '
          + 'A vcard is either `destination` (a complete vCard text, LF or CRLF lines) or the structured fields.',
        type: 'object', additionalProperties: false,
        properties: {
          type: { enum: TYPES },
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
        properties: {
          items: { type: 'array', minItems: 1, maxItems: 1000, items: { type: 'object', required: ['target'], properties: {
            target: ref('Target'), kind: { enum: ['static', 'dynamic'] }, name: { type: 'string', maxLength: 255 },
            folder_id: { type: 'string', maxLength: 64 }, tags: { type: 'array', maxItems: 10, items: { type: 'string', minLength: 1, maxLength: 50 } } } } },
          design: ref('Design'),
          template_id: { type: 'string', description: 'a saved template: it replaces `design` (sent together, `design` is ignored with a warning)' },
          output: ref('Output'),
        },
      },
    },
  },
  paths: {
    '/v1/batches': {
      post: op('Batches', 'createBatch', 'Create a batch', 'qr:write', {
        202: { description: 'accepted: the batch (status processing); with `Accept: application/x-ndjson` a stream: the batch, one '
          + 'BatchItemLine per item in index order (refused items included), the final batch',
        headers: { ...REQUEST_ID, 'Idempotent-Replayed': { description: '`true` when an earlier request with this Idempotency-Key made the batch', schema: str } },
        content: { 'application/json': { schema: ref('Batch') },
          'application/x-ndjson': { schema: { oneOf: [ref('Batch'), ref('BatchItemLine'), ref('StreamError')] } } } },
        ...bodyErrors,
        409: errorResponse('idempotency_conflict: the Idempotency-Key was used with another body; idempotency_in_progress: the first '
          + 'request with this key is still being processed (Retry-After)', RETRY_AFTER),
        415: errorResponse('unsupported_media_type: the body is neither application/json nor text/csv (UTF-8)'),
        422: errorResponse('validation_error: a request-level problem (details hold every one); item problems never refuse the batch. '
          + 'invalid_csv: a text/csv body that cannot be read; details[0] has its code (csv_quotes, csv_too_many_cells, csv_no_header, '
          + 'csv_no_rows, csv_empty, csv_encoding), line and column'),
      }, {
        parameters: [{ name: 'Idempotency-Key', in: 'header', description: '1–255 visible ASCII characters; the same key and body within 24 h returns the first batch',
          schema: { type: 'string', maxLength: 255 } },
        { name: 'template_id', in: 'query', description: 'text/csv bodies only: the template whose design the codes use', schema: str },
        { name: 'design', in: 'query', description: 'text/csv bodies only: the design, as URL-encoded JSON (errors point at `/query/design/…`)', schema: str },
        { name: 'output', in: 'query', description: 'text/csv bodies only: the output, as URL-encoded JSON, e.g. `{"format":"png","size":1024}`', schema: str }],
        requestBody: { required: true, content: { 'application/json': { schema: ref('BatchRequest') },
          'text/csv': { schema: { type: 'string', description: 'UTF-8 CSV, a header row naming the columns, then one row per code (docs/api.md "CSV batches")' } } } },
      }),
      get: op('Batches', 'listBatches', 'List batches, newest first (items omitted)', 'qr:read', {
        200: jsonResponse('a page', listOf(ref('Batch'))), 422: errorResponse('validation_error: bad limit or cursor'),
      }, { parameters: pageParams }),
    },
    '/v1/batches/{id}': {
      get: op('Batches', 'getBatch', 'A batch with every item', 'qr:read', { 200: jsonResponse('the batch', ref('Batch')) },
        { parameters: [id('id', '`batch_…`')] }),
    },
    '/v1/batches/{id}/archive': {
      get: op('Batches', 'getBatchArchive', 'A ZIP of every code the batch made, streamed as it is built', 'qr:read', {
        200: { description: 'a ZIP: `<index>-<name>.<ext>` per made code (index zero-padded to at least 4 digits) and `results.ndjson`, '
          + 'one line per item in index order (made: ok, file, payload, scan; failed: ok false, error)',
        headers: { ...REQUEST_ID, 'Content-Disposition': { schema: str } },
        content: { 'application/zip': { schema: { type: 'string', format: 'binary' } } } },
        409: errorResponse('batch_processing: the batch is still being made; retry after Retry-After', RETRY_AFTER),
        422: errorResponse('validation_error: format or size out of range (`/query/format`, `/query/size`)'),
      }, { parameters: [id('id', '`batch_…`'),
        { name: 'format', in: 'query', description: 'svg or png (default: the batch\'s output.format)', schema: { enum: ['svg', 'png'] } },
        { name: 'size', in: 'query', description: 'pixels, 64–4096 (default: the batch\'s output.size)', schema: { type: 'integer' } }] }),
    },
    '/v1/qr-codes': {
      get: op('QR codes', 'listQrCodes', 'List codes, newest first', 'qr:read', {
        200: jsonResponse('a page', listOf(ref('QrCode'))), 422: errorResponse('validation_error: bad filter, limit or cursor'),
      }, { parameters: [...pageParams, { name: 'kind', in: 'query', schema: { enum: ['static', 'dynamic'] } }, { name: 'folder_id', in: 'query', schema: str }] }),
    },
    '/v1/qr-codes/{id}': {
      get: op('QR codes', 'getQrCode', 'A code', 'qr:read', { 200: jsonResponse('the code', ref('QrCode')) },
        { parameters: [id('id', '`qr_…` (dynamic) or `sqr_…` (static)')] }),
      patch: op('QR codes', 'updateQrCode', 'Change a code (dynamic: destination, utm, is_active too)', 'qr:write', {
        200: jsonResponse('the changed code', ref('QrCode')), ...bodyErrors, 422: errorResponse('validation_error: an invalid change (nothing was changed)'),
      }, {
        parameters: [id('id', '`qr_…` or `sqr_…`')],
        requestBody: jsonBody({ type: 'object', description: '`null` puts a field back to its default (name, folder_id, tags, utm, design)', properties: {
          name: nullable(str), destination: str, utm: nullable({ type: 'object' }), design: nullable(ref('Design')), folder_id: nullable(str),
          tags: nullable({ type: 'array', items: str }), is_active: { type: 'boolean' } } }),
      }),
    },
    '/v1/qr-codes/{id}/download': {
      get: op('QR codes', 'downloadQrCode', 'The image, drawn from the stored payload and design', 'qr:read', {
        200: { description: 'the image (ETag; Cache-Control: private, no-cache)', headers: REQUEST_ID, content: { 'image/svg+xml': {}, 'image/png': {}, 'application/pdf': {}, 'application/postscript': {} } },
        304: { description: 'If-None-Match matched', headers: REQUEST_ID },
        422: errorResponse('validation_error: bad format or size'),
      }, { parameters: [id('id', '`qr_…` or `sqr_…`'), { name: 'format', in: 'query', schema: { enum: ['svg', 'png', 'pdf', 'eps'], default: 'png' } },
        { name: 'size', in: 'query', schema: { type: 'integer', minimum: 64, maximum: 4096 } }] }),
    },
    '/v1/templates': {
      post: op('Templates', 'createTemplate', 'Save a design', 'qr:write', {
        201: jsonResponse('the template', ref('Template')), ...bodyErrors, 422: errorResponse('validation_error: invalid name or design'),
      }, { requestBody: jsonBody({ type: 'object', required: ['design'], additionalProperties: false,
        properties: { name: { type: 'string', maxLength: 255 }, design: ref('Design') } }) }),
      get: op('Templates', 'listTemplates', 'List templates, newest first', 'qr:read', {
        200: jsonResponse('a page', listOf(ref('Template'))), 422: errorResponse('validation_error: bad limit or cursor'),
      }, { parameters: pageParams }),
    },
    '/v1/templates/{id}': {
      get: op('Templates', 'getTemplate', 'A template', 'qr:read', { 200: jsonResponse('the template', ref('Template')) },
        { parameters: [id('id', '`tpl_…`')] }),
      patch: op('Templates', 'updateTemplate', 'Change a template (codes already made keep their design)', 'qr:write', {
        200: jsonResponse('the changed template', ref('Template')), ...bodyErrors, 422: errorResponse('validation_error: invalid name or design'),
      }, { parameters: [id('id', '`tpl_…`')], requestBody: jsonBody({ type: 'object', additionalProperties: false, minProperties: 1,
        properties: { name: nullable({ type: 'string', maxLength: 255 }), design: ref('Design') } }) }),
      delete: op('Templates', 'deleteTemplate', 'Delete a template (codes already made keep their design)', 'qr:write', {
        200: jsonResponse('what was deleted', ref('DeletedTemplate')),
      }, { parameters: [id('id', '`tpl_…`')] }),
    },
    '/v1/render': {
      post: op('Render', 'renderPreview', 'Render one code without storing it (a preview)', 'qr:read', {
        200: { description: 'the image', headers: REQUEST_ID, content: { 'image/svg+xml': {}, 'image/png': {}, 'application/pdf': {}, 'application/postscript': {} } },
        ...bodyErrors, 422: errorResponse('validation_error: invalid target, design or output'),
      }, { requestBody: jsonBody({ type: 'object', additionalProperties: false, properties: { target: ref('Target'), design: ref('Design'), output: ref('Output') } }) }),
    },
    '/r/{short_code}': {
      get: op('Redirects', 'followShortUrl', 'The short URL a dynamic code holds: 302 to its destination (the scan is counted)', null, {
        302: { description: 'to the current destination (Cache-Control: no-store)', headers: { ...REQUEST_ID, Location: { schema: str } } },
        404: { description: 'not_found: unknown (or static) code; a small HTML page for `Accept: text/html`', headers: REQUEST_ID,
          content: { 'application/json': { schema: ref('Error') }, 'text/html': { schema: str } } },
        410: { description: 'qr_code_inactive: the owner paused the code; a small HTML page for `Accept: text/html`', headers: REQUEST_ID,
          content: { 'application/json': { schema: ref('Error') }, 'text/html': { schema: str } } },
      }, { parameters: [id('short_code', 'the code at the end of the short URL')] }),
    },
    '/v1/openapi.json': {
      get: op('Meta', 'getOpenApi', 'This document', null, { 200: { description: 'OpenAPI 3.1', headers: REQUEST_ID, content: { 'application/json': { schema: { type: 'object' } } } } }),
    },
  },
};
