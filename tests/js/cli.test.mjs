// SPDX-License-Identifier: MIT
// The qredge command line (bin/qredge.mjs over dist/): files, results.ndjson, exit codes,
// one-line errors, progress output. Run as a real process, as users run it.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, existsSync } from 'node:fs';
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

test('a 1000-item request: one image per item and every item in results.ndjson, in order', async () => {
  const items = Array.from({ length: 1000 }, (_, i) => ({ target: { text: `item ${i}` }, name: `code ${i}` }));
  const r = await qredge(['render', write('big.json', { items }), '--out', 'big', '--size', '64']);
  expect(r.code).toBe(0);
  const lines = results('big');
  expect(lines).toHaveLength(1000);
  expect(lines.every((l, i) => l.index === i && l.ok && l.payload === `item ${i}` && l.file === `${i}-code-${i}.svg`)).toBe(true);
  expect(readdirSync(join(tmp, 'big'))).toHaveLength(1001);
  const svg = readFileSync(join(tmp, 'big', '999-code-999.svg'), 'utf8');
  expect((await decodeWithZxing(toPng(svg))).toString('utf8')).toBe('item 999');
  // Not a terminal: plain progress lines on stderr, a summary on stdout.
  expect(r.stderr).toMatch(/^qredge: 100\/1000 items, 0 failed$/m);
  expect(r.stderr).toMatch(/^qredge: 1000\/1000 items, 0 failed$/m);
  expect(r.stdout).toMatch(/1000 of 1000 items rendered/);
}, 60000);

test('some items fail: exit 2, the others are written, failures listed with their error', async () => {
  const r = await qredge(['render', write('partial.json', { items: [
    { target: { destination: 'https://example.com/ok' } }, { target: { destination: 'ftp://nope' } }, { target: { text: 'third' } },
  ] }), '--out', 'partial', '--format', 'png']);
  expect(r.code).toBe(2);
  const lines = results('partial');
  expect(lines.map((l) => [l.index, l.ok])).toEqual([[0, true], [1, false], [2, true]]);
  expect(lines[1].error).toMatchObject({ code: expect.any(String), path: '/items/1/target/destination' });
  expect(readdirSync(join(tmp, 'partial')).sort()).toEqual(['0-url.png', '2-text.png', 'results.ndjson']);
  expect((await decodeWithZxing(readFileSync(join(tmp, 'partial', '0-url.png')))).toString()).toBe('https://example.com/ok');
});

test('file names are safe and unique', async () => {
  const names = ['a/b', 'a\\b', 'CON', '..', ' spaced  out ', 'x:y*?"<>|', 'é✓ ok', 'a/b', 'n'.repeat(200)];
  const r = await qredge(['render', write('names.json', { items: names.map((name) => ({ target: { text: 't' }, name })) }), '--out', 'names']);
  expect(r.code).toBe(0);
  const files = results('names').map((l) => l.file);
  expect(files.slice(0, 8)).toEqual(['0-a-b.svg', '1-a-b.svg', '2-CON-.svg', '3-text.svg', '4-spaced-out.svg',
    '5-x-y.svg', '6-é✓-ok.svg', '7-a-b.svg']);
  expect(files[8]).toBe(`8-${'n'.repeat(80)}.svg`);
  expect(new Set(files.map((f) => f.toLowerCase())).size).toBe(files.length);
  for (const f of files) expect(existsSync(join(tmp, 'names', f))).toBe(true);
});

test.each([
  ['a request-level error', () => ['render', write('empty.json', { items: [] }), '--out', 'o'], /^qredge: invalid request: too_few_items at \/items: /],
  ['invalid JSON', () => ['render', write('broken.json', '{"items": ['), '--out', 'o'], /^qredge: invalid request: invalid_json/],
  ['a missing file', () => ['render', 'missing.json', '--out', 'o'], /^qredge: cannot read missing\.json: no such file$/m],
  ['invalid UTF-8', () => ['render', (writeFileSync(join(tmp, 'latin1.json'), Buffer.from([0x7b, 0xe9, 0x7d])), 'latin1.json'), '--out', 'o'], /not valid UTF-8/],
  ['no --out', () => ['render', 'x.json'], /^qredge: missing --out DIR \(see qredge --help\)$/m],
  ['a bad --format', () => ['render', 'x.json', '--out', 'o', '--format', 'gif'], /--format must be svg or png/],
  ['a bad --size', () => ['render', write('one.json', { items: [{ target: { text: 'x' } }] }), '--out', 'o', '--size', '5'], /out_of_range at \/output\/size/],
  ['an unknown option', () => ['render', 'x.json', '--out', 'o', '--colour', 'red'], /^qredge: Unknown option '--colour'/],
  ['an unknown command', () => ['draw'], /^qredge: unknown command 'draw'/],
])('%s: exit 1 with a one-line error', async (_, args, message) => {
  const r = await qredge(args());
  expect(r.code).toBe(1);
  expect(r.stderr).toMatch(message);
  expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(existsSync(join(tmp, 'o', 'results.ndjson'))).toBe(false);
});

test('--help, --version and a request on stdin', async () => {
  const help = await qredge(['--help']);
  expect(help.code).toBe(0);
  expect(help.stdout).toMatch(/qredge render REQUEST\.json --out DIR \[--format svg\|png\] \[--size N\]/);
  const version = await qredge(['--version']);
  expect(version.stdout.trim()).toBe(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version);
  const piped = await qredge(['render', '-', '--out', 'stdin'], JSON.stringify({ items: [{ target: { text: 'piped' }, name: 'p' }] }));
  expect(piped.code).toBe(0);
  expect(piped.stderr).toBe('');  // short batch: no progress lines
  expect(results('stdin')[0]).toMatchObject({ ok: true, payload: 'piped', file: '0-p.svg' });
});

// A pseudo-terminal through util-linux `script`: stderr is a TTY, so cli-progress draws a bar.
(existsSync('/usr/bin/script') ? test : test.skip)('on a terminal, long batches show a cli-progress bar', async () => {
  const items = Array.from({ length: 60 }, (_, i) => ({ target: { text: `t${i}` } }));
  write('tty.json', { items });
  const command = `${process.execPath} ${cli} render tty.json --out tty --size 64`;
  const r = await new Promise((resolve) => {
    const child = spawn('/usr/bin/script', ['-qec', command, '/dev/null'], { cwd: tmp });
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    child.on('close', (code) => resolve({ code, out }));
  });
  expect(r.code).toBe(0);
  expect(r.out).toMatch(/qredge [░█]+ \d+\/60 items \| 0 failed/);
  expect(r.out).not.toMatch(/^qredge: \d+\/60 items/m);  // no plain lines on a terminal
  expect(results('tty')).toHaveLength(60);
});
