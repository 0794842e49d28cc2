// SPDX-License-Identifier: MIT
// Decodes rendered codes with three independent readers that honour ECI and report text, not
// bytes: ZXing-C++ (ZXingReader: Text, Bytes, HasECI), zbar (zbarimg's text output) and ZXing
// Java (QRCodeReader). PNGs are flattened to 8-bit RGB first (ZXingReader cannot read 1-bit
// palette PNGs). Missing tools are errors, never skips.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { zxingJavaDecode } from './zxing-java.mjs';

function zxingCpp(file) {
  let out;
  try {
    out = execFileSync('ZXingReader', ['-format', 'QRCode', file], { stdio: ['ignore', 'pipe', 'pipe'] }).toString('utf8');
  } catch (e) {
    if (e.code === 'ENOENT') throw new Error('ZXingReader is missing: install zxing-cpp-tools (scripts/setup.sh)');
    throw e;
  }
  const text = out.match(/^Text:\s+"([\s\S]*)"\nBytes:/m);
  const bytes = out.match(/^Bytes:\s+([0-9A-F ]*)$/m);
  const eci = out.match(/^HasECI:\s+(true|false)$/m);
  if (!text || !bytes || !eci) return { error: out.trim() };
  return {
    text: text[1],
    bytes: Buffer.from(bytes[1].trim().split(/\s+/).filter(Boolean).map((h) => parseInt(h, 16))),
    hasEci: eci[1] === 'true',
  };
}

function zbar(file) {
  try {
    const out = execFileSync('zbarimg', ['--raw', '-q', '-Sdisable', '-Sqrcode.enable', file], { stdio: ['ignore', 'pipe', 'pipe'] });
    const text = out.toString('utf8');
    return { text: text.endsWith('\n') ? text.slice(0, -1) : text };  // zbarimg adds one line feed
  } catch (e) {
    if (e.code === 'ENOENT') throw new Error('zbarimg is missing: install zbar-tools');
    return { error: `zbarimg exit ${e.status}` };
  }
}

/**
 * Decodes each PNG (bytes) with ZXing-C++, zbar and ZXing Java.
 * @returns {Promise<Array<{zxingCpp: {text, bytes, hasEci}|{error}, zbar: {text}|{error}, zxingJava: {text}|{error}}>>}
 */
export async function decodeEci(pngs) {
  const dir = mkdtempSync(join(tmpdir(), 'qredge-eci-'));
  try {
    const files = [];
    for (const [i, png] of pngs.entries()) {
      const file = join(dir, `${i}.png`);
      writeFileSync(file, await sharp(Buffer.from(png)).flatten({ background: '#ffffff' }).toColourspace('srgb').png().toBuffer());
      files.push(file);
    }
    const java = zxingJavaDecode(files);
    return files.map((file, i) => ({ zxingCpp: zxingCpp(file), zbar: zbar(file), zxingJava: java[i] }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
