// SPDX-License-Identifier: MIT
// scripts/bench in quick mode (20 payloads, 1 repeat): checks that the benchmark still runs end
// to end and that every engine's sample output decodes to its payload. Timings are noise at this
// size and are never asserted.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

test('BENCH_QUICK=1 scripts/bench runs every engine and every output decodes', () => {
  const dir = mkdtempSync(join(tmpdir(), 'qredge-bench-test-'));
  try {
    const json = join(dir, 'bench.json');
    const text = execFileSync('sh', [join(root, 'scripts/bench'), '--json', json], {
      cwd: root, encoding: 'utf8', env: { ...process.env, BENCH_QUICK: '1' }, timeout: 120000,
    });
    const result = JSON.parse(readFileSync(json, 'utf8'));
    expect(result.items).toBe(20);
    const engines = new Set(result.checks.map((c) => c.engine));
    for (const e of ['qredge (wasm)', 'qredge render()', 'qredge (native)', 'qrcode', 'lean-qr', 'nayuki', 'uqr',
      '@paulmillr/qr', 'qrcode-generator', 'qr-code-styling', 'resvg-js']) expect(engines).toContain(e);
    expect(result.checks.filter((c) => !c.ok)).toEqual([]);
    // Every checked engine/workload also produced a figure, and the report names every goal.
    for (const c of result.checks) expect(result.figures[`${c.engine}|${c.workload}`]).toBeDefined();
    expect(result.goals).toHaveLength(18);
    expect(result.goals.map((g) => g.name)).toContain('.wasm + glue ≤ 150 KB gzip (issue 21)');
    expect(result.goals.map((g) => g.name)).toContain('styled 512 px PNG ≥ 10× resvg-js rasterising the same SVG');
    expect(result.sizes.wasmGzip + result.sizes.glueGzip).toBe(result.sizes.wasmGlueGzip);
    // The command line's threaded batch made the same files as its single thread.
    expect(result.cliThreads).toMatchObject({ items: 20, threads: 2, same: true });
    expect(text).toContain('goals:');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 180000);
