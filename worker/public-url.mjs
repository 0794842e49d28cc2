// SPDX-License-Identifier: MIT
// The rule for every URL the worker itself fetches or posts to (logos, API.md §4.4; webhooks):
// https only, no credentials, a public host name (no IP literal in any spelling, no local or
// internal name), the default port. A host name is not resolved here: on Cloudflare, a fetch
// to a name that resolves to a private address does not reach the private network.

/** Why `text` may not be fetched, in words that start with `noun` ("logo URLs"), or null when it may. */
export function refusePublicUrl(text, noun) {
  let url;
  try {
    url = new URL(text);
  } catch {
    return `the ${noun.replace(/s$/, '')} is not a valid URL`;
  }
  if (url.protocol !== 'https:') return `${noun} must use https:`;
  if (url.username || url.password) return `${noun} must not contain credentials`;
  // A trailing dot names the same host (`localhost.` is localhost): drop it before the checks.
  const host = url.hostname.toLowerCase().replace(/\.+$/, '');
  if (/^\[.*\]$/.test(host) || /^\d+(\.\d+){0,3}$/.test(host) || /^0x[0-9a-f]+$/i.test(host)) {
    return `${noun} must name a host, not an IP address`;
  }
  if (host === 'localhost' || /\.(localhost|local|localdomain|internal|home\.arpa)$/.test(host) || !host.includes('.')) {
    return `${noun} must name a public host`;
  }
  if (url.port && url.port !== '443') return `${noun} must use the default https port`;
  return null;
}
