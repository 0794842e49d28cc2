// SPDX-License-Identifier: MIT
// Renderers and the shared scene: determinism, structure of the SVG, PNG format, logo rules.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>

#include <regex>

#include "encode.hpp"
#include "geometry.hpp"
#include "logo.hpp"
#include "png_write.hpp"
#include "qr_layout.hpp"
#include "render_png.hpp"
#include "render_svg.hpp"
#include "design_parse.hpp"

namespace qredge {
namespace {

using nlohmann::json;

Design design(const char* text) {
  auto d = parse_design(json::parse(text));
  EXPECT_TRUE(d.ok()) << text;
  return d.ok() ? *d : Design{};
}

ModuleGrid grid(const char* payload = "https://example.com/render", Ecc ecc = Ecc::Q) {
  return std::move(*encode(payload, ecc));
}

std::string logo_url(int w, int h) {
  std::vector<std::uint8_t> px(static_cast<std::size_t>(w) * h * 4);
  for (std::size_t i = 0; i < px.size(); i += 4) {
    px[i] = 200;
    px[i + 1] = 30;
    px[i + 2] = 30;
    px[i + 3] = 255;
  }
  return "data:image/png;base64," + base64_encode(*write_png(px.data(), w, h, 4));
}

std::size_t count(const std::string& s, const std::string& what) {
  std::size_t n = 0;
  for (auto p = s.find(what); p != std::string::npos; p = s.find(what, p + 1)) ++n;
  return n;
}

TEST(QrLayout, DataModulesMatchTheCodewordCount) {
  // ISO 18004 Table 1: data modules = 8 * codewords + remainder bits.
  const struct { int version, codewords, remainder; } known[] = {{1, 26, 0}, {2, 44, 7}, {7, 196, 0}, {14, 581, 3},
                                                                 {40, 3706, 0}};
  for (const auto& k : known) {
    QrLayout layout(k.version, Ecc::H);
    int data = 0, remainder = 0;
    for (int y = 0; y < layout.width(); ++y)
      for (int x = 0; x < layout.width(); ++x) {
        if (layout.is_function(x, y)) continue;
        if (layout.block_of(x, y) >= 0) ++data;
        else ++remainder;
      }
    EXPECT_EQ(data, k.codewords * 8) << "version " << k.version;
    EXPECT_EQ(remainder, k.remainder) << "version " << k.version;
  }
  EXPECT_EQ(QrLayout(5, Ecc::H).blocks(), 4);
  EXPECT_EQ(QrLayout(5, Ecc::H).correctable(0), 11);  // 22 EC codewords per block
}

TEST(RenderSvg, IsDeterministicAndWellFormed) {
  const auto g = grid();
  const Design d = design(R"({"shapes": {"body": "rounded", "eye_frame": "circle", "eye_ball": "star"},
      "gradient": {"start": "#000000", "end": "#1e3a8a", "type": "radial"}})");
  const Output o{Format::Svg, 300, 3};
  const std::string a = render_svg(g, d, o), b = render_svg(g, d, o);
  EXPECT_EQ(a, b);
  // The viewBox puts the symbol where the PNG renderer does at the declared size: 7 modules a
  // whole number of pixels, the symbol's first module on a whole pixel, the image 300 px.
  const auto at = a.find("viewBox=\"");
  ASSERT_NE(at, std::string::npos);
  double x = 0, y = 0, w = 0, h = 0;
  ASSERT_EQ(std::sscanf(a.c_str() + at, "viewBox=\"%lf %lf %lf %lf\"", &x, &y, &w, &h), 4);
  EXPECT_EQ(x, y);
  EXPECT_EQ(w, h);
  const double pitch = 300 / w;
  EXPECT_LE(pitch, 300.0 / (g.width() + 6));
  EXPECT_NEAR(7 * pitch, std::round(7 * pitch), 0.01);
  EXPECT_NEAR((3 - x) * pitch, std::round((3 - x) * pitch), 0.01);
  EXPECT_NE(a.find("width=\"300\" height=\"300\""), std::string::npos);
  EXPECT_EQ(count(a, "<radialGradient"), 1u);
  EXPECT_EQ(count(a, "gradientUnits=\"userSpaceOnUse\""), 1u);
  EXPECT_EQ(count(a, "<path"), 1u);  // one paint: body and eyes merged into one element
  EXPECT_EQ(a.find("crispEdges"), std::string::npos);  // curves are anti-aliased
  EXPECT_TRUE(std::regex_search(a, std::regex("A[0-9.]+ [0-9.]+ 0 0 1 [0-9.]+ [0-9.]+")));
  EXPECT_EQ(a.find("NaN"), std::string::npos);
  EXPECT_EQ(a.find("e+"), std::string::npos);
}

TEST(RenderSvg, EyeColoursMakeSeparatePathsAndTransparencyDropsTheRect) {
  const auto g = grid();
  const std::string s = render_svg(
      g, design(R"({"eye_colors": {"frame": "#aa0000", "ball": "#00aa00"}, "transparent_background": true})"), {});
  EXPECT_EQ(count(s, "<path"), 3u);
  EXPECT_NE(s.find("fill=\"#aa0000\""), std::string::npos);
  EXPECT_NE(s.find("fill=\"#00aa00\""), std::string::npos);
  EXPECT_EQ(s.find("<rect"), std::string::npos);
  const std::string plain = render_svg(g, Design{}, {});
  EXPECT_EQ(count(plain, "<rect"), 1u);
  EXPECT_NE(plain.find("crispEdges"), std::string::npos);
}

TEST(RenderSvg, LogoIsReencodedAndCentred) {
  const auto g = grid("https://example.com/logo", Ecc::H);
  Design d = design(("{\"logo\": {\"url\": \"" + logo_url(16, 16) + "\", \"size\": 0.2}}").c_str());
  const std::string s = render_svg(g, d, Output{Format::Svg, 512, 4});
  const std::string expected = "href=\"data:image/png;base64," + base64_encode(d.logo->bytes) + "\"";
  EXPECT_NE(s.find(expected), std::string::npos);
  std::smatch m;
  ASSERT_TRUE(std::regex_search(s, m, std::regex("<image x=\"([0-9.]+)\" y=\"([0-9.]+)\" width=\"([0-9.]+)\"")));
  const double x = std::stod(m[1]), w = std::stod(m[3]);
  EXPECT_NEAR(x + w / 2, (g.width() + 8) / 2.0, 1e-3);
  EXPECT_NEAR(w, 0.2 * g.width(), 0.01);
}

TEST(Scene, RoundedCornersOnlyOnOuterCorners) {
  // A lone module is a circle (four arcs); a module inside a 3x3 block has no arcs at all.
  std::vector<std::uint8_t> cells(21 * 21, 0);
  cells[10 * 21 + 10] = 1;
  for (int y = 14; y < 17; ++y)
    for (int x = 12; x < 15; ++x) cells[static_cast<std::size_t>(y) * 21 + x] = 1;
  const ModuleGrid g(1, 21, Ecc::L, cells);
  Design d;
  d.body = BodyShape::Rounded;
  const Scene s = build_scene(g, d, 0);
  int arcs = 0;
  for (const auto& seg : s.layers[0].path.segs()) arcs += seg.kind == PathSeg::Arc;
  // The lone module: 4 arcs. The 3x3 block: rows are runs; the top run rounds its two top
  // corners, the bottom run its two bottom corners, the middle run none.
  EXPECT_EQ(arcs, 4 + 2 + 0 + 2);
}

TEST(Scene, LogoClearsModulesAndStaysWithinTheBudget) {
  const auto g = grid("https://example.com/a-longer-url/for/version-five", Ecc::H);
  Design d = design(("{\"logo\": {\"url\": \"" + logo_url(40, 40) + "\", \"size\": 0.3, \"clear_background\": true}}").c_str());
  const Scene cleared = build_scene(g, d, 4);
  EXPECT_GT(cleared.cleared_modules, 0);
  EXPECT_LE(cleared.logo_fraction, 0.3);
  EXPECT_GT(cleared.logo_fraction, 0.1);
  d.logo->clear_background = false;
  const Scene over = build_scene(g, d, 4);
  EXPECT_EQ(over.cleared_modules, 0);
  EXPECT_GE(over.logo_fraction, cleared.logo_fraction);
  // A version-1 symbol cannot hold a 30 % logo: it is shrunk.
  const auto tiny = grid("hi", Ecc::H);
  EXPECT_LT(safe_logo_fraction(tiny, 0.3, 1.0, true), 0.3);
}

TEST(RenderPng, SizeFormatAndAlpha) {
  const auto g = grid();
  auto header = [](const std::vector<std::uint8_t>& png, int& w, int& h, int& colour_type) {
    auto be32 = [&](std::size_t i) { return (png[i] << 24) | (png[i + 1] << 16) | (png[i + 2] << 8) | png[i + 3]; };
    w = be32(16);
    h = be32(20);
    colour_type = png[25];
  };
  int w = 0, h = 0, ct = 0;
  auto plain = render_png(g, Design{}, Output{Format::Png, 301, 4});
  ASSERT_TRUE(plain.ok());
  header(*plain, w, h, ct);
  EXPECT_EQ(w, 301);
  EXPECT_EQ(h, 301);
  EXPECT_EQ(ct, 0);  // grey fast path
  auto styled = render_png(g, design(R"({"shapes": {"body": "dots"}, "transparent_background": true})"),
                           Output{Format::Png, 256, 2});
  ASSERT_TRUE(styled.ok());
  header(*styled, w, h, ct);
  EXPECT_EQ(ct, 3);  // one paint on transparent: a few colours, indexed with alpha in tRNS
  auto gradient = render_png(g, design(R"({"shapes": {"body": "dots"}, "transparent_background": true,
      "gradient": {"start": "#000000", "end": "#1d4ed8"}})"), Output{Format::Png, 256, 2});
  ASSERT_TRUE(gradient.ok());
  header(*gradient, w, h, ct);
  EXPECT_EQ(ct, 6);  // RGBA
  Logo as_image;
  as_image.bytes = *styled;
  auto img = decode_logo(as_image);
  ASSERT_TRUE(img.ok());
  EXPECT_EQ(img->pixels[3], 0);  // the corner is transparent
  const int c = static_cast<int>((2 + 3.5) * 256 / (g.width() + 4));  // centre of an eye ball
  const std::uint8_t* p = &img->pixels[(static_cast<std::size_t>(c) * 256 + c) * 4];
  EXPECT_EQ(p[3], 255);
  EXPECT_EQ(p[0], 0);
}

}  // namespace
}  // namespace qredge

namespace qredge {
namespace {

// Runs, repeated rows, rows shifted by a pixel and noise: every match distance the
// compressors use, and literals. stb_image (with its own inflate) must give the pixels back.
// `levels` > 0 limits every channel to that many values (few colours: the indexed path).
// Returns the PNG's colour type (IHDR).
int expect_round_trip(bool rgb_writer, int channels, int w, int h, int levels = 0) {
  SCOPED_TRACE(testing::Message() << (rgb_writer ? "write_png_rgb" : "write_png") << ", channels " << channels
                                  << ", " << w << "x" << h << ", levels " << levels);
  std::vector<std::uint8_t> px(static_cast<std::size_t>(w) * h * channels);
  std::uint32_t seed = 12345;
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x)
      for (int c = 0; c < channels; ++c) {
        seed = seed * 1103515245u + 12345u;
        std::uint8_t v;
        if (y % 7 == 3) v = static_cast<std::uint8_t>(seed >> 24);        // noise row
        else if (y % 5 == 1) v = static_cast<std::uint8_t>((x + y) * 3 + c);  // diagonal shift
        else v = static_cast<std::uint8_t>(((x / 9) % 2) * 200 + c);      // runs, rows repeat
        if (levels > 0) v = static_cast<std::uint8_t>(v % levels * (255 / (levels - 1)));
        px[(static_cast<std::size_t>(y) * w + x) * channels + c] = v;
      }
  auto png = rgb_writer ? write_png_rgb(px.data(), w, h, channels, true) : write_png(px.data(), w, h, channels);
  EXPECT_TRUE(png.ok());
  if (!png.ok()) return -1;
  Logo l;
  l.bytes = *png;
  auto img = decode_logo(l);
  EXPECT_TRUE(img.ok());
  if (!img.ok()) return -1;
  EXPECT_EQ(img->width, w);
  EXPECT_EQ(img->height, h);
  if (img->width != w || img->height != h) return -1;
  for (std::size_t i = 0; i < static_cast<std::size_t>(w) * h; ++i) {
    const std::uint8_t* s = &px[i * channels];
    const std::uint8_t* d = &img->pixels[i * 4];
    const std::uint8_t grey = s[0];
    const std::uint8_t expect[4] = {channels >= 3 ? s[0] : grey, channels >= 3 ? s[1] : grey,
                                    channels >= 3 ? s[2] : grey,
                                    channels == 4 ? s[3] : channels == 2 ? s[1] : std::uint8_t{255}};
    for (int c = 0; c < 4; ++c) {
      EXPECT_EQ(d[c], expect[c]) << "pixel " << i;
      if (d[c] != expect[c]) return -1;
    }
  }
  if (w * h >= 1000) {
    EXPECT_LT(png->size(), px.size());  // it does compress
  }
  return (*png)[8 + 8 + 9];  // signature, IHDR length and type, width, height, bit depth
}

TEST(PngWrite, ZlibTrailerIsTheAdler32OfTheData) {
  // The compressors sum eight bytes a step; the trailer must equal the textbook byte-by-byte
  // Adler-32 (RFC 1950) for any length: whole 5552-byte blocks, partial words, tails.
  std::uint32_t seed = 7;
  for (std::size_t n : {std::size_t{1}, std::size_t{7}, std::size_t{8}, std::size_t{9}, std::size_t{5551},
                        std::size_t{5552}, std::size_t{5553}, std::size_t{20011}, std::size_t{100000}}) {
    std::vector<std::uint8_t> data(n);
    for (auto& b : data) {
      seed = seed * 1103515245u + 12345u;
      b = static_cast<std::uint8_t>(n > 50000 ? 255 : seed >> 24);  // all 255: the largest sums
    }
    std::uint32_t s1 = 1, s2 = 0;
    for (std::uint8_t b : data) {
      s1 = (s1 + b) % 65521;
      s2 = (s2 + s1) % 65521;
    }
    const auto z = zlib_compress(data.data(), n, 1, 1);
    ASSERT_GE(z.size(), 6u);
    const std::uint32_t trailer = static_cast<std::uint32_t>(z[z.size() - 4]) << 24 | z[z.size() - 3] << 16 |
                                  z[z.size() - 2] << 8 | z[z.size() - 1];
    EXPECT_EQ(trailer, (s2 << 16) | s1) << n << " bytes";
  }
}

TEST(PngWrite, RoundTripsThroughADecoder) {
  for (int channels : {1, 2, 3, 4}) expect_round_trip(false, channels, 301, 97);
}

TEST(PngWrite, RgbWriterRoundTripsThroughADecoder) {
  // write_png_rgb (styled and framed renders) at sizes that reach every edge of its row logic:
  // one- and two-pixel rows (no room for above-right matches), and rows longer than a match.
  for (int channels : {3, 4})
    for (auto [w, h] : {std::pair{301, 97}, std::pair{1, 40}, std::pair{2, 9}, std::pair{512, 12}, std::pair{1, 1}}) {
      // Noise rows give more than 256 colours: RGB or RGBA.
      if (w * h > 1000) {
        EXPECT_EQ(expect_round_trip(true, channels, w, h), channels == 4 ? 6 : 2);
      }
      // Four values a channel: at most 64 (RGB) or 256 (RGBA) colours, written indexed, with
      // tRNS carrying the alpha.
      EXPECT_EQ(expect_round_trip(true, channels, w, h, 4), 3);
    }
  // Five values a channel: 625 RGBA colours, too many for a palette.
  EXPECT_EQ(expect_round_trip(true, 4, 301, 97, 5), 6);
  // Rows a few pixels wide: the search reads eight bytes at once only where they stay inside
  // the row (from one pixel in to a pixel and eight bytes before its end), so these rows are
  // searched partly or wholly the other way; tall enough for more than 256 colours.
  for (int channels : {3, 4})
    for (int w : {3, 4, 5, 6, 7, 11})
      EXPECT_EQ(expect_round_trip(true, channels, w, 2000), channels == 4 ? 6 : 2);
}

}  // namespace
}  // namespace qredge
