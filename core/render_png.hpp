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

// Pixels per module in the PNG of a `width`-module symbol with `margin` quiet-zone modules at
// `size` px: the largest pitch <= size / (width + 2 margin) whose 7 modules are whole pixels
// (render_png.cpp, Placement, says why).
double raster_pitch(int width, int margin, int size);

}  // namespace qredge
