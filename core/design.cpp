// SPDX-License-Identifier: MIT
#include "design.hpp"

#include <algorithm>
#include <cmath>

#include <cstdio>

namespace qredge {

const char* to_string(Ecc ecc) {
  switch (ecc) {
    case Ecc::L: return "L";
    case Ecc::M: return "M";
    case Ecc::Q: return "Q";
    case Ecc::H: return "H";
  }
  return "Q";
}

const char* to_string(Format f) {
  switch (f) {
    case Format::Svg: return "svg";
    case Format::Png: return "png";
    case Format::Pdf: return "pdf";
    case Format::Eps: return "eps";
  }
  return "svg";
}

double physical_mm(const Output& o) {
  switch (o.unit) {
    case SizeUnit::Mm: return o.physical;
    case SizeUnit::In: return o.physical * 25.4;
    case SizeUnit::Px: return o.dpi > 0 ? o.size * 25.4 / o.dpi : 0;
  }
  return 0;
}

std::string to_hex(Rgb c) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "#%02x%02x%02x", c.r, c.g, c.b);
  return buf;
}

std::optional<Rgb> parse_hex_colour(const std::string& s) {
  auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  if ((s.size() != 4 && s.size() != 7) || s[0] != '#') return std::nullopt;
  int d[6] = {};
  for (std::size_t i = 1; i < s.size(); ++i) {
    d[i - 1] = hex(s[i]);
    if (d[i - 1] < 0) return std::nullopt;
  }
  auto u8 = [](int v) { return static_cast<std::uint8_t>(v); };
  if (s.size() == 4) return Rgb{u8(d[0] * 17), u8(d[1] * 17), u8(d[2] * 17)};
  return Rgb{u8(d[0] * 16 + d[1]), u8(d[2] * 16 + d[3]), u8(d[4] * 16 + d[5])};
}

int luma(Rgb c) { return (306 * c.r + 601 * c.g + 117 * c.b + 512) >> 10; }

double luminance(Rgb c) {
  auto lin = [](std::uint8_t v) {
    const double s = v / 255.0;
    return s <= 0.04045 ? s / 12.92 : std::pow((s + 0.055) / 1.055, 2.4);
  };
  return 0.2126 * lin(c.r) + 0.7152 * lin(c.g) + 0.0722 * lin(c.b);
}

double contrast_ratio(Rgb a, Rgb b) {
  const double la = luminance(a), lb = luminance(b);
  return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

}  // namespace qredge
