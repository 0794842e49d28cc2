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

}  // namespace qredge
