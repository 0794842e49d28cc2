// SPDX-License-Identifier: MIT
#include "frame_text.hpp"

#include <cstdlib>
#include <cstring>

#include "utf8.hpp"

#define STB_TRUETYPE_IMPLEMENTATION
#define STBTT_STATIC
#include <stb_truetype.h>

// kFrameFont: the subset TTF, generated at build time into build/<flavour>/generated/.
#include "frame_font.inc"

namespace qredge {
namespace {

// Parsed once; the font is immutable and stb_truetype only reads it afterwards.
const stbtt_fontinfo& font() {
  static const stbtt_fontinfo info = [] {
    stbtt_fontinfo f{};
    stbtt_InitFont(&f, kFrameFont, stbtt_GetFontOffsetForIndex(kFrameFont, 0));
    return f;
  }();
  return info;
}

double units_per_em() {
  static const double upem = 1.0 / stbtt_ScaleForMappingEmToPixels(&font(), 1.0f);
  return upem;
}

// Walks the glyphs of `text`: f(glyph, x_in_font_units) for each, returns the total advance.
template <class F>
int each_glyph(std::string_view text, F&& f) {
  const stbtt_fontinfo& info = font();
  int x = 0, prev = 0;
  for (std::size_t i = 0; i < text.size();) {
    const int glyph = stbtt_FindGlyphIndex(&info, static_cast<int>(utf8::next(text, i)));
    if (prev) x += stbtt_GetGlyphKernAdvance(&info, prev, glyph);
    f(glyph, x);
    int advance = 0, bearing = 0;
    stbtt_GetGlyphHMetrics(&info, glyph, &advance, &bearing);
    x += advance;
    prev = glyph;
  }
  return x;
}

}  // namespace

char32_t first_missing_glyph(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    const char32_t cp = utf8::next(text, i);
    if (cp != ' ' && stbtt_FindGlyphIndex(&font(), static_cast<int>(cp)) == 0) return cp;
  }
  return 0;
}

double font_cap_height() {
  static const double cap = [] {
    int x0 = 0, y0 = 0, x1 = 0, y1 = 0;
    stbtt_GetCodepointBox(&font(), 'H', &x0, &y0, &x1, &y1);
    return y1 / units_per_em();
  }();
  return cap;
}

double text_width(std::string_view text) { return each_glyph(text, [](int, int) {}) / units_per_em(); }

void text_outline(std::string_view text, double em, double x, double y, Outline& out) {
  const stbtt_fontinfo& info = font();
  const double k = em / units_per_em();
  each_glyph(text, [&](int glyph, int gx) {
    stbtt_vertex* v = nullptr;
    const int n = stbtt_GetGlyphShape(&info, glyph, &v);
    auto X = [&](double fx) { return x + (gx + fx) * k; };
    auto Y = [&](double fy) { return y - fy * k; };
    bool open = false;
    for (int i = 0; i < n; ++i) {
      switch (v[i].type) {
        case STBTT_vmove:
          if (open) out.close();
          out.move_to(X(v[i].x), Y(v[i].y));
          open = true;
          break;
        case STBTT_vline: out.line_to(X(v[i].x), Y(v[i].y)); break;
        case STBTT_vcurve: out.quad_to(X(v[i].cx), Y(v[i].cy), X(v[i].x), Y(v[i].y)); break;
        case STBTT_vcubic:
          out.cubic_to(X(v[i].cx), Y(v[i].cy), X(v[i].cx1), Y(v[i].cy1), X(v[i].x), Y(v[i].y));
          break;
        default: break;
      }
    }
    if (open) out.close();
    stbtt_FreeShape(&info, v);
  });
}

}  // namespace qredge
