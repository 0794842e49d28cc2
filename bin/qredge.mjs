#!/usr/bin/env node
// SPDX-License-Identifier: MIT
// The qredge command line (API.md §5):
//   qredge render REQUEST.json --out DIR [--format svg|png] [--size N]
// writes DIR/<index>-<name>.<ext> per item and DIR/results.ndjson (one line per item, in item
// order). Exit codes: 0 every item rendered, 2 some items failed, 1 request-level error,
// unreadable file or bad arguments. Errors are one line on stderr, starting with "qredge:".
import { readFile, mkdir, writeFile, open } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createRequire } from 'node:module';
import { init, renderBatch, QredgeError, VERSION } from '../dist/node.mjs';

const USAGE = `Usage:
  qredge render REQUEST.json --out DIR [--format svg|png] [--size N]
  qredge --help | --version

Renders every item of a batch request (the JSON of POST /v1/batches) into DIR:
  DIR/<index>-<name>.<ext>   one image per item that succeeded
  DIR/results.ndjson         one JSON line per item, in item order, with "ok" and "file" or "error"
REQUEST.json may be "-" to read the request from standard input.

Options:
  -o, --out DIR        output folder (created when missing; existing files are overwritten)
  -f, --format FORMAT  svg or png (default: the request's output.format, else svg)
  -s, --size N         image size in pixels, 64-4096 (default: the request's output.size, else 512)
  -q, --quiet          no progress output
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

function parse(argv) {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv, allowPositionals: true, strict: true,
      options: {
        out: { type: 'string', short: 'o' },
        format: { type: 'string', short: 'f' },
        size: { type: 'string', short: 's' },
        quiet: { type: 'boolean', short: 'q' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    });
  } catch (error) {
    throw new UsageError(error.message);
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
    if (!['svg', 'png'].includes(values.format)) throw new UsageError(`--format must be svg or png, not '${values.format}'`);
    output.format = values.format;
  }
  if (values.size !== undefined) {
    if (!/^\d+$/.test(values.size)) throw new UsageError(`--size must be a whole number of pixels, not '${values.size}'`);
    output.size = Number(values.size);
  }
  return { ...values, file, output };
}

function progress(total, quiet) {
  const long = total >= 50;
  if (quiet || !long) return { update() {}, stop() {} };
  if (process.stderr.isTTY) {
    const { SingleBar, Presets } = createRequire(import.meta.url)('cli-progress');
    const bar = new SingleBar({
      format: 'qredge {bar} {value}/{total} items | {failed} failed | {eta_formatted} left',
      stream: process.stderr, hideCursor: true, clearOnComplete: true,
    }, Presets.shades_classic);
    bar.start(total, 0, { failed: 0 });
    return { update: (done, failed) => bar.update(done, { failed }), stop: () => bar.stop() };
  }
  // Not a terminal (CI logs, pipes): a plain line at every tenth.
  const step = Math.ceil(total / 10);
  return {
    update(done, failed) {
      if (done % step === 0 || done === total) process.stderr.write(`qredge: ${done}/${total} items, ${failed} failed\n`);
    },
    stop() {},
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
  try {
    request = JSON.parse(text);
  } catch {
    request = text;  // the engine reports invalid_json with the position
  }
  await init();
  const total = Array.isArray(request?.items) ? request.items.length : 0;
  let iterator;
  let first;
  try {
    iterator = renderBatch(request, options.output)[Symbol.asyncIterator]();
    first = await iterator.next();  // request-level problems throw before the first item
  } catch (error) {
    if (!(error instanceof QredgeError)) throw error;
    return fail(`invalid request: ${error.code}${error.path ? ` at ${error.path}` : ''}: ${error.message}`);
  }
  try {
    await mkdir(options.out, { recursive: true });
  } catch (error) {
    return fail(`cannot create ${options.out}: ${error.message}`);
  }
  const results = await open(join(options.out, 'results.ndjson'), 'w');
  const bar = progress(total, options.quiet);
  let done = 0;
  let failed = 0;
  try {
    for (let step = first; !step.done; step = await iterator.next()) {
      const item = step.value;
      let line;
      if (item.ok) {
        const file = `${item.index}-${safeName(item.name, item.type || 'item')}.${item.format}`;
        await writeFile(join(options.out, file), item.data);
        line = { index: item.index, ok: true, name: item.name, type: item.type, kind: item.kind,
          payload: item.payload, format: item.format, file };
      } else {
        failed++;
        line = { index: item.index, ok: false, name: item.name, error: item.error };
      }
      await results.write(`${JSON.stringify(line)}\n`);
      bar.update(++done, failed);
    }
  } finally {
    bar.stop();
    await results.close();
  }
  process.stdout.write(`qredge: ${done - failed} of ${done} items rendered${failed ? `, ${failed} failed` : ''}; results in ${join(options.out, 'results.ndjson')}\n`);
  return failed ? 2 : 0;
}

async function readStdin() {
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  return Buffer.concat(chunks);
}

async function main(argv) {
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
