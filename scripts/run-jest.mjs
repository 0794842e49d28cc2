#!/usr/bin/env node
// SPDX-License-Identifier: MIT
// Runs Jest (ESM mode) and ends with the plain summary line CI reads:
//   Tests: N passed, N failed, N skipped
// Suites that fail to load count as failures. Exits with Jest's exit code. --forceExit: a
// test that leaves a workerd or browser behind must not hang the run.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dir = mkdtempSync(join(tmpdir(), 'qredge-jest-'));
const out = join(dir, 'results.json');
const jest = join(root, 'node_modules', 'jest', 'bin', 'jest.js');
const run = spawnSync(process.execPath,
  ['--experimental-vm-modules', jest, '--json', '--outputFile', out, '--forceExit', ...process.argv.slice(2)],
  { cwd: root, stdio: 'inherit', env: { ...process.env, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --no-warnings`.trim() } });

let passed = 0, failed = 0, skipped = 0;
try {
  const r = JSON.parse(readFileSync(out, 'utf8'));
  passed = r.numPassedTests;
  failed = r.numFailedTests;
  skipped = r.numPendingTests + (r.numTodoTests ?? 0);
  // A suite that failed to load has no test results but counts as a failure.
  failed += r.testResults.filter((s) => s.status === 'failed' && s.assertionResults.length === 0).length;
  // Wall time per suite, slowest first: what to look at when the gate grows past its budget.
  const times = r.testResults.map((s) => [((s.endTime - s.startTime) / 1000).toFixed(1), s.name.replace(`${root}/`, '')])
    .sort((a, b) => b[0] - a[0]);
  console.log(`jest: slowest suites (s): ${times.slice(0, 12).map(([t, n]) => `${n} ${t}`).join(', ')}`);
} catch {
  failed = Math.max(failed, 1);
}
rmSync(dir, { recursive: true, force: true });
console.log(`Tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(run.status ?? 1);
