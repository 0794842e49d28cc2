// SPDX-License-Identifier: MIT
#include "design.hpp"

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

const char* to_string(Format f) { return f == Format::Png ? "png" : "svg"; }

std::string to_hex(Rgb c) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "#%02x%02x%02x", c.r, c.g, c.b);
  return buf;
}

}  // namespace qredge
