// SPDX-License-Identifier: MIT
// Facts about this build. scripts/prepack.mjs rewrites the dist/ copy before every `npm pack`
// with the SHA-256 of the dist/core.wasm that goes into the tarball; this unstamped source copy
// (an unpacked development build from scripts/build.sh) carries null.
export const VERSION = '0.1.0';
export const WASM_SHA256 = null;
