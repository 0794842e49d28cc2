// SPDX-License-Identifier: MIT
// Bytes from a stream under a cap (request bodies, fetched logos), and bytes as base64.

/**
 * Reads the whole stream into one Uint8Array; past `max` bytes it cancels the stream and throws
 * `tooLarge()`, so nothing past the cap is ever held.
 */
export async function readCapped(stream, max, tooLarge) {
  if (!stream) return new Uint8Array(0);
  const reader = stream.getReader();
  const chunks = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const c of chunks) { bytes.set(c, offset); offset += c.byteLength; }
  return bytes;
}

/** Bytes as base64 (btoa takes a binary string; built in slices to bound the argument list). */
export function toBase64(bytes) {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}
