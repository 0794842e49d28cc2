// SPDX-License-Identifier: MIT
#include "engine.hpp"

#include "encode.hpp"
#include "render_png.hpp"
#include "frame_parse.hpp"
#include "render_frame.hpp"
#include "render_print.hpp"

namespace qredge {

Result<Rendered> render_payload(std::string_view payload, const Design& design,
                                const Output& output) {
  if (auto e = check_frame_output(design, output)) return *e;
  auto grid = encode(payload, design.effective_error_correction());
  if (!grid) return grid.error();
  Rendered out;
  out.format = output.format;
  out.version = grid->version();
  out.modules = grid->width();
  out.effective_error_correction = grid->ecc();
  out.scan = scan_report(*grid, design, output);
  switch (output.format) {
    case Format::Svg: {
      auto svg = render_svg_document(*grid, design, output);
      if (!svg) return svg.error();
      out.svg = std::move(*svg);
      break;
    }
    case Format::Png: {
      auto png = render_png(*grid, design, output);
      if (!png) return png.error();
      out.png = std::move(*png);
      break;
    }
    case Format::Pdf:
    case Format::Eps: {
      auto doc = render_print(*grid, design, output);
      if (!doc) return doc.error();
      out.png = std::move(*doc);
      break;
    }
  }
  return out;
}

}  // namespace qredge
