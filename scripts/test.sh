#!/bin/sh
# SPDX-License-Identifier: MIT
# `npm test`: installs whatever is missing, builds every flavour, runs every test.
# The last line is the summary CI reads: "Tests: N passed, N failed, N skipped".
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
start=$(date +%s)
sh scripts/setup.sh
sh scripts/build.sh all
# The sanitizer build of the native tests (ASan + UBSan, debug).
cmake -S . -B build/asan -DCMAKE_BUILD_TYPE=Debug -DQREDGE_SANITIZE=ON >/dev/null
cmake --build build/asan -j"${JOBS:-2}"
# The libFuzzer targets (clang, ASan+UBSan); run for FUZZ_SECONDS each by the last test stage.
sh scripts/build.sh fuzz
echo "test: setup and builds took $(( $(date +%s) - start )) s"
status=0
node scripts/run-tests.mjs || status=$?
echo "test: total $(( $(date +%s) - start )) s" >&2
exit $status
