// SPDX-License-Identifier: MIT
// The command line's batch on threads against the same batch on one thread, for scripts/bench.mjs:
// `qredge render` of one styled 512 px PNG request with --threads 1 and --threads N, each run
// a fresh process timed from spawn to exit (start-up, validation, drawing, writing every file
// and results.ndjson: what a user waits for), alternating 1, N, 1, N, … so that machine noise
// hits both alike. Every run must render every item; the files of the two runs must be equal.
// A third timing is a reference for the same work without threads: two `--threads 1`
// processes at once, each over half the items, timed until both exit. Each process's own
// optimising compiles, garbage collection and file writes then compete for the two cores,
// which one process alone runs on the idle one (docs/performance.md, "Sixth pass").
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
    // A request file for payloads[from, to): item names keep their index in the whole batch.
    const requestFile = (name, from, to) => {
      const path = join(dir, name);
      writeFileSync(path, JSON.stringify({
        items: payloads.slice(from, to).map((p, i) => ({ name: `code ${from + i}`, target: { destination: p } })),
        design, output: { format: 'png', size: 512 },
      }));
      return path;
    };
    const request = requestFile('request.json', 0, payloads.length);
    const mid = payloads.length >> 1;
    const halves = [[0, mid], [mid, payloads.length]].map(([from, to], h) =>
      `${JSON.stringify(process.execPath)} ${JSON.stringify(command)} render ${JSON.stringify(requestFile(`request-${h}.json`, from, to))} ` +
      `--out ${JSON.stringify(join(dir, `out-half-${h}`))} --quiet --threads 1`);
    // Both halves at once; the pair fails when either does (a bare `wait` would say 0).
    const pairScript = `${halves[0]} & first=$!; ${halves[1]}; second=$?; wait $first && exit $second`;
    const seconds = { 1: [], [threads]: [], pair: [] };
    for (let r = 0; r < runs; r++) {
      for (const n of [1, threads, 'pair']) {
        const out = join(dir, `out-${n}`);
        const t0 = performance.now();
        if (n === 'pair') execFileSync('sh', ['-c', pairScript], { stdio: 'ignore' });
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
