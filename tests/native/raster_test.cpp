// SPDX-License-Identifier: MIT
// The coverage rasterizer against analytic areas.
#include <gtest/gtest.h>

#include <cmath>
#include <numeric>
#include <vector>

#include "geometry.hpp"
#include "raster.hpp"

namespace qredge {
namespace {

constexpr double kPi = 3.14159265358979323846;

// Coverage of a path (module units * scale) on a size x size image, with bands of `band` rows.
std::vector<float> coverage(const Path& path, int size, double scale = 1, int band = 8) {
  std::vector<Edge> edges;
  flatten(path, scale, 0.01, edges);
  std::vector<float> out(static_cast<std::size_t>(size) * size);
  CoverageBand b(size, band);
  for (int y0 = 0; y0 < size; y0 += band) {
    const int rows = std::min(band, size - y0);
    b.reset(y0, rows);
    for (const Edge& e : edges) b.add(e);
    for (int r = 0; r < rows; ++r) b.resolve(r, &out[static_cast<std::size_t>(y0 + r) * size]);
  }
  return out;
}

double total(const std::vector<float>& c) { return std::accumulate(c.begin(), c.end(), 0.0); }

TEST(Raster, PixelAlignedUnitSquareIsExact) {
  Path p;
  add_rounded_rect(p, 2, 3, 3, 4, {0, 0, 0, 0});
  const auto c = coverage(p, 8);
  for (int y = 0; y < 8; ++y)
    for (int x = 0; x < 8; ++x) EXPECT_EQ(c[static_cast<std::size_t>(y) * 8 + x], (x == 2 && y == 3) ? 1.0f : 0.0f);
}

TEST(Raster, OffsetSquareSplitsIntoQuarters) {
  Path p;
  add_rounded_rect(p, 1.5, 1.5, 2.5, 2.5, {0, 0, 0, 0});
  const auto c = coverage(p, 4);
  for (int y = 1; y <= 2; ++y)
    for (int x = 1; x <= 2; ++x) EXPECT_NEAR(c[static_cast<std::size_t>(y) * 4 + x], 0.25, 1e-6);
  EXPECT_NEAR(total(c), 1.0, 1e-5);
}

TEST(Raster, SlantedTriangleAreaIsExact) {
  Path p;
  const Point t[3] = {{0.3, 0.2}, {7.7, 1.9}, {2.1, 6.6}};
  add_polygon(p, t, 3);
  const double area = std::abs((t[1].x - t[0].x) * (t[2].y - t[0].y) - (t[2].x - t[0].x) * (t[1].y - t[0].y)) / 2;
  EXPECT_NEAR(total(coverage(p, 8)), area, 1e-4);
  // A pixel fully inside has coverage 1, one fully outside 0.
  const auto c = coverage(p, 8);
  EXPECT_FLOAT_EQ(c[2 * 8 + 2], 1.0f);
  EXPECT_FLOAT_EQ(c[7 * 8 + 7], 0.0f);
}

TEST(Raster, RoundedCornerAreaMatchesAnalyticValue) {
  Path p;
  add_rounded_rect(p, 1, 1, 21, 21, {8, 0, 0, 0});  // one corner of radius 8
  const double expected = 400 - (64 - kPi * 64 / 4);
  EXPECT_NEAR(total(coverage(p, 24)), expected, 0.01);
}

TEST(Raster, CircleAndRingAreas) {
  Path disc;
  add_rounded_rect(disc, 2, 2, 30, 30, {14, 14, 14, 14});
  EXPECT_NEAR(total(coverage(disc, 32)), kPi * 14 * 14, 0.05);
  Path ring;  // a hole runs the other way and is subtracted
  add_rounded_rect(ring, 2, 2, 30, 30, {14, 14, 14, 14});
  add_rounded_rect(ring, 6, 6, 26, 26, {10, 10, 10, 10}, true);
  EXPECT_NEAR(total(coverage(ring, 32)), kPi * (14 * 14 - 10 * 10), 0.06);
  const auto c = coverage(ring, 32);
  EXPECT_FLOAT_EQ(c[16 * 32 + 16], 0.0f);  // the centre is in the hole
}

TEST(Raster, AdjacentShapesAddUpWithoutSeams) {
  Path p;  // two squares sharing an edge at x = 2.4: the shared column must be fully covered
  add_rounded_rect(p, 0.8, 0, 2.4, 4, {0, 0, 0, 0});
  add_rounded_rect(p, 2.4, 0, 3.9, 4, {0, 0, 0, 0});
  const auto c = coverage(p, 4);
  for (int y = 0; y < 4; ++y) {
    EXPECT_FLOAT_EQ(c[static_cast<std::size_t>(y) * 4 + 1], 1.0f);
    EXPECT_FLOAT_EQ(c[static_cast<std::size_t>(y) * 4 + 2], 1.0f);
    EXPECT_NEAR(c[static_cast<std::size_t>(y) * 4 + 0], 0.2, 1e-5);
    EXPECT_NEAR(c[static_cast<std::size_t>(y) * 4 + 3], 0.9, 1e-5);
  }
}

TEST(Raster, BandHeightDoesNotChangeTheResult) {
  Path p;
  add_rounded_rect(p, 0.5, 0.7, 20.2, 19.9, {3, 5, 0, 7});
  const Point d[4] = {{10, 2}, {18, 10}, {10, 18}, {2, 10}};
  add_polygon(p, d, 4, true);
  const auto a = coverage(p, 21, 1, 1), b = coverage(p, 21, 1, 7), c = coverage(p, 21, 1, 32);
  for (std::size_t i = 0; i < a.size(); ++i) {
    EXPECT_NEAR(a[i], b[i], 1e-5);
    EXPECT_NEAR(a[i], c[i], 1e-5);
  }
}

TEST(Raster, ScaleMultipliesCoordinates) {
  Path p;
  add_rounded_rect(p, 1, 1, 2, 2, {0, 0, 0, 0});
  EXPECT_NEAR(total(coverage(p, 16, 4.5)), 4.5 * 4.5, 1e-4);
}

TEST(Raster, ArcFlatteningStaysWithinTolerance) {
  Path p;
  add_rounded_rect(p, 0, 0, 100, 100, {50, 50, 50, 50});
  std::vector<Edge> edges;
  flatten(p, 1, 0.05, edges);
  for (const Edge& e : edges) {
    // Vertices and chord midpoints stay within the tolerance of the true circle.
    const double mx = (e.x0 + e.x1) / 2.0 - 50, my = (e.y0 + e.y1) / 2.0 - 50;
    EXPECT_NEAR(std::hypot(mx, my), 50, 0.051);
    EXPECT_NEAR(std::hypot(e.x0 - 50.0, e.y0 - 50.0), 50, 0.051);
  }
}

}  // namespace
}  // namespace qredge
