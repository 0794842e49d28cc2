// SPDX-License-Identifier: MIT
// Short codes are derived from the batch id (random, private) and the item index: unguessable
// from outside, yet the same on every retry of the same item.
const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';

export async function shortCodeFor(batchId, index) {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(`short:${batchId}:${index}`)));
  let n = 0n;
  for (const b of digest.subarray(0, 16)) n = (n << 8n) | BigInt(b);
  let out = '';
  for (let i = 0; i < 10; i++) { out += ALPHABET[Number(n % 62n)]; n /= 62n; }
  return out;
}
