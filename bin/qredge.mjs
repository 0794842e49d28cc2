#!/usr/bin/env node
// SPDX-License-Identifier: MIT
// The qredge command line (API.md §5):
//   qredge render REQUEST.json --out DIR [--format svg|png|pdf|eps] [--size N | --size-mm MM] [--frame STYLE ...]
// writes DIR/<index>-<name>.<ext> per item (index zero-padded to at least 4 digits, so names
// sort in item order) and DIR/results.ndjson (one line per item, in item order). Each failed
// item is also one line on stderr. Exit codes: 0 every item rendered, 2 some items failed,
// 1 request-level error, unreadable file or bad arguments (no arguments at all: the usage text).
// Errors are one line on stderr, starting with "qredge:".
import { mkdirSync } from 'node:fs';
import { readFile, writeFile, open } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createRequire } from 'node:module';
import { setFlagsFromString } from 'node:v8';
import { init, renderBatch, QredgeError, VERSION } from '../dist/node.mjs';

// V8 first runs wasm as baseline code and recompiles a function with its optimising compiler
// once the function has run enough ("tiering budget"). A batch of at most 1000 items made it
// recompile 116 functions, half of them validation code that had already finished (the target
// and URL checks, the JSON parser): 0.25 s of CPU on V8's threads, which every drawing thread
// competes with. With a budget 100 times V8's default only the drawing loops are recompiled
// (23 functions, 0.1 s), and the drawing runs as fast (docs/performance.md, "Issue 21, fourth
// pass"). V8 gives each function of a compiled module its budget when init() compiles it (the
// render threads share that module, and so its budgets); the flag is then set back, because
// Node checks V8's flags before using its cached compiled code: a render thread started while
// the flag differed compiled Node's own JavaScript afresh, 53-56 ms of CPU to be ready instead
// of 27-33 ms (docs/performance.md, "The command line on threads").
const TIERING_BUDGET = '--wasm-tiering-budget=180000000';
// What it is set back to: V8's default (Node 20), or the one given to node.
const V8_TIERING_BUDGET = process.execArgv.findLast((a) => a.startsWith('--wasm-tiering-budget=')) ?? '--wasm-tiering-budget=1800000';

const USAGE = `Usage:
  qredge render REQUEST.json --out DIR [--format svg|png|pdf|eps] [--size N | --size-mm MM] [--frame STYLE ...]
  qredge render CODES.csv --out DIR [--format svg|png|pdf|eps] [--size N | --size-mm MM] [--frame STYLE ...]
  qredge --help | --version

Renders every item of a batch request (the JSON of POST /v1/batches) into DIR:
  DIR/<index>-<name>.<ext>   one image per item that succeeded, e.g. 0007-spring-flyer.png
  DIR/results.ndjson         one JSON line per item, in item order, with "ok" and "file" and
                             "scan" (the scan report), or "error"
Failed items are also listed on stderr, one line each with the item's path and the problem.
REQUEST.json may be "-" to read the request from standard input. A file whose name ends in
.csv (or "-" with --csv) is a CSV with a header row, one row per code: the columns of the
API's CSV batches (docs/api.md, "CSV batches"); a broken CSV is reported with its line and column.

Example:
  qredge render codes.json --out codes/ --format png --size 1024
  qredge render codes.json --out print/ --format pdf --size-mm 30 --frame ticket --frame-text "Scan me"

Options:
  -o, --out DIR        output folder (created when missing; existing files are overwritten)
  -f, --format FORMAT  svg, png, pdf or eps (default: the request's output.format, else svg);
                       the files are named .svg, .png, .pdf, .eps
  -s, --size N         code size in pixels, 64-4096 (default: the request's output.size, else 512)
      --size-mm MM     code size in millimetres, 10-1000 (PDF/EPS page, SVG width, PNG pixels at --dpi)
      --dpi N          PNG resolution, 72-2400, written into the file (default 300 with --size-mm)
      --frame STYLE    a frame around every code: box, banner-bottom, banner-top, rounded, ticket
      --frame-text T   the frame's call to action, at most 40 characters (e.g. "Scan me")
      --frame-color C  the frame's colour, #rgb or #rrggbb (default #000000)
      --frame-text-color C  the text's colour (default #ffffff)
      --csv            read REQUEST as CSV whatever its name
  -j, --threads N      render on N threads, 1-64 (default: one per core, at most 8, when the
                       batch is slow enough to gain, e.g. 64+ styled PNGs; else 1)
  -q, --quiet          no progress output (failed items are still listed)
  -h, --help           this text
  -v, --version        the qredge version

Exit codes: 0 every item rendered, 2 some items failed, 1 the request was rejected, the file
could not be read, or the arguments were wrong.`;

class UsageError extends Error {}

const fail = (message, code = 1) => {
  process.stderr.write(`qredge: ${message.replace(/\s*\n\s*/g, ' ')}\n`);
  return code;
};

/** Turns an item name into a portable file-name part (no separators, no reserved names). */
function safeName(name, fallback = 'item') {
  let s = String(name ?? '').normalize('NFC')
    .replace(/[\u0000-\u001f\u007f<>:"/\\|?*]+/g, '-')  // forbidden on Windows or POSIX
    .replace(/\s+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '');                    // no hidden files, no trailing dots
  // At most 80 UTF-16 units, never cutting a surrogate pair in half.
  if (s.length > 80) s = [...s].reduce((acc, ch) => (acc.length + ch.length <= 80 ? acc + ch : acc), '');
  s = s.replace(/[-.]+$/g, '');
  if (!s) s = fallback;
  if (/^(con|prn|aux|nul|com\d|lpt\d)$/i.test(s)) s = `${s}-`;
  return s;
}

const OPTIONS = {
  out: { type: 'string', short: 'o' },
  format: { type: 'string', short: 'f' },
  size: { type: 'string', short: 's' },
  'size-mm': { type: 'string' },
  dpi: { type: 'string' },
  frame: { type: 'string' },
  'frame-text': { type: 'string' },
  'frame-color': { type: 'string' },
  'frame-text-color': { type: 'string' },
  quiet: { type: 'boolean', short: 'q' },
  csv: { type: 'boolean' },
  threads: { type: 'string', short: 'j' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
};

function parse(argv) {
  // Unknown options are found from the tokens: node's own message for them suggests a `--`
  // escape with mismatched quotes, which reads as a bug in a one-line error.
  const { tokens } = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: false, tokens: true });
  const unknown = tokens.find((t) => t.kind === 'option' && !Object.hasOwn(OPTIONS, t.name));
  if (unknown) throw new UsageError(`unknown option '${unknown.rawName}'`);
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(error.message.replace(/^\w/, (c) => c.toLowerCase()));
  }
  const { values, positionals } = parsed;
  if (values.help || values.version) return values;
  const [command, file, ...extra] = positionals;
  if (command !== 'render') throw new UsageError(command ? `unknown command '${command}'` : 'missing command');
  if (!file) throw new UsageError('missing REQUEST.json');
  if (extra.length) throw new UsageError(`unexpected argument '${extra[0]}'`);
  if (!values.out) throw new UsageError('missing --out DIR');
  const output = {};
  if (values.format !== undefined) {
    if (!['svg', 'png', 'pdf', 'eps'].includes(values.format)) throw new UsageError(`--format must be svg, png, pdf or eps, not '${values.format}'`);
    output.format = values.format;
  }
  if (values.size !== undefined) {
    if (!/^\d+$/.test(values.size)) throw new UsageError(`--size must be a whole number of pixels, not '${values.size}'`);
    output.size = Number(values.size);
  }
  if (values['size-mm'] !== undefined) {
    if (values.size !== undefined) throw new UsageError('give --size or --size-mm, not both');
    if (!/^\d+(\.\d+)?$/.test(values['size-mm'])) throw new UsageError(`--size-mm must be a number of millimetres, not '${values['size-mm']}'`);
    output.size_mm = Number(values['size-mm']);
  }
  if (values.dpi !== undefined) {
    if (!/^\d+$/.test(values.dpi)) throw new UsageError(`--dpi must be a whole number, not '${values.dpi}'`);
    output.dpi = Number(values.dpi);
  }
  let threads;
  if (values.threads !== undefined) {
    if (!/^\d+$/.test(values.threads) || Number(values.threads) < 1 || Number(values.threads) > 64) {
      throw new UsageError(`--threads must be a whole number from 1 to 64, not '${values.threads}'`);
    }
    threads = Number(values.threads);
  }
  // Frame options make one frame for every item; the engine checks the values (codes, paths).
  let frame;
  const frameFields = { frame: 'style', 'frame-text': 'text', 'frame-color': 'color', 'frame-text-color': 'text_color' };
  for (const [option, field] of Object.entries(frameFields)) {
    if (values[option] !== undefined) (frame ??= {})[field] = values[option];
  }
  return { ...values, file, output, frame, threads };
}

/**
 * Progress on stderr for long batches: on a terminal a bar with the rate and the time left,
 * otherwise (CI logs, pipes) a plain line at every tenth. `note(line)` prints a line (a failed
 * item) above the bar, or as it is without one; it is printed even with --quiet.
 */
function progress(total, quiet) {
  const note = (line) => process.stderr.write(`${line}\n`);
  if (quiet || total < 50) return { update() {}, note, stop() {} };
  const started = Date.now();
  const rate = (done) => {
    const seconds = (Date.now() - started) / 1000;
    return seconds > 0 ? (done / seconds).toFixed(done / seconds >= 100 ? 0 : 1) : '-';
  };
  if (process.stderr.isTTY) {
    const { SingleBar, Presets } = createRequire(import.meta.url)('cli-progress');
    const bar = new SingleBar({
      format: 'qredge {bar} {value}/{total} items | {rate} items/s | ETA {eta_formatted} | {failed} failed',
      stream: process.stderr, hideCursor: true, clearOnComplete: true, forceRedraw: true,
    }, Presets.shades_classic);
    bar.start(total, 0, { failed: 0, rate: '-' });
    return {
      update: (done, failed) => bar.update(done, { failed, rate: rate(done) }),
      // Clear the bar's line, print, and let the bar's next redraw (forceRedraw) put it back.
      note: (line) => process.stderr.write(`\r\x1b[2K${line}\n`),
      stop: () => bar.stop(),
    };
  }
  const step = Math.ceil(total / 10);
  return {
    update(done, failed) {
      if (done % step === 0 || done === total) process.stderr.write(`qredge: ${done}/${total} items, ${failed} failed, ${rate(done)} items/s\n`);
    },
    note,
    stop() {},
  };
}

/** One stderr line for a failed item: where it is, its name when it has one, and the problem. */
function failureLine(item) {
  const e = item.error ?? {};
  const name = item.name ? ` "${item.name}"` : '';
  const message = String(e.message ?? '').replace(/\s*\n\s*/g, ' ');
  return `qredge: item ${item.index}${name} failed: ${e.code} at ${e.path || `/items/${item.index}`}: ${message}`;
}

class WriteError extends Error {}

// Image files written at once, each when it arrives, without waiting for one to be on disk
// before the next item is drawn (each write is an open, a write and a close on libuv's
// threads); at most MAX_PENDING_WRITES images are held. results.ndjson gets its lines in item
// order, LINES_PER_WRITE at a time (and the rest at the end, or when the command stops on a
// failed write): one write a line cost the calling thread 27 ms of a 1000-item batch on two
// threads, where it also draws (docs/performance.md, "The command line on threads").
const MAX_PENDING_WRITES = 16;
const LINES_PER_WRITE = 64;
function fileWriter(results, resultsPath) {
  const pending = new Set();
  let failure = null;
  let lines = [];
  let flushing = null;
  const failed = (path) => (error) => {
    failure ??= new WriteError(`cannot write ${path}: ${error.message}`);
  };
  const check = () => {
    if (failure) throw failure;
  };
  // Writes the lines held, in order, while at least `least` are (the rest wait for more).
  async function flush(least = 1) {
    while (lines.length >= least && !failure) {
      const text = lines.join('');
      lines = [];
      await results.write(text).catch(failed(resultsPath));
    }
  }
  return {
    // Resolves once the image is under way (after an earlier one finished, when many are).
    async image(path, data) {
      check();
      const write = writeFile(path, data).catch(failed(path)).finally(() => pending.delete(write));
      pending.add(write);
      while (pending.size >= MAX_PENDING_WRITES) await Promise.race(pending);
      check();
    },
    line(text) {
      check();
      lines.push(text);
      if (lines.length < LINES_PER_WRITE) return;
      flushing ??= flush(LINES_PER_WRITE).finally(() => {
        flushing = null;
      });
    },
    // Every image and line on disk, or the first write that failed.
    async finish() {
      await Promise.all(pending);
      while (flushing) await flushing;
      await flush();  // a line that came as the last write ended
      check();
    },
    // The lines of the items before a failed write are kept (their images are on disk).
    async close() {
      await Promise.all([...pending, flushing]);
      if (lines.length) await results.write(lines.join('')).catch(() => {});
      lines = [];
      await results.close();
    },
  };
}

async function renderCommand(options) {
  let text;
  try {
    const bytes = options.file === '-' ? await readStdin() : await readFile(options.file);
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch (error) {
    const why = error.code === 'ENOENT' ? 'no such file' : error instanceof TypeError ? 'not valid UTF-8' : error.message;
    return fail(`cannot read ${options.file}: ${why}`);
  }
  let request;
  if (options.csv || /\.csv$/i.test(options.file)) {
    // Loaded only for CSV input: the reader (papaparse) takes 10-30 ms to load.
    const { parseCsv, CsvError } = await import('../shared/csv.mjs');
    try {
      request = { items: parseCsv(text).items };
    } catch (error) {
      if (!(error instanceof CsvError)) throw error;
      return fail(`invalid CSV (${error.code}): ${error.message}`);
    }
  } else {
    try {
      request = JSON.parse(text);
    } catch {
      request = text;  // the engine reports invalid_json with the position
    }
  }
  if (request && typeof request === 'object' && !Array.isArray(request)) {
    // One way to give the size: a size from the command line replaces the request's.
    const sized = ['size', 'size_mm', 'size_in'].some((k) => Object.hasOwn(options.output, k));
    if (sized && request.output && typeof request.output === 'object') {
      const { size, size_mm, size_in, ...rest } = request.output;
      request = { ...request, output: rest };
    }
    if (options.frame) {
      const design = request.design && typeof request.design === 'object' ? request.design : {};
      request = { ...request, design: { ...design, frame: { ...(design.frame ?? {}), ...options.frame } } };
    }
  }
  setFlagsFromString(TIERING_BUDGET);
  // Something must keep the event loop alive while init() compiles the engine: with nothing
  // alive, Node leaves the loop to wait for every task on V8's worker threads
  // (NodePlatform::DrainTasks), the code after init() runs inside that wait, and as soon as it
  // first awaits, the process waits again until V8 has finished optimising the first drawings:
  // the first batch's items stopped for 30-150 ms (docs/performance.md, "The command line on threads").
  const alive = setInterval(() => {}, 2 ** 30);
  try {
    await init();
  } finally {
    clearInterval(alive);
    setFlagsFromString(V8_TIERING_BUDGET);
  }
  const total = Array.isArray(request?.items) ? request.items.length : 0;
  // Zero-padded to the widest index (at least 4 digits), so `ls` lists the files in item order.
  const width = Math.max(4, String(Math.max(total - 1, 0)).length);
  const fileName = (item, format) => {
    const { index, name, type } = withRequestedIdentity(item, request);
    return `${String(index).padStart(width, '0')}-${safeName(name, type || 'item')}.${format}`;
  };
  // On several threads each thread writes the images it draws (renderBatch's `files`), which
  // asks for every path once the request is valid: the folder is made then.
  let made = false;
  const makeFolder = () => {
    if (made) return;
    try {
      mkdirSync(options.out, { recursive: true });
    } catch (error) {
      throw new WriteError(`cannot create ${options.out}: ${error.message}`);
    }
    made = true;
  };
  const files = (item) => {
    makeFolder();
    return join(options.out, fileName(item, item.format));
  };
  let iterator;
  let first;
  try {
    iterator = renderBatch(request, options.output, { threads: options.threads, files })[Symbol.asyncIterator]();
    first = await iterator.next();  // request-level problems throw before the first item
    makeFolder();
  } catch (error) {
    if (error instanceof WriteError || error?.code === 'write_failed') return fail(error.message);
    if (!(error instanceof QredgeError)) throw error;
    return fail(`invalid request: ${error.code}${error.path ? ` at ${error.path}` : ''}: ${error.message}`);
  }
  const resultsPath = join(options.out, 'results.ndjson');
  let results;
  try {
    results = await open(resultsPath, 'w');
  } catch (error) {
    return fail(`cannot write ${resultsPath}: ${error.message}`);
  }
  const writer = fileWriter(results, resultsPath);
  const bar = progress(total, options.quiet);
  let done = 0;
  let failed = 0;
  try {
    for (let step = first; !step.done; step = await iterator.next()) {
      const item = withRequestedIdentity(step.value, request);
      let line;
      if (item.ok) {
        const file = fileName(item, item.format);
        // An image its thread wrote has `file`; one drawn on the only thread is written here.
        if (item.file === undefined) await writer.image(join(options.out, file), item.data);
        line = { index: item.index, ok: true, name: item.name, type: item.type, kind: item.kind,
          payload: item.payload, format: item.format, file, scan: item.scan };
      } else {
        failed++;
        line = { index: item.index, ok: false, name: item.name, type: item.type, error: item.error };
        bar.note(failureLine(item));
      }
      writer.line(`${JSON.stringify(line)}\n`);
      bar.update(++done, failed);
    }
    await writer.finish();
  } catch (error) {
    if (!(error instanceof WriteError) && error?.code !== 'write_failed') throw error;
    return fail(error.message);
  } finally {
    bar.stop();
    await iterator.return?.();
    await writer.close();
  }
  process.stdout.write(`qredge: ${done - failed} of ${done} items rendered${failed ? `, ${failed} failed` : ''}; results in ${join(options.out, 'results.ndjson')}\n`);
  return failed ? 2 : 0;
}

/**
 * The engine names a refused item "" and may not know its type: echo what the request gave, so
 * a failed line can be matched to its row (issue 15).
 */
function withRequestedIdentity(item, request) {
  const given = Array.isArray(request?.items) ? request.items[item.index] : null;
  const name = item.name || (typeof given?.name === 'string' ? given.name : '');
  const type = item.type || (typeof given?.target?.type === 'string' ? given.target.type : '');
  return name === item.name && type === item.type ? item : { ...item, name, type };
}

async function readStdin() {
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  return Buffer.concat(chunks);
}

async function main(argv) {
  if (argv.length === 0) {
    process.stderr.write(`${USAGE}\n`);
    return 1;
  }
  let options;
  try {
    options = parse(argv);
  } catch (error) {
    if (error instanceof UsageError) return fail(`${error.message} (see qredge --help)`);
    throw error;
  }
  if (options.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (options.version) {
    process.stdout.write(`${VERSION}\n`);
    return 0;
  }
  return renderCommand(options);
}

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (error) => { process.exitCode = fail(`internal error: ${error?.message ?? error}`); },
);
