// SPDX-License-Identifier: MIT
// The drawn finder check (drawn_finder_check.hpp) and the engine's use of it: a styled code
// whose mask the plain replay reads can still hold a finder look-alike once drawn with its
// shapes; the engine then draws the next mask. The case is a random design of
// scripts/sweep-designs.mjs (seed 14, case 62): ZXing Java 3.4 missed it at every size from 4
// to 12 px per module, its plain drawing read; with the mask the engine now takes, ZXing Java
// reads it at all those sizes (checked once with the real decoder; the matrix's
// "drawn look-alikes" group keeps checking it with the whole panel).
#include <gtest/gtest.h>

#include <string>

#include "drawn_finder_check.hpp"
#include "encode.hpp"
#include "engine.hpp"
#include "render_png.hpp"

namespace qredge {
namespace {

// The sweep's random text (UTF-8), as it generated it.
const std::string kText =
    "J(zx(!qmt(QNvIFhs,äpbr&F?qinäk.#,sO64NküK✓]6:q#gj4e!bltM:SWdX8)4fQCwG[iy+xW✓T_NZ"
    "aMF /8f82zk~P5UGWC.ü$4✓eZ8RXo8AJ.[d€j# uWuGd9rr)~ _VäDFi8E€j@2@(]u&X:B:HW04V2M4B"
    "4Fxsf$)g8w#QHR/s]A[j!R22C6XM[✓y?ß2;üD3]hsk$Au4q@wO;Dn@zq@B EM;Ll:2*t%r✓xJ~cX @✓_"
    "T:c l_C/HshQUh!!lnCu0ppc76fm#f1w";

Design classy_rounded() {
  Design d;
  d.error_correction = Ecc::M;
  d.body = BodyShape::ClassyRounded;
  d.eye_frame = EyeFrameShape::Circle;
  d.eye_ball = EyeBallShape::Diamond;
  return d;
}

TEST(DrawnFinderCheck, TheStyledDrawingOfThePlainChoiceHoldsALookalike) {
  auto first = encode(kText, Ecc::M);
  ASSERT_TRUE(first.ok());
  ASSERT_EQ(first->version(), 13);
  for (int size : {308, 462, 627, 770})
    EXPECT_TRUE(drawing_fools_finder_search(*first, classy_rounded(), Output{Format::Png, size, 4})) << size;
  // Square modules of the same mask do not: the mask choice's own replay is right for them.
  Design square = classy_rounded();
  square.body = BodyShape::Square;
  EXPECT_FALSE(drawing_fools_finder_search(*first, square, Output{Format::Png, 627, 4}));
}

TEST(DrawnFinderCheck, TheEngineDrawsAnotherMaskThatDoesNot) {
  auto first = encode(kText, Ecc::M);
  ASSERT_TRUE(first.ok());
  auto next = encode(kText, Ecc::M, 1u << first->mask());
  ASSERT_TRUE(next.ok());
  EXPECT_NE(next->mask(), first->mask());
  EXPECT_EQ(next->version(), first->version());
  for (int size : {308, 462, 627, 770})
    EXPECT_FALSE(drawing_fools_finder_search(*next, classy_rounded(), Output{Format::Png, size, 4})) << size;
  // render_payload draws that mask: its PNG is the one drawn from `next`, not from `first`.
  const Output out{Format::Png, 627, 4};
  auto rendered = render_payload(kText, classy_rounded(), out);
  ASSERT_TRUE(rendered.ok());
  auto from_next = render_png(*next, classy_rounded(), out);
  auto from_first = render_png(*first, classy_rounded(), out);
  ASSERT_TRUE(from_next.ok() && from_first.ok());
  EXPECT_EQ(rendered->png, *from_next);
  EXPECT_NE(rendered->png, *from_first);
}

TEST(DrawnFinderCheck, NothingToCheckForPlainDesignsPrintAndSmallVersions) {
  auto grid = encode(kText, Ecc::M);
  ASSERT_TRUE(grid.ok());
  Design plain;
  plain.error_correction = Ecc::M;
  EXPECT_FALSE(drawing_fools_finder_search(*grid, plain, Output{Format::Png, 627, 4}));
  EXPECT_FALSE(drawing_fools_finder_search(*grid, classy_rounded(), Output{Format::Pdf, 627, 4}));
  auto small = encode("https://example.com/a", Ecc::M);
  ASSERT_TRUE(small.ok());
  ASSERT_LT(small->version(), kFinderCheckFromVersion);
  EXPECT_FALSE(drawing_fools_finder_search(*small, classy_rounded(), Output{Format::Png, 300, 4}));
}

TEST(DrawnFinderCheck, ExcludedMasksArePassedOverWhileAnotherIsLeft) {
  auto first = encode(kText, Ecc::M);
  ASSERT_TRUE(first.ok());
  unsigned excluded = 0;
  for (int k = 0; k < 7; ++k) {
    excluded |= 1u << first->mask();
    first = encode(kText, Ecc::M, excluded);
    ASSERT_TRUE(first.ok());
    EXPECT_EQ(excluded >> first->mask() & 1, 0u) << k;
  }
  EXPECT_EQ(excluded | 1u << first->mask(), 0xffu);  // all eight, each once
}

}  // namespace
}  // namespace qredge
