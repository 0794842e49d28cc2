// SPDX-License-Identifier: MIT
// Frame text as outlines: DejaVu Sans Bold (subset: Latin, Greek, Cyrillic and punctuation;
// scripts/embed-font.py) compiled in and read with stb_truetype. No shaping beyond kerning:
// the scripts covered need none.
#pragma once
#include <string_view>

#include "outline.hpp"

namespace qredge {

// The first code point of `text` (valid UTF-8) the font has no glyph for, or 0.
char32_t first_missing_glyph(std::string_view text);

// Height of capital letters as a share of the em (for vertical centring).
double font_cap_height();

// Advance width of `text` on one line at 1 px per em, kerning included.
double text_width(std::string_view text);

// `text` on one line, `em` px per em, its baseline starting at (x, y); appended to `out` as
// glyph outlines (y down).
void text_outline(std::string_view text, double em, double x, double y, Outline& out);

}  // namespace qredge
