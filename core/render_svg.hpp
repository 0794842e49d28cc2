// SPDX-License-Identifier: MIT
// Render stage (vector): module grid + design -> SVG text. Deterministic: the same inputs give
// the same bytes. Uses a viewBox in module units and merges modules into as few paths as the
// shapes allow.
#pragma once
#include <string>

#include "design.hpp"
#include "encode.hpp"

namespace qredge {

std::string render_svg(const ModuleGrid& grid, const Design& design, const Output& output);

struct PixelPlacement;  // render_png.hpp

// The eye frames' shift (eye_frame_shift, render_png.hpp) a styled SVG of `grid` placed at its
// declared size by `pl` uses: from version 21 up only (render_svg.cpp says why).
double svg_eye_frame_shift(const ModuleGrid& grid, const PixelPlacement& pl);

}  // namespace qredge
