#!/usr/bin/env node
// SPDX-License-Identifier: MIT
// Runs every test suite of the project and ends with the one line CI reads:
//   Tests: N passed, N failed, N skipped
// Stages: native unit tests (release), the same under ASan+UBSan, Jest against the release wasm
// build (all suites), Jest against the debug wasm build (the engine-level suites), and a short
// run of every libFuzzer target (FUZZ_SECONDS each, default 60; 0 skips it). Assumes
// scripts/setup.sh and scripts/build.sh ran (scripts/test.sh does both).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const tmp = mkdtempSync(join(tmpdir(), 'qredge-tests-'));
const totals = { passed: 0, failed: 0, skipped: 0 };
const stages = [];

function run(cmd, args, env = {}) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, ...env }, maxBuffer: 1 << 28 });
  const out = r.stdout?.toString() ?? '';
  process.stdout.write(out);
  return { status: r.status ?? 1, out };
}

function add(name, counts, status) {
  // A stage that failed without reporting a failing test still counts as one failure.
  if (status !== 0 && counts.failed === 0) counts.failed = 1;
  stages.push({ name, ...counts });
  for (const k of Object.keys(totals)) totals[k] += counts[k];
}

function ctestStage(name, buildDir) {
  console.log(`\n=== ${name} (ctest ${buildDir})`);
  if (!existsSync(join(root, buildDir))) return add(name, { passed: 0, failed: 1, skipped: 0 }, 1);
  const junit = join(tmp, `${name}.xml`);
  const { status } = run('ctest', ['--test-dir', buildDir, '--output-on-failure', '-j2', '--output-junit', junit]);
  let counts = { passed: 0, failed: 0, skipped: 0 };
  try {
    const head = readFileSync(junit, 'utf8').match(/<testsuite\b[^>]*>/)[0];
    const attr = (a) => Number(head.match(new RegExp(`\\b${a}="(\\d+)"`))?.[1] ?? 0);
    counts = { failed: attr('failures') + attr('errors'), skipped: attr('skipped') + attr('disabled') };
    counts.passed = attr('tests') - counts.failed - counts.skipped;
  } catch { /* counted as a failure below */ }
  add(name, counts, status);
}

function jestStage(name, args, env = {}) {
  console.log(`\n=== ${name} (jest ${args.join(' ')})`);
  const { status, out } = run(process.execPath, [join(root, 'scripts', 'run-jest.mjs'), ...args], env);
  const m = out.match(/Tests: (\d+) passed, (\d+) failed, (\d+) skipped\s*$/);
  add(name, m ? { passed: +m[1], failed: +m[2], skipped: +m[3] } : { passed: 0, failed: 1, skipped: 0 }, status);
}

// scripts/fuzz runs each target for FUZZ_SECONDS and prints "fuzz-result: <target> passed|failed":
// a target counts as one passed test when it ran its time clean, one failure otherwise.
function fuzzStage(name) {
  const seconds = process.env.FUZZ_SECONDS ?? '60';
  console.log(`\n=== ${name} (scripts/fuzz, ${seconds} s per target)`);
  const targets = ['validate', 'payload', 'render', 'logo'];
  if (Number(seconds) === 0) return add(name, { passed: 0, failed: 0, skipped: targets.length }, 0);
  const { status, out } = run('sh', [join(root, 'scripts', 'fuzz'), ...targets], { FUZZ_SECONDS: seconds });
  const results = [...out.matchAll(/^fuzz-result: (\S+) (passed|failed)$/gm)].map((m) => m[2]);
  const passed = results.filter((r) => r === 'passed').length;
  add(name, { passed, failed: targets.length - passed, skipped: 0 }, status);
}

ctestStage('native', 'build/native');
ctestStage('native-asan-ubsan', 'build/asan');
jestStage('jest-release', []);
// The same engine-level suites against the debug build (Emscripten assertions on).
jestStage('jest-debug', ['--testPathPatterns', 'node-slice|validate|payload|design'], { QREDGE_DIST: 'build/dist-debug' });

fuzzStage('fuzz');

rmSync(tmp, { recursive: true, force: true });
console.log('\n=== summary');
for (const s of stages) console.log(`${s.name.padEnd(20)} ${s.passed} passed, ${s.failed} failed, ${s.skipped} skipped`);
console.log(`Tests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(totals.failed ? 1 : 0);
