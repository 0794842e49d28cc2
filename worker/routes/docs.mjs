// SPDX-License-Identifier: MIT
// GET /v1/openapi.json, and the static files (the demo, the /docs reference page).
import { json, withHeaders } from '../http/respond.mjs';
import { openapi } from '../openapi/index.mjs';

export const openapiJson = () => json(openapi);

// The API reference page (/docs: Redoc, rendered in the browser from /v1/openapi.json) may load
// only what this origin serves: whatever the bundle would fetch from elsewhere (Redoc's sidebar
// logo comes from a CDN) is blocked by the browser, so the page works offline and tells no one.
const DOCS_CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
  + "font-src 'self' data:; connect-src 'self'; worker-src 'self' blob:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

export async function asset(c) {
  const response = await c.env.ASSETS.fetch(c.request);
  if (!/^\/docs(\/|$)/.test(c.url.pathname)) return response;
  return withHeaders(response, { 'content-security-policy': DOCS_CSP });
}
