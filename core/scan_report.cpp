// SPDX-License-Identifier: MIT
#include "scan_report.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "geometry.hpp"
#include "render_png.hpp"

namespace qredge {
namespace {

std::string fixed(double v, int digits) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}

double round_to(double v, double step) { return std::round(v / step) * step; }

}  // namespace

ScanReport scan_report(const ModuleGrid& grid, const Design& design, const Output& output) {
  ScanReport r;
  r.effective_error_correction = grid.ecc();
  const double ppm = pixel_placement(grid.width(), output.margin, output.size, design.is_plain()).pitch;
  r.px_per_module = round_to(ppm, 0.01);

  const Rgb bg = design.transparent_background ? Rgb{255, 255, 255} : design.background;
  double worst = 21;
  auto dark = [&](Rgb c) { worst = std::min(worst, contrast_ratio(c, bg)); };
  if (design.gradient) {
    dark(design.gradient->start);
    dark(design.gradient->end);
  } else {
    dark(design.foreground);
  }
  if (design.eye_frame_color) dark(*design.eye_frame_color);
  if (design.eye_ball_color) dark(*design.eye_ball_color);
  r.contrast_ratio = round_to(worst, 0.01);

  if (design.logo) {
    const double aspect = logo_aspect(*design.logo);
    const bool clear = design.logo->clear_background;
    const LogoPlacement place = place_logo(grid, *design.logo, design);
    const double used = place.fraction;
    r.logo_block_load = round_to(logo_block_load(grid, used, aspect, clear), 0.001);
    if (design.error_correction != Ecc::H) {
      r.adjustments.push_back({"error_correction_raised",
                               std::string("error correction raised from ") + to_string(design.error_correction) +
                                   " to H: a logo hides modules, and H restores the most"});
    }
    if (used < design.logo->size - 1e-9) {
      r.adjustments.push_back({"logo_shrunk", "logo size reduced from " + fixed(design.logo->size, 3) + " to " +
                                                  fixed(used, 3) +
                                                  " of the symbol width, so it covers at most 60 % of what any "
                                                  "error-correction block can correct"});
    }
    if (!place.windows.empty()) {
      const std::size_t n = place.windows.size();
      r.adjustments.push_back({"alignment_pattern_uncovered",
                               "the logo leaves " + std::to_string(n) + " alignment pattern" + (n == 1 ? "" : "s") +
                                   " uncovered: decoders fit their grid to these patterns, and the logo's picture "
                                   "there could pass for one"});
    }
  }
  const EyeShapes eyes = drawn_eyes(grid, design);
  if (eyes.frame != design.eye_frame || eyes.ball != design.eye_ball) {
    r.adjustments.push_back({"eyes_squared", "version " + std::to_string(grid.version()) +
                                                 ": the eyes are drawn square from version " +
                                                 std::to_string(kSquareEyesFromVersion) +
                                                 " up, where decoders need the finder patterns exact"});
  }
  // PDF and EPS are vectors: their pixel grid is only a placement aid, never seen.
  const bool vector_print = output.format == Format::Pdf || output.format == Format::Eps;
  if (ppm < kMinPxPerModule && !vector_print) {
    r.warnings.push_back({"small_modules", fixed(ppm, 2) + " px per module: below " + fixed(kMinPxPerModule, 0) +
                                               " px phone cameras may miss the code; use a larger size or less content"});
  }
  // Print: the physical module size, from the physical size given, or for PDF and EPS from
  // the page (px at 96 per inch, as CSS and PDF viewers take them).
  double mm = physical_mm(output);
  if (mm <= 0 && (output.format == Format::Pdf || output.format == Format::Eps)) mm = output.size * 25.4 / 96;
  if (mm > 0) {
    const double module_mm = mm / (grid.width() + 2 * output.margin);
    if (module_mm < kMinPrintModuleMm - 1e-9)
      r.warnings.push_back({"small_print_modules",
                            fixed(module_mm, 2) + " mm per module when printed: below " + fixed(kMinPrintModuleMm, 1) +
                                " mm phone cameras may not focus on it; print larger or use less content"});
  }
  return r;
}

}  // namespace qredge
