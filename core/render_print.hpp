// SPDX-License-Identifier: MIT
// Render stage (print): one vector page as PDF 1.4 or EPS (PostScript level 3), with every
// design option: modules and eyes as paths, gradients as shadings, the logo as an image (PDF:
// an image XObject with its alpha as a soft mask), the frame text as outlines (no fonts).
// Deterministic bytes: no dates, a fixed document ID. The page is the image: the code square
// (size_mm / size_in, or `size` px at 96 per inch) plus the frame.
#pragma once
#include <cstdint>
#include <vector>

#include "design.hpp"
#include "encode.hpp"
#include "error.hpp"

namespace qredge {

// output.format Pdf or Eps. Errors: `logo_unavailable`, `frame_text_too_wide`.
Result<std::vector<std::uint8_t>> render_print(const ModuleGrid& grid, const Design& design, const Output& output);

}  // namespace qredge
