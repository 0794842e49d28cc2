// SPDX-License-Identifier: MIT
// Facts about this build. The build (CMakeLists.txt) writes the version from package.json, the
// one place it is kept, into the dist/ copy; scripts/prepack.mjs stamps that copy before every
// `npm pack` with the SHA-256 of the dist/core.wasm that goes into the tarball. An unpacked
// development build (scripts/build.sh) carries null.
export const VERSION = '@QREDGE_VERSION@';
export const WASM_SHA256 = null;
