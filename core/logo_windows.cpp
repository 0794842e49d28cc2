// SPDX-License-Identifier: MIT
#include "logo_windows.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>

#include "logo.hpp"
#include "qr_layout.hpp"

namespace qredge {
namespace {

constexpr int kSteps = 4;  // samples per module, each the mean of the logo in its cell
constexpr int kTaps = 4;   // logo pixels read per cell side, evenly spread (1/16 module apart)
// How far from a pattern's centre decoders look for it: ZXing-C++ 2.x tries points 2.25
// modules away (diagonally 3.2) and follows rings up to 3 modules out from each.
constexpr double kReach = 6.0;
// zbar's binarizer marks a pixel dark when it is 3 levels under the mean around it, so two
// tones 6 levels apart already draw a pattern for it (a checkerboard of two blues 20 levels
// apart, "flat" for ZXing's 24-level blocks, cost a version-10 code its zbar read).
constexpr double kFlatRange = 6.0;

// Unrounded: the flatness test compares ranges of a few levels (luma() in design.hpp is
// ZXing's integer one).
double fine_luma(Rgb c) { return (299.0 * c.r + 587.0 * c.g + 114.0 * c.b) / 1000.0; }

}  // namespace

std::vector<std::pair<int, int>> alignment_windows(const ModuleGrid& grid, const Design& design, const LogoRect& rect,
                                                   bool clear, const RgbaImage& logo) {
  std::vector<std::pair<int, int>> out;
  if (logo.width <= 0 || logo.height <= 0) return out;
  const double grow = clear ? 1.0 : 0.0;
  const double fg = design.gradient ? (fine_luma(design.gradient->start) + fine_luma(design.gradient->end)) / 2
                                    : fine_luma(design.foreground);
  const double bg = design.transparent_background ? 255.0 : fine_luma(design.background);
  // What a transparent logo pixel shows: the module beneath, or the background where the
  // modules under the logo (and one module around it, eyes excepted) are cleared.
  auto beneath = [&](int x, int y) {
    const bool cleared = clear && !grid.in_eye(x, y) && x + 1 > rect.x0 - grow && x < rect.x1 + grow &&
                         y + 1 > rect.y0 - grow && y < rect.y1 + grow;
    return grid.dark(x, y) && !cleared ? fg : bg;
  };
  const double sx = logo.width / (rect.x1 - rect.x0), sy = logo.height / (rect.y1 - rect.y0);
  // The composed luma of the sample cell [u, u + 1/kSteps) x [v, v + 1/kSteps) inside the logo:
  // the mean of kTaps x kTaps logo pixels spread over it (finer detail than 1/16 module is
  // lost in any camera's pixels).
  auto sample = [&](double u, double v) {
    double sum = 0, alpha = 0;
    for (int j = 0; j < kTaps; ++j)
      for (int i = 0; i < kTaps; ++i) {
        const double pu = u + (i + 0.5) / (kSteps * kTaps), pv = v + (j + 0.5) / (kSteps * kTaps);
        const int lx = std::clamp(static_cast<int>((pu - rect.x0) * sx), 0, logo.width - 1);
        const int ly = std::clamp(static_cast<int>((pv - rect.y0) * sy), 0, logo.height - 1);
        const std::uint8_t* p = &logo.pixels[(static_cast<std::size_t>(ly) * logo.width + lx) * 4];
        sum += fine_luma(Rgb{p[0], p[1], p[2]}) * p[3] / 255.0;
        alpha += p[3] / 255.0;
      }
    constexpr double n = kTaps * kTaps;
    const int mx = static_cast<int>(std::floor(u)), my = static_cast<int>(std::floor(v));
    return sum / n + (1 - alpha / n) * beneath(mx, my);
  };

  for (const auto& [ax, ay] : alignment_centres(grid.version())) {
    const bool hidden =
        ax + 3 > rect.x0 - grow && ax - 2 < rect.x1 + grow && ay + 3 > rect.y0 - grow && ay - 2 < rect.y1 + grow;
    if (!hidden) continue;
    const double cx = ax + 0.5, cy = ay + 0.5;
    const double u0 = std::max(rect.x0, cx - kReach), u1 = std::min(rect.x1, cx + kReach);
    const double v0 = std::max(rect.y0, cy - kReach), v1 = std::min(rect.y1, cy + kReach);
    double lo = 255, hi = 0;
    for (double v = v0; v + 1.0 / kSteps <= v1 + 1e-9; v += 1.0 / kSteps)
      for (double u = u0; u + 1.0 / kSteps <= u1 + 1e-9; u += 1.0 / kSteps) {
        const double l = sample(u, v);
        lo = std::min(lo, l);
        hi = std::max(hi, l);
      }
    if (hi - lo >= kFlatRange) out.emplace_back(ax, ay);
  }
  return out;
}

}  // namespace qredge
