// SPDX-License-Identifier: MIT
// The eye frames' outer edges on whole pixels (eye_frame_shift, render_png.hpp): in a styled
// PNG every eye frame's outer edge is a hard pixel edge, full colour beside full background,
// where the top-right and bottom-left eyes would otherwise start between two pixels; the SVG
// puts them on whole pixels at its declared size.
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "encode.hpp"
#include "logo.hpp"
#include "render_png.hpp"
#include "render_svg.hpp"

namespace qredge {
namespace {

// Version 24 at level L, drawn at 1000 px: 8.14 px per module (from version 25 up styled codes
// get whole pixels per module, and the eyes land on whole pixels by themselves), the top-right
// eye 106 modules from the symbol's start: between two pixels.
ModuleGrid version24() {
  std::string text;
  while (text.size() < 1100) text += "large version payload: abcdefghijklmnopqrstuvwxyz 0123456789. ";
  text.resize(1100);
  auto g = encode(text, Ecc::L);
  EXPECT_TRUE(g.ok());
  EXPECT_EQ(g->version(), 24);
  return *g;
}

Design styled() {
  Design d;
  d.body = BodyShape::Rounded;
  d.foreground = Rgb{0, 0, 0};
  return d;
}

TEST(EyeEdges, EveryFrameOuterEdgeIsAHardPixelEdgeInThePng) {
  const auto g = version24();
  const Output o{Format::Png, 1000, 4};
  const PixelPlacement pl = pixel_placement(g.width(), 4, 1000, false);
  ASSERT_NE(std::fmod(pl.symbol_start + (g.width() - 7) * pl.pitch, 1.0), 0.0);  // the case this is about
  auto png = render_png(g, styled(), o);
  ASSERT_TRUE(png.ok());
  Logo as_image;  // the logo decoder reads any PNG
  as_image.bytes = *png;
  auto decoded = decode_logo(as_image);
  ASSERT_TRUE(decoded.ok());
  const RgbaImage& img = *decoded;
  auto grey = [&](int x, int y) { return img.pixels[(static_cast<std::size_t>(y) * img.width + x) * 4]; };
  const int w = g.width();
  const double centre_near = pl.symbol_start + 3.5 * pl.pitch, centre_far = pl.symbol_start + (w - 3.5) * pl.pitch;
  // Along a line through an eye's centre, from the separator inwards and from the quiet zone
  // inwards: the first pixel that is not background must be full foreground.
  auto hard_edge = [&](double from_x, double from_y, int dx, int dy) {
    int x = static_cast<int>(from_x), y = static_cast<int>(from_y);
    while (grey(x, y) == 255) x += dx, y += dy;
    return grey(x, y) == 0;
  };
  const double sep_near = pl.symbol_start + 7.5 * pl.pitch, sep_far = pl.symbol_start + (w - 7.5) * pl.pitch;
  const double quiet_near = pl.symbol_start - 2 * pl.pitch, quiet_far = pl.symbol_start + (w + 2) * pl.pitch;
  // Top-right eye: its left edge (from the separator) and its right edge (from the quiet zone).
  EXPECT_TRUE(hard_edge(sep_far, centre_near, 1, 0));
  EXPECT_TRUE(hard_edge(quiet_far, centre_near, -1, 0));
  // Bottom-left eye: its top and bottom edges.
  EXPECT_TRUE(hard_edge(centre_near, sep_far, 0, 1));
  EXPECT_TRUE(hard_edge(centre_near, quiet_far, 0, -1));
  // Top-left eye (already on whole pixels): its left and right edges.
  EXPECT_TRUE(hard_edge(quiet_near, centre_near, 1, 0));
  EXPECT_TRUE(hard_edge(sep_near, centre_near, -1, 0));
  // The balls stay where the grid puts them: the top-right ball's centre pixel is dark, and so
  // are the pixels 1.2 modules to each side (the ball is 3 modules wide).
  for (double off : {-1.2, 0.0, 1.2})
    EXPECT_EQ(grey(static_cast<int>(centre_far + off * pl.pitch), static_cast<int>(centre_near)), 0) << off;
}

TEST(EyeEdges, TheSvgPutsThemOnWholePixelsAtItsDeclaredSize) {
  const auto g = version24();
  const std::string svg = render_svg(g, styled(), Output{Format::Svg, 1000, 4});
  const PixelPlacement pl = pixel_placement(g.width(), 4, 1000, false);
  const double shift = eye_frame_shift(pl, g.width());
  ASSERT_NE(shift, 0.0);
  // The top-right frame's outer square starts at module x = margin + w - 7 + shift, which the
  // declared size maps onto a whole pixel.
  const double x = 4 + g.width() - 7 + shift;
  const double px = pl.symbol_start + (x - 4) * pl.pitch;
  EXPECT_NEAR(px, std::round(px), 1e-9);
  char text[32];
  std::snprintf(text, sizeof text, "M%.3f", x);
  std::string wanted(text);
  while (wanted.back() == '0') wanted.pop_back();
  EXPECT_NE(svg.find(wanted), std::string::npos) << wanted;
}

}  // namespace
}  // namespace qredge
