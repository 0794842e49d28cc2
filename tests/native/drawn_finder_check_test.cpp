// SPDX-License-Identifier: MIT
// The drawn finder check (drawn_finder_check.hpp) and the engine's use of it: a styled code
// whose mask the plain replay reads can still hold a finder look-alike once drawn with its
// shapes; the engine then draws the next mask. The case is a random text found by this check
// (its plain choice fooled it at 5 of 6 sizes from 308 to 770 px): ZXing Java 3.4 missed the
// `classy-rounded` drawing of that mask at 10 of 12 PNG and SVG renders from 400 to 770 px,
// and reads all 12 with the mask the engine now takes (checked once with the real decoder;
// the matrix's `lookalikes` group keeps checking it with the whole panel).
#include <gtest/gtest.h>

#include <string>

#include "drawn_finder_check.hpp"
#include "encode.hpp"
#include "engine.hpp"
#include "render_png.hpp"

namespace qredge {
namespace {

// A random text (485 characters of ASCII, version 15 at level L).
const std::string kText =
    "..8nWAG3&VNfDD_F$?s+16rz(,hU@xew9PqsB#;EnGFQ8@RM4EcH_IG/g7/Um l?B-W7g2?LlcKR0mcm +;Me;sd*5"
    "C==ITu/X1G6UVaOCy4*0+hRA=gpAinjxWK=kl[c3znDoH-X#,9cKZg]i$*d)3mAXbbIsM6B(PcjA/2JSbw ufDQ;yS"
    " A9V*Fn#w#G+W3sdGr)_&!jcH.3]l.Wng_R!?()NTgs:QvUO$Lv42WMdT& $.Q+U1zYXIJ6q+E?;dJ3]xb7A[swy&8"
    "mw6+?d]_&OCSs@qExT4+NLMfv?KZ6T-GQjtfryi9h$12BvpzQWs;d LXG.oXZsxNjZb-11N_vQQ/[Iw@8t*O8*5_cF"
    "BFN[!=l~)Lw,s_[8e#RV#?))v6mii94U8H0]bx!@lF;Y;(c[f+/S(n1LwaSzWDdnM[C(_FyOn(ZF1fqkMEWTj1dVl2"
    ",kdeX43Xi9u3!=MRJWzmQ,i+5UmXL!XGb$s";

Design classy_rounded() {
  Design d;
  d.error_correction = Ecc::L;
  d.body = BodyShape::ClassyRounded;
  d.eye_frame = EyeFrameShape::Circle;
  d.eye_ball = EyeBallShape::Diamond;
  return d;
}

TEST(DrawnFinderCheck, TheStyledDrawingOfThePlainChoiceHoldsALookalike) {
  auto first = encode(kText, Ecc::L);
  ASSERT_TRUE(first.ok());
  ASSERT_EQ(first->version(), 15);
  for (int size : {400, 462, 627, 770})
    EXPECT_TRUE(drawing_fools_finder_search(*first, classy_rounded(), Output{Format::Png, size, 4})) << size;
  // Square modules of the same mask do not: the mask choice's own replay is right for them.
  Design square = classy_rounded();
  square.body = BodyShape::Square;
  EXPECT_FALSE(drawing_fools_finder_search(*first, square, Output{Format::Png, 627, 4}));
}

TEST(DrawnFinderCheck, TheEngineDrawsAnotherMaskThatDoesNot) {
  auto first = encode(kText, Ecc::L);
  ASSERT_TRUE(first.ok());
  auto next = encode(kText, Ecc::L, 1u << first->mask());
  ASSERT_TRUE(next.ok());
  EXPECT_NE(next->mask(), first->mask());
  EXPECT_EQ(next->version(), first->version());
  for (int size : {400, 462, 627, 770})
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
  auto grid = encode(kText, Ecc::L);
  ASSERT_TRUE(grid.ok());
  Design plain;
  plain.error_correction = Ecc::L;
  EXPECT_FALSE(drawing_fools_finder_search(*grid, plain, Output{Format::Png, 627, 4}));
  EXPECT_FALSE(drawing_fools_finder_search(*grid, classy_rounded(), Output{Format::Pdf, 627, 4}));
  auto small = encode("https://example.com/a", Ecc::M);
  ASSERT_TRUE(small.ok());
  ASSERT_LT(small->version(), kFinderCheckFromVersion);
  EXPECT_FALSE(drawing_fools_finder_search(*small, classy_rounded(), Output{Format::Png, 300, 4}));
}

TEST(DrawnFinderCheck, ExcludedMasksArePassedOverWhileAnotherIsLeft) {
  auto first = encode(kText, Ecc::L);
  ASSERT_TRUE(first.ok());
  unsigned excluded = 0;
  for (int k = 0; k < 7; ++k) {
    excluded |= 1u << first->mask();
    first = encode(kText, Ecc::L, excluded);
    ASSERT_TRUE(first.ok());
    EXPECT_EQ(excluded >> first->mask() & 1, 0u) << k;
  }
  EXPECT_EQ(excluded | 1u << first->mask(), 0xffu);  // all eight, each once
}

}  // namespace
}  // namespace qredge
