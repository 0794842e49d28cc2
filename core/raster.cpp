// SPDX-License-Identifier: MIT
#include "raster.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <utility>

namespace qredge {
namespace {

constexpr double kPi = 3.14159265358979323846;
// Arc shapes remembered per path: about 100 kinds in a rounded-body code at 512 px (corners of
// one radius land on different fractions of a pixel), looked up by hash.
constexpr std::size_t kArcSlots = 512, kArcShapes = 384;

// The bits of a double (Emscripten 3.1.6's libc++ has no std::bit_cast).
std::uint64_t bits(double v) {
  std::uint64_t u;
  std::memcpy(&u, &v, sizeof u);
  return u;
}

struct ArcKey {
  double x0, y0, x1, y1, r;  // start and end relative to the centre
  bool clockwise;
  // Bit for bit: -0 and +0 compare equal as numbers but not in atan2.
  bool same(const ArcKey& o) const {
    return bits(x0) == bits(o.x0) && bits(y0) == bits(o.y0) && bits(x1) == bits(o.x1) && bits(y1) == bits(o.y1) &&
           bits(r) == bits(o.r) && clockwise == o.clockwise;
  }
  std::size_t hash() const {
    std::uint64_t h = clockwise ? 0x9e3779b97f4a7c15ull : 0;
    for (double v : {x0, y0, x1, y1, r}) h = (h ^ bits(v)) * 0xff51afd7ed558ccdull;
    return static_cast<std::size_t>(h >> 55);  // 9 bits: kArcSlots
  }
};

struct ArcShape {
  ArcKey key;
  std::vector<std::pair<double, double>> vertices;  // inner chord vertices, relative to the centre
};

std::vector<std::pair<double, double>> arc_vertices(const ArcKey& k, double tolerance) {
  double a0 = std::atan2(k.y0, k.x0), a1 = std::atan2(k.y1, k.x1);
  if (k.clockwise) {
    while (a1 <= a0) a1 += 2 * kPi;
  } else {
    while (a1 >= a0) a1 -= 2 * kPi;
  }
  const double sweep = a1 - a0;
  // Chord error r(1 - cos(step/2)) <= tolerance.
  const double step = k.r > tolerance ? 2 * std::acos(1 - tolerance / k.r) : kPi / 2;
  const int n = std::max(1, static_cast<int>(std::ceil(std::abs(sweep) / step)));
  // Inner vertices sit slightly outside the circle, at the radius whose polygon has the
  // circle's area (chords alone would lose area and thin every rounded shape).
  const double half = std::abs(sweep) / n / 2;
  const double rv = half > 1e-9 ? k.r * std::sqrt(half / (std::sin(half) * std::cos(half))) : k.r;
  std::vector<std::pair<double, double>> v;
  v.reserve(static_cast<std::size_t>(n - 1));
  for (int i = 1; i < n; ++i) {
    const double a = a0 + sweep * i / n;
    v.emplace_back(rv * std::cos(a), rv * std::sin(a));
  }
  return v;
}

}  // namespace

void flatten(const Path& path, double scale, double tolerance, std::vector<Edge>& out) {
  std::vector<ArcShape> arcs;
  std::array<std::int16_t, kArcSlots> slot;
  slot.fill(-1);
  double sx = 0, sy = 0;  // contour start
  double px = 0, py = 0;  // current point
  bool open = false;
  auto line = [&](double x, double y) {
    if (x != px || y != py)
      out.push_back({static_cast<float>(px), static_cast<float>(py), static_cast<float>(x), static_cast<float>(y)});
    px = x;
    py = y;
  };
  for (const PathSeg& s : path.segs()) {
    switch (s.kind) {
      case PathSeg::Move:
        if (open) line(sx, sy);
        sx = px = s.x * scale;
        sy = py = s.y * scale;
        open = true;
        break;
      case PathSeg::Line: line(s.x * scale, s.y * scale); break;
      case PathSeg::Arc: {
        const double cx = s.cx * scale, cy = s.cy * scale, r = s.r * scale;
        const double ex = s.x * scale, ey = s.y * scale;
        // The chord vertices relative to the centre depend only on where the arc starts and
        // ends relative to it: rounded corners of one size repeat all over a code, so their
        // vertices are computed once (the same doubles: the key is the exact offsets).
        const ArcKey key{px - cx, py - cy, ex - cx, ey - cy, r, s.clockwise};
        std::size_t h = key.hash();
        while (slot[h] >= 0 && !arcs[static_cast<std::size_t>(slot[h])].key.same(key)) h = (h + 1) % kArcSlots;
        ArcShape fresh;
        const ArcShape* shape = &fresh;
        if (slot[h] >= 0) {
          shape = &arcs[static_cast<std::size_t>(slot[h])];
        } else {
          fresh = {key, arc_vertices(key, tolerance)};
          if (arcs.size() < kArcShapes) {  // the table stays at most 3/4 full
            slot[h] = static_cast<std::int16_t>(arcs.size());
            arcs.push_back(std::move(fresh));
            shape = &arcs.back();
          }
        }
        for (const auto& [vx, vy] : shape->vertices) line(cx + vx, cy + vy);
        line(ex, ey);
        break;
      }
      case PathSeg::Close:
        if (open) line(sx, sy);
        open = false;
        break;
    }
  }
  if (open) line(sx, sy);
}

CoverageBand::CoverageBand(int width, int max_rows)
    : width_(width), max_rows_(max_rows), lo_(width + 2), stride_(static_cast<std::size_t>(width) + 2),
      words_((stride_ + 63) / 64 + 1), acc_(stride_ * static_cast<std::size_t>(max_rows), 0.0f),
      touched_(words_ * static_cast<std::size_t>(max_rows), 0) {}

void CoverageBand::reset(int y0, int rows) {
  // Only the columns add() touched can hold anything: resolve clears those it reads, and a row
  // not resolved (a band need not be resolved to its last row) still has them marked.
  if (hi_ > lo_) {
    for (int r = 0; r < max_rows_; ++r) {
      float* row = &acc_[static_cast<std::size_t>(r) * stride_];
      std::uint64_t* m = &touched_[static_cast<std::size_t>(r) * words_];
      for (int w = lo_ >> 6, wend = ((hi_ - 1) >> 6) + 1; w <= wend; ++w) {
        for (std::uint64_t bits = m[w]; bits != 0; bits &= bits - 1) row[(w << 6) + std::countr_zero(bits)] = 0.0f;
        m[w] = 0;
      }
    }
  }
  y0_ = y0;
  rows_ = std::min(rows, max_rows_);
  lo_ = width_ + 2;
  hi_ = 0;
}

void CoverageBand::add(const Edge& e) {
  double x0 = e.x0, y0 = e.y0 - y0_, x1 = e.x1, y1 = e.y1 - y0_;
  if (y0 == y1) return;
  double dir = 1;
  if (y0 > y1) {
    std::swap(x0, x1);
    std::swap(y0, y1);
    dir = -1;
  }
  if (y1 <= 0 || y0 >= rows_) return;
  const double dxdy = (x1 - x0) / (y1 - y0);
  if (y0 < 0) {
    x0 -= y0 * dxdy;
    y0 = 0;
  }
  if (y1 > rows_) y1 = rows_;
  const double w = width_;
  double x = x0;
  const int ystart = static_cast<int>(std::floor(y0));
  const int yend = std::min(rows_, static_cast<int>(std::ceil(y1)));
  if (x0 == x1) {
    // A vertical edge (every straight side of a module): the same split of the same pixel on
    // every row, worked out once; only the height within each row varies. The values are the
    // ones the general loop below computes.
    const double xa = std::clamp(x0, 0.0, w);
    const int x0i = static_cast<int>(std::floor(xa));
    lo_ = std::min(lo_, x0i);
    hi_ = std::max(hi_, x0i + 2);
    const double xmf = xa - x0i;
    const std::size_t word = static_cast<std::size_t>(x0i >> 6);
    const std::uint64_t mark = std::uint64_t{3} << (x0i & 63), spill = (x0i & 63) == 63 ? 1 : 0;
    for (int y = ystart; y < yend; ++y) {
      const double d = (std::min(static_cast<double>(y + 1), y1) - std::max(static_cast<double>(y), y0)) * dir;
      float* row = &acc_[static_cast<std::size_t>(y) * stride_];
      row[x0i] += static_cast<float>(d - d * xmf);
      row[x0i + 1] += static_cast<float>(d * xmf);
      std::uint64_t* m = &touched_[static_cast<std::size_t>(y) * words_ + word];  // touch(y, x0i, x0i + 1)
      m[0] |= mark;
      m[1] |= spill;
    }
    return;
  }
  for (int y = ystart; y < yend; ++y) {
    const double dy = std::min(static_cast<double>(y + 1), y1) - std::max(static_cast<double>(y), y0);
    const double xnext = x + dxdy * dy;
    const double d = dy * dir;
    const double xa = std::clamp(std::min(x, xnext), 0.0, w), xb = std::clamp(std::max(x, xnext), 0.0, w);
    float* row = &acc_[static_cast<std::size_t>(y) * stride_];
    const int x0i = static_cast<int>(std::floor(xa));
    const int x1i = static_cast<int>(std::ceil(xb));
    lo_ = std::min(lo_, x0i);
    hi_ = std::max(hi_, std::max(x1i, x0i + 1) + 1);
    if (x1i <= x0i + 1) {
      // Within one pixel column: the area right of the edge's mean x goes to the next pixel.
      const double xmf = 0.5 * (xa + xb) - x0i;
      row[x0i] += static_cast<float>(d - d * xmf);
      row[x0i + 1] += static_cast<float>(d * xmf);
      touch(y, x0i, x0i + 1);
    } else {
      const double s = 1.0 / (xb - xa);
      const double x0f = xa - x0i;
      const double a0 = 0.5 * s * (1 - x0f) * (1 - x0f);
      const double x1f = xb - x1i + 1;
      const double am = 0.5 * s * x1f * x1f;
      row[x0i] += static_cast<float>(d * a0);
      if (x1i == x0i + 2) {
        row[x0i + 1] += static_cast<float>(d * (1 - a0 - am));
      } else {
        const double a1 = s * (1.5 - x0f);
        row[x0i + 1] += static_cast<float>(d * (a1 - a0));
        for (int xi = x0i + 2; xi < x1i - 1; ++xi) row[xi] += static_cast<float>(d * s);
        const double a2 = a1 + (x1i - x0i - 3) * s;
        row[x1i - 1] += static_cast<float>(d * (1 - a2 - am));
      }
      row[x1i] += static_cast<float>(d * am);
      touch(y, x0i, x1i);
    }
    x = xnext;
  }
}

void CoverageBand::resolve(int row, float* out) {
  const int b = span_begin(), e = span_end();
  std::fill(out, out + b, 0.0f);
  resolve_span(row, out);
  std::fill(out + e, out + width_, 0.0f);
}

void CoverageBand::resolve_span(int row, float* out) {
  std::fill(out + span_begin(), out + span_end(), 0.0f);
  resolve_runs(row, [out](int x0, int x1, float c) { std::fill(out + x0, out + x1, c); });
}

}  // namespace qredge
