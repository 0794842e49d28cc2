// SPDX-License-Identifier: MIT
// The decoder panel: the decoders people's phones and web pages run, each asked to read the
// same images. A code is correct when every decoder of PANEL reads back the exact payload;
// jsQR is a second opinion whose misses are counted, not failed.
//   zxing-java  ZXing Java 3.4.1 (Debian libzxing-java): the library inside Android's ZXing
//               scanner apps. One JVM reads every file (tests/panel/ZXingPanel.java), no
//               TRY_HARDER, as a phone's scan loop does. Its result is the decoded text.
//   zxing-cpp   ZXing-C++ 1.4 (Debian zxing-cpp-tools, ZXingReader), one process for all files.
//   zxing-wasm  ZXing-C++ 2.x as web pages run it (npm zxing-wasm, default options).
//   zbar        zbarimg (Debian zbar-tools): raw bytes (-Sbinary) and, on request, its text
//               output, which shows whether the ECI was honoured.
//   jsqr        jsQR (npm), counted only.
// Images are flattened over white to 8-bit RGB PNG first (ZXing-C++ 1.4 cannot read 1-bit
// palette PNGs, and each decoder treats transparency differently; a phone sees the page).
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { readBarcodes } from 'zxing-wasm/reader';
import { decodeWithJsqr, decodeWithZxing, svgToPng } from './decode.mjs';

export const PANEL = ['zxing-java', 'zxing-cpp', 'zxing-wasm', 'zbar'];
export const COUNTED = ['jsqr'];

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const JARS = ['/usr/share/java/core.jar', '/usr/share/java/javase.jar'];
const classDir = join(root, 'build', 'panel');
const javaSources = ['ZXingPanel.java', 'ZXingStage.java'].map((f) => join(root, 'tests', 'panel', f));

/** Compiles the Java reader when a class is missing or older than its sources. Throws a clear
 *  error when a panel tool is not installed (scripts/setup.sh installs them). */
export function panelReady() {
  for (const f of [...JARS, '/usr/bin/ZXingReader', '/usr/bin/zbarimg']) {
    if (!existsSync(f)) throw new Error(`decoder panel: ${f} is missing; run scripts/setup.sh`);
  }
  const cls = join(classDir, 'ZXingPanel.class');
  const stage = join(classDir, 'com', 'google', 'zxing', 'qrcode', 'detector', 'ZXingStage.class');
  if (!existsSync(cls) || !existsSync(stage) || javaSources.some((f) => statSync(cls).mtimeMs < statSync(f).mtimeMs)) {
    mkdirSync(classDir, { recursive: true });
    execFileSync('javac', ['-nowarn', '-d', classDir, '-cp', JARS.join(':'), ...javaSources]);
  }
}

/**
 * ZXing's own encoder and writer (ZXing Java 3.4, tests/panel/ZXingPanel.java, one JVM) for each
 * job { size, ecc, text }: a PNG of `size` px (0: one pixel per module), which its writer fills
 * with a whole number of pixels per module and pads, 4-module quiet zone, UTF-8. The reference
 * the panel and the sweeps hold qredge's codes against. Returns the PNGs in job order.
 */
export function encodeWithZxing(jobs) {
  panelReady();
  const dir = mkdtempSync(join(tmpdir(), 'qredge-zxing-encode-'));
  try {
    execFileSync('java', ['-Djava.awt.headless=true', '-cp', [...JARS, classDir].join(':'), 'ZXingPanel', 'encode', dir],
      { input: jobs.map((j) => `${j.size} ${j.ecc} ${JSON.stringify(j.text)}`).join('\n') + '\n', maxBuffer: 1 << 26 });
    return jobs.map((_, i) => readFileSync(join(dir, `${i}.png`)));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const run = (cmd, args, opts = {}) => new Promise((resolve) => {
  execFile(cmd, args, { encoding: 'buffer', maxBuffer: 1 << 28, ...opts }, (err, stdout) =>
    resolve({ err, stdout }));
});

async function pool(items, width, fn) {
  const out = new Array(items.length);
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < items.length) { const i = next++; out[i] = await fn(items[i], i); }
  }));
  return out;
}

/** An image for the panel: SVG text is rasterised (anti-aliased, as browsers draw it) at
 *  `width` px; every image is flattened over white to 8-bit RGB. */
export async function panelPng(data, width = 512) {
  const png = typeof data === 'string' ? svgToPng(data, width) : data;
  return sharp(Buffer.from(png)).flatten({ background: '#ffffff' }).toColourspace('srgb').png().toBuffer();
}

async function zxingJava(files) {
  const out = new Map();
  // Chunks keep the command line short; each chunk is one JVM.
  for (let i = 0; i < files.length; i += 400) {
    const chunk = files.slice(i, i + 400);
    const { stdout } = await run('java', ['-Djava.awt.headless=true', '-cp', [...JARS, classDir].join(':'),
      'ZXingPanel', 'decode', ...chunk]);
    for (const line of stdout.toString('utf8').split('\n')) {
      if (!line) continue;
      const r = JSON.parse(line);
      // ZXing Java hands out the decoded text (byte segments only for byte mode): what a phone
      // shows. Its UTF-8 bytes are compared, so a wrong charset guess is a miss.
      // A miss says where ZXing Java gave up (tests/panel/ZXingStage.java).
      out.set(r.file, r.ok ? { text: r.text } : { stage: r.stage ?? null });
    }
  }
  return files.map((f) => out.get(f) ?? { stage: null });
}

async function zxingCpp(files) {
  const out = new Map();
  for (let i = 0; i < files.length; i += 400) {
    const chunk = files.slice(i, i + 400);
    const { stdout } = await run('ZXingReader', ['-format', 'QRCode', ...chunk]);
    // Multi-file output: "File: name" then the fields of its result (or "No barcode found").
    const text = stdout.toString('utf8');
    const blocks = chunk.length === 1 ? [`File:       ${chunk[0]}\n${text}`] : text.split(/\n(?=File:)/);
    for (const b of blocks) {
      const file = b.match(/^File:\s+(.*)$/m)?.[1];
      const hex = b.match(/^Bytes:\s+(.*)$/m)?.[1];
      if (file) out.set(file, hex === undefined ? null : {
        bytes: Buffer.from(hex.replace(/\s+/g, ''), 'hex'),
        text: b.match(/^Text:\s+"([\s\S]*)"\nBytes:/m)?.[1] ?? null,  // as decoded, ECI honoured
        eci: /^HasECI:\s+true/m.test(b) });
    }
  }
  return files.map((f) => out.get(f) ?? null);
}

async function zbar(files, withText) {
  return pool(files, 2, async (f) => {
    const raw = await run('zbarimg', ['-q', '--raw', '-Sbinary', '-Sdisable', '-Sqrcode.enable', f]);
    if (raw.err) return null;
    const r = { bytes: raw.stdout };
    if (withText) {
      const t = await run('zbarimg', ['-q', '--raw', '-Sdisable', '-Sqrcode.enable', f]);
      r.text = t.err ? null : t.stdout.toString('utf8').replace(/\n$/, '');
    }
    return r;
  });
}

async function zxingWasm(png) {
  await decodeWithZxing(png);  // loads the module offline on the first call
  const hit = (await readBarcodes(new Uint8Array(png), { formats: ['QRCode'] })).find((r) => r.isValid);
  return hit ? Buffer.from(hit.bytes) : null;
}

/**
 * Reads every image with every decoder.
 * @param {Array<Buffer>} pngs  images from panelPng()
 * @param {{zbarText?: boolean, decoders?: string[]}} options  zbarText: also take zbar's text
 *   output (charset as decoded); decoders: a subset of PANEL and COUNTED to ask (default all)
 * @returns {Promise<Array<Record<string, {bytes: Buffer, eci?: boolean, text?: string}|null>>>}
 *   per image, per decoder: what it read, or null when it read nothing. `bytes`: the payload's
 *   bytes (ZXing Java: its text in UTF-8); `text`: the text as the decoder shows it, charset
 *   and ECI applied (ZXing Java, ZXing-C++, and zbar with zbarText); `eci`: ZXing-C++'s HasECI.
 */
export async function readWithPanel(pngs, { zbarText = false, decoders = [...PANEL, ...COUNTED] } = {}) {
  panelReady();
  const dir = mkdtempSync(join(tmpdir(), 'qredge-panel-'));
  try {
    const files = pngs.map((png, i) => {
      const f = join(dir, `${String(i).padStart(5, '0')}.png`);
      writeFileSync(f, png);
      return f;
    });
    const asked = (d) => decoders.includes(d);
    const none = () => files.map(() => null);
    const [java, cpp, zb] = await Promise.all([
      asked('zxing-java') ? zxingJava(files) : none(),
      asked('zxing-cpp') ? zxingCpp(files) : none(),
      asked('zbar') ? zbar(files, zbarText) : none()]);
    const results = [];
    for (let i = 0; i < pngs.length; i++) {
      const wasm = asked('zxing-wasm') ? await zxingWasm(pngs[i]) : null;
      const jsqr = asked('jsqr') ? decodeWithJsqr(pngs[i]) : null;
      const r = {
        'zxing-java': java[i]?.text === undefined ? null : { bytes: Buffer.from(java[i].text, 'utf8'), text: java[i].text },
        'zxing-cpp': cpp[i],
        'zxing-wasm': wasm && { bytes: wasm },
        zbar: zb[i],
        jsqr: jsqr && { bytes: jsqr },
      };
      for (const d of Object.keys(r)) if (!asked(d)) delete r[d];
      // Not a decoder: where ZXing Java gave up when it read nothing (ZXingStage.java).
      if (java[i]?.stage) Object.defineProperty(r, 'javaStage', { value: java[i].stage, enumerable: false });
      results.push(r);
    }
    return results;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The decoders of PANEL (and COUNTED) that did not read exactly `expected` (a string or bytes). */
export function misses(result, expected, decoders = PANEL) {
  const want = Buffer.isBuffer(expected) ? expected : Buffer.from(expected, 'utf8');
  return decoders.filter((d) => !result[d] || !result[d].bytes.equals(want));
}
