#!/bin/sh
# SPDX-License-Identifier: MIT
# `npm run test:long`: the runs too long for the test gate, each a script of its own.
#   1. the full decoder panel over the scannability matrix and the camera conditions
#   2. the encoding sweep: 1000 random payloads, versions 1–40, against ZXing's own encoder,
#      and the design sweep: 400 random designs outside the matrix, read by the whole panel
#   3. every libFuzzer target for FUZZ_SECONDS (default 600), FUZZ_PARALLEL (2) at a time (the
#      gate replays the committed corpus only: the fuzz_replay_<target> ctests)
#   4. the load test (20 clients x 1000 items; the gate runs its quick form), and the benchmark
#      against the npm peers (the gate runs its quick form, which asserts no timing)
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
part designs node scripts/sweep-designs.mjs --count "${DESIGN_COUNT:-400}"
[ -d build/fuzz ] || sh scripts/build.sh fuzz
part fuzz env FUZZ_SECONDS="${FUZZ_SECONDS:-600}" FUZZ_PARALLEL="${FUZZ_PARALLEL:-2}" sh scripts/fuzz
part load node scripts/load-test.mjs
part bench sh scripts/bench
echo "=== test:long$summary"
exit $status
