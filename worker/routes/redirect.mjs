// SPDX-License-Identifier: MIT
// GET /r/{short_code}: the public redirect of a dynamic code (API.md §4, §7.3). A person who
// scanned a code that leads nowhere gets a small page; an API client the JSON error.
import { ApiError, notFound } from '../http/errors.mjs';
import { wantsHtml } from '../http/respond.mjs';
import { dynamicCodeState } from '../store/codes.mjs';
import { scanStatements } from '../store/analytics.mjs';
import { scanGroups, scanTime } from '../analytics/scan.mjs';
import { inactiveReason } from '../schedule.mjs';

const PAGES = {
  unknown: { title: 'This QR code is not in use', text: 'The code you scanned does not lead anywhere. It may have been mistyped, or it was never activated.' },
  paused: { title: 'This QR code is paused', text: 'The owner of this code has paused it for now. Please try again later, or ask whoever put it up.' },
  scheduled: { title: 'This QR code is not active yet', text: 'The owner of this code has scheduled it to start later. Please try again then.' },
  expired: { title: 'This QR code has expired', text: 'The owner of this code set it to end, and that time has passed. Ask whoever put it up for a current one.' },
};

// The JSON answer of a code that is not redirected, by reason (the HTML page says the same).
const INACTIVE = {
  paused: ['qr_code_inactive', 'this code has been paused by its owner'],
  scheduled: ['qr_code_not_yet_active', 'this code is scheduled to start later (active_from)'],
  expired: ['qr_code_expired', 'this code has expired (expires_at)'],
};

// No script, nothing loaded from anywhere, the same status as the JSON answer.
function personPage(status, reason) {
  const { title, text } = PAGES[reason];
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

function notRedirected(c, reason) {
  const status = reason === 'unknown' ? 404 : 410;
  if (wantsHtml(c.request)) return personPage(status, reason);
  if (status === 410) throw new ApiError(...INACTIVE[reason]);
  throw notFound('no such code');
}

export async function redirect(c) {
  const { code } = c.params;
  if (!/^[0-9A-Za-z]{1,32}$/.test(code)) return notRedirected(c, 'unknown');
  // Counted (scan_count and the analytics counters) and looked up in one transaction, one round
  // trip, before answering: a scan is never lost when the runtime recycles the isolate, and a
  // storage failure is a clean 503, never a redirect whose scan went uncounted. The schedule
  // is checked in the same statements (docs/analytics.md).
  const now = new Date(scanTime(c.env, c.request)).toISOString();
  const [counted] = await c.env.DB.batch(scanStatements(c.env.DB, code, now, scanGroups(c.request)));
  const hit = counted.results[0];
  if (hit) return new Response(null, { status: 302, headers: { location: hit.payload, 'cache-control': 'no-store' } });
  const state = await dynamicCodeState(c.env.DB, code);
  return notRedirected(c, state ? inactiveReason(state, now) : 'unknown');
}
