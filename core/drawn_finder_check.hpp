// SPDX-License-Identifier: MIT
// Render stage, before drawing: whether a styled code, drawn at its output size, would fool ZXing
// Java 3.4's finder search (finder_search.hpp) into taking a finder look-alike for one of its
// three finders. The mask choice replays that search on plain drawings; a styled body changes
// the runs a decoder meets (rounded or joined modules, dots, bars), so a mask the plain replay
// reads can still hold a look-alike once drawn with the design's shapes, at every size (one
// such code in about 400 random designs), or at one pixel pitch only. engine.cpp then draws the
// code with the next mask (docs/rendering.md, "Mask choice").
#pragma once
#include "design.hpp"
#include "encode.hpp"

namespace qredge {

// True when the code, drawn as a PNG of `output` would place it (at most kFinderCheckMaxSize
// pixels: larger outputs are checked at that size) with each pixel dark where its centre is
// inside a shape, and the logo's picture thresholded (a binarized clean render, without
// painting one), makes the replayed search take a look-alike. False
// when it ends with the real finders, finds fewer than three (not something another mask
// changes), or the design has nothing to check: plain designs (the mask choice's own replay
// covers them), frames and print formats, versions below kFinderCheckFromVersion.
bool drawing_fools_finder_search(const ModuleGrid& grid, const Design& design, const Output& output);

// Smaller symbols are not checked: their data area is too small for a look-alike to be met
// before the bottom-left finder (no random design below version 10 missed this way), and
// checking costs a tenth of a styled render.
inline constexpr int kFinderCheckFromVersion = 7;

// The largest image the check draws, in pixels per side: beyond about 10 pixels per module the
// shapes' runs no longer change with the pitch.
inline constexpr int kFinderCheckMaxSize = 1024;

}  // namespace qredge
