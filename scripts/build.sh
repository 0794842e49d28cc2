#!/bin/sh
# SPDX-License-Identifier: MIT
# Builds the flavours of CMakePresets.json (every flag lives there and in CMakeLists.txt):
#   build/native      native release: the core and, beside it, its ASan+UBSan twin (-O0, asserts
#                     on); the unit tests and fuzz corpus replay, compiled once, linked against
#                     each; the native baseline of scripts/bench
#   build/wasm        wasm release  -> dist/ (the npm package: glue, .wasm, JS layer)
#   build/wasm-debug  wasm debug (SAFE_HEAP, stack checks, asserts) -> build/dist-debug/ (QREDGE_DIST)
#   build/fuzz        the libFuzzer targets (clang, ASan+UBSan; not part of `all`: scripts/fuzz)
# and assembles the static site (demo + package) into build/site/.
# Usage: scripts/build.sh [native|wasm|wasm-debug|site|fuzz|all]...   (default: all =
# native wasm wasm-debug site)
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
JOBS=${JOBS:-2}

preset() {
  cmake --preset "$1" >/dev/null
  # The release core first: scripts/bench (bench-quick in Jest's run) needs only it, and finds
  # it built while the rest of this tree still compiles (npm test's two lanes).
  if [ "$1" = native ]; then cmake --build --preset native -j"$JOBS" --target qredge_core qrencode; fi
  cmake --build --preset "$1" -j"$JOBS"
}
site() {
  node scripts/build-site.mjs
  node scripts/build-docs.mjs
}

[ $# -gt 0 ] || set -- all
for what in "$@"; do
  case "$what" in
    native|wasm|wasm-debug|fuzz) preset "$what" ;;
    site) site ;;
    all) preset native; preset wasm; preset wasm-debug; site ;;
    *) echo "usage: scripts/build.sh [native|wasm|wasm-debug|site|fuzz|all]..." >&2; exit 2 ;;
  esac
done
