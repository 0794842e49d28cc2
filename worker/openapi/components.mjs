// SPDX-License-Identifier: MIT
// The OpenAPI document's components: security scheme, headers and the schemas of every object.
import { ref, nullable, str, int, time, id, TYPES } from './parts.mjs';

export const components = {
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
          'payload_too_large', 'unsupported_media_type', 'validation_error', 'rate_limited', 'internal_error', 'storage_unavailable', 'qr_code_inactive', 'qr_code_not_yet_active', 'qr_code_expired'] },
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
        adjustments: { type: 'array', items: ref('ScanNote'), description: 'what the engine changed: error_correction_raised, logo_shrunk, alignment_pattern_uncovered, eyes_squared' },
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
        'download_url', 'is_active', 'scan_count', 'active_from', 'expires_at', 'test', 'scan', 'created_at', 'updated_at'],
      properties: { id: { type: 'string', pattern: '^s?qr_' }, object: { const: 'qr_code' }, kind: { enum: ['static', 'dynamic'] },
        type: { enum: TYPES }, name: str, short_code: str, short_url: nullable(str),
        target: { type: 'object' }, design: ref('Design'), folder_id: nullable(str), tags: { type: 'array', items: str },
        image_url: str, download_url: str, is_active: { type: 'boolean' }, scan_count: nullable(int),
        active_from: nullable({ ...time, description: 'dynamic: the short URL redirects from then on (null: no start)' }),
        expires_at: nullable({ ...time, description: 'dynamic: the short URL redirects until then (null: no end)' }),
        test: { type: 'boolean' },
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
    Analytics: {
      type: 'object', required: ['object', 'qr_code_id', 'from', 'to', 'group_by', 'total', 'series'], additionalProperties: false,
      properties: {
        object: { const: 'analytics' }, qr_code_id: nullable({ type: 'string', pattern: '^qr_' }),
        from: { type: 'string', format: 'date' }, to: { type: 'string', format: 'date' },
        group_by: { enum: ['day', 'country', 'device', 'os', 'referrer'] }, total: int,
        series: { type: 'array', description: 'day: every day from `from` to `to` in order (0 for days without scans); '
          + 'otherwise the groups that have scans, most scans first', items: { type: 'object', required: ['key', 'count'], additionalProperties: false,
          properties: { key: { type: 'string', description: 'a day (YYYY-MM-DD), a country (ISO 3166-1 alpha-2), a device (mobile, tablet, '
            + 'desktop, tv, bot), an OS name, a referrer host; `unknown` when it could not be told, `direct` for no referrer' }, count: int } } },
      },
    },
    Webhook: {
      type: 'object', required: ['id', 'object', 'url', 'events', 'test', 'created_at'], additionalProperties: false,
      properties: { id: { type: 'string', pattern: '^wh_' }, object: { const: 'webhook' }, url: str,
        events: { type: 'array', items: { enum: ['batch.completed', 'batch.failed'] } }, test: { type: 'boolean' }, created_at: time,
        secret: { type: 'string', pattern: '^whsec_', description: 'only in the answer to POST: the key of the HMAC in Qredge-Signature; keep it' } },
    },
    DeletedWebhook: {
      type: 'object', required: ['id', 'object', 'deleted'], additionalProperties: false,
      properties: { id: str, object: { const: 'webhook' }, deleted: { const: true } },
    },
    WebhookEvent: {
      type: 'object', required: ['id', 'object', 'type', 'created_at', 'test', 'data'],
      description: 'The body of a delivery (POST to the webhook URL, signed in Qredge-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">).',
      properties: { id: { type: 'string', pattern: '^evt_' }, object: { const: 'event' }, type: { enum: ['batch.completed', 'batch.failed'] },
        created_at: time, test: { type: 'boolean' }, data: { type: 'object', required: ['object'], properties: { object: ref('Batch') } } },
    },
    WebhookDelivery: {
      type: 'object', additionalProperties: false,
      required: ['id', 'object', 'webhook_id', 'event_id', 'event_type', 'status', 'attempts', 'next_attempt_at', 'payload', 'created_at'],
      properties: { id: { type: 'string', pattern: '^whd_' }, object: { const: 'webhook_delivery' }, webhook_id: str, event_id: str,
        event_type: { enum: ['batch.completed', 'batch.failed'] }, status: { enum: ['pending', 'succeeded', 'failed'] },
        attempts: { type: 'array', items: { type: 'object', required: ['attempt', 'at', 'status_code', 'error', 'duration_ms'], additionalProperties: false,
          properties: { attempt: { type: 'integer', minimum: 1 }, at: time, status_code: nullable({ type: 'integer' }),
            error: nullable({ enum: ['http_status', 'redirect', 'timeout', 'refused', 'tls', 'dns', 'unreachable', 'not_allowed'] }), duration_ms: int } } },
        next_attempt_at: nullable({ ...time, description: 'pending: when the next attempt is due' }),
        payload: ref('WebhookEvent'), created_at: time },
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
          folder_id: { type: 'string', maxLength: 64 }, tags: { type: 'array', maxItems: 10, items: { type: 'string', minLength: 1, maxLength: 50 } },
          active_from: { type: 'string', description: 'dynamic items: RFC 3339 time with a zone from which the short URL redirects' },
          expires_at: { type: 'string', description: 'dynamic items: RFC 3339 time with a zone, later than active_from, from which it answers 410' } } } },
        design: ref('Design'),
        template_id: { type: 'string', description: 'a saved template: it replaces `design` (sent together, `design` is ignored with a warning)' },
        output: ref('Output'),
      },
    },
  },
};
