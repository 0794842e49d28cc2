// SPDX-License-Identifier: MIT
// The OpenAPI 3.1 description of the HTTP API, served at /v1/openapi.json and rendered for people
// at /docs. Tests validate every response the worker gives in the test run against it
// (tests/js/helpers/openapi.mjs), so it cannot drift. The guide for people is docs/api.md.
import { VERSION } from 'qredge';
import { components } from './components.mjs';
import { paths } from './paths.mjs';

export const openapi = {
  openapi: '3.1.0',
  info: {
    title: 'qredge API', version: VERSION,  // the package's, kept in package.json only
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
    { name: 'Analytics', description: 'Scans of dynamic codes by day, country, device, OS and referrer.' },
    { name: 'Webhooks', description: 'Signed notifications when a batch is finished.' },
    { name: 'Redirects', description: 'The public short URLs of dynamic codes.' },
    { name: 'Meta', description: 'This document.' },
  ],
  components,
  paths,
};
