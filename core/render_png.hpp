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

}  // namespace qredge
