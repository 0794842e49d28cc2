// SPDX-License-Identifier: MIT
// Foundation slice: square modules, one merged path, solid colours.
#include "render_svg.hpp"

namespace qredge {

std::string render_svg(const ModuleGrid& grid, const Design& design, const Output& output) {
  const int n = grid.width() + 2 * output.margin;
  const std::string ns = std::to_string(n);
  const std::string px = std::to_string(output.size);
  std::string svg;
  svg.reserve(static_cast<std::size_t>(grid.width()) * grid.width() * 4 + 256);
  svg += "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + px + "\" height=\"" + px +
         "\" viewBox=\"0 0 " + ns + " " + ns + "\" shape-rendering=\"crispEdges\">";
  if (!design.transparent_background)
    svg += "<rect width=\"" + ns + "\" height=\"" + ns + "\" fill=\"" + to_hex(design.background) + "\"/>";
  svg += "<path fill=\"" + to_hex(design.foreground) + "\" d=\"";
  for (int y = 0; y < grid.width(); ++y) {
    for (int x = 0; x < grid.width();) {
      if (!grid.dark(x, y)) { ++x; continue; }
      int run = 1;
      while (grid.dark(x + run, y)) ++run;
      svg += 'M' + std::to_string(x + output.margin) + ' ' + std::to_string(y + output.margin) +
             'h' + std::to_string(run) + "v1h-" + std::to_string(run) + 'z';
      x += run;
    }
  }
  svg += "\"/></svg>";
  return svg;
}

}  // namespace qredge
