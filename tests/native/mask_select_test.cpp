// SPDX-License-Identifier: MIT
// The encode stage's own mask selection against libqrencode's: every mask's penalty equal to
// libqrencode's Mask_evaluateSymbol + N4, and whole symbols equal to QRcode_encodeString's
// whenever libqrencode's holds no finder look-alike (otherwise ours is one ZXing Java's replayed
// finder search reads right, or holds fewer), over payloads
// of every mode mix, every version 1..40 and every EC level. And the look-alike counter itself.
#include <gtest/gtest.h>

#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "encode.hpp"
#include "finder_lookalike.hpp"
#include "finder_search.hpp"
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

int lookalikes_of(const QRcode& q) {
  std::vector<std::uint8_t> d(static_cast<std::size_t>(q.width) * q.width);
  for (std::size_t i = 0; i < d.size(); ++i) d[i] = q.data[i] & 1;
  return detail::count_finder_lookalikes(d.data(), q.width);
}

int lookalikes_of(const ModuleGrid& g) {
  std::vector<std::uint8_t> d(static_cast<std::size_t>(g.width()) * g.width());
  for (int y = 0; y < g.width(); ++y)
    for (int x = 0; x < g.width(); ++x) d[static_cast<std::size_t>(y) * g.width() + x] = g.dark(x, y);
  return detail::count_finder_lookalikes(d.data(), g.width());
}

// ZXing Java 3.4's finder search, replayed at the two pitches the mask choice uses, takes the
// three real finders.
bool java_reads(const std::vector<std::uint8_t>& d, int width) {
  const int stride = (width + 63) / 64;
  std::vector<std::uint64_t> rows(static_cast<std::size_t>(stride) * static_cast<std::size_t>(width));
  for (int y = 0; y < width; ++y)
    for (int x = 0; x < width; ++x)
      if (d[static_cast<std::size_t>(y) * width + x]) rows[static_cast<std::size_t>(y * stride + x / 64)] |= std::uint64_t{1} << (x % 64);
  return detail::zxing_java_finds_finders(rows.data(), stride, width, 4.0) &&
         detail::zxing_java_finds_finders(rows.data(), stride, width, 4.5);
}
bool java_reads(const QRcode& q) {
  std::vector<std::uint8_t> d(static_cast<std::size_t>(q.width) * q.width);
  for (std::size_t i = 0; i < d.size(); ++i) d[i] = q.data[i] & 1;
  return java_reads(d, q.width);
}
bool java_reads(const ModuleGrid& g) {
  return java_reads(std::vector<std::uint8_t>(g.row(0), g.row(0) + static_cast<std::ptrdiff_t>(g.width()) * g.width()), g.width());
}

TEST(MaskSelect, SymbolsEqualLibqrencodeOverVersionsAndLevels) {
  std::uint32_t seed = 2026;
  int checked = 0, avoided = 0, rescued = 0;
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
      seen_version[ref->version] = true;
      const int ref_lookalikes = lookalikes_of(*ref);
      if (ref_lookalikes > 0) {
        // Another mask may be chosen: one ZXing Java's replayed finder search reads right, or
        // when none does, one with no more look-alikes than libqrencode's.
        const bool read = java_reads(*ours);
        EXPECT_TRUE(read || lookalikes_of(*ours) <= ref_lookalikes) << "level " << l << " length " << length;
        if (lookalikes_of(*ours) < ref_lookalikes) ++avoided;
        if (read && !java_reads(*ref)) ++rescued;
        continue;
      }
      for (int y = 0; y < ref->width; ++y)
        for (int x = 0; x < ref->width; ++x)
          ASSERT_EQ(ours->dark(x, y), (ref->data[y * ref->width + x] & 1) != 0)
              << "level " << l << " length " << length << " version " << ref->version << " module " << x << "," << y;
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
  EXPECT_GT(checked, 200);
  EXPECT_GT(avoided, 50);  // the sweep does meet look-alikes, and the choice removes them
  EXPECT_GT(rescued, 5);   // and libqrencode's choice is sometimes one ZXing Java cannot find
}

// A module grid drawn from rows of '#' (dark) and '.' (light).
std::vector<std::uint8_t> grid_of(const std::vector<std::string>& rows) {
  std::vector<std::uint8_t> d;
  for (const auto& r : rows)
    for (char c : r) d.push_back(c == '#');
  return d;
}

TEST(FinderLookalike, CountsACrossInTheDataAreaAndNotTheFinders) {
  // 21 x 21: the three finders, and a 1:1:3:1:1 cross centred at (13, 13).
  std::vector<std::string> rows(21, std::string(21, '.'));
  auto finder = [&](int x0, int y0) {
    for (int y = 0; y < 7; ++y)
      for (int x = 0; x < 7; ++x) {
        const bool ring = x == 0 || y == 0 || x == 6 || y == 6, core = x >= 2 && x <= 4 && y >= 2 && y <= 4;
        rows[static_cast<std::size_t>(y0 + y)][static_cast<std::size_t>(x0 + x)] = ring || core ? '#' : '.';
      }
  };
  finder(0, 0);
  finder(14, 0);
  finder(0, 14);
  EXPECT_EQ(detail::count_finder_lookalikes(grid_of(rows).data(), 21), 0);
  // Row 13 and column 13 through the centre: # . ### . # (centre run 3 modules).
  for (int i = -3; i <= 3; ++i) {
    const char c = (i == -2 || i == 2) ? '.' : '#';
    rows[13][static_cast<std::size_t>(13 + i)] = c;
    rows[static_cast<std::size_t>(13 + i)][13] = c;
  }
  const int crossed = detail::count_finder_lookalikes(grid_of(rows).data(), 21);
  EXPECT_GE(crossed, 1);
  // Breaking the column's rhythm (a longer light run below) removes it.
  rows[16][13] = '.';
  EXPECT_LT(detail::count_finder_lookalikes(grid_of(rows).data(), 21), crossed);
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

// Lines made of runs f, f, 3f, f, f (f = 1..9) among others, where N3's wider patterns live:
// symbols whose every module is a function module (never masked), so each mask's penalty is
// that of these lines plus the format information, against libqrencode's on the same frame.
TEST(MaskSelect, PenaltiesOfWideFinderLikeRunsEqualLibqrencodes) {
  std::uint32_t seed = 4242;
  auto rnd = [&seed] { return (seed = seed * 1103515245u + 12345u) >> 8; };
  int with_n3 = 0;
  for (int round = 0; round < 400; ++round) {
    const int w = 21 + 4 * static_cast<int>(rnd() % 40);
    const int f = 1 + static_cast<int>(rnd() % 9);
    std::vector<unsigned char> frame(static_cast<std::size_t>(w) * w);
    std::size_t i = 0;
    bool dark = rnd() % 2 != 0;
    while (i < frame.size()) {
      const unsigned k = rnd() % 10;
      const int run = k < 3 ? 1 + static_cast<int>(rnd() % 5) : k < 7 ? f : k < 9 ? 3 * f : 4 * f + static_cast<int>(rnd() % 3);
      for (int r = 0; r < run && i < frame.size(); ++r) frame[i++] = static_cast<unsigned char>(0x80 | (dark ? 1 : 0));
      dark = !dark;
    }
    // The format information's modules are reserved light, as in libqrencode's frames.
    auto reserve = [&](int x, int y) { frame[static_cast<std::size_t>(y) * w + x] = 0x80; };
    for (int k = 0; k < 8; ++k) {
      reserve(w - 1 - k, 8);
      reserve(8, k < 6 ? k : k + 1);
    }
    for (int k = 0; k < 7; ++k) {
      reserve(8, w - 7 + k);
      reserve(k == 0 ? 7 : 6 - k, 8);
    }
    detail::MaskInput in{frame.data(), w, {}};
    for (int m = 0; m < 8; ++m) in.format_info[static_cast<std::size_t>(m)] = QRspec_getFormatInfo(m, QR_ECLEVEL_M);
    for (int m = 0; m < 8; ++m) {
      std::unique_ptr<unsigned char, decltype(&std::free)> masked(Mask_makeMask(w, frame.data(), m, QR_ECLEVEL_M), &std::free);
      const int w2 = w * w;
      int blacks = 0;
      for (int j = 0; j < w2; ++j) blacks += masked.get()[j] & 1;
      const int n4 = (std::abs((200 * blacks + w2) / w2 / 2 - 50) / 5) * 10;
      const int expected = n4 + Mask_evaluateSymbol(w, masked.get());
      ASSERT_EQ(detail::mask_penalty(in, m), expected) << "width " << w << " f " << f << " mask " << m;
    }
    // A run of 3f dark between light runs of f: f >= 2 patterns appear (N3 is 40 each).
    if (f >= 3) ++with_n3;
  }
  EXPECT_GT(with_n3, 100);
}

}  // namespace
}  // namespace qredge
