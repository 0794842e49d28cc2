// SPDX-License-Identifier: MIT
#include "reed_solomon.hpp"

#include <array>
#include <cstring>

namespace qredge::detail {
namespace {

// exp[i] = α^i for i < 510 (twice over, so exp[log a + log b] needs no modulo); log[0] unused.
// Filled when the module starts (a few thousand instructions) rather than shipped as 768
// bytes of data in the .wasm.
struct Tables {
  std::array<std::uint8_t, 512> exp{};
  std::array<std::uint8_t, 256> log{};
  Tables() {
    unsigned b = 1;
    for (int i = 0; i < 255; ++i) {
      exp[static_cast<std::size_t>(i)] = exp[static_cast<std::size_t>(i + 255)] = static_cast<std::uint8_t>(b);
      log[b] = static_cast<std::uint8_t>(i);
      b <<= 1;
      if (b & 0x100) b ^= 0x11d;
    }
  }
};
const Tables kGf;
constexpr int kMaxEcc = 30;  // the longest QR block's EC codewords

}  // namespace

ReedSolomon::ReedSolomon(int ecc_length) : n_(ecc_length), gen_log_{} {
  // (x - α^0)(x - α^1)...(x - α^(n-1)), g[0] the coefficient of the highest power (1).
  std::uint8_t g[kMaxEcc + 1] = {1};
  for (int i = 0; i < n_; ++i) {
    // g *= (x + α^i): each coefficient gains the next higher one's times α^i.
    g[i + 1] = 0;
    for (int j = i + 1; j > 0; --j)
      if (g[j - 1]) g[j] ^= kGf.exp[static_cast<std::size_t>(kGf.log[g[j - 1]] + i)];
  }
  // None of the coefficients is 0 for the QR block lengths (tests/native/encode_test.cpp
  // compares every length with libqrencode's RSECC_encode).
  for (int j = 0; j < n_; ++j) gen_log_[j] = kGf.log[g[j + 1]];
}

void ReedSolomon::encode(const std::uint8_t* data, int data_length, std::uint8_t* ecc) const {
  // Long division of data(x) x^n by the generator: `ecc` holds the remainder, highest power
  // first; each step shifts it by one and adds the generator times the feedback.
  std::memset(ecc, 0, static_cast<std::size_t>(n_));
  for (int i = 0; i < data_length; ++i) {
    const std::uint8_t feedback = data[i] ^ ecc[0];
    if (!feedback) {
      for (int j = 0; j + 1 < n_; ++j) ecc[j] = ecc[j + 1];
      ecc[n_ - 1] = 0;
      continue;
    }
    const int f = kGf.log[feedback];
    for (int j = 0; j + 1 < n_; ++j) ecc[j] = ecc[j + 1] ^ kGf.exp[static_cast<std::size_t>(f + gen_log_[j])];
    ecc[n_ - 1] = kGf.exp[static_cast<std::size_t>(f + gen_log_[n_ - 1])];
  }
}

}  // namespace qredge::detail
