// SPDX-License-Identifier: MIT
// The command line's batch on threads against the same batch on one thread, for scripts/bench.mjs:
// `qredge render` of one styled 512 px PNG request with --threads 1 and --threads N, each run
// a fresh process timed from spawn to exit (start-up, validation, drawing, writing every file
// and results.ndjson: what a user waits for), alternating 1, N, 1, N, … so that machine noise
// hits both alike. Every run must render every item; the files of the two runs must be equal.
// A third timing is the machine's own ceiling for the same work: two `--threads 1` processes
// at once, each over half the items (no threads, nothing shared or waited for), timed until
// both exit. Where the two cores share their cache and memory bandwidth, that pair is slower
// than twice as fast as one process (docs/performance.md, "The command line on threads").
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

// The command line imports ../dist/node.mjs beside itself: a copy of it in `dir`/bin with
// `dir`/dist linked to `dist` runs it over that build (the bench's QREDGE_DIST), not dist/.
function cliOver(cli, dist, dir) {
  const root = resolve(dirname(cli), '..');
  mkdirSync(join(dir, 'bin'));
  copyFileSync(cli, join(dir, 'bin', 'qredge.mjs'));
  symlinkSync(resolve(dist), join(dir, 'dist'), 'dir');
  for (const shared of ['shared', 'node_modules']) symlinkSync(join(root, shared), join(dir, shared), 'dir');
  return join(dir, 'bin', 'qredge.mjs');
}

/**
 * Times `runs` CLI runs per thread count over `items` payloads with `design` (an object) at
 * 512 px PNG, with the command line `cli` over the package in `dist`. Returns { items,
 * threads, runs, single, threaded, pair } with the seconds of every run and their medians,
 * `ratio` = median single ÷ median threaded and `pairRatio` = median single ÷ median pair (two
 * single-thread processes at once, each over half the items).
 */
export function measureCliThreads({ cli, dist, payloads, design, threads = 2, runs = 3 }) {
  const dir = mkdtempSync(join(tmpdir(), 'qredge-cli-threads-'));
  try {
    const command = cliOver(cli, dist, dir);
    const request = join(dir, 'request.json');
    writeFileSync(request, JSON.stringify({
      items: payloads.map((p, i) => ({ name: `code ${i}`, target: { destination: p } })),
      design, output: { format: 'png', size: 512 },
    }));
    const halves = [0, 1].map((h) => {
      const half = join(dir, `request-${h}.json`);
      const mid = payloads.length >> 1;
      const part = h ? payloads.slice(mid) : payloads.slice(0, mid);
      writeFileSync(half, JSON.stringify({ items: part.map((p, i) => ({ name: `code ${i + (h ? mid : 0)}`, target: { destination: p } })),
        design, output: { format: 'png', size: 512 } }));
      return `${JSON.stringify(process.execPath)} ${JSON.stringify(command)} render ${JSON.stringify(half)} --out ${JSON.stringify(join(dir, `out-half-${h}`))} --quiet --threads 1`;
    });
    const seconds = { 1: [], [threads]: [], pair: [] };
    for (let r = 0; r < runs; r++) {
      for (const n of [1, threads, 'pair']) {
        const out = join(dir, `out-${n}`);
        const t0 = performance.now();
        if (n === 'pair') execFileSync('sh', ['-c', `${halves[0]} & ${halves[1]}; wait`], { stdio: 'ignore' });
        else execFileSync(process.execPath, [command, 'render', request, '--out', out, '--quiet', '--threads', String(n)], { stdio: 'ignore' });
        seconds[n].push((performance.now() - t0) / 1000);
      }
    }
    // The threads must have made the same files (names and bytes) as the single thread.
    const files = readdirSync(join(dir, 'out-1')).sort();
    const same = files.length === payloads.length + 1
      && files.join() === readdirSync(join(dir, `out-${threads}`)).sort().join()
      && files.every((f) => readFileSync(join(dir, 'out-1', f)).equals(readFileSync(join(dir, `out-${threads}`, f))));
    const single = median(seconds[1]), threaded = median(seconds[threads]), pair = median(seconds.pair);
    return { items: payloads.length, threads, runs, single, threaded, ratio: single / threaded, same,
      singleRuns: seconds[1], threadedRuns: seconds[threads], pair, pairRatio: single / pair, pairRuns: seconds.pair };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
