// SPDX-License-Identifier: MIT
// Render stage (raster): module grid + design -> PNG bytes (png_write: 1-bit grey for plain
// black-on-white codes, else 8-bit RGB/RGBA), `output.size` pixels square. Errors: `logo_unavailable` when the logo bytes cannot be decoded.
#pragma once
#include <cstdint>
#include <vector>

#include "design.hpp"
#include "encode.hpp"
#include "error.hpp"

namespace qredge {

Result<std::vector<std::uint8_t>> render_png(const ModuleGrid& grid, const Design& design,
                                             const Output& output);

// Where a `width`-module symbol with `margin` quiet-zone modules sits in a `size`-pixel image
// (render_png.cpp says why): a plain design (Design::is_plain) from 2 px per module up gets
// floor(size / (width + 2 margin)) whole pixels per module; otherwise the pitch is the largest
// <= size / (width + 2 margin) whose 7 modules are whole pixels (3 px from 3 to 4 px). The
// symbol starts on a whole pixel. The PNG renderer draws with it; the SVG renderer's viewBox
// gives the same picture at its declared size.
struct PixelPlacement {
  double pitch;      // pixels per module
  int symbol_start;  // pixel of the symbol's first module, both axes
  int finder_px;     // 7 * pitch, a whole number of pixels
};
PixelPlacement pixel_placement(int width, int margin, int size, bool plain);

}  // namespace qredge
