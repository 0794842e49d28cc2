// SPDX-License-Identifier: MIT
// Fetching `https:` logos under API.md §4.4: https only, no credentials, no IP literals or
// local names, at most 512 KiB, 5 s in all, at most 3 redirects (each one checked again), and
// a PNG/JPEG content type that the bytes must confirm. Anything else: `logo_unavailable`.
import { ApiError } from './http/errors.mjs';
import { readCapped, toBase64 } from './http/bytes.mjs';
import { refusePublicUrl } from './public-url.mjs';

const MAX_LOGO_BYTES = 512 * 1024;
const MAX_REDIRECTS = 3;
const TIMEOUT_MS = 5000;

// Every refusal names what failed (`reason`) and, once a host is known, which host (issue 15):
// a client can tell a typo in the host from a logo server that is down or answers HTML.
const logoError = (message, reason = 'not_allowed', host = null) => new ApiError('validation_error', message,
  { details: [{ path: '/design/logo/url', code: 'logo_unavailable', message, reason, host }] });

// What a failed fetch() means. workerd reports a DNS failure as an opaque "internal error;
// reference = …" (its log has "DNS lookup failed") and a refused or reset connection as
// "Network connection lost."; on Cloudflare an unresolvable or unreachable origin comes back as
// a 52x/530 answer instead (see fromStatus). The runtime's own text is never passed on.
function fromException(e, host, timedOut) {
  if (timedOut || e?.name === 'TimeoutError') return logoError(`the logo host ${host} did not answer within ${TIMEOUT_MS / 1000} s`, 'timeout', host);
  const message = String(e?.message ?? '');
  if (/^internal error/i.test(message) || /dns|resolve|ENOTFOUND|EAI_/i.test(message)) {
    return logoError(`the logo host ${host} could not be found (DNS lookup failed): check the host name`, 'dns', host);
  }
  if (/connection (lost|refused|reset)|ECONNREFUSED|ECONNRESET/i.test(message)) {
    return logoError(`the logo host ${host} refused or dropped the connection`, 'refused', host);
  }
  if (/tls|ssl|certificate/i.test(message)) return logoError(`the logo host ${host} failed the TLS handshake (certificate)`, 'tls', host);
  return logoError(`the logo host ${host} could not be reached`, 'unreachable', host);
}

// Cloudflare's own answers for an origin it could not use (its 52x/530 error pages).
function fromStatus(status, host) {
  if (status === 530) return logoError(`the logo host ${host} could not be found (DNS lookup failed): check the host name`, 'dns', host);
  if (status === 521 || status === 523) return logoError(`the logo host ${host} refused or dropped the connection`, 'refused', host);
  if (status === 522 || status === 524) return logoError(`the logo host ${host} did not answer within ${TIMEOUT_MS / 1000} s`, 'timeout', host);
  return logoError(`the logo host ${host} answered HTTP ${status}`, 'http_status', host);
}

/** Why a logo URL may not be fetched, or null when it may. */
const refuseLogoUrl = (text) => refusePublicUrl(text, 'logo URLs');

function sniff(bytes) {
  if (bytes.length >= 8 && [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a].every((b, i) => bytes[i] === b)) return 'image/png';
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  return null;
}

/** Fetches the logo and returns it as a `data:` URL the engine accepts. */
async function fetchLogoAsDataUrl(startUrl) {
  const signal = AbortSignal.timeout(TIMEOUT_MS);
  let url = startUrl;
  let host = null;
  try {
    for (let hop = 0; ; hop++) {
      const refusal = refuseLogoUrl(url);
      if (refusal) throw logoError(hop ? `the logo host ${host} redirects to a URL that is refused: ${refusal}` : refusal, 'not_allowed', host);
      host = new URL(url).host;
      const res = await fetch(url, { redirect: 'manual', signal, headers: { accept: 'image/png, image/jpeg' } });
      if ([301, 302, 303, 307, 308].includes(res.status)) {
        if (hop >= MAX_REDIRECTS) throw logoError(`the logo URL redirects more than ${MAX_REDIRECTS} times (last at ${host})`, 'redirects', host);
        const location = res.headers.get('location');
        if (!location) throw logoError(`the logo host ${host} answered a redirect without a Location`, 'redirects', host);
        url = new URL(location, url).href;
        continue;
      }
      if (!res.ok) throw fromStatus(res.status, host);
      const declared = (res.headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase();
      if (declared !== 'image/png' && declared !== 'image/jpeg') {
        throw logoError(`the logo at ${host} is not an image: its content type is ${declared || 'missing'}; it must be image/png or image/jpeg`, 'not_an_image', host);
      }
      const tooLarge = () => logoError(`the logo at ${host} is larger than 512 KiB`, 'too_large', host);
      if (Number(res.headers.get('content-length') ?? 0) > MAX_LOGO_BYTES) throw tooLarge();
      const bytes = await readCapped(res.body, MAX_LOGO_BYTES, tooLarge);
      if (sniff(bytes) !== declared) {
        throw logoError(`the logo at ${host} is not an image of the type it claims: its bytes are not ${declared}`, 'not_an_image', host);
      }
      return `data:${declared};base64,${toBase64(bytes)}`;
    }
  } catch (e) {
    if (e instanceof ApiError) throw e;
    throw fromException(e, host ?? 'of the logo URL', signal.aborted);
  }
}

/**
 * The design with an `https:` logo replaced by the fetched `data:` URL (the engine itself never
 * fetches). Every route that takes a design goes through this or an equivalent, so no route can
 * carry an unchecked URL past refuseLogoUrl.
 */
export async function resolveDesignLogo(design) {
  const url = design?.logo?.url;
  if (typeof url !== 'string' || !/^https:/i.test(url)) return design;
  return { ...design, logo: { ...design.logo, url: await fetchLogoAsDataUrl(url) } };
}
