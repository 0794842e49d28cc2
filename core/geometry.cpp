// SPDX-License-Identifier: MIT
// Shape outlines for every body, eye-frame and eye-ball shape of API.md §2. Rounded body
// shapes work on horizontal runs of dark modules: a run's inner edges are never rounded, and a
// run's end corner is rounded only when both neighbours on that corner's sides are light (so
// only the outer corners of connected groups are rounded, as qr-code-styling draws them).
#include "geometry.hpp"

#include <algorithm>
#include <cmath>
#include <set>

#include "logo.hpp"
#include "logo_windows.hpp"
#include "qr_layout.hpp"

namespace qredge {
namespace {

// Share of each block's correctable codewords that a logo may use; the rest is left for
// misreads (print, camera, anti-aliasing).
constexpr double kLogoBudget = 0.6;
constexpr double kPi = 3.14159265358979323846;

struct Box {
  double x0, y0, x1, y1;
};

// Logo rectangle in symbol coordinates (no quiet zone) for a fraction of the symbol width.
Box logo_rect(int width, double fraction, double aspect) {
  const double side = fraction * width;
  const double w = aspect >= 1 ? side : side * aspect;
  const double h = aspect >= 1 ? side / aspect : side;
  const double c = width / 2.0;
  return {c - w / 2, c - h / 2, c + w / 2, c + h / 2};
}

// Modules whose cell overlaps the box grown by `grow` modules on each side.
template <class F>
void for_each_module_under(const Box& b, double grow, int width, F&& f) {
  const int x0 = std::max(0, static_cast<int>(std::floor(b.x0 - grow)));
  const int y0 = std::max(0, static_cast<int>(std::floor(b.y0 - grow)));
  const int x1 = std::min(width - 1, static_cast<int>(std::ceil(b.x1 + grow)) - 1);
  const int y1 = std::min(width - 1, static_cast<int>(std::ceil(b.y1 + grow)) - 1);
  for (int y = y0; y <= y1; ++y)
    for (int x = x0; x <= x1; ++x) f(x, y);
}

// Codewords of each block under the box, and whether it reaches an essential function
// pattern (finders, timing, format or version information).
struct BlockHits {
  bool essential = false;
  std::vector<int> codewords;  // per block
};
BlockHits hits_under(const QrLayout& layout, const Box& box, double grow) {
  std::vector<std::set<int>> hit(static_cast<std::size_t>(layout.blocks()));
  BlockHits out;
  for_each_module_under(box, grow, layout.width(), [&](int x, int y) {
    if (layout.is_essential(x, y)) out.essential = true;
    const int b = layout.block_of(x, y);
    if (b >= 0) hit[static_cast<std::size_t>(b)].insert(layout.codeword_of(x, y));
  });
  for (const auto& h : hit) out.codewords.push_back(static_cast<int>(h.size()));
  return out;
}

bool logo_fits(const QrLayout& layout, const Box& box, double grow) {
  const BlockHits h = hits_under(layout, box, grow);
  if (h.essential) return false;
  for (int b = 0; b < layout.blocks(); ++b)
    if (h.codewords[static_cast<std::size_t>(b)] > kLogoBudget * layout.correctable(b)) return false;
  return true;
}


// ---- body ---------------------------------------------------------------------------------

// A `diamond` module's half-diagonal, in modules: a little past the cell's edge midpoints, so
// neighbours' tips overlap. At 0.5 a diamond fills half its cell, and scaled down to 2.5 px
// per module it is a grey pixel: over 240 diamond-body renders (every frame, ball and level)
// zxing-wasm missed 9, zbar 3, ZXing-C++ 1.4 20, ZXing Java 19; at 0.56: 1, 1, 15, 12 (and no
// clean miss; 0.58 and 0.6 gave zbar a clean miss).
constexpr double kDiamondHalfDiagonal = 0.56;

// Bodies that draw each module (or each bar) on its own, leaving gaps inside an alignment
// pattern's ring: decoders then do not find the pattern (ZXing-C++ 2.x, which prefers it from
// version 2 on, missed dots codes with extra-rounded eyes at most sizes between 426 and 480 px).
// These bodies draw alignment patterns whole, as a ring and a centre.
bool separate_modules(BodyShape shape) {
  return shape == BodyShape::Dots || shape == BodyShape::Diamond || shape == BodyShape::VerticalBars ||
         shape == BodyShape::HorizontalBars;
}

class Body {
 public:
  Body(const ModuleGrid& grid, std::vector<std::uint8_t> cleared, double m, BodyShape shape)
      : grid_(grid), cleared_(std::move(cleared)), m_(m), shape_(shape) {
    const bool apart = separate_modules(shape);
    for (const auto& [ax, ay] : alignment_centres(grid.version())) {
      if (!is_cleared(ax, ay)) centres_.emplace_back(ax, ay);
      if (!apart) continue;
      bool whole = true;  // a pattern partly cleared for the logo stays module by module
      for (int y = ay - 2; y <= ay + 2; ++y)
        for (int x = ax - 2; x <= ax + 2; ++x) whole = whole && !is_cleared(x, y);
      if (whole) alignments_.emplace_back(ax, ay);
    }
  }

  // A module drawn as part of the body: dark, not in an eye, not cleared for the logo, not in
  // an alignment pattern drawn whole.
  bool drawn(int x, int y) const {
    if (!grid_.dark(x, y) || grid_.in_eye(x, y) || is_cleared(x, y)) return false;
    for (const auto& [ax, ay] : alignments_)
      if (std::abs(x - ax) <= 2 && std::abs(y - ay) <= 2) return false;
    return true;
  }

  void build(Path& path) const {
    const BodyShape shape = shape_;
    for (const auto& [ax, ay] : alignments_) {
      // Ring 5x5 with a 3x3 hole, and the centre module; round for dots (the centre only softly:
      // kAlignmentCentreRadius), square otherwise.
      // The ring reaches kAlignmentRingGrowth past its cell. Drawn whole among separate
      // modules, with light gaps around it, a 5-module pattern read along a row is 1:1:1:1:1,
      // which ZXing Java's loose 1:1:3:1:1 test can pass at some pixel phases: at 4.9 px per
      // module it took the middle pattern for a finder and missed 4 of 640 dots, diamond and
      // bar codes (none with the ring 0.15 wider; a smaller centre instead missed 164 blurred).
      const double x = ax + m_, y = ay + m_, g = kAlignmentRingGrowth;
      const bool round = shape == BodyShape::Dots;
      const double ro = round ? 1.0 : 0, ri = round ? 0.5 : 0, rc = round ? kAlignmentCentreRadius : 0;
      add_rounded_rect(path, x - 2 - g, y - 2 - g, x + 3 + g, y + 3 + g, {ro, ro, ro, ro});
      add_rounded_rect(path, x - 1, y - 1, x + 2, y + 2, {ri, ri, ri, ri}, true);
      add_rounded_rect(path, x, y, x + 1, y + 1, {rc, rc, rc, rc});
    }
    const int w = grid_.width();
    switch (shape) {
      case BodyShape::Dots:
      case BodyShape::Diamond:
        for (int y = 0; y < w; ++y)
          for (int x = 0; x < w; ++x)
            if (drawn(x, y)) single(shape, x + m_, y + m_, path);
        return;
      case BodyShape::VerticalBars:
        for (int x = 0; x < w; ++x)
          for (int y = 0; y < w;) {
            if (!drawn(x, y)) { ++y; continue; }
            int end = y;
            while (drawn(x, end + 1)) ++end;
            add_rounded_rect(path, x + m_ + kBarInset, y + m_, x + m_ + 1 - kBarInset, end + 1 + m_,
                             {kBarRadius, kBarRadius, kBarRadius, kBarRadius});
            y = end + 1;
          }
        return;
      default:
        for (int y = 0; y < w; ++y)
          for (int x = 0; x < w;) {
            if (!drawn(x, y)) { ++x; continue; }
            int end = x;
            while (drawn(end + 1, y)) ++end;
            run(shape, x, end, y, path);
            x = end + 1;
          }
    }
  }

 private:
  static constexpr double kAlignmentRingGrowth = 0.15;  // modules; see build()
  // The corner radius of an alignment pattern's centre module, in modules, for every body that
  // rounds it (a lone module is otherwise a circle, or a leaf for the classy bodies). Blurred by
  // 0.3 module, a circle is too light for ZXing Java at 4 and 8 px per module, where its 8 px
  // binarizer blocks line up with the modules: its alignment search missed the centre and took a
  // look-alike, and the sampled grid did not read (rounded bodies 3 of 12, extra-rounded 7, dots
  // 1; square bodies 12 of 12). With this radius: 24 of 24 at 8 px, 23-24 at 4 (0.35: 21-24).
  static constexpr double kAlignmentCentreRadius = 0.25;
  static constexpr double kBarInset = 0.1;   // bars leave a 0.2-module gap to the next bar
  static constexpr double kBarRadius = 0.4;  // round ends

  static void single(BodyShape shape, double x, double y, Path& path) {
    if (shape == BodyShape::Dots) {
      add_rounded_rect(path, x, y, x + 1, y + 1, {0.5, 0.5, 0.5, 0.5});
    } else {
      const double h = kDiamondHalfDiagonal, cx = x + 0.5, cy = y + 0.5;
      const Point p[4] = {{cx, cy - h}, {cx + h, cy}, {cx, cy + h}, {cx - h, cy}};
      add_polygon(path, p, 4);
    }
  }

  // One horizontal run of dark modules [x0, x1] in row y.
  void run(BodyShape shape, int x0, int x1, int y, Path& path) const {
    const double X0 = x0 + m_, X1 = x1 + 1 + m_, Y0 = y + m_, Y1 = y + 1 + m_;
    if (shape == BodyShape::Square) {
      add_rounded_rect(path, X0, Y0, X1, Y1, {0, 0, 0, 0});
      return;
    }
    if (shape == BodyShape::HorizontalBars) {
      add_rounded_rect(path, X0, Y0 + kBarInset, X1, Y1 - kBarInset, {kBarRadius, kBarRadius, kBarRadius, kBarRadius});
      return;
    }
    // The run's left and right neighbours are light by construction; look above and below.
    bool tl = !drawn(x0, y - 1), tr = !drawn(x1, y - 1), br = !drawn(x1, y + 1), bl = !drawn(x0, y + 1);
    const bool classy = shape == BodyShape::Classy || shape == BodyShape::ClassyRounded;
    if (classy) tr = bl = false;
    const bool single_module = x0 == x1;
    Radii r{0, 0, 0, 0};
    const bool rounded[4] = {tl, tr, br, bl};
    for (int c = 0; c < 4; ++c) {
      if (!rounded[c]) continue;
      double radius = 0.5;
      if (shape == BodyShape::ExtraRounded || shape == BodyShape::ClassyRounded) {
        // A full-module radius unless another rounded corner shares a side of length 1.
        const bool vertical_pair = rounded[c ^ 3];  // TL<->BL, TR<->BR share the vertical side
        const bool horizontal_pair = single_module && rounded[c ^ 1];  // TL<->TR, BR<->BL
        radius = (vertical_pair || horizontal_pair) ? 0.5 : 1.0;
        if (shape == BodyShape::ClassyRounded && single_module && tl && br) radius = 0.5;
      }
      r[static_cast<std::size_t>(c)] = radius;
    }
    if (single_module && is_alignment_centre(x0, y))
      for (double& c : r) c = std::min(c, kAlignmentCentreRadius);
    add_rounded_rect(path, X0, Y0, X1, Y1, r);
  }

  bool is_alignment_centre(int x, int y) const {
    for (const auto& [ax, ay] : centres_)
      if (x == ax && y == ay) return true;
    return false;
  }

  bool is_cleared(int x, int y) const {
    return !cleared_.empty() && cleared_[static_cast<std::size_t>(y) * grid_.width() + x];
  }

  const ModuleGrid& grid_;
  std::vector<std::uint8_t> cleared_;
  double m_;
  BodyShape shape_;
  std::vector<std::pair<int, int>> alignments_;
  std::vector<std::pair<int, int>> centres_;  // alignment pattern centres, not cleared
};

// ---- eyes -----------------------------------------------------------------------------------

// Which eye: 0 top-left, 1 top-right, 2 bottom-left. Leaf shapes keep two sharp corners on
// the diagonal that points at the symbol's centre, and round the other two.
Radii leaf_radii(int eye, double r) {
  if (eye == 0) return {0, r, 0, r};
  return {r, 0, r, 0};
}

// The circle frame: a ring of outer corner radius 2.75 around a hole of corner radius 1.5.
// A full circle (3.5) has no straight edge, and zbar takes a finder's orientation from its
// edges: a circle rotated 10° read 0 of 4 there. Radius 3.0 still missed under rotation (zbar
// 50 of 480 renders rotated 10°) and downscaled to 2.5 px per module (zxing-wasm, 61 of 480);
// 2.75 with a hole of radius 1.5 missed 3 and 12 (docs/rendering.md, "Eyes"). It is now
// close to the extra-rounded frame as first drawn (2.5 and 1.5): the decoders allow no rounder
// ring. Its corner beside the symbol's edge is tighter still (below).
constexpr double kCircleFrameRadius = 2.75, kCircleHoleRadius = 1.5;

// Round frame corners: outer radius 2.0 around a concentric hole of 1.0, no rounder. zbar fits
// the symbol's right and bottom edges by walking on from the top-right and bottom-left finders
// half a module at a time, taking the middle of each light:dark:light run across the last
// column. Where those frames' bottom-right corner curves inside that window (2.5 around 1.5, as
// extra-rounded and leaf were drawn; circle 2.75), the middle lies up to 0.4 module inside the
// edge, the walk follows it inward and the grid shrinks: zbar missed clean renders at 4 and
// 4.5 px per module. The corner alone made the finder lopsided for zxing-wasm downscaled to
// 2.5 px per module, so extra-rounded and leaf take the radius on every corner; circle only on
// that one, to stay rounder than extra-rounded (docs/rendering.md, "Eyes").
constexpr double kEdgeCornerRadius = 2.0, kEdgeCornerHoleRadius = 1.0;

// (dx, dy) moves the frame's outer edge only (render_png.cpp puts it on whole pixels with it).
void eye_frame(EyeFrameShape shape, int eye, double x, double y, Path& path, double dx = 0, double dy = 0) {
  Radii outer{0, 0, 0, 0}, inner{0, 0, 0, 0};
  auto all = [](double r) { return Radii{r, r, r, r}; };
  switch (shape) {
    case EyeFrameShape::Square: break;
    case EyeFrameShape::Rounded: outer = all(1.5); inner = all(0.5); break;
    case EyeFrameShape::ExtraRounded: outer = all(kEdgeCornerRadius); inner = all(kEdgeCornerHoleRadius); break;
    case EyeFrameShape::Circle:
      outer = all(kCircleFrameRadius);
      inner = all(kCircleHoleRadius);
      if (eye != 0) outer[2] = kEdgeCornerRadius, inner[2] = kEdgeCornerHoleRadius;  // bottom-right
      break;
    case EyeFrameShape::Leaf: outer = leaf_radii(eye, kEdgeCornerRadius); inner = leaf_radii(eye, kEdgeCornerHoleRadius); break;
  }
  add_rounded_rect(path, x + dx, y + dy, x + 7 + dx, y + 7 + dy, outer);
  add_rounded_rect(path, x + 1, y + 1, x + 6, y + 6, inner, true);
}

// Decoders check the finder pattern's 1:1:3:1:1 rhythm along the row and the column through
// its centre, within about half a module per run (ZXing-C++ 1.4, ZXing Java), and along the
// diagonals within about three quarters (ZXing-C++ both, ZXing Java 3.4 one); zbar fits the
// finder's edges. Each frame shortens or keeps the diagonals differently, so each frame x ball
// pair has its ball scale, measured: the panel (ZXing Java 3.4, ZXing-C++ 1.4, zxing-wasm,
// zbar) read renders at 300–720 px and under blur, downscaling, JPEG, rotation and low
// contrast for scales 0.80–1.25, and the scale here is the middle of the range every decoder
// read (docs/rendering.md, "Eyes"); the circle, leaf and star balls of cornered frames were
// measured again with their superellipse shapes (add_squircle), down to 2.5 px per module;
// the diamond in extra-rounded frames went from 1.05 to 1.00 when rounded and diamond bodies
// were measured too (ZXing-C++ 1.4 at 2.5 px per module: 46 of 640 renders missed, then 3).
// The leaf ball in circle frames went from 0.95 to 0.90 when a clean pitch sweep found ZXing-C++
// 1.4 reading it 2 of 24 times at 4.5 px per module (12 at 4.43): its sharp corners are long on
// the diagonal where the circle frame's is short (runs 2 3 13 3 2); 0.85 lost blurred renders.
// Rows: frames; columns: balls, in enum order.
constexpr double kBallScale[5][6] = {
    //  square rounded circle diamond leaf  star
    {1.00, 1.05, 1.05, 1.05, 1.04, 1.05},    // square
    {0.95, 1.00, 1.04, 1.00, 1.04, 1.05},    // rounded
    {0.875, 1.00, 1.025, 1.00, 0.925, 1.05}, // extra-rounded
    {0.95, 0.95, 1.00, 1.00, 0.90, 1.05},    // circle
    {0.95, 1.05, 1.04, 1.05, 1.025, 1.05},   // leaf
};

double ball_scale(EyeFrameShape frame, EyeBallShape ball) {
  return kBallScale[static_cast<int>(frame)][static_cast<int>(ball)];
}

// A ball with cornered frames: a square of half-side h whose round corners are quadrants of
// the superellipse |x|^n + |y|^n = h^n (n = 2.5) rather than circular arcs (n = 2). A frame with corners has the
// finder's full length on its diagonals, and ZXing-C++ 1.4 checks both diagonals through the
// centre against 1:1:3:1:1 with about 0.75 module of play: a circle (diagonal 2.1 modules
// where 3 are expected) only read in a window of ball scales 1.06-1.17, which closed once
// the image was scaled down to 2.5 px per module (15 of 40 missed). The superellipse keeps
// 3 modules on the axes and 2.3 on the diagonals and still looks round: at scales 1.025-1.05
// it read 24 of 24 clean and scaled in square, rounded and leaf frames. Square and leaf frames
// later needed n = 3 (ball_power). `round` is per corner: top-left, top-right, bottom-right,
// bottom-left (the order of Radii).
using Corners = std::array<bool, 4>;

// The superellipse's power for round balls (circle, and leaf's round corners) by frame. Frames
// with sharp corners (square, leaf) ask for the longest diagonals: blurred by 0.3 module at
// exactly 8 and 9 px per module, ZXing-C++ 1.4 counted the ball's diagonal 19 px where its
// relaxed check wanted at least 19.06 and found no finder (of 16 texts, the square frame with
// the circle ball read 3 at 8 px and none at 9; square/leaf and leaf/circle 9, and 0 or 1).
// Power 3 reads them all; a larger ball (scale 1.10) did too, but lost ZXing Java and
// ZXing-C++ 1.4 at 2.5 px per module.
// The same blurred check at 8 px per module missed the star's core (power 3) in square frames
// and the leaf frame's square ball at scale 0.875 (6 and 3 of 12 texts): the core takes power
// 4 in these frames, and that ball scale 0.95 (power 3.5 and 0.925 fixed only the ball).
bool has_sharp_corners(EyeFrameShape frame) {
  return frame == EyeFrameShape::Square || frame == EyeFrameShape::Leaf;
}
double ball_power(EyeFrameShape frame) { return has_sharp_corners(frame) ? 3.0 : 2.5; }
double star_core_power(EyeFrameShape frame) { return has_sharp_corners(frame) ? 4.0 : 3.0; }

Corners leaf_corners(int eye) {
  const Radii r = leaf_radii(eye, 1);
  return {r[0] > 0, r[1] > 0, r[2] > 0, r[3] > 0};
}

void add_squircle(Path& path, double cx, double cy, double h, Corners round, double power = 2.5) {
  constexpr int kSteps = 16;  // points per round quarter: straight pieces under 0.1 module at h = 1.5
  const double exponent = 2 / power;
  auto at = [&](double a) {
    const double c = std::cos(a), s = std::sin(a);
    return Point{cx + h * std::copysign(std::pow(std::abs(c), exponent), c),
                 cy + h * std::copysign(std::pow(std::abs(s), exponent), s)};
  };
  // Clockwise on screen from the top: the top-right, bottom-right, bottom-left, top-left
  // quarters, which are corners 1, 2, 3, 0.
  std::array<Point, 4 * kSteps> p;
  std::size_t n = 0;
  for (int q = 0; q < 4; ++q) {
    const double a0 = -kPi / 2 + q * kPi / 2;
    if (round[static_cast<std::size_t>((q + 1) % 4)]) {
      for (int i = 0; i < kSteps; ++i) p[n++] = at(a0 + i * (kPi / 2) / kSteps);
    } else {
      p[n++] = at(a0);
      p[n++] = {q == 0 || q == 1 ? cx + h : cx - h, q == 1 || q == 2 ? cy + h : cy - h};
    }
  }
  add_polygon(path, p.data(), n);
}

void eye_ball(EyeBallShape shape, EyeFrameShape frame, int eye, double x, double y, Path& path) {
  const double k = ball_scale(frame, shape);
  const double cx = x + 3.5, cy = y + 3.5, h = 1.5 * k;
  const double x0 = cx - h, y0 = cy - h, x1 = cx + h, y1 = cy + h;
  switch (shape) {
    case EyeBallShape::Square: add_rounded_rect(path, x0, y0, x1, y1, {0, 0, 0, 0}); break;
    case EyeBallShape::Rounded: add_rounded_rect(path, x0, y0, x1, y1, {k, k, k, k}); break;
    case EyeBallShape::Circle:
      if (frame == EyeFrameShape::Circle) add_rounded_rect(path, x0, y0, x1, y1, {h, h, h, h});
      else add_squircle(path, cx, cy, h, {true, true, true, true}, ball_power(frame));
      break;
    case EyeBallShape::Leaf:
      if (frame == EyeFrameShape::Circle) add_rounded_rect(path, x0, y0, x1, y1, leaf_radii(eye, h));
      else add_squircle(path, cx, cy, h, leaf_corners(eye), ball_power(frame));
      break;
    case EyeBallShape::Diamond: {
      // A diamond of half-diagonal 2.5 with its tips cut at the 3x3 ball's box: a pure diamond
      // is long on the axes and short on the diagonals, the opposite of what the finder's
      // rhythm needs (ZXing-C++ 1.4 read none inside a square frame at any scale); blunt tips
      // keep 3 modules on the axes and give the diagonals their length.
      const double d = 2.5 * k, c = h, t = d - c;
      const Point p[8] = {{cx - t, cy - c}, {cx + t, cy - c}, {cx + c, cy - t}, {cx + c, cy + t},
                          {cx + t, cy + c}, {cx - t, cy + c}, {cx - c, cy + t}, {cx - c, cy - t}};
      add_polygon(path, p, 8);
      break;
    }
    case EyeBallShape::Star: {
      // A five-pointed star, point up, its bounding box centred on the ball, around a core of
      // half-side 1.4 (a superellipse of power 3, see add_squircle) that fills the valleys.
      // The row and the column through the centre stay about 3 modules dark, the gaps about 1,
      // and the core gives the diagonals their length. Measured (docs/rendering.md, "Eyes"):
      // without the core ZXing-C++ 1.4 read none in square frames; scaled to 2.5 px per module
      // it missed 54 of 400 renders with points of outer radius 1.8 and the core only inside
      // cornered frames, and none with radius 1.7 and the core in every frame (1.6 and 1.75
      // missed again).
      const double outer = 1.7 * k, inner = outer * 0.7;
      add_squircle(path, cx, cy, 1.4 * k, {true, true, true, true}, star_core_power(frame));
      const double shift = outer * (1 - std::cos(0.2 * kPi)) / 2;
      Point p[10];
      for (int i = 0; i < 10; ++i) {
        const double a = -kPi / 2 + i * kPi / 5;
        const double r = i % 2 ? inner : outer;
        p[i] = {cx + r * std::cos(a), cy + shift + r * std::sin(a)};
      }
      add_polygon(path, p, 10);
      break;
    }
  }
}

void add_to_layer(std::vector<Layer>& layers, const Paint& paint, Path&& path) {
  if (path.empty()) return;
  for (auto& l : layers)
    if (l.paint == paint) {
      l.path.append(path);
      return;
    }
  layers.push_back({paint, std::move(path)});
}

}  // namespace

void add_rounded_rect(Path& p, double x0, double y0, double x1, double y1, Radii r, bool hole) {
  const double tl = r[0], tr = r[1], br = r[2], bl = r[3];
  if (!hole) {
    p.move_to(x0 + tl, y0);
    if (tr > 0 || x1 - tr > x0 + tl) p.line_to(x1 - tr, y0);
    if (tr > 0) p.arc_to(x1, y0 + tr, x1 - tr, y0 + tr, tr, true);
    if (y1 - br > y0 + tr) p.line_to(x1, y1 - br);
    if (br > 0) p.arc_to(x1 - br, y1, x1 - br, y1 - br, br, true);
    if (x0 + bl < x1 - br) p.line_to(x0 + bl, y1);
    if (bl > 0) p.arc_to(x0, y1 - bl, x0 + bl, y1 - bl, bl, true);
    if (y0 + tl < y1 - bl) p.line_to(x0, y0 + tl);
    if (tl > 0) p.arc_to(x0 + tl, y0, x0 + tl, y0 + tl, tl, true);
  } else {
    p.move_to(x0 + tl, y0);
    if (tl > 0) p.arc_to(x0, y0 + tl, x0 + tl, y0 + tl, tl, false);
    if (y1 - bl > y0 + tl) p.line_to(x0, y1 - bl);
    if (bl > 0) p.arc_to(x0 + bl, y1, x0 + bl, y1 - bl, bl, false);
    if (x1 - br > x0 + bl) p.line_to(x1 - br, y1);
    if (br > 0) p.arc_to(x1, y1 - br, x1 - br, y1 - br, br, false);
    if (y0 + tr < y1 - br) p.line_to(x1, y0 + tr);
    if (tr > 0) p.arc_to(x1 - tr, y0, x1 - tr, y0 + tr, tr, false);
  }
  p.close();
}

void add_polygon(Path& p, const Point* pts, std::size_t n, bool hole) {
  if (n < 3) return;
  if (!hole) {
    p.move_to(pts[0].x, pts[0].y);
    for (std::size_t i = 1; i < n; ++i) p.line_to(pts[i].x, pts[i].y);
  } else {
    p.move_to(pts[n - 1].x, pts[n - 1].y);
    for (std::size_t i = n - 1; i-- > 0;) p.line_to(pts[i].x, pts[i].y);
  }
  p.close();
}

double logo_aspect(const Logo& logo) {
  return logo.width > 0 && logo.height > 0 ? static_cast<double>(logo.width) / logo.height : 1.0;
}

double logo_block_load(const ModuleGrid& grid, double fraction, double aspect, bool clear) {
  const QrLayout layout(grid.version(), grid.ecc());
  const BlockHits h = hits_under(layout, logo_rect(grid.width(), fraction, aspect), clear ? 1.0 : 0.0);
  double worst = 0;
  for (int b = 0; b < layout.blocks(); ++b)
    worst = std::max(worst, static_cast<double>(h.codewords[static_cast<std::size_t>(b)]) / layout.correctable(b));
  return worst;
}

double safe_logo_fraction(const ModuleGrid& grid, double wanted, double aspect, bool clear) {
  const QrLayout layout(grid.version(), grid.ecc());
  const double grow = clear ? 1.0 : 0.0;
  for (double f = wanted; f > 0.02; f -= 0.005)
    if (logo_fits(layout, logo_rect(grid.width(), f, aspect), grow)) return f;
  return 0.02;
}

LogoPlacement place_logo(const ModuleGrid& grid, const Logo& logo, const Design& design) {
  LogoPlacement p;
  const double aspect = logo_aspect(logo);
  const bool clear = logo.clear_background;
  p.fraction = safe_logo_fraction(grid, logo.size, aspect, clear);
  const Box b = logo_rect(grid.width(), p.fraction, aspect);
  p.x0 = b.x0, p.y0 = b.y0, p.x1 = b.x1, p.y1 = b.y1;
  // Without its pixels (a host that did not fetch an https: logo) there is no picture to
  // check, and nothing that draws one.
  if (auto pixels = logo_pixels(logo); pixels && *pixels)
    p.windows = alignment_windows(grid, design, LogoRect{b.x0, b.y0, b.x1, b.y1}, clear, **pixels);
  return p;
}

EyeShapes drawn_eyes(const ModuleGrid& grid, const Design& design) {
  if (grid.version() >= kSquareEyesFromVersion) return {EyeFrameShape::Square, EyeBallShape::Square};
  return {design.eye_frame, design.eye_ball};
}

Scene build_scene(const ModuleGrid& grid, const Design& design, int margin, double frame_shift) {
  Scene scene;
  const int w = grid.width();
  scene.margin = margin;
  scene.width = w;
  scene.extent = w + 2 * margin;
  const double m = margin;

  std::vector<std::uint8_t> cleared;
  if (design.logo) {
    const LogoPlacement place = place_logo(grid, *design.logo, design);
    scene.logo_fraction = place.fraction;
    scene.logo = LogoBox{place.x0 + m, place.y0 + m, place.x1 - place.x0, place.y1 - place.y0};
    for (const auto& [ax, ay] : place.windows) scene.logo_windows.push_back(LogoBox{ax - 2 + m, ay - 2 + m, 5, 5});
    if (design.logo->clear_background) {
      cleared.assign(static_cast<std::size_t>(w) * w, 0);
      auto in_window = [&](int x, int y) {
        for (const auto& [ax, ay] : place.windows)
          if (std::abs(x - ax) <= 2 && std::abs(y - ay) <= 2) return true;
        return false;
      };
      for_each_module_under(Box{place.x0, place.y0, place.x1, place.y1}, 1.0, w, [&](int x, int y) {
        if (grid.in_eye(x, y) || in_window(x, y)) return;
        if (grid.dark(x, y)) ++scene.cleared_modules;
        cleared[static_cast<std::size_t>(y) * w + x] = 1;
      });
    }
  }

  Paint body_paint;
  if (design.gradient) {
    body_paint.is_gradient = true;
    body_paint.gradient = *design.gradient;
  } else {
    body_paint.colour = design.foreground;
  }
  Paint frame_paint = body_paint, ball_paint = body_paint;
  if (design.eye_frame_color) frame_paint = Paint{false, *design.eye_frame_color, {}};
  if (design.eye_ball_color) ball_paint = Paint{false, *design.eye_ball_color, {}};

  Path body;
  Body(grid, std::move(cleared), m, design.body).build(body);
  Path frames, balls;
  const int origins[3][2] = {{0, 0}, {w - 7, 0}, {0, w - 7}};
  const double outer_shift[3][2] = {{0, 0}, {frame_shift, 0}, {0, frame_shift}};
  const EyeShapes eyes = drawn_eyes(grid, design);
  for (int e = 0; e < 3; ++e) {
    eye_frame(eyes.frame, e, origins[e][0] + m, origins[e][1] + m, frames, outer_shift[e][0], outer_shift[e][1]);
    eye_ball(eyes.ball, eyes.frame, e, origins[e][0] + m, origins[e][1] + m, balls);
  }
  add_to_layer(scene.layers, body_paint, std::move(body));
  add_to_layer(scene.layers, frame_paint, std::move(frames));
  add_to_layer(scene.layers, ball_paint, std::move(balls));
  scene.only_rectangles = design.body == BodyShape::Square && eyes.frame == EyeFrameShape::Square &&
                          eyes.ball == EyeBallShape::Square;
  return scene;
}

}  // namespace qredge
