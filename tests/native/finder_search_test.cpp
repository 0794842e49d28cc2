// SPDX-License-Identifier: MIT
// ZXing Java 3.4's finder search as the mask choice replays it (core/finder_search.hpp), on a
// version-10 skeleton (finders and timing patterns, no data) with one copy of a finder planted
// in it. Each case's answer was checked once against ZXing Java 3.4 itself (Debian's
// libzxing-java, FinderPatternFinder on the same drawing): where a planted copy is taken for
// a finder and where it is not depends on the search's row skipping and on when it stops,
// which is what the replay is for.
#include <gtest/gtest.h>

#include <cstdint>
#include <cstdlib>
#include <vector>

#include "finder_search.hpp"

namespace qredge {
namespace {

constexpr int kWidth = 57;  // version 10

// A finder pattern of `n` modules (7 for a real one) with its top-left module at (x0, y0).
void draw_finder(std::vector<std::uint8_t>& d, int x0, int y0, int n) {
  for (int y = 0; y < n; ++y)
    for (int x = 0; x < n; ++x) {
      const int ring = std::max(std::abs(2 * x - (n - 1)), std::abs(2 * y - (n - 1)));
      d[static_cast<std::size_t>((y0 + y) * kWidth + x0 + x)] = ring >= n - 2 || ring <= n - 5;
    }
}

// The skeleton, plus a finder of `n` modules centred at (cx, cy) when cx >= 0.
std::vector<std::uint64_t> symbol(int cx = -1, int cy = -1, int n = 7) {
  std::vector<std::uint8_t> d(kWidth * kWidth, 0);
  draw_finder(d, 0, 0, 7);
  draw_finder(d, kWidth - 7, 0, 7);
  draw_finder(d, 0, kWidth - 7, 7);
  for (int i = 8; i < kWidth - 8; ++i) {
    d[static_cast<std::size_t>(6 * kWidth + i)] = i % 2 == 0;
    d[static_cast<std::size_t>(i * kWidth + 6)] = i % 2 == 0;
  }
  if (cx >= 0) draw_finder(d, cx - n / 2, cy - n / 2, n);
  std::vector<std::uint64_t> rows(kWidth);  // one word a row: the width is under 64
  for (int y = 0; y < kWidth; ++y)
    for (int x = 0; x < kWidth; ++x)
      if (d[static_cast<std::size_t>(y * kWidth + x)]) rows[static_cast<std::size_t>(y)] |= std::uint64_t{1} << x;
  return rows;
}

bool finds(const std::vector<std::uint64_t>& rows, double pitch) {
  return detail::zxing_java_finds_finders(rows.data(), 1, kWidth, pitch);
}

TEST(FinderSearch, FindsTheThreeFindersOfACleanSymbol) {
  for (double pitch : {3.0, 4.0, 4.5, 5.0, 7.5}) EXPECT_TRUE(finds(symbol(), pitch)) << pitch;
}

TEST(FinderSearch, TakesAFinderSizedCopyMetAfterItsRowSkipForTheBottomLeftFinder) {
  // Past the skip that follows the top two finders, before the bottom-left one: the search
  // confirms the copy third, with the same module size, and stops there.
  EXPECT_FALSE(finds(symbol(30, 34), 4.0));
  EXPECT_FALSE(finds(symbol(28, 30), 4.0));
  EXPECT_FALSE(finds(symbol(40, 40), 4.5));
}

TEST(FinderSearch, PassesOverCopiesItSkipsMeetsLateOrSizesWrong) {
  EXPECT_TRUE(finds(symbol(30, 20), 4.0));     // in the rows it skips after the top two
  EXPECT_TRUE(finds(symbol(30, 53), 4.0));     // beside the bottom-left finder, met after it
  EXPECT_TRUE(finds(symbol(30, 34, 9), 4.0));  // 9 modules: its module size 9/7 of the finders'
}

}  // namespace
}  // namespace qredge
