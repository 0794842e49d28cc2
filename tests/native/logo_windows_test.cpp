// SPDX-License-Identifier: MIT
// Logo windows (core/logo_windows.hpp): which alignment patterns a logo leaves uncovered, and
// that every renderer shows the pattern there and the scan report says so.
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "encode.hpp"
#include "geometry.hpp"
#include "logo.hpp"
#include "logo_windows.hpp"
#include "png_write.hpp"
#include "render_png.hpp"
#include "render_print.hpp"
#include "render_svg.hpp"
#include "scan_report.hpp"

namespace qredge {
namespace {

// Version 8 at level H: alignment patterns at 6, 24 and 42; the one at (24, 24) is the
// symbol's centre, under any centred logo.
constexpr const char* kVersion8 = "https://example.com/p/500?utm_source=qrkit&utm_campaign=launch-19";

enum class Picture { Stripes, Flat, Transparent };

Logo make_logo(Picture picture, bool clear, double size = 0.25) {
  constexpr int n = 48;
  auto img = std::make_shared<RgbaImage>();
  img->width = img->height = n;
  img->pixels.resize(static_cast<std::size_t>(n) * n * 4);
  for (int y = 0; y < n; ++y)
    for (int x = 0; x < n; ++x) {
      std::uint8_t* p = &img->pixels[(static_cast<std::size_t>(y) * n + x) * 4];
      const bool dark = picture == Picture::Stripes && (y / 3) % 2 == 0;
      p[0] = dark ? 20 : 230;
      p[1] = dark ? 30 : 60;
      p[2] = dark ? 90 : 60;
      p[3] = picture == Picture::Transparent ? 0 : 255;
    }
  Logo l;
  l.bytes = *write_png(img->pixels.data(), n, n, 4);
  l.mime = "image/png";
  l.width = l.height = n;
  l.size = size;
  l.clear_background = clear;
  l.pixels = img;
  return l;
}

Design with_logo(Logo logo) {
  Design d;
  d.logo = std::move(logo);
  return d;
}

ModuleGrid version8() { return std::move(*encode(kVersion8, Ecc::H)); }

std::vector<std::pair<int, int>> windows(const ModuleGrid& g, const Design& d) {
  return place_logo(g, *d.logo, d).windows;
}

bool has_note(const ScanReport& r, const std::string& code) {
  for (const auto& a : r.adjustments)
    if (a.code == code) return true;
  return false;
}

TEST(LogoWindows, APictureWithDetailLeavesTheCentrePatternUncovered) {
  const auto g = version8();
  ASSERT_EQ(g.version(), 8);
  const std::vector<std::pair<int, int>> centre{{24, 24}};
  for (const bool clear : {true, false}) EXPECT_EQ(windows(g, with_logo(make_logo(Picture::Stripes, clear))), centre);
}

TEST(LogoWindows, AFlatPictureKeepsItsPlace) {
  const auto g = version8();
  for (const bool clear : {true, false}) EXPECT_TRUE(windows(g, with_logo(make_logo(Picture::Flat, clear))).empty());
  // A transparent logo shows what is beneath: the background where the modules are cleared
  // (flat), the modules themselves where they are not.
  EXPECT_TRUE(windows(g, with_logo(make_logo(Picture::Transparent, true))).empty());
  EXPECT_EQ(windows(g, with_logo(make_logo(Picture::Transparent, false))).size(), 1u);
}

TEST(LogoWindows, TwoCloseTonesAreNotFlat) {
  // zbar binarizes 3 levels off the local mean: stripes of two tones 10 luma levels apart are a
  // pattern to it, so the pattern keeps its window; tones 4 levels apart count as flat.
  const auto g = version8();
  auto striped = [](int a, int b) {
    Logo l = make_logo(Picture::Flat, true);
    auto img = std::make_shared<RgbaImage>(*l.pixels);
    for (int y = 0; y < img->height; ++y)
      for (int x = 0; x < img->width; ++x) {
        std::uint8_t* p = &img->pixels[(static_cast<std::size_t>(y) * img->width + x) * 4];
        p[0] = p[1] = p[2] = static_cast<std::uint8_t>((y / 3) % 2 ? a : b);
      }
    l.pixels = img;
    return with_logo(std::move(l));
  };
  EXPECT_EQ(windows(g, striped(120, 130)).size(), 1u);
  EXPECT_TRUE(windows(g, striped(120, 124)).empty());
}

TEST(LogoWindows, SmallVersionsHaveNoPatternUnderTheLogo) {
  // Versions 2-6 have one alignment pattern, near the bottom-right corner, which no logo may
  // reach (geometry.cpp keeps logos off it).
  for (const char* text : {"https://example.com/a", "https://example.com/a-longer-url/for/version-five"}) {
    const auto g = std::move(*encode(text, Ecc::H));
    ASSERT_LT(g.version(), 7);
    EXPECT_TRUE(windows(g, with_logo(make_logo(Picture::Stripes, true, 0.3))).empty()) << text;
  }
}

TEST(LogoWindows, TheSceneCutsTheWindowAndKeepsItsModules) {
  const auto g = version8();
  const Design d = with_logo(make_logo(Picture::Stripes, true));
  const Scene s = build_scene(g, d, 4);
  ASSERT_EQ(s.logo_windows.size(), 1u);
  EXPECT_DOUBLE_EQ(s.logo_windows[0].x, 24 - 2 + 4);
  EXPECT_DOUBLE_EQ(s.logo_windows[0].y, 24 - 2 + 4);
  EXPECT_DOUBLE_EQ(s.logo_windows[0].w, 5);
  // The pattern's 17 dark modules are drawn, not cleared: fewer cleared than without windows.
  const Scene flat = build_scene(g, with_logo(make_logo(Picture::Flat, true)), 4);
  EXPECT_TRUE(flat.logo_windows.empty());
  EXPECT_EQ(flat.cleared_modules - s.cleared_modules, 17);
}

TEST(LogoWindows, ThePngShowsThePatternThroughTheLogo) {
  const auto g = version8();
  const Output o{Format::Png, 300, 4};
  auto pixel_at_module = [&](const Design& d, double mx, double my) {
    auto png = render_png(g, d, o);
    EXPECT_TRUE(png.ok());
    auto decoded = parse_logo_data_url("data:image/png;base64," + base64_encode(*png), "/png");
    EXPECT_TRUE(decoded.ok());
    const PixelPlacement pl = pixel_placement(g.width(), 4, 300, false);
    const int x = static_cast<int>(pl.symbol_start + mx * pl.pitch), y = static_cast<int>(pl.symbol_start + my * pl.pitch);
    const RgbaImage& img = *decoded->pixels;
    const std::uint8_t* p = &img.pixels[(static_cast<std::size_t>(y) * img.width + x) * 4];
    return Rgb{p[0], p[1], p[2]};
  };
  const Design stripes = with_logo(make_logo(Picture::Stripes, true));
  EXPECT_EQ(pixel_at_module(stripes, 24.5, 24.5), (Rgb{0, 0, 0}));        // the pattern's centre
  EXPECT_EQ(pixel_at_module(stripes, 23.5, 24.5), (Rgb{255, 255, 255}));  // its light ring
  EXPECT_EQ(pixel_at_module(stripes, 22.5, 24.5), (Rgb{0, 0, 0}));        // its dark ring
  const Rgb logo_outside = pixel_at_module(stripes, 20.5, 24.5);          // the logo, beside the window
  EXPECT_NE(logo_outside, (Rgb{0, 0, 0}));
  EXPECT_NE(logo_outside, (Rgb{255, 255, 255}));
  // A flat logo covers the centre.
  EXPECT_EQ(pixel_at_module(with_logo(make_logo(Picture::Flat, true)), 24.5, 24.5), (Rgb{230, 60, 60}));
}

TEST(LogoWindows, SvgPdfAndEpsClipTheLogo) {
  const auto g = version8();
  const Design stripes = with_logo(make_logo(Picture::Stripes, false));
  const std::string svg = render_svg(g, stripes, Output{Format::Svg, 300, 4});
  EXPECT_NE(svg.find("<clipPath id=\"qredge-logo-4-49-26-26\"><path clip-rule=\"evenodd\""), std::string::npos);
  EXPECT_NE(svg.find("clip-path=\"url(#qredge-logo-4-49-26-26)\""), std::string::npos);
  const std::string flat = render_svg(g, with_logo(make_logo(Picture::Flat, false)), Output{Format::Svg, 300, 4});
  EXPECT_EQ(flat.find("clipPath"), std::string::npos);
  EXPECT_NE(flat.find("<image"), std::string::npos);

  auto text = [&](Format f) {
    auto doc = render_print(g, stripes, Output{f, 300, 4});
    EXPECT_TRUE(doc.ok());
    return std::string(doc->begin(), doc->end());
  };
  EXPECT_NE(text(Format::Pdf).find(" re\nW* n\n"), std::string::npos);
  EXPECT_NE(text(Format::Eps).find(" re\neoclip newpath\n"), std::string::npos);
}

TEST(LogoWindows, TheScanReportSaysSo) {
  const auto g = version8();
  EXPECT_TRUE(has_note(scan_report(g, with_logo(make_logo(Picture::Stripes, true)), Output{}), "alignment_pattern_uncovered"));
  EXPECT_FALSE(has_note(scan_report(g, with_logo(make_logo(Picture::Flat, true)), Output{}), "alignment_pattern_uncovered"));
}

}  // namespace
}  // namespace qredge
