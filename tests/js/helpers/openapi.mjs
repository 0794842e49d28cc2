// SPDX-License-Identifier: MIT
// Checks a worker response against the OpenAPI document (worker/openapi/, the object served
// at /v1/openapi.json) with ajv (JSON Schema 2020-12): the status must be documented for the
// route and method, the content type among the documented ones, and a JSON body (or each NDJSON
// line) must match the documented schema. tests/js/helpers/worker.mjs runs it on every response
// a test gets through worker.fetch, so every suite checks the document against what it sees.
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { openapi } from '../../../worker/openapi/index.mjs';

const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema({ $id: 'openapi', components: openapi.components });
const compiled = new Map();
const validator = (schema) => {
  const key = JSON.stringify(schema);
  if (!compiled.has(key)) {
    // $refs point into the document's components, registered once above.
    const rewritten = JSON.parse(key.replace(/"#\/components\//g, '"openapi#/components/'));
    compiled.set(key, ajv.compile(rewritten));
  }
  return compiled.get(key);
};

const routes = Object.keys(openapi.paths).map((template) => ({
  template, re: new RegExp(`^${template.replace(/[.]/g, '\\.').replace(/\{[^}]+\}/g, '[^/]+')}$`),
}));

/** The path template of a request path, or null when no documented route has that path. */
export function routeOf(pathname) {
  return routes.find((r) => r.re.test(pathname))?.template ?? null;
}

const mediaOf = (contentType) => (contentType ?? '').split(';')[0].trim().toLowerCase();
const ERROR = { $ref: '#/components/schemas/Error' };

function check(schema, value, where) {
  const validate = validator(schema);
  if (!validate(value)) throw new Error(`${where}: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(value).slice(0, 600)}`);
}

/**
 * Throws unless the response is what the document says for (method, path). `bodyText` is the
 * body as text (null for a body that was not read: images, streams left to the test).
 */
export function checkResponse(method, pathname, status, contentType, bodyText) {
  const where = `${method} ${pathname} → ${status}`;
  const route = routeOf(pathname);
  const operation = route ? openapi.paths[route][method.toLowerCase()] : null;
  const media = mediaOf(contentType);
  if (!operation) {
    // No such route (404), a method the path does not have (405), or a static asset (GET of a
    // non-API path, served by the assets binding: outside the API document).
    if (!route && status < 400 && method === 'GET' && !pathname.startsWith('/v1/')) return 'asset';
    const expected = route ? 405 : 404;
    if (status !== expected && status !== 503 && status !== 500 && status !== 429) throw new Error(`${where}: expected ${expected} for an undocumented route or method`);
    if (media !== 'application/json') throw new Error(`${where}: an error answer must be JSON, not ${contentType}`);
    check(ERROR, JSON.parse(bodyText), where);
    return `${method} ${route ?? '(no route)'} ${status}`;
  }
  const response = operation.responses[status];
  if (!response) throw new Error(`${where}: status ${status} is not documented for ${method} ${route}`);
  if (status === 304 || status === 302) return `${method} ${route} ${status}`;
  const content = response.content ?? {};
  if (!content[media]) throw new Error(`${where}: content type ${contentType} is not documented (${Object.keys(content).join(', ')})`);
  const schema = content[media].schema;
  if (bodyText !== null && schema) {
    if (media === 'application/json') check(schema, JSON.parse(bodyText), where);
    else if (media === 'application/x-ndjson') for (const line of bodyText.split('\n').filter((l) => l.trim())) check(schema, JSON.parse(line), where);
    else if (media === 'text/html' && !/^<!doctype html>/i.test(bodyText)) throw new Error(`${where}: not an HTML page`);
  }
  return `${method} ${route} ${status}`;
}

/** Every (method, route) the document describes, as `METHOD /path`. */
export const documentedOperations = () => Object.entries(openapi.paths)
  .flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));
