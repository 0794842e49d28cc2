// SPDX-License-Identifier: MIT
// Invariant checks for the fuzz targets: a broken invariant is a crash libFuzzer keeps.
#pragma once
#include <cstdio>
#include <cstdlib>

#define FUZZ_CHECK(cond, what)                                                        \
  do {                                                                                \
    if (!(cond)) {                                                                    \
      std::fprintf(stderr, "fuzz invariant broken at %s:%d: %s\n", __FILE__, __LINE__, \
                   what);                                                             \
      std::abort();                                                                   \
    }                                                                                 \
  } while (0)
