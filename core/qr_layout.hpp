// SPDX-License-Identifier: MIT
// Where things are in a QR symbol (ISO/IEC 18004 §7): function patterns, and which codeword and
// Reed-Solomon block each data module belongs to. Pure geometry from the version and ECC level;
// the render stage uses it to keep a logo off the function patterns and within what error
// correction can repair. It never looks at module values.
#pragma once
#include <cstdint>
#include <vector>

#include <utility>
#include <vector>

#include "design.hpp"

namespace qredge {

// Centres (x, y) of a version's alignment patterns (none for version 1), the three that would
// overlap the finder patterns left out.
std::vector<std::pair<int, int>> alignment_centres(int version);

class QrLayout {
 public:
  // version 1–40.
  QrLayout(int version, Ecc ecc);
  int width() const { return width_; }
  // Finder patterns and separators, timing patterns, alignment patterns, format and version
  // information (and the dark module).
  bool is_function(int x, int y) const { return role_[index(x, y)] == kFunction; }
  // Function modules that decoders need to locate and read the symbol: finders with their
  // separators, format and version information, and the bottom-right alignment pattern.
  // (Timing patterns and the other alignment patterns are commonly covered by logos.)
  bool is_essential(int x, int y) const { return essential_[index(x, y)] != 0; }
  // Block of the codeword a data module belongs to, or -1 (function module or remainder bit).
  int block_of(int x, int y) const;
  int codeword_of(int x, int y) const { return role_[index(x, y)]; }
  int blocks() const { return static_cast<int>(correctable_.size()); }
  // Codeword errors each block can correct: floor(EC codewords per block / 2).
  int correctable(int block) const { return correctable_[static_cast<std::size_t>(block)]; }

 private:
  static constexpr int kFunction = -2;
  static constexpr int kRemainder = -1;
  std::size_t index(int x, int y) const { return static_cast<std::size_t>(y) * width_ + x; }
  int width_;
  std::vector<int> role_;               // codeword index, kFunction or kRemainder
  std::vector<std::uint8_t> essential_;
  std::vector<int> block_of_codeword_;
  std::vector<int> correctable_;
};

}  // namespace qredge
