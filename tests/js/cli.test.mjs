// SPDX-License-Identifier: MIT
// The qredge command line (bin/qredge.mjs over dist/): files, results.ndjson, exit codes,
// one-line errors, failed items on stderr, progress output. Run as a real process, as users
// run it.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeWithZxing, toPng } from './helpers/decode.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const cli = join(root, 'bin', 'qredge.mjs');
let tmp;
beforeAll(() => { tmp = mkdtempSync(join(tmpdir(), 'qredge-cli-')); });
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function qredge(args, input) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, ...args], { cwd: tmp });
    let stdout = '', stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    if (input !== undefined) child.stdin.end(input); else child.stdin.end();
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
const write = (name, value) => {
  writeFileSync(join(tmp, name), typeof value === 'string' ? value : JSON.stringify(value));
  return name;
};
const results = (dir) => readFileSync(join(tmp, dir, 'results.ndjson'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));

const pad4 = (i) => String(i).padStart(4, '0');

test('a 1000-item request: one image per item, zero-padded names in item order, every item in results.ndjson', async () => {
  const items = Array.from({ length: 1000 }, (_, i) => ({ target: { text: `item ${i}` }, name: `code ${i}` }));
  const r = await qredge(['render', write('big.json', { items }), '--out', 'big', '--size', '64']);
  expect(r.code).toBe(0);
  const lines = results('big');
  expect(lines).toHaveLength(1000);
  expect(lines.every((l, i) => l.index === i && l.ok && l.payload === `item ${i}` && l.file === `${pad4(i)}-code-${i}.svg`)).toBe(true);
  // Sorted by name (as `ls` and file managers list them), the files are in item order.
  const listed = readdirSync(join(tmp, 'big')).filter((f) => f.endsWith('.svg')).sort();
  expect(listed).toEqual(lines.map((l) => l.file));
  expect(listed.slice(0, 3)).toEqual(['0000-code-0.svg', '0001-code-1.svg', '0002-code-2.svg']);
  const svg = readFileSync(join(tmp, 'big', '0999-code-999.svg'), 'utf8');
  expect((await decodeWithZxing(toPng(svg))).toString('utf8')).toBe('item 999');
  // Not a terminal: plain progress lines with the rate on stderr, a summary on stdout.
  expect(r.stderr).toMatch(/^qredge: 100\/1000 items, 0 failed, [\d.]+ items\/s$/m);
  expect(r.stderr).toMatch(/^qredge: 1000\/1000 items, 0 failed, [\d.]+ items\/s$/m);
  expect(r.stdout).toMatch(/1000 of 1000 items rendered/);
}, 60000);

test('every made item carries its scan report in results.ndjson', async () => {
  const r = await qredge(['render', write('scan.json', { items: [{ target: { text: 'scan me' } }, { target: { text: 'small' } }] }),
    '--out', 'scan', '--size', '512']);
  expect(r.code).toBe(0);
  for (const line of results('scan')) {
    expect(line.scan).toEqual({
      effective_error_correction: expect.stringMatching(/^[LMQH]$/), px_per_module: expect.any(Number),
      contrast_ratio: expect.any(Number), logo_block_load: null, adjustments: [], warnings: [],
    });
    expect(line.scan.px_per_module).toBeGreaterThan(3);
  }
  const small = await qredge(['render', 'scan.json', '--out', 'scan-small', '--size', '64']);
  expect(small.code).toBe(0);
  expect(results('scan-small')[0].scan.warnings.map((w) => w.code)).toEqual(['small_modules']);
});

test('some items fail: exit 2, the others are written, failures in results.ndjson and on stderr', async () => {
  const r = await qredge(['render', write('partial.json', { items: [
    { target: { destination: 'https://example.com/ok' } }, { target: { destination: 'ftp://nope' }, name: 'Broken row' },
    { target: { text: 'third' } }, { target: { type: 'wifi' }, name: 'Guest Wi-Fi' },
  ] }), '--out', 'partial', '--format', 'png', '--quiet']);
  expect(r.code).toBe(2);
  const lines = results('partial');
  expect(lines.map((l) => [l.index, l.ok])).toEqual([[0, true], [1, false], [2, true], [3, false]]);
  // A failed item keeps the name and type it was given (issue 15).
  expect(lines[1]).toMatchObject({ name: 'Broken row', type: 'url', error: { code: 'unsupported_scheme', path: '/items/1/target/destination' } });
  expect(lines[3]).toMatchObject({ name: 'Guest Wi-Fi', type: 'wifi', error: { code: 'required', path: '/items/3/target' } });
  expect(readdirSync(join(tmp, 'partial')).sort()).toEqual(['0000-url.png', '0002-text.png', 'results.ndjson']);
  expect((await decodeWithZxing(readFileSync(join(tmp, 'partial', '0000-url.png')))).toString()).toBe('https://example.com/ok');
  // stderr: one line per failed item (even with --quiet), with its path and the engine's message.
  expect(r.stderr.trimEnd().split('\n')).toEqual([
    `qredge: item 1 "Broken row" failed: unsupported_scheme at /items/1/target/destination: ${lines[1].error.message}`,
    `qredge: item 3 "Guest Wi-Fi" failed: required at /items/3/target: ${lines[3].error.message}`,
  ]);
  expect(r.stdout).toMatch(/^qredge: 2 of 4 items rendered, 2 failed; results in /);
});

test('--threads N: the same files, results.ndjson, stderr lines and exit code as --threads 1', async () => {
  const items = Array.from({ length: 60 }, (_, i) => (i % 9 === 4 ? { target: { destination: `ftp://x/${i}` }, name: `bad ${i}` }
    : { target: { destination: `https://example.com/t/${i}` }, name: `code ${i}` }));
  const request = write('threads.json', { items, design: { shapes: { body: 'dots' } } });
  const runs = {};
  for (const n of ['1', '2', '3']) {
    runs[n] = await qredge(['render', request, '--out', `threads-${n}`, '--format', 'png', '--size', '128', '--threads', n, '--quiet']);
    expect(runs[n].code).toBe(2);
  }
  const files = readdirSync(join(tmp, 'threads-1')).sort();
  expect(files).toHaveLength(60 - 7 + 1);
  for (const n of ['2', '3']) {
    expect(runs[n].stderr).toBe(runs['1'].stderr);
    expect(runs[n].stdout.replace(`threads-${n}`, 'threads-1')).toBe(runs['1'].stdout);
    expect(readdirSync(join(tmp, `threads-${n}`)).sort()).toEqual(files);
    for (const f of files) expect(readFileSync(join(tmp, `threads-${n}`, f)).equals(readFileSync(join(tmp, 'threads-1', f)))).toBe(true);
  }
  expect(runs['1'].stderr.trimEnd().split('\n')).toHaveLength(7);
  expect((await decodeWithZxing(readFileSync(join(tmp, 'threads-2', '0059-code-59.png')))).toString()).toBe('https://example.com/t/59');
}, 60000);

// Images are written while the next items are drawn (bin/qredge.mjs, fileWriter): a write that
// fails still stops the command with one line naming the file, on one thread or several.
test.each(['1', '2'])('a file that cannot be written (--threads %s): exit 1, one line naming it', async (threads) => {
  const items = Array.from({ length: 40 }, (_, i) => ({ target: { text: `w${i}` }, name: `w${i}` }));
  const out = `unwritable-${threads}`;
  mkdirSync(join(tmp, out, '0017-w17.png'), { recursive: true });  // a folder where the image goes
  const r = await qredge(['render', write('unwritable.json', { items }), '--out', out, '--format', 'png', '--size', '64', '--threads', threads]);
  expect(r.code).toBe(1);
  expect(r.stderr).toMatch(/^qredge: cannot write unwritable-\d\/0017-w17\.png: EISDIR/);
  expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(r.stdout).toBe('');
  // What results.ndjson holds is whole lines, in item order, and every item before the failed
  // one is there (the command writes its lines in groups, and the group held when it stops).
  const lines = readFileSync(join(tmp, out, 'results.ndjson'), 'utf8');
  expect(lines.endsWith('\n')).toBe(true);
  const indices = lines.split('\n').filter(Boolean).map((l) => JSON.parse(l).index);
  expect(indices).toEqual(indices.map((_, i) => i));
  expect(indices.length).toBeGreaterThanOrEqual(17);
}, 60000);

test('file names are safe and unique', async () => {
  const names = ['a/b', 'a\\b', 'CON', '..', ' spaced  out ', 'x:y*?"<>|', 'é✓ ok', 'a/b', 'n'.repeat(200)];
  const r = await qredge(['render', write('names.json', { items: names.map((name) => ({ target: { text: 't' }, name })) }), '--out', 'names']);
  expect(r.code).toBe(0);
  const files = results('names').map((l) => l.file);
  expect(files.slice(0, 8)).toEqual(['0000-a-b.svg', '0001-a-b.svg', '0002-CON-.svg', '0003-text.svg', '0004-spaced-out.svg',
    '0005-x-y.svg', '0006-é✓-ok.svg', '0007-a-b.svg']);
  expect(files[8]).toBe(`0008-${'n'.repeat(80)}.svg`);
  expect(new Set(files.map((f) => f.toLowerCase())).size).toBe(files.length);
  for (const f of files) expect(existsSync(join(tmp, 'names', f))).toBe(true);
});

test.each([
  ['a request-level error', () => ['render', write('empty.json', { items: [] }), '--out', 'o'], /^qredge: invalid request: too_few_items at \/items: /],
  ['invalid JSON', () => ['render', write('broken.json', '{"items": ['), '--out', 'o'], /^qredge: invalid request: invalid_json/],
  ['a missing file', () => ['render', 'missing.json', '--out', 'o'], /^qredge: cannot read missing\.json: no such file$/m],
  ['invalid UTF-8', () => ['render', (writeFileSync(join(tmp, 'latin1.json'), Buffer.from([0x7b, 0xe9, 0x7d])), 'latin1.json'), '--out', 'o'], /not valid UTF-8/],
  ['no --out', () => ['render', 'x.json'], /^qredge: missing --out DIR \(see qredge --help\)$/m],
  ['a bad --format', () => ['render', 'x.json', '--out', 'o', '--format', 'gif'], /--format must be svg, png, pdf or eps/],
  ['--size with --size-mm', () => ['render', 'x.json', '--out', 'o', '--size', '300', '--size-mm', '30'], /give --size or --size-mm, not both/],
  ['a bad --threads', () => ['render', 'x.json', '--out', 'o', '--threads', '0'], /^qredge: --threads must be a whole number from 1 to 64, not '0' \(see qredge --help\)$/m],
  ['--threads beyond 64', () => ['render', 'x.json', '--out', 'o', '-j', '65'], /--threads must be a whole number from 1 to 64, not '65'/],
  ['a bad --dpi', () => ['render', 'x.json', '--out', 'o', '--dpi', 'high'], /--dpi must be a whole number/],
  ['a bad --size', () => ['render', write('one.json', { items: [{ target: { text: 'x' } }] }), '--out', 'o', '--size', '5'], /out_of_range at \/output\/size/],
  ['an unknown option', () => ['render', 'x.json', '--out', 'o', '--colour', 'red'], /^qredge: unknown option '--colour' \(see qredge --help\)$/m],
  ['an unknown short option', () => ['render', 'x.json', '-x'], /^qredge: unknown option '-x' \(see qredge --help\)$/m],
  ['an option without its value', () => ['render', 'x.json', '--out'], /^qredge: option '-o, --out <value>' argument missing \(see qredge --help\)$/m],
  ['an unknown command', () => ['draw'], /^qredge: unknown command 'draw'/],
])('%s: exit 1 with a one-line error', async (_, args, message) => {
  const r = await qredge(args());
  expect(r.code).toBe(1);
  expect(r.stderr).toMatch(message);
  expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(existsSync(join(tmp, 'o', 'results.ndjson'))).toBe(false);
});

test('no arguments at all: the usage text on stderr, exit 1', async () => {
  const r = await qredge([]);
  expect(r.code).toBe(1);
  expect(r.stdout).toBe('');
  const help = await qredge(['--help']);
  expect(r.stderr).toBe(help.stdout);
  expect(r.stderr).toMatch(/^Usage:\n  qredge render REQUEST\.json --out DIR/);
});

test('--help, --version and a request on stdin', async () => {
  const help = await qredge(['--help']);
  expect(help.code).toBe(0);
  expect(help.stdout).toMatch(/qredge render REQUEST\.json --out DIR \[--format svg\|png\|pdf\|eps\] \[--size N \| --size-mm MM\] \[--frame STYLE \.\.\.\]/);
  const version = await qredge(['--version']);
  expect(version.stdout.trim()).toBe(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version);
  const piped = await qredge(['render', '-', '--out', 'stdin'], JSON.stringify({ items: [{ target: { text: 'piped' }, name: 'p' }] }));
  expect(piped.code).toBe(0);
  expect(piped.stderr).toBe('');  // short batch: no progress lines
  expect(results('stdin')[0]).toMatchObject({ ok: true, payload: 'piped', file: '0000-p.svg' });
});

// A pseudo-terminal through util-linux `script`: stderr is a TTY, so a bar is drawn, with the
// rate and the time left; a failed item is printed on its own line, not into the bar.
(existsSync('/usr/bin/script') ? test : test.skip)('on a terminal, long batches show a progress bar with rate and ETA', async () => {
  const items = Array.from({ length: 60 }, (_, i) => ({ target: { text: `t${i}` } }));
  items[30] = { target: { destination: 'ftp://nope' }, name: 'bad one' };
  write('tty.json', { items });
  const command = `${process.execPath} ${cli} render tty.json --out tty --size 64`;
  const r = await new Promise((resolve) => {
    const child = spawn('/usr/bin/script', ['-qec', command, '/dev/null'], { cwd: tmp });
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    child.on('close', (code) => resolve({ code, out }));
  });
  expect(r.code).toBe(2);
  expect(r.out).toMatch(/qredge [░█]+ \d+\/60 items \| (-|[\d.]+) items\/s \| ETA \S+ \| [01] failed/);
  expect(r.out).toMatch(/qredge [░█]+ \d+\/60 items \| [\d.]+ items\/s \| ETA \S+ \| 1 failed/);
  // The failure line starts on a cleared line and ends with a line break.
  expect(r.out).toMatch(/\r\x1b\[2Kqredge: item 30 "bad one" failed: unsupported_scheme at \/items\/30\/target\/destination: [^\r\n]+\r?\n/);
  expect(r.out).not.toMatch(/^qredge: \d+\/60 items/m);  // no plain lines on a terminal
  expect(results('tty')).toHaveLength(60);
});

test('a CSV request (the API\'s CSV columns): images and results.ndjson as for JSON; a broken CSV exits 1 with its line', async () => {
  const csv = 'type,destination,text,name,kind\nurl,https://example.com/a,,Flyer,static\ntext,,"two\nlines",Card,\nurl,not a url,,Broken,\n';
  const r = await qredge(['render', write('codes.csv', csv), '--out', 'csv', '--format', 'png', '--size', '256']);
  expect(r.code).toBe(2);
  expect(readdirSync(join(tmp, 'csv')).sort()).toEqual(['0000-Flyer.png', '0001-Card.png', 'results.ndjson']);
  const lines = results('csv');
  expect(lines.map((l) => [l.ok, l.name])).toEqual([[true, 'Flyer'], [true, 'Card'], [false, 'Broken']]);
  expect(lines[2].error.path).toBe('/items/2/target/destination');
  expect((await decodeWithZxing(readFileSync(join(tmp, 'csv', '0001-Card.png')))).toString()).toBe('two\nlines');
  const stdin = await qredge(['render', '-', '--csv', '--out', 'csv-stdin'], 'type,text\ntext,hi\n');
  expect(stdin.code).toBe(0);
  expect(results('csv-stdin')[0]).toMatchObject({ ok: true, payload: 'hi' });

  const broken = await qredge(['render', write('broken.csv', 'type,destination\nurl,https://a.example\nurl,"x"y\n'), '--out', 'never']);
  expect(broken.code).toBe(1);
  expect(broken.stderr).toMatch(/^qredge: invalid CSV \(csv_quotes\): broken quoting at line 3, column 5/);
  expect(existsSync(join(tmp, 'never'))).toBe(false);
});

test('print: --format pdf/eps with --size-mm and a frame writes .pdf/.eps pages of that size', async () => {
  const request = write('print.json', { items: [{ target: { text: 'print me' }, name: 'flyer' }], output: { size: 300 } });
  const r = await qredge(['render', request, '--out', 'print', '--format', 'pdf', '--size-mm', '30',
    '--frame', 'ticket', '--frame-text', 'Scan me', '--frame-color', '#1e3a8a']);
  expect(r.code).toBe(0);
  const [line] = results('print');
  expect(line).toMatchObject({ ok: true, format: 'pdf', file: '0000-flyer.pdf' });
  const pdf = readFileSync(join(tmp, 'print', '0000-flyer.pdf'));
  expect(pdf.subarray(0, 8).toString('latin1')).toBe('%PDF-1.4');
  // 30 mm of code plus the frame's borders: 30 * (1 + 2 * 0.045) mm wide, in points.
  const box = pdf.toString('latin1').match(/\/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]/);
  expect(Number(box[1])).toBeCloseTo(30 * 1.09 / 25.4 * 72, 0);
  expect(Number(box[2])).toBeGreaterThan(Number(box[1]));
  const eps = await qredge(['render', request, '--out', 'print-eps', '--format', 'eps', '--frame', 'box']);
  expect(eps.code).toBe(0);
  expect(readFileSync(join(tmp, 'print-eps', '0000-flyer.eps'), 'latin1')).toMatch(/^%!PS-Adobe-3.0 EPSF-3.0/);
  const bad = await qredge(['render', request, '--out', 'print-bad', '--frame', 'oval']);
  expect(bad.code).toBe(1);
  expect(bad.stderr).toMatch(/invalid_value at \/design\/frame\/style/);
});
