// SPDX-License-Identifier: MIT
// Encode stage: payload bytes -> an immutable module grid, via libqrencode (numeric,
// alphanumeric and 8-bit segments, the smallest version that fits; when the payload has a byte
// >= 0x80, ECI 000026 = UTF-8 and then the whole payload as one 8-bit segment; no ECI for pure
// ASCII). Renderers read the grid; they never call libqrencode.
#pragma once
#include <bit>
#include <cstdint>
#include <cstring>
#include <string_view>
#include <vector>

#include "design.hpp"
#include "error.hpp"

namespace qredge {

class ModuleGrid {
 public:
  ModuleGrid(int version, int width, Ecc ecc, std::vector<std::uint8_t> dark, int mask = -1)
      : version_(version), width_(width), ecc_(ecc), mask_(mask), dark_(std::move(dark)) {}
  int version() const { return version_; }
  int width() const { return width_; }  // modules per side, quiet zone excluded
  Ecc ecc() const { return ecc_; }
  int mask() const { return mask_; }  // 0..7; -1 for a grid not made by encode()
  // Out-of-range coordinates are light (the quiet zone), so renderers can look at neighbours.
  bool dark(int x, int y) const {
    if (x < 0 || y < 0 || x >= width_ || y >= width_) return false;
    return dark_[static_cast<std::size_t>(y) * width_ + x] != 0;
  }
  // Row y (0 <= y < width) as width bytes, 1 for dark: for renderers that walk whole rows.
  const std::uint8_t* row(int y) const { return dark_.data() + static_cast<std::size_t>(y) * width_; }
  // Calls f(x0, x1) for each run of dark modules [x0, x1) of row y, left to right. The row's
  // bytes are packed into bits eight at a time and the runs' edges found a word at a time
  // (x ^ x << 1): a plain code's row has about width / 4 runs, and both renderers' plain
  // paths walk every row.
  template <class F>
  void for_each_dark_run(int y, F&& f) const {
    constexpr int kWords = (177 + 64) / 64;  // version 40, and the bit past its last module
    const std::uint8_t* r = row(y);
    std::uint64_t bits[kWords] = {};
    int x = 0;
    for (; x + 8 <= width_; x += 8) {
      std::uint64_t u;
      std::memcpy(&u, r + x, 8);
      // Bit 7 of each byte set when the byte is nonzero, then those eight bits side by side.
      const std::uint64_t nonzero = (((u & 0x7f7f7f7f7f7f7f7fu) + 0x7f7f7f7f7f7f7f7fu) | u) >> 7 & 0x0101010101010101u;
      bits[x >> 6] |= ((nonzero * 0x0102040810204080u) >> 56) << (x & 63);
    }
    for (; x < width_; ++x)
      if (r[x]) bits[x >> 6] |= std::uint64_t{1} << (x & 63);
    int x0 = 0;
    bool in_run = false;
    std::uint64_t carry = 0;
    for (int k = 0; k <= width_ >> 6; ++k) {
      std::uint64_t edges = bits[k] ^ ((bits[k] << 1) | carry);
      carry = bits[k] >> 63;
      for (; edges; edges &= edges - 1) {
        const int e = (k << 6) + std::countr_zero(edges);
        if (in_run) f(x0, e);
        else x0 = e;
        in_run = !in_run;
      }
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
  int mask_;
  std::vector<std::uint8_t> dark_;
};

// Errors: `data_too_long` when the payload does not fit version 40 at `ecc`
// (message names the byte count and the limit); `encode_failed` for anything else.
// `excluded_masks`: masks (bit m for mask m) the choice passes over while another is left.
Result<ModuleGrid> encode(std::string_view payload, Ecc ecc, unsigned excluded_masks = 0);

// True when `payload` has a byte >= 0x80: it is then encoded with ECI 000026 (UTF-8).
bool needs_utf8_eci(std::string_view payload);

// Bytes that fit a version-40 symbol in 8-bit mode at `ecc` (2953 / 2331 / 1663 / 1273), one
// less with the UTF-8 ECI header (`utf8_eci`, 12 bits). Longer ASCII payloads fit only when
// digit or upper-case runs pack denser.
std::size_t max_payload_bytes(Ecc ecc, bool utf8_eci = false);

}  // namespace qredge
