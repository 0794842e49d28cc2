// SPDX-License-Identifier: MIT
// Streams one batch from the worker running in workerd (Miniflare, real HTTP on loopback) and
// times its NDJSON lines: the header line, the first item line and the final line, measured
// from the moment the request is sent. Used by scripts/bench.mjs and scripts/measure-stream.mjs.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startWorker, ndjsonValues } from '../../tests/js/helpers/worker.mjs';

export function batchItems(n) {
  return Array.from({ length: n }, (_, i) => ({
    target: { destination: `https://example.com/p/${i}?utm_source=qrkit&utm_campaign=launch-${i % 37}` },
  }));
}

/**
 * Times streamed batches of `items` codes. `warmup` batches of `warmupItems` items run first in
 * the same isolate, so the figures are those of a worker that has served requests before, not
 * workerd's first compile of the module; then `repeats` measured batches. Returns the median
 * run (by first item line) with every run's figures in `runs`, in milliseconds since the
 * request was sent.
 */
export async function measureWorkerStream({ items = 1000, format = 'png', size = 256, warmup = 2, warmupItems = 5, repeats = 1 } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'qredge-stream-'));
  const worker = await startWorker({ persistDir: dir, bindings: { RATE_LIMIT_PER_MINUTE: '100000' } });
  try {
    const { key } = await worker.createKey();
    const post = (body) => fetch(new URL('/v1/batches', worker.url), {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', accept: 'application/x-ndjson' },
      body: JSON.stringify(body),
    });
    for (let i = 0; i < warmup; i++) for await (const _ of ndjsonValues(await post({ items: batchItems(warmupItems), output: { format, size } }))) { /* drain */ }

    const runs = [];
    for (let r = 0; r < repeats; r++) {
      const body = { items: batchItems(items), output: { format, size } };
      const result = { items, format, size, headerMs: null, firstItemMs: null, totalMs: null, lines: 0, images: 0, errors: 0, status: 0 };
      const start = performance.now();
      const response = await post(body);
      result.status = response.status;
      for await (const line of ndjsonValues(response)) {
        const at = performance.now() - start;
        if (line.object === 'batch') result.headerMs ??= at;
        if (line.object === 'batch_item') {
          result.firstItemMs ??= at;
          result.lines++;
          if (line.image?.data) result.images++;
          if (line.error_code) result.errors++;
        }
        result.totalMs = at;
      }
      runs.push(result);
    }
    const sorted = [...runs].sort((a, b) => a.firstItemMs - b.firstItemMs);
    return { ...sorted[Math.floor((sorted.length - 1) / 2)], runs, warmup, warmupItems };
  } finally {
    await worker.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
}
