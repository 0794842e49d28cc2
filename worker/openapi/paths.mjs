// SPDX-License-Identifier: MIT
// The OpenAPI document's paths: every route, its parameters, bodies and answers.
import { ref, nullable, str, REQUEST_ID, bodyErrors, RETRY_AFTER, errorResponse, jsonResponse, id, op, listOf, pageParams, jsonBody } from './parts.mjs';

const ANALYTICS_PARAMS = [
  { name: 'from', in: 'query', description: 'first day, YYYY-MM-DD (UTC); default: 29 days before `to`', schema: { type: 'string', format: 'date' } },
  { name: 'to', in: 'query', description: 'last day, YYYY-MM-DD (UTC), at most 366 days after `from`; default: today', schema: { type: 'string', format: 'date' } },
  { name: 'group_by', in: 'query', description: 'what the series is grouped by', schema: { enum: ['day', 'country', 'device', 'os', 'referrer'], default: 'day' } },
];
export const paths = {
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
        tags: nullable({ type: 'array', items: str }), is_active: { type: 'boolean' },
        active_from: nullable({ type: 'string', description: 'dynamic: RFC 3339 time with a zone; before it the short URL answers 410 (null: no start)' }),
        expires_at: nullable({ type: 'string', description: 'dynamic: RFC 3339 time with a zone, later than active_from; from then on 410 (null: no end)' }) } }),
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
  '/v1/qr-codes/{id}/analytics': {
    get: op('Analytics', 'getQrCodeAnalytics', 'Scans of one dynamic code', 'qr:read', {
      200: jsonResponse('the total and the series', ref('Analytics')),
      422: errorResponse('validation_error: bad from, to or group_by (`/query/from`, `/query/to`, `/query/group_by`: invalid_date, invalid_range, '
        + 'range_too_long, invalid_value, repeated_parameter), or a static code (static_code)'),
    }, { parameters: [id('id', '`qr_…`'), ...ANALYTICS_PARAMS] }),
  },
  '/v1/analytics': {
    get: op('Analytics', 'getAnalytics', 'Scans of every dynamic code of the workspace (in the key\'s mode)', 'qr:read', {
      200: jsonResponse('the total and the series', ref('Analytics')),
      422: errorResponse('validation_error: bad from, to or group_by (`/query/…`)'),
    }, { parameters: ANALYTICS_PARAMS }),
  },
  '/v1/webhooks': {
    post: op('Webhooks', 'createWebhook', 'Register a URL for batch events (the secret is shown only here)', 'qr:write', {
      201: jsonResponse('the webhook, with its secret', ref('Webhook')), ...bodyErrors,
      422: errorResponse('validation_error: url (required, invalid_type, too_long, invalid_url: https, a public host, the default port), '
        + 'events (required, invalid_type, invalid_value), unknown_field, too_many_webhooks (10 per workspace and mode)'),
    }, { requestBody: jsonBody({ type: 'object', required: ['url', 'events'], additionalProperties: false, properties: {
      url: { type: 'string', maxLength: 2048 }, events: { type: 'array', minItems: 1, items: { enum: ['batch.completed', 'batch.failed'] } } } }) }),
    get: op('Webhooks', 'listWebhooks', 'List webhooks, newest first (without secrets)', 'qr:read', {
      200: jsonResponse('a page', listOf(ref('Webhook'))), 422: errorResponse('validation_error: bad limit or cursor'),
    }, { parameters: pageParams }),
  },
  '/v1/webhooks/{id}': {
    get: op('Webhooks', 'getWebhook', 'A webhook (without its secret)', 'qr:read', { 200: jsonResponse('the webhook', ref('Webhook')) },
      { parameters: [id('id', '`wh_…`')] }),
    delete: op('Webhooks', 'deleteWebhook', 'Delete a webhook; its pending deliveries are dropped', 'qr:write', {
      200: jsonResponse('what was deleted', ref('DeletedWebhook')),
    }, { parameters: [id('id', '`wh_…`')] }),
  },
  '/v1/webhooks/{id}/deliveries': {
    get: op('Webhooks', 'listWebhookDeliveries', 'The delivery log: newest first, every attempt of each', 'qr:read', {
      200: jsonResponse('a page', listOf(ref('WebhookDelivery'))), 422: errorResponse('validation_error: bad limit or cursor'),
    }, { parameters: [id('id', '`wh_…`'), ...pageParams] }),
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
      410: { description: 'qr_code_inactive: the owner paused the code; qr_code_not_yet_active: before its active_from; qr_code_expired: '
        + 'from its expires_at on; a small HTML page for `Accept: text/html`', headers: REQUEST_ID,
        content: { 'application/json': { schema: ref('Error') }, 'text/html': { schema: str } } },
    }, { parameters: [id('short_code', 'the code at the end of the short URL')] }),
  },
  '/v1/openapi.json': {
    get: op('Meta', 'getOpenApi', 'This document', null, { 200: { description: 'OpenAPI 3.1', headers: REQUEST_ID, content: { 'application/json': { schema: { type: 'object' } } } } }),
  },
};
