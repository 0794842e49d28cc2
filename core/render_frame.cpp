// SPDX-License-Identifier: MIT
#include "render_frame.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "frame_layout.hpp"
#include "outline.hpp"
#include "png_write.hpp"
#include "raster.hpp"
#include "render_png.hpp"
#include "render_svg.hpp"

namespace qredge {
namespace {

void outline_data(std::string& d, const Outline& o) {
  auto pair = [&](double x, double y) {
    append_number(d, x);
    d += ' ';
    append_number(d, y);
  };
  for (const OutlineSeg& s : o.segs()) {
    switch (s.kind) {
      case OutlineSeg::Move: d += 'M'; pair(s.x, s.y); break;
      case OutlineSeg::Line: d += 'L'; pair(s.x, s.y); break;
      case OutlineSeg::Quad: d += 'Q'; pair(s.x1, s.y1); d += ' '; pair(s.x, s.y); break;
      case OutlineSeg::Cubic:
        d += 'C';
        pair(s.x1, s.y1);
        d += ' ';
        pair(s.x2, s.y2);
        d += ' ';
        pair(s.x, s.y);
        break;
      case OutlineSeg::Close: d += 'Z'; break;
    }
  }
}

// `width`/`height` attributes: pixels, or the physical size when there is one.
std::string length(double px, const Output& o) {
  std::string out;
  if (o.unit == SizeUnit::Px) {
    append_number(out, px);
    return out;
  }
  append_number(out, o.physical * px / o.size);
  return out + (o.unit == SizeUnit::Mm ? "mm" : "in");
}

// Replaces the leading `width="…" height="…"` of the code's own SVG.
std::string resized(const std::string& svg, const std::string& attrs) {
  const std::size_t w = svg.find(" width=\"");
  const std::size_t v = svg.find(" viewBox=\"");
  if (w == std::string::npos || v == std::string::npos || v < w) return svg;
  return svg.substr(0, w) + attrs + svg.substr(v);
}

}  // namespace

Result<std::string> render_svg_document(const ModuleGrid& grid, const Design& design, const Output& output) {
  if (!design.frame) {
    std::string svg = render_svg(grid, design, output);
    if (output.unit == SizeUnit::Px) return svg;
    const std::string side = length(output.size, output);
    return resized(svg, " width=\"" + side + "\" height=\"" + side + "\"");
  }
  auto laid = layout_frame(*design.frame, output.size);
  if (!laid) return laid.error();
  const FrameLayout& f = *laid;
  Design inner = design;
  inner.frame.reset();
  std::string code = render_svg(grid, inner, output);
  std::string svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + length(f.width, output) + "\" height=\"" +
                    length(f.height, output) + "\" viewBox=\"0 0 " + std::to_string(f.width) + " " +
                    std::to_string(f.height) + "\">";
  if (!design.transparent_background)
    svg += "<rect width=\"" + std::to_string(f.width) + "\" height=\"" + std::to_string(f.height) + "\" fill=\"" +
           to_hex(design.background) + "\"/>";
  for (const FrameFill& fill : f.fills) {
    svg += "<path fill=\"" + to_hex(fill.colour) + "\" d=\"";
    outline_data(svg, fill.outline);
    svg += "\"/>";
  }
  // The code's SVG nested at its square (its width/height are the square's, in px).
  const std::string open = "<svg xmlns=\"http://www.w3.org/2000/svg\"";
  if (code.compare(0, open.size(), open) == 0)
    code = "<svg x=\"" + std::to_string(f.code_x) + "\" y=\"" + std::to_string(f.code_y) + "\"" + code.substr(open.size());
  svg += code;
  svg += "</svg>";
  return svg;
}

Result<std::vector<std::uint8_t>> render_framed_png(const ModuleGrid& grid, const Design& design,
                                                    const Output& output) {
  auto laid = layout_frame(*design.frame, output.size);
  if (!laid) return laid.error();
  const FrameLayout& f = *laid;
  const int channels = design.transparent_background ? 4 : 3;
  Canvas canvas{Canvas::Pixels(static_cast<std::size_t>(f.width) * f.height * channels), f.width,
                f.height, channels};
  for (std::size_t i = 0; i < canvas.pixels.size(); i += static_cast<std::size_t>(channels)) {
    std::uint8_t* p = &canvas.pixels[i];
    if (channels == 4) {
      p[0] = p[1] = p[2] = 255;
      p[3] = 0;
    } else {
      p[0] = design.background.r;
      p[1] = design.background.g;
      p[2] = design.background.b;
    }
  }
  // The frame and its text, each filled over the whole canvas band by band.
  CoverageBand band(f.width, kBandRows);
  std::vector<float> cover(static_cast<std::size_t>(f.width));
  std::vector<Edge> edges;
  for (const FrameFill& fill : f.fills) {
    edges.clear();
    flatten(fill.outline, 1.0, 0.0, 0.0, kFlattenTolerance, edges);
    for (int y0 = 0; y0 < f.height; y0 += kBandRows) {
      const int rows = std::min(kBandRows, f.height - y0);
      band.reset(y0, rows);
      bool any = false;
      for (const Edge& e : edges) {
        if (std::max(e.y0, e.y1) < y0 || std::min(e.y0, e.y1) > y0 + rows) continue;
        band.add(e);
        any = true;
      }
      for (int r = 0; r < rows; ++r) {
        band.resolve(r, cover.data());
        if (!any) continue;
        std::uint8_t* row = &canvas.pixels[static_cast<std::size_t>(y0 + r) * f.width * channels];
        for (int x = 0; x < f.width; ++x)
          if (cover[static_cast<std::size_t>(x)] > 0)
            blend_pixel(row + static_cast<std::size_t>(x) * channels, channels, fill.colour,
                        cover[static_cast<std::size_t>(x)]);
      }
    }
  }
  Design inner = design;
  inner.frame.reset();
  if (auto e = paint_code(grid, inner, output, canvas, f.code_x, f.code_y)) return *e;
  return write_png_rgb(canvas.pixels.data(), canvas.width, canvas.height, canvas.channels, few_colours(design));
}

}  // namespace qredge
