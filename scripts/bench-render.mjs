// SPDX-License-Identifier: MIT
// Render throughput of the wasm build in Node, one thread: codes per second for a 1000-item
// batch, plain and styled, SVG and PNG; and the peak size of the wasm memory for a 1000-item
// PNG batch at 1024 px (the memory only grows, so its final size is the peak).
//   QREDGE_DIST=build/hr-dist node scripts/bench-render.mjs [--items N] [--size N]
import { resolve, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import { watchWasmMemory } from './bench-lib/wasm-memory.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dist = resolve(root, process.env.QREDGE_DIST ?? 'dist');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const items = arg('--items', 1000);
const size = arg('--size', 512);

const memory = watchWasmMemory();  // before the engine is imported

const { init, renderBatch } = await import(pathToFileURL(resolve(dist, 'node.mjs')).href);
await init();
const memoryMiB = () => (memory() ? (memory().buffer.byteLength / 1048576).toFixed(1) : 'n/a');

const styled = {
  shapes: { body: 'rounded', eye_frame: 'extra-rounded', eye_ball: 'circle' },
  gradient: { start: '#1d4ed8', end: '#312e81', type: 'linear-diagonal' },
  eye_colors: { frame: '#b91c1c' },
};
const request = (design) => ({
  items: Array.from({ length: items }, (_, i) => ({ target: { destination: `https://example.com/p/${i}?ref=bench` } })),
  design,
});

async function run(label, design, format, px) {
  let bytes = 0, ok = 0;
  const t0 = performance.now();
  for await (const item of renderBatch(request(design), { format, size: px })) {
    if (item.ok) ok++;
    bytes += item.data?.length ?? 0;
  }
  const s = (performance.now() - t0) / 1000;
  console.log(`${label.padEnd(12)} ${format} ${String(px).padStart(4)} px: ${(ok / s).toFixed(0).padStart(5)} codes/s ` +
    `(${ok}/${items} in ${s.toFixed(2)} s, ${(bytes / ok / 1024).toFixed(1)} KiB each), wasm memory ${memoryMiB()} MiB`);
}

console.log(`qredge wasm render benchmark, Node ${process.version}, ${items} items per batch`);
await run('plain', {}, 'svg', size);
await run('styled', styled, 'svg', size);
await run('plain', {}, 'png', size);
await run('styled', styled, 'png', size);
await run('plain', {}, 'png', 1024);
await run('styled', styled, 'png', 1024);
console.log(`peak wasm memory after all batches (largest: ${items} PNGs at 1024 px): ${memoryMiB()} MiB`);
