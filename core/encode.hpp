// SPDX-License-Identifier: MIT
// Encode stage: payload bytes -> an immutable module grid, via libqrencode (numeric,
// alphanumeric and 8-bit segments, the smallest version that fits; ECI 000026 = UTF-8 before
// the data when the payload has a byte >= 0x80, none for pure ASCII). Renderers read the grid; they never call libqrencode.
#pragma once
#include <cstdint>
#include <string_view>
#include <vector>

#include "design.hpp"
#include "error.hpp"

namespace qredge {

class ModuleGrid {
 public:
  ModuleGrid(int version, int width, Ecc ecc, std::vector<std::uint8_t> dark)
      : version_(version), width_(width), ecc_(ecc), dark_(std::move(dark)) {}
  int version() const { return version_; }
  int width() const { return width_; }  // modules per side, quiet zone excluded
  Ecc ecc() const { return ecc_; }
  // Out-of-range coordinates are light (the quiet zone), so renderers can look at neighbours.
  bool dark(int x, int y) const {
    if (x < 0 || y < 0 || x >= width_ || y >= width_) return false;
    return dark_[static_cast<std::size_t>(y) * width_ + x] != 0;
  }
  // Row y (0 <= y < width) as width bytes, 1 for dark: for renderers that walk whole rows.
  const std::uint8_t* row(int y) const { return dark_.data() + static_cast<std::size_t>(y) * width_; }
  // Calls f(x0, x1) for each run of dark modules [x0, x1) of row y, left to right.
  template <class F>
  void for_each_dark_run(int y, F&& f) const {
    const std::uint8_t* r = row(y);
    for (int x = 0; x < width_;) {
      if (!r[x]) {
        ++x;
        continue;
      }
      const int x0 = x;
      while (x < width_ && r[x]) ++x;
      f(x0, x);
    }
  }
  // True for modules of the three finder patterns (7x7 each), which are drawn as "eyes".
  bool in_eye(int x, int y) const {
    auto in = [](int v, int lo) { return v >= lo && v < lo + 7; };
    const int far = width_ - 7;
    return (in(x, 0) && in(y, 0)) || (in(x, far) && in(y, 0)) || (in(x, 0) && in(y, far));
  }

 private:
  int version_;
  int width_;
  Ecc ecc_;
  std::vector<std::uint8_t> dark_;
};

// Errors: `data_too_long` when the payload does not fit version 40 at `ecc`
// (message names the byte count and the limit); `encode_failed` for anything else.
Result<ModuleGrid> encode(std::string_view payload, Ecc ecc);

// True when `payload` has a byte >= 0x80: it is then encoded with ECI 000026 (UTF-8).
bool needs_utf8_eci(std::string_view payload);

// Bytes that fit a version-40 symbol in 8-bit mode at `ecc` (2953 / 2331 / 1663 / 1273), one
// less with the UTF-8 ECI header (`utf8_eci`, 12 bits). Longer payloads fit only when digit or
// upper-case runs pack denser.
std::size_t max_payload_bytes(Ecc ecc, bool utf8_eci = false);

}  // namespace qredge
