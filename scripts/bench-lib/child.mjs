// SPDX-License-Identifier: MIT
// Fresh-process measurements for scripts/bench.mjs (one JSON line on stdout):
//   node child.mjs init DIST                 -> { importMs, initMs }
//   node child.mjs memory DIST ITEMS SIZE [DESIGN_JSON] -> { before, after, ok } wasm memory bytes
// The wasm memory is caught at instantiation (wasm-memory.mjs); it only grows, so its size after
// the batch is the batch's peak.
import { performance } from 'node:perf_hooks';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { watchWasmMemory } from './wasm-memory.mjs';

const [mode, dist, itemsArg, sizeArg, designArg = '{}'] = process.argv.slice(2);
const entry = pathToFileURL(resolve(dist, 'node.mjs')).href;

if (mode === 'init') {
  const t0 = performance.now();
  const { init } = await import(entry);
  const t1 = performance.now();
  await init();
  const t2 = performance.now();
  console.log(JSON.stringify({ importMs: t1 - t0, initMs: t2 - t1 }));
} else if (mode === 'memory') {
  const memory = watchWasmMemory();
  const { init, renderBatch } = await import(entry);
  await init();
  const before = memory().buffer.byteLength;
  const items = Array.from({ length: Number(itemsArg) }, (_, i) => ({
    target: { destination: `https://example.com/p/${i}?utm_source=qrkit&utm_campaign=launch-${i % 37}` },
  }));
  let ok = 0;
  for await (const item of renderBatch({ items, design: JSON.parse(designArg) }, { format: 'png', size: Number(sizeArg), margin: 4 })) {
    if (item.ok) ok++;
  }
  console.log(JSON.stringify({ before, after: memory().buffer.byteLength, ok }));
}
