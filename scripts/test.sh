#!/bin/sh
# SPDX-License-Identifier: MIT
# `npm test`: installs whatever is missing, builds every flavour, runs every test suite.
# The last line is the summary CI reads: "Tests: N passed, N failed, N skipped".
# Two lanes share the 2 cores, so that one lane's serial steps (npm ci, links, LTO, workerd and
# Chromium start-ups, waits in the worker suites) leave the other lane the CPU:
#   native lane: native build (the release core, its ASan+UBSan twin, the tests compiled once)
#                -> the tests against each
#   wasm lane:   npm ci, wasm release build, site -> Jest (every suite, two workers) -> wasm
#                debug build -> Jest against it (the engine suites)
# The debug build and its suites (about 140 s) sit in the wasm lane since Jest runs two workers:
# on a clean clone the native lane took about 720 s, the wasm lane 540 s without them
# (tests/README.md, "The gate").
# The native lane's output is kept in build/test-logs/native-lane.log and printed after the
# wasm lane's. Each step's wall time is printed as "test: <step> took <s> s"; timed fuzzing, the
# load test, the benchmark and the full decoder panel are `npm run test:long`.
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
start=$(date +%s)
rm -rf build/test-results
mkdir -p build/test-logs

step() {
  t=$(date +%s)
  status=0
  "$@" || status=$?
  echo "test: $* took $(( $(date +%s) - t )) s (exit $status)"
  return $status
}

step sh scripts/setup.sh system
native_lane() {
  # A failed build leaves its stages without a result: the summary counts them as failures.
  # Its build yields to the wasm lane: Jest's suites run workerd and Chromium against timeouts.
  step nice -n 5 sh scripts/build.sh native && step node scripts/run-tests.mjs native native-asan-ubsan || true
}
native_lane >build/test-logs/native-lane.log 2>&1 &
native_pid=$!

# npm ci needs no compiler and the wasm build no node_modules: both start at once.
(step sh scripts/setup.sh npm || true) &
npm_pid=$!
step sh scripts/build.sh wasm || true
wait $npm_pid || true
step sh scripts/build.sh site && step node scripts/run-tests.mjs jest-release || true
step sh scripts/build.sh wasm-debug && step node scripts/run-tests.mjs jest-debug || true

wait $native_pid || true
echo
echo "=== native lane (build/test-logs/native-lane.log)"
cat build/test-logs/native-lane.log
echo "test: total $(( $(date +%s) - start )) s"
node scripts/run-tests.mjs --summary
