// SPDX-License-Identifier: MIT
// The signature of a webhook delivery (API.md §7.3): `Qredge-Signature: t=<unix seconds>,v1=<hex>`
// where the hex is HMAC-SHA256, keyed with the webhook's whole secret (`whsec_…` as UTF-8),
// of the text `<t>.<body>`. A receiver recomputes it, compares in constant time, and refuses a
// `t` too far from its own clock (replays). docs/webhooks.md has a receiver in Node.
const encoder = new TextEncoder();

export async function hmacHex(secret, text) {
  const key = await crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const mac = await crypto.subtle.sign('HMAC', key, encoder.encode(text));
  return [...new Uint8Array(mac)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** The Qredge-Signature header value for `body` sent at `unixSeconds`. */
export async function signatureHeader(secret, body, unixSeconds) {
  return `t=${unixSeconds},v1=${await hmacHex(secret, `${unixSeconds}.${body}`)}`;
}
