// SPDX-License-Identifier: MIT
// Render stage, report: the margin a rendered code keeps for a camera (API.md §7.2 `scan`),
// and what the engine changed to keep it. Computed from the same grid, design and output the
// renderers draw, so it describes exactly the image handed out.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "design.hpp"
#include "encode.hpp"

namespace qredge {

struct ScanNote {
  std::string code;     // stable: error_correction_raised, logo_shrunk, alignment_pattern_uncovered, eyes_squared, small_modules, small_print_modules
  std::string message;  // for people
};

struct ScanReport {
  Ecc effective_error_correction = Ecc::Q;
  // The pitch drawn (render_png.hpp, pixel_placement): PNG, and SVG at its declared width.
  double px_per_module = 0;
  // The lowest WCAG contrast ratio of a dark colour drawn (foreground or gradient stops, eye
  // colours) against the background (white when transparent).
  double contrast_ratio = 21;
  // Logos only: the largest share of an error-correction block's correctable codewords that
  // the logo (and its cleared margin) covers; the engine keeps it at or under 0.6.
  std::optional<double> logo_block_load;
  std::vector<ScanNote> adjustments;  // changes the engine made (ECC raised, logo shrunk)
  std::vector<ScanNote> warnings;     // what the engine could not change (small modules)
};

// Below this many pixels per module phone cameras start to miss codes (the scan-margin checks
// downscale to 2.5 px per module); a smaller render carries a `small_modules` warning.
inline constexpr double kMinPxPerModule = 3.0;
// Printed modules under this size are hard for phone cameras to focus on at reading distance
// (docs/print.md); a print output (physical size, PDF, EPS) under it carries `small_print_modules`.
inline constexpr double kMinPrintModuleMm = 0.4;

ScanReport scan_report(const ModuleGrid& grid, const Design& design, const Output& output);

}  // namespace qredge
