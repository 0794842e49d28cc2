// SPDX-License-Identifier: MIT
#include "drawn_finder_check.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include "finder_search.hpp"
#include "geometry.hpp"
#include "raster.hpp"
#include "render_png.hpp"
#include "render_svg.hpp"

namespace qredge {
namespace {

// Sets bits [x0, x1) of a row, a word at a time.
void set_bits(std::uint64_t* row, int x0, int x1) {
  if (x0 >= x1) return;
  const int w0 = x0 >> 6, w1 = (x1 - 1) >> 6;
  const std::uint64_t head = ~std::uint64_t{0} << (x0 & 63), tail = ~std::uint64_t{0} >> (63 - ((x1 - 1) & 63));
  if (w0 == w1) {
    row[w0] |= head & tail;
    return;
  }
  row[w0] |= head;
  for (int w = w0 + 1; w < w1; ++w) row[w] = ~std::uint64_t{0};
  row[w1] |= tail;
}

// The scene's outlines (every layer is a dark paint: the contrast rules make it so) as a bit
// image, `size` pixels square: a pixel is dark when its centre is inside an outline (non-zero
// winding over all layers), which is what a binarizer makes of a clean anti-aliased render,
// without painting one. Rows of `stride` words, pixel x of row y at bit x % 64 of word x / 64.
std::vector<std::uint64_t> dark_pixels(const Scene& scene, const PixelPlacement& pl, int size, int stride) {
  const double scale = pl.pitch, shift = pl.symbol_start - scene.margin * scale;
  std::vector<Edge> edges;
  for (const Layer& layer : scene.layers) flatten(layer.path, scale, 0.25, edges);
  // Each edge crosses the centre line of rows [r0, r1): bucket the crossings by row.
  struct Crossing {
    float x;
    int winding;
  };
  std::vector<int> first(static_cast<std::size_t>(size) + 1, 0);
  auto rows_of = [&](const Edge& e, int& r0, int& r1) {
    const double y0 = std::min(e.y0, e.y1) + shift, y1 = std::max(e.y0, e.y1) + shift;
    r0 = std::max(0, static_cast<int>(std::ceil(y0 - 0.5)));
    r1 = std::min(size, static_cast<int>(std::ceil(y1 - 0.5)));
  };
  for (const Edge& e : edges) {
    int r0, r1;
    rows_of(e, r0, r1);
    for (int r = r0; r < r1; ++r) ++first[static_cast<std::size_t>(r) + 1];
  }
  for (int r = 0; r < size; ++r) first[static_cast<std::size_t>(r) + 1] += first[static_cast<std::size_t>(r)];
  std::vector<Crossing> crossings(static_cast<std::size_t>(first[static_cast<std::size_t>(size)]));
  std::vector<int> fill(first.begin(), first.end() - 1);
  for (const Edge& e : edges) {
    int r0, r1;
    rows_of(e, r0, r1);
    const double dx = static_cast<double>(e.x1) - e.x0, dy = static_cast<double>(e.y1) - e.y0;
    for (int r = r0; r < r1; ++r) {
      const double yc = r + 0.5 - shift;
      const auto x = static_cast<float>(e.x0 + (yc - e.y0) * dx / dy + shift);
      crossings[static_cast<std::size_t>(fill[static_cast<std::size_t>(r)]++)] = {x, dy > 0 ? 1 : -1};
    }
  }
  std::vector<std::uint64_t> bits(static_cast<std::size_t>(stride) * size, 0);
  for (int r = 0; r < size; ++r) {
    auto* b = crossings.data() + first[static_cast<std::size_t>(r)];
    auto* e = crossings.data() + first[static_cast<std::size_t>(r) + 1];
    std::sort(b, e, [](const Crossing& p, const Crossing& q) { return p.x < q.x; });
    std::uint64_t* row = &bits[static_cast<std::size_t>(r) * stride];
    int winding = 0;
    float start = 0;
    for (auto* c = b; c != e; ++c) {
      const int before = winding;
      winding += c->winding;
      if (before == 0 && winding != 0) {
        start = c->x;
      } else if (before != 0 && winding == 0) {
        const int x0 = std::max(0, static_cast<int>(std::ceil(start - 0.5f)));
        const int x1 = std::min(size, static_cast<int>(std::ceil(c->x - 0.5f)));
        set_bits(row, x0, x1);
      }
    }
  }
  // The logo's picture is not drawn: its box is seen light (modules under it are left out).
  if (scene.logo) {
    const LogoBox& box = *scene.logo;
    auto px = [&](double v) { return std::clamp(static_cast<int>(std::lround(v * scale + shift)), 0, size); };
    for (int y = px(box.y); y < px(box.y + box.h); ++y)
      for (int x = px(box.x); x < px(box.x + box.w); ++x) bits[static_cast<std::size_t>(y) * stride + (x >> 6)] &= ~(std::uint64_t{1} << (x & 63));
  }
  return bits;
}

}  // namespace

bool drawing_fools_finder_search(const ModuleGrid& grid, const Design& design, const Output& output) {
  if (grid.version() < kFinderCheckFromVersion || design.is_plain() || design.frame) return false;
  if (output.format != Format::Svg && output.format != Format::Png) return false;
  const int size = std::min(output.size, kFinderCheckMaxSize);
  const PixelPlacement pl = pixel_placement(grid.width(), output.margin, size, false);
  // The eye frames as the renderer places them (SVG: at its declared size).
  const double frame_shift = output.format == Format::Png ? eye_frame_shift(pl, grid.width())
                                                          : svg_eye_frame_shift(grid, Output{output.format, size, output.margin});
  const Scene scene = build_scene(grid, design, output.margin, frame_shift);
  const int stride = (size + 63) / 64;
  const std::vector<std::uint64_t> bits = dark_pixels(scene, pl, size, stride);
  const double near = pl.symbol_start + 3.5 * pl.pitch, far = pl.symbol_start + (grid.width() - 3.5) * pl.pitch;
  return detail::zxing_java_search_image(bits.data(), stride, size, near, far, pl.pitch) ==
         detail::FinderVerdict::kLookalike;
}

}  // namespace qredge
