// SPDX-License-Identifier: MIT
// Render stage, shared part: module grid + design -> a Scene of vector outlines in module units
// (the quiet zone included, origin at the image's top-left corner, y down). The SVG renderer
// writes these outlines as path data; the raster renderer fills the very same outlines with
// exact area coverage. Outer contours run clockwise on screen and holes counter-clockwise, so
// non-zero filling and signed-area accumulation both give the intended shape.
#pragma once
#include <array>
#include <cstdint>
#include <optional>
#include <vector>

#include "design.hpp"
#include "encode.hpp"

namespace qredge {

struct Point {
  double x = 0, y = 0;
};

// Lines and circular arcs. An arc runs from the current point to (x, y) around (cx, cy) with
// radius r, clockwise on screen (angle increasing, y down) or not; arcs never exceed 180°.
struct PathSeg {
  enum Kind : std::uint8_t { Move, Line, Arc, Close } kind = Move;
  bool clockwise = true;
  double x = 0, y = 0;
  double cx = 0, cy = 0, r = 0;
};

class Path {
 public:
  void move_to(double x, double y) { segs_.push_back({PathSeg::Move, true, x, y, 0, 0, 0}); }
  void line_to(double x, double y) { segs_.push_back({PathSeg::Line, true, x, y, 0, 0, 0}); }
  void arc_to(double x, double y, double cx, double cy, double r, bool clockwise) {
    segs_.push_back({PathSeg::Arc, clockwise, x, y, cx, cy, r});
  }
  void close() { segs_.push_back({PathSeg::Close, true, 0, 0, 0, 0, 0}); }
  bool empty() const { return segs_.empty(); }
  const std::vector<PathSeg>& segs() const { return segs_; }
  void append(const Path& other) { segs_.insert(segs_.end(), other.segs_.begin(), other.segs_.end()); }

 private:
  std::vector<PathSeg> segs_;
};

// Corner radii in the order top-left, top-right, bottom-right, bottom-left.
using Radii = std::array<double, 4>;
void add_rounded_rect(Path& path, double x0, double y0, double x1, double y1, Radii r, bool hole = false);
void add_polygon(Path& path, const Point* points, std::size_t count, bool hole = false);

// What a layer is filled with: a solid colour or the design's gradient (in symbol space).
struct Paint {
  bool is_gradient = false;
  Rgb colour;
  Gradient gradient;
  bool operator==(const Paint& o) const {
    if (is_gradient != o.is_gradient) return false;
    if (!is_gradient) return colour == o.colour;
    return gradient.start == o.gradient.start && gradient.end == o.gradient.end && gradient.type == o.gradient.type;
  }
};

struct Layer {
  Paint paint;
  Path path;
};

// The logo's rectangle in module units (aspect ratio kept, centred on the symbol).
struct LogoBox {
  double x = 0, y = 0, w = 0, h = 0;
};

struct Scene {
  int extent = 0;  // modules per side, quiet zone included
  int margin = 0;
  int width = 0;   // modules per side of the symbol
  std::vector<Layer> layers;  // paint order; layers with equal paint are merged
  std::optional<LogoBox> logo;
  // 5x5-module squares (alignment patterns) the logo leaves uncovered: its picture there could
  // mislead a decoder's alignment search (logo_windows.hpp). Renderers cut them out of the
  // logo; the modules under them are never cleared.
  std::vector<LogoBox> logo_windows;
  double logo_fraction = 0;   // the logo size actually used (<= design.logo.size)
  int cleared_modules = 0;    // dark modules left out under the logo
  bool only_rectangles = false;  // every outline is an axis-aligned rectangle on module lines
};

// Builds the outlines. The logo is limited so that the modules it covers (plus the cleared
// margin) stay off the essential function patterns and within a safe share of each error
// correction block's capacity (see docs/rendering.md); `logo_fraction` reports the result.
// `frame_shift`: how far the outer edge of the top-right eye's frame moves right and that of
// the bottom-left eye's frame moves down, in modules (under half a pixel's worth): PNG, and SVG
// at its declared size, put those edges on whole pixels with it (eye_frame_shift in
// render_png.hpp); print output passes 0.
Scene build_scene(const ModuleGrid& grid, const Design& design, int margin, double frame_shift = 0);

// The largest logo fraction <= `wanted` whose damage keeps the symbol decodable (exposed for
// tests). `clear` adds the one-module cleared margin to the damaged area.
double safe_logo_fraction(const ModuleGrid& grid, double wanted, double aspect, bool clear);

// The largest share of an error correction block's correctable codewords that a logo of
// `fraction` (with the cleared margin when `clear`) covers: 0 none, 1 all it can correct.
double logo_block_load(const ModuleGrid& grid, double fraction, double aspect, bool clear);

// Where a design's logo goes on a symbol: the size used, its rectangle (symbol modules), and
// the alignment patterns (centres) it must leave visible.
struct LogoPlacement {
  double fraction = 0;
  double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
  std::vector<std::pair<int, int>> windows;
};
LogoPlacement place_logo(const ModuleGrid& grid, const Logo& logo, const Design& design);

// The eye shapes drawn: the design's, or square from version kSquareEyesFromVersion up. In large
// symbols decoders take the module size and the symbol's dimension from the finder patterns
// with the least slack (one module in 120 or more), and shaped eyes cost reads there: over
// 218 random styled designs of versions 15-40 (300-1000 px), 29 renders missed some panel
// decoder, 23 of them at versions 25-40; with square eyes 14 (11), as plain codes 10 (6).
// Below version 25 the difference was within the sample (6, 3 and 4 of 95).
inline constexpr int kSquareEyesFromVersion = 25;
struct EyeShapes {
  EyeFrameShape frame;
  EyeBallShape ball;
};
EyeShapes drawn_eyes(const ModuleGrid& grid, const Design& design);

// The logo's width / height (1 when unknown).
double logo_aspect(const Logo& logo);

}  // namespace qredge
