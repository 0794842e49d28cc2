// SPDX-License-Identifier: MIT
// Render stage, frames and physical sizes in SVG: the frame (frame_layout.hpp) drawn around the
// code's own SVG, which is nested unchanged as an inner <svg> at the code square. Text is
// glyph outlines in <path> elements (no <text>, no font), so every viewer shows it alike.
#pragma once
#include <string>

#include "design.hpp"
#include "encode.hpp"
#include "error.hpp"

namespace qredge {

// The SVG of a design with or without a frame; sized in mm or in when the output has a
// physical size. Errors: `frame_text_too_wide` (only for a frame that skipped validation).
Result<std::string> render_svg_document(const ModuleGrid& grid, const Design& design, const Output& output);

}  // namespace qredge
