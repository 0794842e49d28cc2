#!/bin/sh
# SPDX-License-Identifier: MIT
# Fetches libqrencode 4.1.1 from Debian's source package into third_party/ (git-ignored)
# and verifies its SHA-256. Idempotent: does nothing when the verified source is present.
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
DEST="$ROOT/third_party"
TARBALL=qrencode_4.1.1.orig.tar.bz2
SHA256=e455d9732f8041cf5b9c388e345a641fd15707860f928e94507b1961256a6923
SRC_DIR="$DEST/qrencode-4.1.1"

if [ -f "$SRC_DIR/qrencode.h" ]; then exit 0; fi
mkdir -p "$DEST"
cd "$DEST"

if ! echo "$SHA256  $TARBALL" | sha256sum -c --status 2>/dev/null; then
  rm -f "$TARBALL"
  # Source entries are not enabled on these machines: derive one from the binary entry.
  if [ ! -f /etc/apt/sources.list.d/qredge-src.sources ]; then
    sed 's/^Types: deb$/Types: deb-src/' /etc/apt/sources.list.d/debian.sources \
      > /etc/apt/sources.list.d/qredge-src.sources
    apt-get update -qq
  fi
  # apt-get exits 100 because the .debian.tar.xz is gone upstream; the orig tarball still
  # arrives, and the checksum below is what decides.
  apt-get source --download-only qrencode >/dev/null 2>&1 || true
fi
echo "$SHA256  $TARBALL" | sha256sum -c --status || {
  echo "fetch-qrencode: $TARBALL missing or checksum mismatch" >&2; exit 1; }
rm -rf "$SRC_DIR"
tar xjf "$TARBALL"
rm -f qrencode_4.1.1-*.dsc qrencode_4.1.1-*.debian.tar.*
test -f "$SRC_DIR/qrencode.h"
echo "fetch-qrencode: libqrencode 4.1.1 ready in third_party/"
