// SPDX-License-Identifier: MIT
// Response helpers: JSON answers, and headers added to an answer already made.

export function json(body, status = 200, headers = {}) {
  return new Response(JSON.stringify(body), {
    status, headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
  });
}

/** The response with `headers` set on it (a Response's own headers may be immutable). */
export function withHeaders(response, headers) {
  const merged = new Headers(response.headers);
  for (const [k, v] of Object.entries(headers)) merged.set(k, v);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers: merged });
}

// The q-value a media range gets in an Accept header (0 when it is not listed).
function quality(accept, type) {
  let best = 0;
  for (const part of accept.split(',')) {
    const [range, ...params] = part.trim().toLowerCase().split(';').map((x) => x.trim());
    if (range !== type) continue;
    const q = params.find((p) => p.startsWith('q='));
    best = Math.max(best, q ? Number(q.slice(2)) || 0 : 1);
  }
  return best;
}

// A person's phone asks for text/html (browsers list it first); curl and API clients send */*
// or application/json and get the JSON error.
export function wantsHtml(request) {
  const accept = request.headers.get('accept') ?? '';
  const html = quality(accept, 'text/html');
  return html > 0 && html >= quality(accept, 'application/json');
}

export const wantsNdjson = (request) => /application\/x-ndjson/i.test(request.headers.get('accept') ?? '');
