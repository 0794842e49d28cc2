// SPDX-License-Identifier: MIT
// Frames, physical sizes and the print writers, in the core: layout invariants, text fitting,
// parsing round trips, the pHYs chunk, and the PDF's cross-reference table.
#include <gtest/gtest.h>

#include <cstring>
#include <string>

#include <nlohmann/json.hpp>

#include "encode.hpp"
#include "engine.hpp"
#include "frame_layout.hpp"
#include "frame_parse.hpp"
#include "frame_text.hpp"
#include "png_write.hpp"
#include "validate.hpp"

using namespace qredge;
using nlohmann::json;

TEST(Frame, LayoutKeepsTheCodeSquareAndGrowsTheImage) {
  for (FrameStyle style : {FrameStyle::Box, FrameStyle::BannerBottom, FrameStyle::BannerTop, FrameStyle::Rounded,
                           FrameStyle::Ticket}) {
    Frame f;
    f.style = style;
    f.text = "Scan me";
    auto l = layout_frame(f, 400);
    ASSERT_TRUE(l.ok());
    EXPECT_GE(l->width, 400);
    EXPECT_GT(l->height, 400);
    EXPECT_GE(l->code_x, 0);
    EXPECT_LE(l->code_x + 400, l->width);
    EXPECT_LE(l->code_y + 400, l->height);
    ASSERT_EQ(l->fills.size(), 2u);  // frame, text
    EXPECT_EQ(l->fills[1].colour, (Rgb{255, 255, 255}));
  }
}

TEST(Frame, TextOutsideTheCodeSquare) {
  Frame f;
  f.style = FrameStyle::BannerTop;
  f.text = "Сканируй меня";
  auto l = layout_frame(f, 300);
  ASSERT_TRUE(l.ok());
  for (const OutlineSeg& s : l->fills[1].outline.segs()) {
    if (s.kind == OutlineSeg::Close) continue;
    EXPECT_LT(s.y, l->code_y) << "a glyph point inside the code square";
  }
}

TEST(Frame, GlyphCoverageAndWidths) {
  EXPECT_EQ(first_missing_glyph("Hello Σάρωση Сканируй €"), 0u);
  EXPECT_EQ(first_missing_glyph("QR 二维码"), U'二');
  EXPECT_GT(text_width("WWW"), text_width("iii"));
  EXPECT_NEAR(font_cap_height(), 0.73, 0.02);  // DejaVu Sans Bold: 1493 / 2048
}

TEST(Frame, LongTextBreaksIntoTwoLinesOrIsRefused) {
  Frame f;
  f.text = "Scan this code to open the menu";
  auto two = layout_frame(f, 1000);
  ASSERT_TRUE(two.ok());
  f.text = std::string(40, 'W');
  auto refused = layout_frame(f, 1000, "/design/frame");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, "frame_text_too_wide");
  EXPECT_EQ(refused.error().path, "/design/frame/text");
}

TEST(Frame, ParseRoundTrip) {
  auto d = parse_design(json::parse(R"({"frame": {"style": "rounded", "text": "Menü", "color": "#123", "text_color": "#FFEE00"}})"));
  ASSERT_TRUE(d.ok());
  ASSERT_TRUE(d->frame);
  EXPECT_FALSE(d->is_plain());
  const json back = to_json(*d)["frame"];
  EXPECT_EQ(back, json::parse(R"({"style": "rounded", "text": "Menü", "color": "#112233", "text_color": "#ffee00"})"));
  auto again = parse_design(to_json(*d));
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->frame->text, "Menü");
}

TEST(OutputSize, PhysicalSizesRoundTrip) {
  auto o = parse_output(json::parse(R"({"format": "png", "size_mm": 25.4, "dpi": 600})"));
  ASSERT_TRUE(o.ok());
  EXPECT_EQ(o->size, 600);
  EXPECT_DOUBLE_EQ(physical_mm(*o), 25.4);
  EXPECT_EQ(to_json(*o), json::parse(R"({"format": "png", "size_mm": 25.4, "dpi": 600, "margin": 4})"));
  auto in = parse_output(json::parse(R"({"format": "pdf", "size_in": 2})"));
  ASSERT_TRUE(in.ok());
  EXPECT_EQ(in->size, 600);  // 300 dpi by default
  EXPECT_NEAR(physical_mm(*in), 50.8, 1e-9);
}

TEST(OutputSize, PhysChunkFollowsIhdrWithAValidCrc) {
  const std::uint8_t pixels[3 * 4] = {};
  auto png = write_png(pixels, 2, 2, 3);
  ASSERT_TRUE(png.ok());
  add_png_dpi(*png, 300);
  const std::uint8_t* p = png->data() + 33;
  EXPECT_EQ(std::memcmp(p + 4, "pHYs", 4), 0);
  const std::uint32_t ppm = p[8] << 24 | p[9] << 16 | p[10] << 8 | p[11];
  EXPECT_EQ(ppm, 11811u);  // 300 / 0.0254
  EXPECT_EQ(p[16], 1);     // metre
}

TEST(Print, PdfXrefOffsetsPointAtObjects) {
  Design d;
  d.frame = Frame{};
  d.frame->text = "PDF";
  Output o;
  o.format = Format::Pdf;
  auto r = render_payload("https://example.com", d, o);
  ASSERT_TRUE(r.ok());
  const std::string pdf(r->png.begin(), r->png.end());
  const std::size_t xref = pdf.rfind("\nxref\n") + 1;
  ASSERT_GT(xref, 0u);
  EXPECT_EQ(std::stoul(pdf.substr(pdf.rfind("startxref\n") + 10)), xref);
  std::size_t at = pdf.find('\n', pdf.find('\n', xref + 5) + 1) + 1;  // after "0 N" and the free entry
  for (int obj = 1; pdf.compare(at, 7, "trailer") != 0; ++obj, at += 20) {
    const std::size_t offset = std::stoul(pdf.substr(at, 10));
    EXPECT_EQ(pdf.compare(offset, std::to_string(obj).size() + 6, std::to_string(obj) + " 0 obj"), 0) << obj;
  }
  EXPECT_EQ(pdf.find("/Font"), std::string::npos);
}

TEST(Print, EngineRefusesAFrameWithoutQuietZone) {
  Design d;
  d.frame = Frame{};
  Output o;
  o.margin = 1;
  auto r = render_payload("x", d, o);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().path, "/output/margin");
}
