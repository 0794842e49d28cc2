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

/**
 * Reads and drops what arrives of a stream for at most `ms` milliseconds and `max` bytes, then
 * cancels it. A server that answers early and closes with bytes unread resets the connection,
 * and the client's TCP stack may drop the answer with it (seen with a whole 6 MiB body sent at
 * once under load: the 413 was lost 2 times of 2); a client still sending is not waited for
 * past `ms`.
 */
export async function drain(stream, max, ms) {
  if (!stream) return;
  const reader = stream.getReader();
  let timer;
  const timeout = new Promise((resolve) => { timer = setTimeout(() => resolve({ done: true }), ms); });
  try {
    for (let size = 0; size <= max;) {
      const { done, value } = await Promise.race([reader.read(), timeout]);
      if (done) return;
      size += value.byteLength;
    }
  } finally {
    clearTimeout(timer);
    await reader.cancel().catch(() => {});
  }
}

/** Bytes as base64 (btoa takes a binary string; built in slices to bound the argument list). */
export function toBase64(bytes) {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}
