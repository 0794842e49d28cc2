// SPDX-License-Identifier: MIT
#include "engine.hpp"

#include "encode.hpp"
#include "render_png.hpp"
#include "render_svg.hpp"

namespace qredge {

Result<Rendered> render_payload(std::string_view payload, const Design& design,
                                const Output& output) {
  auto grid = encode(payload, design.effective_error_correction());
  if (!grid) return grid.error();
  Rendered out;
  out.format = output.format;
  out.version = grid->version();
  out.modules = grid->width();
  out.effective_error_correction = grid->ecc();
  out.scan = scan_report(*grid, design, output);
  if (output.format == Format::Svg) {
    out.svg = render_svg(*grid, design, output);
  } else {
    auto png = render_png(*grid, design, output);
    if (!png) return png.error();
    out.png = std::move(*png);
  }
  return out;
}

}  // namespace qredge
