// SPDX-License-Identifier: MIT
// GET /r/{short_code}: the public redirect of a dynamic code (API.md §4, §7.3). A person who
// scanned a code that leads nowhere gets a small page; an API client the JSON error.
import { ApiError, notFound } from '../http/errors.mjs';
import { wantsHtml } from '../http/respond.mjs';
import { countScan, dynamicCodeExists } from '../store/codes.mjs';

const PAGES = {
  404: { title: 'This QR code is not in use', text: 'The code you scanned does not lead anywhere. It may have been mistyped, or it was never activated.' },
  410: { title: 'This QR code is paused', text: 'The owner of this code has paused it for now. Please try again later, or ask whoever put it up.' },
};

// No script, nothing loaded from anywhere, the same status as the JSON answer.
function personPage(status) {
  const { title, text } = PAGES[status];
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>${title}</title>
<style>body{font:18px/1.5 system-ui,sans-serif;margin:0;display:grid;place-items:center;min-height:100vh;background:#f6f7f9;color:#1f2933}
main{max-width:28rem;padding:2rem;text-align:center}h1{font-size:1.4rem;margin:0 0 .5rem}p{margin:0;color:#52606d}</style></head>
<body><main><h1>${title}</h1><p>${text}</p></main></body></html>
`;
  return new Response(html, { status, headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store',
    'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'", 'x-content-type-options': 'nosniff' } });
}

function notRedirected(c, status) {
  if (wantsHtml(c.request)) return personPage(status);
  if (status === 410) throw new ApiError('qr_code_inactive', 'this code has been paused by its owner');
  throw notFound('no such code');
}

export async function redirect(c) {
  const { code } = c.params;
  if (!/^[0-9A-Za-z]{1,32}$/.test(code)) return notRedirected(c, 404);
  // Counted and looked up in one statement, before answering: a scan is never lost when the
  // runtime recycles the isolate, and a storage failure is a clean 503, never a redirect
  // whose scan went uncounted.
  const location = await countScan(c.env.DB, code);
  if (location !== null) return new Response(null, { status: 302, headers: { location, 'cache-control': 'no-store' } });
  return notRedirected(c, await dynamicCodeExists(c.env.DB, code) ? 410 : 404);
}
