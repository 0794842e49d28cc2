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
