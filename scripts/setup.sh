#!/bin/sh
# SPDX-License-Identifier: MIT
# Installs what qredge needs on a fresh Debian 12 machine, each piece only when missing:
# Debian packages (Emscripten, compilers, GoogleTest, nlohmann/json, stb, Chromium, and the
# decoder panel: ZBar, ZXing-C++ 1.4, ZXing Java 3.4 with a JDK; the frame font DejaVu Sans
# Bold and fontTools' pyftsubset to subset it; qpdf, poppler and Ghostscript to check print output), the
# libqrencode source (checksum-pinned) and the npm devDependencies (exact versions, lockfile).
# Idempotent: a second run does nothing but check.
#   scripts/setup.sh          everything
#   scripts/setup.sh system   the Debian packages and libqrencode (what the builds need)
#   scripts/setup.sh npm      the npm devDependencies (what Jest and the site need; scripts/test.sh
#                             runs it beside the native build)
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
part=${1:-all}

system() {
  SUDO=""
  if [ "$(id -u)" != 0 ]; then
    if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
      echo "setup: not root and no sudo; install the Debian packages listed in scripts/setup.sh by hand" >&2
    fi
  fi

  # package:file-that-proves-it-is-installed
  PACKAGES="
emscripten:/usr/bin/em++
cmake:/usr/bin/cmake
g++:/usr/bin/g++
clang:/usr/bin/clang
make:/usr/bin/make
libgtest-dev:/usr/include/gtest/gtest.h
nlohmann-json3-dev:/usr/include/nlohmann/json.hpp
libstb-dev:/usr/include/stb/stb_image_write.h
libclang-rt-14-dev:/usr/lib/llvm-14/lib/clang/14.0.6/lib/linux/libclang_rt.fuzzer-x86_64.a
chromium:/usr/bin/chromium
zbar-tools:/usr/bin/zbarimg
zxing-cpp-tools:/usr/bin/ZXingReader
libzxing-core-java:/usr/share/java/core.jar
libzxing-javase-java:/usr/share/java/javase.jar
default-jdk-headless:/usr/bin/javac
bzip2:/usr/bin/bzip2
unzip:/usr/bin/unzip
fonts-dejavu-core:/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf
python3-fonttools:/usr/bin/pyftsubset
qpdf:/usr/bin/qpdf
poppler-utils:/usr/bin/pdftoppm
ghostscript:/usr/bin/gs
"
  missing=""
  for entry in $PACKAGES; do
    pkg=${entry%%:*}; file=${entry#*:}
    [ -e "$file" ] || missing="$missing $pkg"
  done
  if [ -n "$missing" ]; then
    echo "setup: installing Debian packages:$missing"
    $SUDO apt-get update -qq
    # Chromium wants its recommends (fonts); the toolchain does not.
    tools=$(echo "$missing" | tr ' ' '\n' | grep -v '^chromium$' | tr '\n' ' ')
    if [ -n "$(echo "$tools" | tr -d ' ')" ]; then
      DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $tools >/dev/null
    fi
    if echo "$missing" | grep -qw chromium; then
      DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
    fi
  fi

  sh scripts/fetch-qrencode.sh
}

npm_deps() {
  # npm ci when node_modules does not match the lockfile (npm writes this marker on install).
  if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    echo "setup: npm ci"
    npm ci --no-audit --no-fund --loglevel=error
    # The package test installs the packed tarball offline into a fresh project, so the package's
    # dependencies, and theirs, must be in npm's cache with their registry documents: npm ci keeps
    # only tarballs, and `npm cache add` only the packages it names (on a fresh machine the
    # offline install then failed on cli-progress's string-width). An install into a scratch
    # project fetches the whole tree's documents.
    deps=$(node -e "const d = require('./package.json').dependencies || {}; console.log(Object.entries(d).map(([n, v]) => n + '@' + v).join(' '))")
    if [ -n "$deps" ]; then
      scratch=$(mktemp -d)
      echo '{"private":true}' >"$scratch/package.json"
      (cd "$scratch" && npm install $deps --no-audit --no-fund --loglevel=error >/dev/null) \
        || echo "setup: could not cache $deps (the package test installs offline)" >&2
      rm -rf "$scratch"
    fi
  fi
}

case "$part" in
  system) system ;;
  npm) npm_deps ;;
  all) system; npm_deps ;;
  *) echo "usage: scripts/setup.sh [system|npm|all]" >&2; exit 2 ;;
esac
echo "setup: ok ($part)"
