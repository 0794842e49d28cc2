#!/usr/bin/env node
// SPDX-License-Identifier: MIT
// `npm pack` / `npm publish` run this first (package.json "prepack"). It makes dist/ complete
// and current, then stamps it:
//   1. dist/ is missing a file, or a source is newer than the dist file built from it
//      -> `sh scripts/setup.sh` (what a fresh clone lacks) and `sh scripts/build.sh wasm`.
//      Otherwise the build is skipped (tests pack the already built dist/ in about a second).
//   2. dist/build-info.mjs gets the SHA-256 of the dist/core.wasm being packed (WASM_SHA256)
//      and the version from package.json (VERSION).
//   3. README.md becomes the README for package users (docs/npm-readme.md); npm always packs
//      the root README, so the developers' README is set aside in build/pack/ meanwhile.
// `node scripts/prepack.mjs --restore` ("postpack") puts the unstamped copy and the developers'
// README back, so a dist/ that is rebuilt later never carries the hash of an older core.wasm.
// A pack that died half-way is mended by the next prepack (it restores before it swaps).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const js = join(root, 'bindings', 'js');
const log = (m) => process.stderr.write(`prepack: ${m}\n`);

const mtime = (p) => statSync(p).mtimeMs;
const filesUnder = (dir) => (existsSync(dir) ? readdirSync(dir, { recursive: true })
  .map((f) => join(dir, f)).filter((f) => statSync(f).isFile()) : []);

function staleReason({ times = true } = {}) {
  const jsFiles = readdirSync(js);
  for (const f of ['core.mjs', 'core.wasm', ...jsFiles]) {
    if (!existsSync(join(dist, f))) return `dist/${f} is missing`;
  }
  if (!times) return null;
  // The JS layer is copied one to one (build-info.mjs is rewritten below, so it is exempt).
  for (const f of jsFiles) {
    if (f !== 'build-info.mjs' && mtime(join(js, f)) > mtime(join(dist, f))) return `bindings/js/${f} changed`;
  }
  const wasm = mtime(join(dist, 'core.wasm'));
  const sources = [join(root, 'CMakeLists.txt'), join(root, 'bindings', 'embind.cpp'), ...filesUnder(join(root, 'core')).filter((f) => /\.(c|cc|cpp|h|hpp)$/.test(f))];
  const newer = sources.find((f) => mtime(f) > wasm);
  return newer ? `${newer.slice(root.length + 1)} is newer than dist/core.wasm` : null;
}

function sh(script, ...args) {
  const r = spawnSync('sh', [join(root, 'scripts', script), ...args], { cwd: root, stdio: ['ignore', 2, 2] });
  if (r.status !== 0) {
    log(`scripts/${script} ${args.join(' ')} failed (exit ${r.status})`);
    process.exit(1);
  }
}

const readme = join(root, 'README.md');
const devReadme = join(root, 'build', 'pack', 'README.md');
function restoreReadme() {
  if (!existsSync(devReadme)) return;
  copyFileSync(devReadme, readme);
  rmSync(devReadme);
}

// bindings/js/build-info.mjs with the version (package.json, the one place it is kept) and the
// hash written in: what the build writes (null hash) and what a pack ships.
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const stamp = (sha256) => readFileSync(join(js, 'build-info.mjs'), 'utf8')
  .replace(/^export const VERSION = .*$/m, `export const VERSION = ${JSON.stringify(version)};`)
  .replace(/^export const WASM_SHA256 = .*$/m, `export const WASM_SHA256 = ${JSON.stringify(sha256)};`);

if (process.argv.includes('--restore')) {
  writeFileSync(join(dist, 'build-info.mjs'), stamp(null));
  restoreReadme();
  process.exit(0);
}
restoreReadme();

const reason = staleReason();
if (reason) {
  log(`${reason}: building`);
  sh('setup.sh');
  sh('build.sh', 'wasm');
  // Completeness only: a successful build is current even if make found nothing to relink.
  const still = staleReason({ times: false });
  if (still) {
    log(`dist/ is still incomplete after the build: ${still}`);
    process.exit(1);
  }
} else {
  log('dist/ is complete and up to date: build skipped');
}

const sha256 = createHash('sha256').update(readFileSync(join(dist, 'core.wasm'))).digest('hex');
const stamped = stamp(sha256);
if (!stamped.includes(sha256)) {
  log('bindings/js/build-info.mjs has no `export const WASM_SHA256 = …` line to stamp');
  process.exit(1);
}
writeFileSync(join(dist, 'build-info.mjs'), stamped);
log(`stamped dist/build-info.mjs: VERSION ${version}, WASM_SHA256 ${sha256}`);
mkdirSync(dirname(devReadme), { recursive: true });
copyFileSync(readme, devReadme);
copyFileSync(join(root, 'docs', 'npm-readme.md'), readme);
log('README.md is the package README (docs/npm-readme.md) until postpack');
