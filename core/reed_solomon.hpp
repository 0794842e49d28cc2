// SPDX-License-Identifier: MIT
// Part of the encode stage: the error correction codewords of one QR block (ISO/IEC 18004 §7.5.2,
// GF(256) with the polynomial x^8 + x^4 + x^3 + x^2 + 1, generator roots α^0 .. α^(n-1)): the
// same codewords as libqrencode's RSECC_encode, without its modulo per term.
#pragma once
#include <cstdint>

namespace qredge::detail {

// The generator of one EC length, made once for all the blocks of a symbol.
class ReedSolomon {
 public:
  explicit ReedSolomon(int ecc_length);  // 7..30, a QR block's EC codewords
  // Writes the EC codewords of `data_length` data codewords to `ecc` (ecc_length bytes).
  void encode(const std::uint8_t* data, int data_length, std::uint8_t* ecc) const;

 private:
  int n_;
  std::uint8_t gen_log_[30];  // the generator's coefficients below the leading 1, as logarithms
};

}  // namespace qredge::detail
