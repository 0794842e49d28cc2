#!/bin/sh
# SPDX-License-Identifier: MIT
# Builds every flavour from the one CMakeLists.txt:
#   build/native      native release (unit tests, native baseline)
#   build/wasm        wasm release  -> dist/ (the npm package: glue, .wasm, JS layer)
#   build/wasm-debug  wasm debug with assertions -> build/dist-debug/ (same tests, QREDGE_DIST)
#   build/fuzz        the libFuzzer targets (clang, ASan+UBSan; not part of `all`: scripts/fuzz)
# and assembles the static site (demo + package) into build/site/.
# Usage: scripts/build.sh [native|wasm|wasm-debug|site|fuzz|all]   (default: all)
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
export NODE_PATH=/usr/share/nodejs   # Emscripten's JS optimizer needs Debian's acorn
JOBS=${JOBS:-2}
what=${1:-all}

native() {
  cmake -S . -B build/native -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build build/native -j"$JOBS"
}
wasm() {
  emcmake cmake -S . -B build/wasm -DCMAKE_BUILD_TYPE=Release -DQREDGE_DIST_DIR="$ROOT/dist" >/dev/null
  cmake --build build/wasm -j"$JOBS"
}
wasm_debug() {
  emcmake cmake -S . -B build/wasm-debug -DCMAKE_BUILD_TYPE=Debug -DQREDGE_DIST_DIR="$ROOT/build/dist-debug" >/dev/null
  cmake --build build/wasm-debug -j"$JOBS"
}
site() {
  node scripts/build-site.mjs
  node scripts/build-docs.mjs
}
fuzz() {
  # -O2 with assertions (no NDEBUG): stb's and libqrencode's asserts stay armed while fuzzing.
  CC=clang-14 CXX=clang++-14 cmake -S . -B build/fuzz -DQREDGE_FUZZ=ON -DQREDGE_SANITIZE=ON -DQREDGE_WERROR=OFF \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_C_FLAGS_RELWITHDEBINFO="-O2 -g" -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O2 -g" >/dev/null
  cmake --build build/fuzz --target qredge_fuzz -j"$JOBS"
}

case "$what" in
  native) native ;;
  wasm) wasm ;;
  wasm-debug) wasm_debug ;;
  site) site ;;
  fuzz) fuzz ;;
  all) native; wasm; wasm_debug; site ;;
  *) echo "usage: scripts/build.sh [native|wasm|wasm-debug|site|fuzz|all]" >&2; exit 2 ;;
esac
