// SPDX-License-Identifier: MIT
// Identifiers. Random ones come from the platform CSPRNG; a code's id and short code derive
// from its batch and index, so re-running an interrupted batch can never create the same code
// twice, and a short code is unguessable from outside (the batch id is random and private).
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

const digest = async (text) => new Uint8Array(await crypto.subtle.digest('SHA-256', typeof text === 'string' ? new TextEncoder().encode(text) : text));

export async function sha256Hex(text) {
  return [...await digest(text)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** `qr_…` (dynamic) or `sqr_…` (static), the same for the same batch and index. */
export async function codeId(batchId, index, kind) {
  const hex = await sha256Hex(`${batchId}:${index}`);
  return `${kind === 'dynamic' ? 'qr' : 'sqr'}_${hex.slice(0, 24)}`;
}

/** Ten base-62 characters, the same on every retry of the same item. */
export async function shortCodeFor(batchId, index) {
  let n = 0n;
  for (const b of (await digest(`short:${batchId}:${index}`)).subarray(0, 16)) n = (n << 8n) | BigInt(b);
  let out = '';
  for (let i = 0; i < 10; i++) { out += ALPHABET[Number(n % 62n)]; n /= 62n; }
  return out;
}

export const nowIso = () => new Date().toISOString();
