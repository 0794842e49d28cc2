// SPDX-License-Identifier: MIT
// Render stage, logos: the alignment patterns a logo must leave uncovered. Decoders that read
// larger symbols fit their sampling grid to every alignment pattern: zbar searches up to two
// modules around where a hidden one should be for a spot that looks like its 5x5 rings, and
// ZXing-C++ 2.x (zxing-wasm) for concentric rings up to about six modules away. A logo's
// picture often holds such a spot (a letter O, stripes, a photo, text), the grid bends towards
// it and the code does not read: over 2,592 logo renders of versions 7-22, zbar missed 274
// and zxing-wasm 3, none of them with the patterns shown. So the logo leaves a 5x5 window
// over each pattern it would hide, unless its picture there is one flat tone, where no decoder
// finds anything (docs/rendering.md, "Logo").
#pragma once
#include <utility>
#include <vector>

#include "design.hpp"
#include "encode.hpp"

namespace qredge {

struct RgbaImage;

// Where a logo sits, in symbol modules (quiet zone excluded).
struct LogoRect {
  double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
};

// Centres (symbol modules) of the alignment patterns that `rect` would cover (grown by the
// cleared margin of one module when `clear`), and whose surroundings within the logo are not
// one flat tone: the picture composed of the logo over what is beneath it (the modules, or the
// background where they are cleared) spans at least 6 of 255 luma levels there.
std::vector<std::pair<int, int>> alignment_windows(const ModuleGrid& grid, const Design& design, const LogoRect& rect,
                                                   bool clear, const RgbaImage& logo);

}  // namespace qredge
