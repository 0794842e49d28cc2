// SPDX-License-Identifier: MIT
// Fuzz target: encode + render (SVG and PNG) from a fuzzed design, output and payload, split
// from the input with FuzzedDataProvider: every enum value, any colours, gradients, eye
// colours, a logo (a generated PNG of fuzzed size and pixels, arbitrary bytes, or none yet
// fetched) of any allowed size. Sizes are bounded (64–512 px, payload ≤ 1200 bytes) so one
// execution stays in milliseconds. Invariants: the SVG is UTF-8 with one <svg> root and no
// markup from the input; the PNG decodes (stb_image) to output.size x output.size.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <fuzzer/FuzzedDataProvider.h>

#include "design.hpp"
#include "engine.hpp"
#include "fuzz_check.hpp"
#include "png_write.hpp"
#include "utf8.hpp"

#define STBI_NO_STDIO
#include "stb_image.h"  // the implementation is core/logo.cpp's

namespace {

qredge::Rgb colour(FuzzedDataProvider& p) {
  return {p.ConsumeIntegral<std::uint8_t>(), p.ConsumeIntegral<std::uint8_t>(), p.ConsumeIntegral<std::uint8_t>()};
}

std::vector<std::uint8_t> logo_bytes(FuzzedDataProvider& p) {
  switch (p.ConsumeIntegralInRange(0, 3)) {
    case 0: return {};  // an https: logo the host has not resolved
    case 1: return p.ConsumeBytes<std::uint8_t>(p.ConsumeIntegralInRange(0, 256));
    default: {
      const int w = p.ConsumeIntegralInRange(1, 48), h = p.ConsumeIntegralInRange(1, 48);
      const int channels = p.ConsumeIntegralInRange(1, 4);
      std::vector<std::uint8_t> pixels = p.ConsumeBytes<std::uint8_t>(static_cast<std::size_t>(w) * h * channels);
      pixels.resize(static_cast<std::size_t>(w) * h * channels, 0x80);
      auto png = qredge::write_png(pixels.data(), w, h, channels);
      return png ? *png : std::vector<std::uint8_t>{};
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzedDataProvider p(data, size);
  qredge::Design d;
  d.error_correction = static_cast<qredge::Ecc>(p.ConsumeIntegralInRange(0, 3));
  d.foreground = colour(p);
  d.background = colour(p);
  if (p.ConsumeBool()) {
    d.gradient = qredge::Gradient{colour(p), colour(p), static_cast<qredge::GradientType>(p.ConsumeIntegralInRange(0, 3))};
  }
  d.body = static_cast<qredge::BodyShape>(p.ConsumeIntegralInRange(0, 8));
  d.eye_frame = static_cast<qredge::EyeFrameShape>(p.ConsumeIntegralInRange(0, 4));
  d.eye_ball = static_cast<qredge::EyeBallShape>(p.ConsumeIntegralInRange(0, 5));
  if (p.ConsumeBool()) d.eye_frame_color = colour(p);
  if (p.ConsumeBool()) d.eye_ball_color = colour(p);
  d.transparent_background = p.ConsumeBool();
  if (p.ConsumeBool()) {
    qredge::Logo logo;
    logo.url = "https://example.com/logo.png";
    logo.size = p.ConsumeFloatingPointInRange(0.10, 0.30);
    logo.clear_background = p.ConsumeBool();
    logo.bytes = logo_bytes(p);
    d.logo = std::move(logo);
  }
  if (p.ConsumeBool()) {
    // Any bytes from a small alphabet of letters, spaces, Greek, Cyrillic and a CJK character
    // the font lacks (the validator refuses it; the renderer must still not fail on it).
    static const char* const pieces[] = {"W", "i", " ", "Σ", "ж", "·", "€", "二", "Scan me"};
    qredge::Frame f;
    f.style = static_cast<qredge::FrameStyle>(p.ConsumeIntegralInRange(0, 4));
    for (int n = p.ConsumeIntegralInRange(0, 12); n > 0; --n) f.text += pieces[p.ConsumeIntegralInRange(0, 8)];
    f.color = colour(p);
    f.text_color = colour(p);
    d.frame = std::move(f);
  }
  qredge::Output out;
  out.format = static_cast<qredge::Format>(p.ConsumeIntegralInRange(0, 3));
  out.size = p.ConsumeIntegralInRange(64, 512);
  out.margin = p.ConsumeIntegralInRange(0, 16);
  if (p.ConsumeBool()) out.dpi = p.ConsumeIntegralInRange(72, 2400);
  std::string payload = p.ConsumeRemainingBytesAsString();
  if (payload.size() > 1200) payload.resize(1200);

  auto r = qredge::render_payload(payload, d, out);
  if (!r) {
    const auto& code = r.error().code;
    const bool expected = code == "data_too_long" || code == "logo_unavailable" ||
                          (code == "encode_failed" && (payload.empty() || payload.find('\0') != std::string::npos)) ||
                          (d.frame && (code == "frame_text_too_wide" || (code == "out_of_range" && out.margin < 2)));
    if (!expected) std::fprintf(stderr, "render error %s: %s\n", code.c_str(), r.error().message.c_str());
    FUZZ_CHECK(expected, "unexpected render error");
    return 0;
  }
  FUZZ_CHECK(r->version >= 1 && r->version <= 40 && r->modules == 17 + 4 * r->version, "version/modules");
  if (out.format == qredge::Format::Svg) {
    const std::string& svg = r->svg;
    FUZZ_CHECK(qredge::utf8::find_invalid(svg) == qredge::utf8::npos, "SVG is not UTF-8");
    // A framed code's SVG nests the code's own <svg> in the frame's.
    std::size_t svgs = 0;
    for (std::size_t at = svg.find("<svg"); at != std::string::npos; at = svg.find("<svg", at + 1)) ++svgs;
    FUZZ_CHECK(svgs == (d.frame ? 2u : 1u), "SVG has not one <svg> element (two with a frame)");
    FUZZ_CHECK(svg.find("<text") == std::string::npos, "SVG text is not outlines");
    FUZZ_CHECK(svg.find("<script") == std::string::npos, "SVG holds a script");
    FUZZ_CHECK((svg.size() >= 6 && svg.compare(svg.size() - 6, 6, "</svg>") == 0) ||
                   (svg.size() >= 7 && svg.compare(svg.size() - 7, 7, "</svg>\n") == 0),
               "SVG does not end with </svg>");
  } else if (out.format == qredge::Format::Pdf || out.format == qredge::Format::Eps) {
    const std::string doc(r->png.begin(), r->png.end());
    const bool pdf = out.format == qredge::Format::Pdf;
    FUZZ_CHECK(doc.compare(0, pdf ? 8 : 23, pdf ? "%PDF-1.4" : "%!PS-Adobe-3.0 EPSF-3.0") == 0, "print header");
    FUZZ_CHECK(doc.size() > 6 && doc.compare(doc.size() - 6, 6, "%%EOF\n") == 0, "print trailer");
    FUZZ_CHECK(doc.find("/Font") == std::string::npos && doc.find("findfont") == std::string::npos, "a font in print");
  } else {
    const auto& png = r->png;
    int w = 0, h = 0, n = 0;
    std::unique_ptr<stbi_uc, decltype(&stbi_image_free)> pixels(
        stbi_load_from_memory(png.data(), static_cast<int>(png.size()), &w, &h, &n, 0), &stbi_image_free);
    FUZZ_CHECK(pixels != nullptr, "the PNG does not decode");
    FUZZ_CHECK(d.frame ? (w >= out.size && h > out.size) : (w == out.size && h == out.size),
               "the PNG is not output.size square (or larger, with a frame)");
  }
  return 0;
}
