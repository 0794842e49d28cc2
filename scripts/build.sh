#!/bin/sh
# SPDX-License-Identifier: MIT
# Builds the flavours of CMakePresets.json (every flag lives there and in CMakeLists.txt):
#   build/native      native release: unit tests, fuzz corpus replay, native baseline
#   build/asan        native debug under ASan+UBSan: the same tests
#   build/wasm        wasm release  -> dist/ (the npm package: glue, .wasm, JS layer)
#   build/wasm-debug  wasm debug (SAFE_HEAP, stack checks, asserts) -> build/dist-debug/ (QREDGE_DIST)
#   build/fuzz        the libFuzzer targets (clang, ASan+UBSan; not part of `all`: scripts/fuzz)
# and assembles the static site (demo + package) into build/site/.
# Usage: scripts/build.sh [native|asan|wasm|wasm-debug|site|fuzz|all]...   (default: all =
# native wasm wasm-debug site; scripts/test.sh builds asan too)
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
JOBS=${JOBS:-2}

preset() {
  cmake --preset "$1" >/dev/null
  cmake --build --preset "$1" -j"$JOBS"
}
site() {
  node scripts/build-site.mjs
  node scripts/build-docs.mjs
}

[ $# -gt 0 ] || set -- all
for what in "$@"; do
  case "$what" in
    native|asan|wasm|wasm-debug|fuzz) preset "$what" ;;
    site) site ;;
    all) preset native; preset wasm; preset wasm-debug; site ;;
    *) echo "usage: scripts/build.sh [native|asan|wasm|wasm-debug|site|fuzz|all]..." >&2; exit 2 ;;
  esac
done
