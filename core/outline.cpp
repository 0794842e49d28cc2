// SPDX-License-Identifier: MIT
#include "outline.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

namespace qredge {

void Outline::rect(double x0, double y0, double x1, double y1, bool hole) {
  move_to(x0, y0);
  if (hole) {
    line_to(x0, y1);
    line_to(x1, y1);
    line_to(x1, y0);
  } else {
    line_to(x1, y0);
    line_to(x1, y1);
    line_to(x0, y1);
  }
  close();
}

void Outline::arc(double cx, double cy, double r, double a0, double a1) {
  const int n = std::max(1, static_cast<int>(std::ceil(std::fabs(a1 - a0) / (M_PI / 2) - 1e-9)));
  const double step = (a1 - a0) / n;
  // Control-point distance of a cubic Bézier approximating an arc of `step` radians.
  const double k = 4.0 / 3.0 * std::tan(step / 4) * r;
  for (int i = 0; i < n; ++i) {
    const double s = a0 + i * step, e = s + step;
    const double sx = cx + r * std::cos(s), sy = cy + r * std::sin(s);
    const double ex = cx + r * std::cos(e), ey = cy + r * std::sin(e);
    cubic_to(sx - k * std::sin(s), sy + k * std::cos(s), ex + k * std::sin(e), ey - k * std::cos(e), ex, ey);
  }
}

void Outline::rounded_rect(double x0, double y0, double x1, double y1, double r) {
  r = std::min({r, (x1 - x0) / 2, (y1 - y0) / 2});
  if (r <= 0) return rect(x0, y0, x1, y1);
  move_to(x0 + r, y0);
  line_to(x1 - r, y0);
  arc(x1 - r, y0 + r, r, -M_PI / 2, 0);
  line_to(x1, y1 - r);
  arc(x1 - r, y1 - r, r, 0, M_PI / 2);
  line_to(x0 + r, y1);
  arc(x0 + r, y1 - r, r, M_PI / 2, M_PI);
  line_to(x0, y0 + r);
  arc(x0 + r, y0 + r, r, M_PI, 1.5 * M_PI);
  close();
}

// Thousandths as an integer, written with std::to_chars: a print page has tens of thousands of
// numbers, and snprintf with a temporary string each cost most of a PDF render.
void append_number(std::string& out, double v) {
  long long k = std::llround(v * 1000);
  char buf[32];
  char* p = buf;
  if (k < 0) {
    *p++ = '-';
    k = -k;
  }
  p = std::to_chars(p, buf + sizeof buf - 4, k / 1000).ptr;
  if (int frac = static_cast<int>(k % 1000); frac != 0) {
    *p++ = '.';
    for (int div = 100; frac != 0; div /= 10) {
      *p++ = static_cast<char>('0' + frac / div);
      frac %= div;
    }
  }
  out.append(buf, static_cast<std::size_t>(p - buf));
}

std::string number_text(double v) {
  std::string s;
  append_number(s, v);
  return s;
}

void flatten(const Outline& o, double scale, double dx, double dy, double tolerance, std::vector<Edge>& out) {
  double px = 0, py = 0, sx = 0, sy = 0;
  bool open = false;
  auto edge = [&](double x, double y) {
    out.push_back({static_cast<float>(px * scale + dx), static_cast<float>(py * scale + dy),
                   static_cast<float>(x * scale + dx), static_cast<float>(y * scale + dy)});
    px = x;
    py = y;
  };
  auto finish = [&] {
    if (open && (px != sx || py != sy)) edge(sx, sy);
    open = false;
  };
  // Enough pieces that the chord error (about length² / 8n² of the control polygon's bend)
  // stays under the tolerance.
  auto pieces = [&](double bend) {
    return std::clamp(static_cast<int>(std::ceil(std::sqrt(bend * scale / (8 * tolerance)))), 1, 64);
  };
  for (const OutlineSeg& s : o.segs()) {
    switch (s.kind) {
      case OutlineSeg::Move:
        finish();
        px = sx = s.x;
        py = sy = s.y;
        open = true;
        break;
      case OutlineSeg::Line: edge(s.x, s.y); break;
      case OutlineSeg::Quad: {
        const double x0 = px, y0 = py;
        const int n = pieces(std::hypot(x0 - 2 * s.x1 + s.x, y0 - 2 * s.y1 + s.y) * 2);
        for (int i = 1; i <= n; ++i) {
          const double t = static_cast<double>(i) / n, u = 1 - t;
          edge(u * u * x0 + 2 * u * t * s.x1 + t * t * s.x, u * u * y0 + 2 * u * t * s.y1 + t * t * s.y);
        }
        break;
      }
      case OutlineSeg::Cubic: {
        const double x0 = px, y0 = py;
        const double bend = std::max(std::hypot(x0 - 2 * s.x1 + s.x2, y0 - 2 * s.y1 + s.y2),
                                     std::hypot(s.x1 - 2 * s.x2 + s.x, s.y1 - 2 * s.y2 + s.y)) * 6;
        const int n = pieces(bend);
        for (int i = 1; i <= n; ++i) {
          const double t = static_cast<double>(i) / n, u = 1 - t;
          const double a = u * u * u, b = 3 * u * u * t, c = 3 * u * t * t, d = t * t * t;
          edge(a * x0 + b * s.x1 + c * s.x2 + d * s.x, a * y0 + b * s.y1 + c * s.y2 + d * s.y);
        }
        break;
      }
      case OutlineSeg::Close:
        finish();
        px = sx;
        py = sy;
        break;
    }
  }
  finish();
}

}  // namespace qredge
