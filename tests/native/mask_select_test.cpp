// SPDX-License-Identifier: MIT
// The encode stage's own mask selection against libqrencode's: every mask's penalty equal to
// libqrencode's Mask_evaluateSymbol + N4, and whole symbols equal to QRcode_encodeString's,
// over payloads of every mode mix, every version 1..40 and every EC level.
#include <gtest/gtest.h>

#include <cstdlib>
#include <memory>
#include <string>

#include "encode.hpp"
#include "mask_select.hpp"

extern "C" {
#include "qrencode.h"
#include "qrspec.h"
#include "split.h"
#include "qrencode_inner.h"
unsigned char* Mask_makeMask(int width, unsigned char* frame, int mask, QRecLevel level);
int Mask_evaluateSymbol(int width, unsigned char* frame);
}

namespace qredge {
namespace {

const QRecLevel kLevels[] = {QR_ECLEVEL_L, QR_ECLEVEL_M, QR_ECLEVEL_Q, QR_ECLEVEL_H};
const Ecc kEccs[] = {Ecc::L, Ecc::M, Ecc::Q, Ecc::H};

// Payloads that make libqrencode mix numeric, alphanumeric and 8-bit segments, of lengths that
// reach every version at each level.
std::string payload(std::uint32_t& seed, std::size_t length) {
  auto rnd = [&seed] { return (seed = seed * 1103515245u + 12345u) >> 8; };
  static const char alnum[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";
  std::string s;
  const int kind = static_cast<int>(rnd() % 4);
  while (s.size() < length) {
    const int k = kind == 3 ? static_cast<int>(rnd() % 3) : kind;
    const std::size_t run = 1 + rnd() % 24;
    for (std::size_t i = 0; i < run && s.size() < length; ++i) {
      if (k == 0) s += static_cast<char>('0' + rnd() % 10);
      else if (k == 1) s += alnum[rnd() % 45];
      else s += static_cast<char>(1 + rnd() % 127);  // ASCII: QRcode_encodeString writes no ECI
    }
  }
  return s;
}

TEST(MaskSelect, SymbolsEqualLibqrencodeOverVersionsAndLevels) {
  std::uint32_t seed = 2026;
  int checked = 0;
  bool seen_version[41] = {};
  int seen_mask[8] = {};
  for (int l = 0; l < 4; ++l) {
    for (std::size_t length = 1; length <= max_payload_bytes(kEccs[l]); length += 1 + length / 100) {
      const std::string p = payload(seed, length);
      auto ours = encode(p, kEccs[l]);
      std::unique_ptr<QRcode, decltype(&QRcode_free)> ref(QRcode_encodeString(p.c_str(), 0, kLevels[l], QR_MODE_8, 1),
                                                           &QRcode_free);
      ASSERT_EQ(ours.ok(), ref != nullptr) << "length " << length;
      if (!ref) continue;
      ASSERT_EQ(ours->width(), ref->width);
      for (int y = 0; y < ref->width; ++y)
        for (int x = 0; x < ref->width; ++x)
          ASSERT_EQ(ours->dark(x, y), (ref->data[y * ref->width + x] & 1) != 0)
              << "level " << l << " length " << length << " version " << ref->version << " module " << x << "," << y;
      seen_version[ref->version] = true;
      ++checked;
      // Which mask libqrencode chose: the one whose format information is in the symbol.
      unsigned format = 0;
      for (int i = 0; i < 8; ++i) format |= static_cast<unsigned>(ref->data[8 * ref->width + ref->width - 1 - i] & 1) << i;
      for (int m = 0; m < 8; ++m)
        if ((QRspec_getFormatInfo(m, kLevels[l]) & 0xff) == format) ++seen_mask[m];
    }
  }
  for (int v = 1; v <= 40; ++v) EXPECT_TRUE(seen_version[v]) << "version " << v << " never reached";
  for (int m = 0; m < 8; ++m) EXPECT_GT(seen_mask[m], 0) << "mask " << m << " never chosen";
  EXPECT_GT(checked, 400);
}

TEST(MaskSelect, EveryPenaltyEqualsLibqrencodes) {
  std::uint32_t seed = 99;
  for (int l = 0; l < 4; ++l)
    for (std::size_t length = 1; length <= max_payload_bytes(kEccs[l]); length += 7 + length / 3) {
      const std::string p = payload(seed, length);
      std::unique_ptr<QRinput, decltype(&QRinput_free)> input(QRinput_new2(0, kLevels[l]), &QRinput_free);
      ASSERT_GE(Split_splitStringToQRinput(p.c_str(), input.get(), QR_MODE_8, 1), 0);
      std::unique_ptr<QRcode, decltype(&QRcode_free)> frame(QRcode_encodeMask(input.get(), -2), &QRcode_free);
      ASSERT_TRUE(frame);
      const int w = frame->width, w2 = w * w;
      detail::MaskInput in{frame->data, w, {}};
      for (int m = 0; m < 8; ++m) in.format_info[static_cast<std::size_t>(m)] = QRspec_getFormatInfo(m, kLevels[l]);
      for (int m = 0; m < 8; ++m) {
        std::unique_ptr<unsigned char, decltype(&std::free)> masked(Mask_makeMask(w, frame->data, m, kLevels[l]), &std::free);
        int blacks = 0;
        for (int i = 0; i < w2; ++i) blacks += masked.get()[i] & 1;
        const int bratio = (200 * blacks + w2) / w2 / 2;
        const int expected = (std::abs(bratio - 50) / 5) * 10 + Mask_evaluateSymbol(w, masked.get());
        ASSERT_EQ(detail::mask_penalty(in, m), expected) << "level " << l << " length " << length << " mask " << m;
      }
    }
}

}  // namespace
}  // namespace qredge
