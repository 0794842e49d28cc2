// SPDX-License-Identifier: MIT
// The package build under test: dist/ by default, or the folder named by QREDGE_DIST (so the
// same suite runs against the release and the debug build, and in helpers' private builds).
import { resolve } from 'node:path';
import { pathToFileURL, fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(import.meta.url), '../../../..');
export const distDir = resolve(root, process.env.QREDGE_DIST ?? 'dist');
// The debug build (SAFE_HEAP: every load and store of the engine is checked, 20-50x slower):
// suites that only repeat work for timing, or feed megabytes, do less of it there.
export const debugBuild = distDir === resolve(root, 'build/dist-debug');
const qredge = await import(pathToFileURL(resolve(distDir, 'node.mjs')).href);

export const { init, render, renderBatch, renderPayload, validateBatch, validateDesign, validateOutput, validateMetadata, validateTarget,
  QredgeError, VERSION } = qredge;
