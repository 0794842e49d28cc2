#!/usr/bin/env node
// SPDX-License-Identifier: MIT
// Streams batches from the worker in workerd (Miniflare, real HTTP on loopback) and prints when
// their NDJSON lines arrived. The worker is warmed first with full-size batches, as a worker in
// service would have been.
//   node scripts/measure-stream.mjs [--items 1000] [--format png|svg] [--size 256] [--repeat 5]
//                                   [--warmup 2] [--warmup-items 1000]
import { parseArgs } from 'node:util';
import { measureWorkerStream } from './bench-lib/worker-stream.mjs';

const { values } = parseArgs({ options: {
  items: { type: 'string', default: '1000' }, format: { type: 'string', default: 'png' },
  size: { type: 'string', default: '256' }, repeat: { type: 'string', default: '5' },
  warmup: { type: 'string', default: '2' }, 'warmup-items': { type: 'string', default: '1000' },
} });
const ms = (x) => (x == null ? 'n/a' : `${x.toFixed(1)} ms`);
const result = await measureWorkerStream({ items: Number(values.items), format: values.format, size: Number(values.size),
  warmup: Number(values.warmup), warmupItems: Number(values['warmup-items']), repeats: Number(values.repeat) });
for (const r of result.runs) {
  console.log(`${r.items} × ${r.format} ${r.size} px: status ${r.status}, header ${ms(r.headerMs)}, first item ${ms(r.firstItemMs)}, `
    + `last line ${ms(r.totalMs)}, ${r.lines} item lines (${r.images} images, ${r.errors} errors), `
    + `${(r.lines / (r.totalMs / 1000)).toFixed(0)} codes/s`);
  if (r.lines !== r.items || r.images !== r.items) process.exitCode = 1;
}
console.log(`median first item line: ${ms(result.firstItemMs)} (after ${result.warmup} warm-up batches of ${result.warmupItems})`);
