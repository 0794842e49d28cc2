#!/usr/bin/env node
// SPDX-License-Identifier: MIT
// Runs the test suites of the project and ends with the one line CI reads:
//   Tests: N passed, N failed, N skipped
// Stages: native unit tests (release: GoogleTest units, the contract cases of tests/cases/, the
// fuzz corpus replayed), the same under ASan+UBSan, Jest against the release wasm build (every
// suite), Jest against the debug wasm build (every engine-level suite). Timed fuzzing, the load
// test, the benchmark and the full decoder panel are `npm run test:long`.
//   node scripts/run-tests.mjs                 every stage, then the summary
//   node scripts/run-tests.mjs native jest-debug   some stages; each stage's counts are also
//                                              kept in build/test-results/<stage>.json
//   node scripts/run-tests.mjs --summary S...  no test run: the summary of stages S (all when
//                                              none named) from build/test-results/; a stage
//                                              without a result there (its build failed) is
//                                              one failure
// Assumes scripts/setup.sh and the builds ran (scripts/test.sh does both, two lanes at a time).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const resultsDir = join(root, 'build', 'test-results');

// The Jest suites that exercise the engine through the package's JS layer (tests/js/helpers/
// qredge.mjs honours QREDGE_DIST), run against the debug build too. Not here: the worker, demo
// (browser), package, CLI, load and bench suites, which test what sits around the engine; and
// the render matrix, whose 1,191 renders take about 500 s under SAFE_HEAP on 2 shared cores
// (the goldens check the debug build's renders byte for byte, the matrix the release build's).
const ENGINE_SUITES = ['node-slice', 'design', 'validate-cases', 'validate-timing', 'payload-roundtrip',
  'payload-standards', 'render-golden', 'demo-model'];

function run(cmd, args, env = {}) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, ...env }, maxBuffer: 1 << 28 });
  const out = r.stdout?.toString() ?? '';
  process.stdout.write(out);
  return { status: r.status ?? 1, out };
}

// A stage that failed without reporting a failing test still counts as one failure.
function result(counts, status) {
  if (status !== 0 && counts.failed === 0) counts.failed = 1;
  return counts;
}

// The GoogleTest executable runs as one process (ctest would start one per test: under ASan
// that alone cost 70 CPU-seconds for 400 tests), its XML report giving the per-test counts; the
// fuzz corpus replays (label <label>-fuzz-replay: native-, sanitized-) run through ctest. Both
// programs, the release one and its ASan+UBSan twin, are in build/native (CMakeLists.txt).
function nativeStage(buildDir, suffix, label) {
  const exe = join(root, buildDir, `qredge_native_tests${suffix}`);
  if (!existsSync(exe)) return result({ passed: 0, failed: 1, skipped: 0 }, 1);
  const tmp = mkdtempSync(join(tmpdir(), 'qredge-native-'));
  const counts = { passed: 0, failed: 0, skipped: 0 };
  let status = 0;
  const gtest = run(exe, [`--gtest_output=xml:${join(tmp, 'gtest.xml')}`, '--gtest_brief=1']);
  status ||= gtest.status;
  const ctest = run('ctest', ['--test-dir', buildDir, '-L', `^${label}-fuzz-replay$`, '--output-on-failure', '-j2',
    '--output-junit', join(tmp, 'ctest.xml')]);
  status ||= ctest.status;
  for (const [file, tag, skippedAttrs] of [['gtest.xml', 'testsuites', ['skipped', 'disabled']], ['ctest.xml', 'testsuite', ['skipped', 'disabled']]]) {
    try {
      const head = readFileSync(join(tmp, file), 'utf8').match(new RegExp(`<${tag}\\b[^>]*>`))[0];
      const attr = (a) => Number(head.match(new RegExp(`\\b${a}="(\\d+)"`))?.[1] ?? 0);
      const failed = attr('failures') + attr('errors');
      const skipped = skippedAttrs.reduce((n, a) => n + attr(a), 0);
      counts.failed += failed;
      counts.skipped += skipped;
      counts.passed += attr('tests') - failed - skipped;
    } catch {
      status ||= 1;  // no report: counted as a failure
    }
  }
  rmSync(tmp, { recursive: true, force: true });
  return result(counts, status);
}

function jestStage(args, env = {}) {
  const { status, out } = run(process.execPath, [join(root, 'scripts', 'run-jest.mjs'), ...args], env);
  const m = out.match(/Tests: (\d+) passed, (\d+) failed, (\d+) skipped\s*$/);
  return result(m ? { passed: +m[1], failed: +m[2], skipped: +m[3] } : { passed: 0, failed: 1, skipped: 0 }, status);
}

const STAGES = {
  native: { what: 'build/native: GoogleTest, fuzz corpus replay, release core', run: () => nativeStage('build/native', '', 'native') },
  'native-asan-ubsan': {
    what: 'build/native: GoogleTest, fuzz corpus replay, the core under ASan+UBSan',
    run: () => nativeStage('build/native', '_sanitized', 'sanitized'),
  },
  'jest-release': { what: 'jest, every suite, dist/', run: () => jestStage(['--verbose', '--maxWorkers=2']) },
  'jest-debug': {
    what: `jest, the engine suites, build/dist-debug/ (${ENGINE_SUITES.join(', ')})`,
    run: () => jestStage(['--verbose', '--testPathPatterns', `/tests/js/(${ENGINE_SUITES.join('|')})\\.test\\.mjs$`],
      { QREDGE_DIST: 'build/dist-debug' }),
  },
};

const args = process.argv.slice(2);
const summaryOnly = args[0] === '--summary';
const named = summaryOnly ? args.slice(1) : args;
for (const n of named) if (!(n in STAGES)) { console.error(`run-tests: no stage ${n} (${Object.keys(STAGES).join(', ')})`); process.exit(2); }
const chosen = named.length ? named : Object.keys(STAGES);

mkdirSync(resultsDir, { recursive: true });
if (!summaryOnly) {
  for (const name of chosen) {
    console.log(`\n=== ${name} (${STAGES[name].what})`);
    const started = Date.now();
    const counts = STAGES[name].run();
    counts.seconds = Math.round((Date.now() - started) / 1000);
    writeFileSync(join(resultsDir, `${name}.json`), JSON.stringify(counts));
  }
}

const totals = { passed: 0, failed: 0, skipped: 0 };
console.log('\n=== summary');
for (const name of chosen) {
  const file = join(resultsDir, `${name}.json`);
  const s = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : { passed: 0, failed: 1, skipped: 0, missing: true };
  for (const k of Object.keys(totals)) totals[k] += s[k];
  console.log(`${name.padEnd(20)} ${s.passed} passed, ${s.failed} failed, ${s.skipped} skipped` +
    (s.missing ? ' (no result: the stage did not run)' : ` in ${s.seconds} s`));
}
console.log(`Tests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(totals.failed ? 1 : 0);
