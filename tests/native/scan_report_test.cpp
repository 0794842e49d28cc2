// SPDX-License-Identifier: MIT
// The scan report: what it says of plain, styled, logo and small renders.
#include <gtest/gtest.h>

#include <string>

#include "engine.hpp"
#include "geometry.hpp"
#include "render_svg.hpp"
#include "render_png.hpp"
#include "scan_report.hpp"

namespace qredge {
namespace {

Logo square_logo(double size, bool clear) {
  Logo l;
  l.width = l.height = 64;
  l.size = size;
  l.clear_background = clear;
  return l;
}

TEST(ScanReport, PlainCodeHasNoAdjustmentsAndTheDrawnPitch) {
  const auto g = std::move(*encode("https://example.com/a", Ecc::M));
  Output o{Format::Png, 512, 4};
  const ScanReport r = scan_report(g, Design{}, o);
  EXPECT_EQ(r.effective_error_correction, Ecc::M);
  // 25 modules + 8: 512 / 33 = 15.52 px; a plain code is drawn with 15 whole pixels per module.
  EXPECT_DOUBLE_EQ(r.px_per_module, 15);
  EXPECT_DOUBLE_EQ(r.contrast_ratio, 21);
  EXPECT_FALSE(r.logo_block_load.has_value());
  EXPECT_TRUE(r.adjustments.empty());
  EXPECT_TRUE(r.warnings.empty());
  // The SVG's viewBox draws the same picture at its declared size.
  o.format = Format::Svg;
  EXPECT_DOUBLE_EQ(scan_report(g, Design{}, o).px_per_module, 15);
  // A styled code: 7 modules in whole pixels, floor(7 * 15.52) / 7 = 15.43.
  Design styled;
  styled.body = BodyShape::Dots;
  EXPECT_NEAR(scan_report(g, styled, o).px_per_module, 108.0 / 7, 0.006);
}

TEST(ScanReport, FromVersion25StyledCodesGetWholePixelsPerModule) {
  // Version 25 (117 modules) at 733 px: 733 / 125 = 5.86 px. A styled code below version 25
  // would get floor(7 * 5.86) / 7 = 5.857; from 25 up it gets 5 whole pixels, as plain codes.
  std::string text(1200, 'a');
  for (std::size_t i = 0; i < text.size(); ++i) text[i] = static_cast<char>('a' + (i * 7) % 26);
  const auto g = std::move(*encode(text, Ecc::L));
  ASSERT_EQ(g.version(), 25);
  Design styled;
  styled.body = BodyShape::Rounded;
  EXPECT_DOUBLE_EQ(scan_report(g, styled, Output{Format::Png, 733, 4}).px_per_module, 5);
  EXPECT_DOUBLE_EQ(scan_report(g, styled, Output{Format::Svg, 733, 4}).px_per_module, 5);
  const PixelPlacement pl = pixel_placement(g.width(), 4, 733, false);
  EXPECT_EQ(pl.symbol_start, (733 - 117 * 5) / 2);
  // Version 24 keeps 7 modules in whole pixels.
  const auto small = std::move(*encode(text.substr(0, 1100), Ecc::L));
  ASSERT_EQ(small.version(), 24);
  EXPECT_NEAR(scan_report(small, styled, Output{Format::Png, 733, 4}).px_per_module, 42.0 / 7, 0.006);
}

TEST(ScanReport, ContrastIsTheWorstDarkColour) {
  const auto g = std::move(*encode("x", Ecc::Q));
  Design d;
  d.foreground = Rgb{0, 0, 0};
  d.eye_ball_color = Rgb{0x72, 0x72, 0x72};
  const ScanReport r = scan_report(g, d, Output{});
  EXPECT_NEAR(r.contrast_ratio, contrast_ratio(Rgb{0x72, 0x72, 0x72}, Rgb{255, 255, 255}), 0.006);
  EXPECT_LT(r.contrast_ratio, 5);
}

TEST(ScanReport, LogoRaisesTheLevelAndReportsItsLoad) {
  const auto g = std::move(*encode("https://example.com/a", Ecc::H));
  Design d;
  d.error_correction = Ecc::M;
  d.logo = square_logo(0.12, false);
  const ScanReport r = scan_report(g, d, Output{});
  ASSERT_TRUE(r.logo_block_load.has_value());
  EXPECT_GT(*r.logo_block_load, 0);
  EXPECT_LE(*r.logo_block_load, 0.6);
  ASSERT_EQ(r.adjustments.size(), 1u);
  EXPECT_EQ(r.adjustments[0].code, "error_correction_raised");
  EXPECT_NE(r.adjustments[0].message.find("from M to H"), std::string::npos);
}

TEST(ScanReport, ALogoTooLargeForTheBlocksIsShrunkAndSaysSo) {
  const auto g = std::move(*encode("https://example.com/a", Ecc::H));
  Design d;
  d.error_correction = Ecc::H;
  d.logo = square_logo(0.30, true);
  const double used = safe_logo_fraction(g, 0.30, 1, true);
  ASSERT_LT(used, 0.30);  // a version-2 symbol cannot give up 30 % of its width with a margin
  const ScanReport r = scan_report(g, d, Output{});
  ASSERT_EQ(r.adjustments.size(), 1u);
  EXPECT_EQ(r.adjustments[0].code, "logo_shrunk");
  EXPECT_LE(*r.logo_block_load, 0.6);
}

TEST(ScanReport, LargeVersionsDrawTheEyesSquareAndSaySo) {
  Design d;
  d.foreground = Rgb{17, 17, 17};  // not a plain code, which has a renderer of its own
  d.eye_frame = EyeFrameShape::Leaf;
  d.eye_ball = EyeBallShape::Star;
  Design square = d;
  square.eye_frame = EyeFrameShape::Square;
  square.eye_ball = EyeBallShape::Square;
  // Version 24 keeps the design's eyes; version 25 draws them square, as a square-eyed design.
  for (const int version : {24, 25}) {
    const auto g = std::move(*encode(std::string(version == 24 ? 1150 : 1250, 'a'), Ecc::L));
    ASSERT_EQ(g.version(), version);
    const ScanReport r = scan_report(g, d, Output{});
    const bool squared = !r.adjustments.empty() && r.adjustments.back().code == "eyes_squared";
    EXPECT_EQ(squared, version >= kSquareEyesFromVersion) << version;
    EXPECT_EQ(drawn_eyes(g, d).frame == EyeFrameShape::Square, version >= 25);
    const Output svg{Format::Svg, 600, 4};
    EXPECT_EQ(render_svg(g, d, svg) == render_svg(g, square, svg), version >= 25) << version;
  }
  // Square eyes need no adjustment.
  const auto g = std::move(*encode(std::string(1250, 'a'), Ecc::L));
  for (const auto& a : scan_report(g, square, Output{}).adjustments) EXPECT_NE(a.code, "eyes_squared");
}

TEST(ScanReport, SmallModulesAreAWarning) {
  const auto g = std::move(*encode(std::string(600, 'a'), Ecc::M));
  const ScanReport r = scan_report(g, Design{}, Output{Format::Png, 128, 4});
  EXPECT_LT(r.px_per_module, 3);
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_EQ(r.warnings[0].code, "small_modules");
}

TEST(ScanReport, RenderPayloadCarriesIt) {
  auto r = render_payload("hello", Design{}, Output{Format::Svg, 256, 4});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->scan.effective_error_correction, r->effective_error_correction);
  EXPECT_GT(r->scan.px_per_module, 0);
}

}  // namespace
}  // namespace qredge
