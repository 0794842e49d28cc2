#!/bin/sh
# SPDX-License-Identifier: MIT
# `npm start`: installs whatever is missing, builds, and runs the worker with the demo in
# workerd (wrangler dev) on http://127.0.0.1:${PORT:-8787}, state under ${QREDGE_STATE_DIR:-.qredge/state}.
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
sh scripts/setup.sh
sh scripts/build.sh wasm
sh scripts/build.sh site
exec node scripts/start-worker.mjs
