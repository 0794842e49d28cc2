// SPDX-License-Identifier: MIT
// Outlines with Bézier curves in pixel units (y down), for what is drawn around a code: the
// frame and the glyphs of its text. Every output writes them natively (SVG path data, PDF and
// PostScript path operators); the PNG renderer flattens them to the rasterizer's edges.
#pragma once
#include <string>
#include <vector>

#include "raster.hpp"

namespace qredge {

struct OutlineSeg {
  enum Kind : unsigned char { Move, Line, Quad, Cubic, Close } kind = Move;
  double x = 0, y = 0;    // end point
  double x1 = 0, y1 = 0;  // control point (Quad, Cubic)
  double x2 = 0, y2 = 0;  // second control point (Cubic)
};

class Outline {
 public:
  void move_to(double x, double y) { segs_.push_back({OutlineSeg::Move, x, y}); }
  void line_to(double x, double y) { segs_.push_back({OutlineSeg::Line, x, y}); }
  void quad_to(double cx, double cy, double x, double y) { segs_.push_back({OutlineSeg::Quad, x, y, cx, cy}); }
  void cubic_to(double c1x, double c1y, double c2x, double c2y, double x, double y) {
    segs_.push_back({OutlineSeg::Cubic, x, y, c1x, c1y, c2x, c2y});
  }
  void close() { segs_.push_back({OutlineSeg::Close}); }
  void append(const Outline& o) { segs_.insert(segs_.end(), o.segs_.begin(), o.segs_.end()); }
  bool empty() const { return segs_.empty(); }
  const std::vector<OutlineSeg>& segs() const { return segs_; }

  // A rectangle, clockwise on screen (or counter-clockwise: a hole).
  void rect(double x0, double y0, double x1, double y1, bool hole = false);
  // A rectangle with corners of radius r (quarter circles as cubic Béziers), clockwise.
  void rounded_rect(double x0, double y0, double x1, double y1, double r);
  // An arc from the current point around (cx, cy) with radius r, from angle a0 to a1 (radians,
  // y down: increasing angles turn clockwise on screen), as cubic Béziers of at most 90°.
  void arc(double cx, double cy, double r, double a0, double a1);

 private:
  std::vector<OutlineSeg> segs_;
};

// Appends `v` as fixed-point text with at most three decimals and no trailing zeros ("12",
// "0.5", "-1.125"): the coordinates of SVG path data and PDF/PostScript operators.
void append_number(std::string& out, double v);
// The same text as a string.
std::string number_text(double v);

// Closed line edges in pixels (outline coordinates * scale + (dx, dy)), curves flattened to
// within `tolerance` px.
void flatten(const Outline& o, double scale, double dx, double dy, double tolerance, std::vector<Edge>& out);

}  // namespace qredge
