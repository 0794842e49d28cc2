// SPDX-License-Identifier: MIT
// What one scan of a short URL is counted as (docs/analytics.md): the UTC day, the country the
// platform located the request in, the device class and operating system read from the
// User-Agent by bowser, and the host of the Referer. Only these coarse groups are stored; the
// IP address, the User-Agent and the full Referer are read here and dropped.
import Bowser from 'bowser';

export const DEVICES = ['mobile', 'tablet', 'desktop', 'tv', 'bot'];
const UNKNOWN = 'unknown';

/** YYYY-MM-DD of `ms` in UTC. */
export const utcDay = (ms) => new Date(ms).toISOString().slice(0, 10);

// Cloudflare sets request.cf.country to an ISO 3166-1 alpha-2 code (XX when unknown, T1 for
// Tor); anything else, or no cf at all (wrangler dev, tests), counts as unknown.
function country(request) {
  const value = request.cf?.country;
  return typeof value === 'string' && /^[A-Z][A-Z0-9]$/.test(value) && value !== 'XX' ? value : UNKNOWN;
}

function deviceAndOs(request) {
  const ua = request.headers.get('user-agent') ?? '';
  // bowser refuses an empty string; a User-Agent of kilobytes is not a browser's.
  if (!ua.trim() || ua.length > 1024) return { device: UNKNOWN, os: UNKNOWN };
  const parsed = Bowser.parse(ua);
  const device = DEVICES.includes(parsed.platform?.type) ? parsed.platform.type : UNKNOWN;
  const os = typeof parsed.os?.name === 'string' && parsed.os.name ? parsed.os.name.slice(0, 40) : UNKNOWN;
  return { device, os };
}

// A scan from a camera app has no Referer: `direct`. Only the host of an http(s) referrer is kept.
function referrer(request) {
  const value = request.headers.get('referer');
  if (!value) return 'direct';
  try {
    const url = new URL(value);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return UNKNOWN;
    return url.hostname.toLowerCase().replace(/\.+$/, '').slice(0, 253) || UNKNOWN;
  } catch {
    return UNKNOWN;
  }
}

/** The groups one scan falls into: { country, device, os, referrer }. */
export function scanGroups(request) {
  return { country: country(request), ...deviceAndOs(request), referrer: referrer(request) };
}

/**
 * The time of a scan: now, or, only where the QREDGE_TEST_CLOCK binding is set (tests; never in
 * wrangler.toml), the time in the request's `x-qredge-test-now` header, so tests can scan on
 * either side of a UTC midnight or of a schedule bound.
 */
export function scanTime(env, request) {
  const forced = env.QREDGE_TEST_CLOCK ? Date.parse(request.headers.get('x-qredge-test-now') ?? '') : NaN;
  return Number.isNaN(forced) ? Date.now() : forced;
}
