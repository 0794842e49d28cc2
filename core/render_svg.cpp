// SPDX-License-Identifier: MIT
// Vector renderer: the Scene of geometry.hpp as SVG path data, one <path> per paint. Output is
// deterministic: numbers are printed from integers (thousandths of a module), gradient ids are
// derived from what they define, and nothing user-controlled reaches the markup except
// validated colours and the logo, which is re-encoded from its decoded bytes.
#include "render_svg.hpp"

#include <cmath>
#include <cstdio>

#include "geometry.hpp"
#include "logo.hpp"

namespace qredge {
namespace {

// Fixed-point text with at most three decimals and no trailing zeros ("12", "0.5", "-1.125").
void num(std::string& out, double v) {
  long long k = std::llround(v * 1000);
  if (k < 0) {
    out += '-';
    k = -k;
  }
  out += std::to_string(k / 1000);
  int frac = static_cast<int>(k % 1000);
  if (frac == 0) return;
  char buf[5];
  std::snprintf(buf, sizeof buf, ".%03d", frac);
  std::string f = buf;
  while (f.back() == '0') f.pop_back();
  out += f;
}

std::string num(double v) {
  std::string s;
  num(s, v);
  return s;
}

void path_data(std::string& d, const Path& path) {
  double px = 0, py = 0;
  for (const PathSeg& s : path.segs()) {
    switch (s.kind) {
      case PathSeg::Move:
        d += 'M';
        num(d, s.x);
        d += ' ';
        num(d, s.y);
        px = s.x;
        py = s.y;
        break;
      case PathSeg::Line:
        if (s.y == py) {
          d += 'H';
          num(d, s.x);
        } else if (s.x == px) {
          d += 'V';
          num(d, s.y);
        } else {
          d += 'L';
          num(d, s.x);
          d += ' ';
          num(d, s.y);
        }
        px = s.x;
        py = s.y;
        break;
      case PathSeg::Arc:
        d += 'A';
        num(d, s.r);
        d += ' ';
        num(d, s.r);
        d += s.clockwise ? " 0 0 1 " : " 0 0 0 ";
        num(d, s.x);
        d += ' ';
        num(d, s.y);
        px = s.x;
        py = s.y;
        break;
      case PathSeg::Close: d += 'Z'; break;
    }
  }
}

const char* gradient_code(GradientType t) {
  switch (t) {
    case GradientType::LinearTopToBottom: return "v";
    case GradientType::LinearLeftToRight: return "h";
    case GradientType::LinearDiagonal: return "d";
    case GradientType::Radial: return "r";
  }
  return "v";
}

// The id names everything the definition depends on, so equal ids mean equal definitions even
// when several codes are inlined into one HTML page.
std::string gradient_id(const Gradient& g, const Scene& s) {
  return std::string("qredge-") + gradient_code(g.type) + to_hex(g.start).substr(1) + to_hex(g.end).substr(1) + "-" +
         std::to_string(s.margin) + "-" + std::to_string(s.width);
}

std::string gradient_def(const Gradient& g, const Scene& s) {
  const double a = s.margin, b = s.margin + s.width, c = s.margin + s.width / 2.0;
  std::string out;
  if (g.type == GradientType::Radial) {
    out = "<radialGradient id=\"" + gradient_id(g, s) + "\" gradientUnits=\"userSpaceOnUse\" cx=\"" + num(c) +
          "\" cy=\"" + num(c) + "\" r=\"" + num(s.width * std::sqrt(0.5)) + "\">";
  } else {
    const double x2 = g.type == GradientType::LinearTopToBottom ? a : b;
    const double y2 = g.type == GradientType::LinearLeftToRight ? a : b;
    out = "<linearGradient id=\"" + gradient_id(g, s) + "\" gradientUnits=\"userSpaceOnUse\" x1=\"" + num(a) +
          "\" y1=\"" + num(a) + "\" x2=\"" + num(x2) + "\" y2=\"" + num(y2) + "\">";
  }
  out += "<stop offset=\"0\" stop-color=\"" + to_hex(g.start) + "\"/><stop offset=\"1\" stop-color=\"" +
         to_hex(g.end) + "\"/>";
  out += g.type == GradientType::Radial ? "</radialGradient>" : "</linearGradient>";
  return out;
}

}  // namespace

std::string render_svg(const ModuleGrid& grid, const Design& design, const Output& output) {
  const Scene scene = build_scene(grid, design, output.margin);
  const std::string n = std::to_string(scene.extent), px = std::to_string(output.size);
  std::string svg;
  svg.reserve(static_cast<std::size_t>(grid.width()) * grid.width() * 12 + 512 +
              (design.logo ? design.logo->bytes.size() * 4 / 3 : 0));
  svg += "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + px + "\" height=\"" + px + "\" viewBox=\"0 0 " + n +
         " " + n + "\"";
  // Only rectangles on module lines: crisp edges keep them sharp at any scale.
  if (scene.only_rectangles) svg += " shape-rendering=\"crispEdges\"";
  svg += ">";
  std::string defs;
  for (const Layer& l : scene.layers)
    if (l.paint.is_gradient) {
      defs += gradient_def(l.paint.gradient, scene);
      break;  // at most one gradient: the design has one
    }
  if (!defs.empty()) svg += "<defs>" + defs + "</defs>";
  if (!design.transparent_background)
    svg += "<rect width=\"" + n + "\" height=\"" + n + "\" fill=\"" + to_hex(design.background) + "\"/>";
  for (const Layer& l : scene.layers) {
    svg += "<path fill=\"";
    svg += l.paint.is_gradient ? "url(#" + gradient_id(l.paint.gradient, scene) + ")" : to_hex(l.paint.colour);
    svg += "\" d=\"";
    path_data(svg, l.path);
    svg += "\"/>";
  }
  if (scene.logo && !design.logo->bytes.empty()) {
    const std::string mime = sniff_image_type(design.logo->bytes);
    if (!mime.empty()) {
      const LogoBox& b = *scene.logo;
      svg += "<image x=\"" + num(b.x) + "\" y=\"" + num(b.y) + "\" width=\"" + num(b.w) + "\" height=\"" + num(b.h) +
             "\" preserveAspectRatio=\"xMidYMid meet\" href=\"data:" + mime + ";base64,";
      svg += base64_encode(design.logo->bytes);
      svg += "\"/>";
    }
  }
  svg += "</svg>";
  return svg;
}

}  // namespace qredge
