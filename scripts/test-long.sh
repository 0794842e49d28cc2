#!/bin/sh
# SPDX-License-Identifier: MIT
# `npm run test:long`: the runs too long for the test gate, each a script of its own.
#   1. the full decoder panel over the scannability matrix and the camera conditions
#   2. the encoding sweep: 1000 random payloads, versions 1–40, against ZXing's own encoder
#   3. every libFuzzer target for FUZZ_SECONDS (default 600)
#   4. the load test, and the benchmark against the npm peers
# Assumes `npm test` (or scripts/setup.sh and scripts/build.sh all) ran. Exits non-zero when
# any part failed; prints each part's verdict at the end.
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
status=0
summary=""
part() {
  name=$1; shift
  echo "=== $name: $*"
  start=$(date +%s)
  if "$@"; then verdict=passed; else verdict=failed; status=1; fi
  summary="$summary
$name: $verdict in $(( $(date +%s) - start )) s"
}
part panel node scripts/panel.mjs
part sweep node scripts/sweep-encoding.mjs --count "${SWEEP_COUNT:-1000}"
[ -d build/fuzz ] || sh scripts/build.sh fuzz
part fuzz env FUZZ_SECONDS="${FUZZ_SECONDS:-600}" sh scripts/fuzz
part load node scripts/load-test.mjs
part bench sh scripts/bench
echo "=== test:long$summary"
exit $status
