// SPDX-License-Identifier: MIT
// Renders the API's own OpenAPI document with Redoc. A separate file (not inline) so the page's
// Content-Security-Policy can allow scripts from this origin only.
/* global Redoc */
Redoc.init('/v1/openapi.json', {
  expandResponses: '200,201,202',
  hideDownloadButton: false,
  jsonSampleExpandLevel: 2,
  nativeScrollbars: true,
  pathInMiddlePanel: true,
  requiredPropsFirst: true,
  sortPropsAlphabetically: false,
  theme: {
    colors: { primary: { main: '#1e3a8a' } },
    typography: { fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif', headings: { fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif' },
      code: { fontFamily: 'ui-monospace, "DejaVu Sans Mono", monospace' } },
  },
}, document.getElementById('reference'));
