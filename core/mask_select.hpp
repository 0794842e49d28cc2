// SPDX-License-Identifier: MIT
// Part of the encode stage: choosing and applying the data mask (ISO/IEC 18004 §7.8) on a
// bit-packed copy of the symbol. It scores the masks exactly as libqrencode 4.1.1's Mask_mask
// (the same penalty rules and quirks), a word at a time, and takes libqrencode's choice (the
// first mask with the lowest penalty) unless that symbol holds finder-pattern look-alikes
// (finder_lookalike.hpp): then the lowest-penalty mask without any, or with the fewest.
#pragma once
#include <array>
#include <cstdint>
#include <vector>

namespace qredge::detail {

// The unmasked frame as libqrencode builds it: width*width bytes, bit 0 dark, bit 7 set on
// function modules (never masked), format-information modules reserved (bit 0 clear).
// `format_info[m]` is the 15-bit format information for mask m at the symbol's EC level.
struct MaskInput {
  const std::uint8_t* frame;
  int width;  // 21..177
  std::array<unsigned, 8> format_info;
};

// libqrencode's penalty (N1..N4) of the symbol masked with `mask` (0..7), format information
// included; exposed for tests.
int mask_penalty(const MaskInput& in, int mask);

// Picks the mask (see above) and returns it with the masked symbol, one byte per module
// (1 dark), row by row. Masks whose bit is set in `excluded` are passed over (a styled drawing
// of them fooled ZXing Java's search: engine.cpp).
struct Masked {
  int mask;
  std::vector<std::uint8_t> dark;
};
Masked select_mask(const MaskInput& in, unsigned excluded = 0);

}  // namespace qredge::detail
