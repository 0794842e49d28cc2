// SPDX-License-Identifier: MIT
// Identifiers. Random ones come from the platform CSPRNG; a code's id is derived from its
// batch and index, so re-running an interrupted batch can never create the same code twice.
const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';

export function randomToken(length) {
  // Rejection sampling keeps every character uniformly likely.
  let out = '';
  while (out.length < length) {
    for (const b of crypto.getRandomValues(new Uint8Array(length * 2))) {
      if (b < 248 && out.length < length) out += ALPHABET[b % 62];
    }
  }
  return out;
}

export const newId = (prefix) => `${prefix}_${randomToken(20)}`;
export const newShortCode = () => randomToken(8);

export async function sha256Hex(text) {
  const data = typeof text === 'string' ? new TextEncoder().encode(text) : text;
  const digest = await crypto.subtle.digest('SHA-256', data);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** `qr_…` (dynamic) or `sqr_…` (static), the same for the same batch and index. */
export async function codeId(batchId, index, kind) {
  const hex = await sha256Hex(`${batchId}:${index}`);
  return `${kind === 'dynamic' ? 'qr' : 'sqr'}_${hex.slice(0, 24)}`;
}

export const nowIso = () => new Date().toISOString();
