// SPDX-License-Identifier: MIT
#include "drawn_finder_check.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include "finder_search.hpp"
#include "geometry.hpp"
#include "logo.hpp"
#include "raster.hpp"
#include "render_png.hpp"
#include "render_svg.hpp"

namespace qredge {
namespace {

// The logo's picture over the background, in its box outside the windows left over alignment
// patterns, thresholded halfway between the background and the lightest dark paint: a logo
// shapes the search too (its own finder-like spots, and the candidates that change when the
// search stops). Nearest-pixel sampling; a logo that cannot be decoded is left light (the
// render reports its error).
void add_logo(const Scene& scene, const Design& design, const PixelPlacement& pl, int size, int stride,
              std::vector<std::uint64_t>& bits) {
  auto decoded = logo_pixels(*design.logo);
  if (!decoded || !*decoded) return;
  const RgbaImage& logo = **decoded;
  const double scale = pl.pitch, shift = pl.symbol_start - scene.margin * scale;
  auto px = [&](double v) { return std::clamp(static_cast<int>(std::lround(v * scale + shift)), 0, size); };
  const LogoBox& box = *scene.logo;
  const int x0 = px(box.x), y0 = px(box.y), x1 = px(box.x + box.w), y1 = px(box.y + box.h);
  if (x1 <= x0 || y1 <= y0 || logo.width <= 0 || logo.height <= 0) return;
  const Rgb bg = design.transparent_background ? Rgb{255, 255, 255} : design.background;
  int lightest_dark = luma(design.foreground);
  if (design.gradient) lightest_dark = std::max(luma(design.gradient->start), luma(design.gradient->end));
  const int threshold = (lightest_dark + luma(bg) + 1) / 2;
  auto in_window = [&](int x, int y) {
    for (const LogoBox& w : scene.logo_windows)
      if (x >= px(w.x) && x < px(w.x + w.w) && y >= px(w.y) && y < px(w.y + w.h)) return true;
    return false;
  };
  for (int y = y0; y < y1; ++y) {
    const int ly = static_cast<int>((static_cast<long long>(y - y0) * logo.height) / (y1 - y0));
    std::uint64_t* row = &bits[static_cast<std::size_t>(y) * stride];
    for (int x = x0; x < x1; ++x) {
      if (in_window(x, y)) continue;
      const int lx = static_cast<int>((static_cast<long long>(x - x0) * logo.width) / (x1 - x0));
      const std::uint8_t* p = &logo.pixels[(static_cast<std::size_t>(ly) * logo.width + lx) * 4];
      const int a = p[3];
      auto over = [&](int c, int b) { return static_cast<std::uint8_t>((c * a + b * (255 - a) + 127) / 255); };
      const bool dark = luma(Rgb{over(p[0], bg.r), over(p[1], bg.g), over(p[2], bg.b)}) < threshold;
      const std::uint64_t bit = std::uint64_t{1} << (x & 63);
      row[x >> 6] = dark ? (row[x >> 6] | bit) : (row[x >> 6] & ~bit);
    }
  }
}

// The scene's outlines (every layer is a dark paint: the contrast rules make it so) as a bit
// image, `size` pixels square: a pixel is dark when its centre is inside an outline (non-zero
// winding over all layers), which is what a binarizer makes of a clean anti-aliased render,
// without painting one. Rows of `stride` words, pixel x of row y at bit x % 64 of word x / 64.
std::vector<std::uint64_t> dark_pixels(const Scene& scene, const Design& design, const PixelPlacement& pl, int size,
                                       int stride) {
  const double scale = pl.pitch, shift = pl.symbol_start - scene.margin * scale;
  std::vector<Edge> edges;
  for (const Layer& layer : scene.layers) flatten(layer.path, scale, 0.25, edges);
  // Each edge adds its direction to the winding of the pixel centres right of where it crosses
  // a row's centre line: a delta at the first such pixel, summed along the row below (no sort).
  const auto n = static_cast<std::size_t>(size);
  std::vector<std::int16_t> delta(n * (n + 1), 0);
  for (const Edge& e : edges) {
    const double y0 = e.y0 + shift, y1 = e.y1 + shift;
    if (y0 == y1) continue;
    const int r0 = std::max(0, static_cast<int>(std::ceil(std::min(y0, y1) - 0.5)));
    const int r1 = std::min(size, static_cast<int>(std::ceil(std::max(y0, y1) - 0.5)));
    const double slope = (static_cast<double>(e.x1) - e.x0) / (y1 - y0);
    const std::int16_t dir = y1 > y0 ? 1 : -1;
    for (int r = r0; r < r1; ++r) {
      const double x = e.x0 + shift + (r + 0.5 - y0) * slope;
      const int px = std::clamp(static_cast<int>(std::ceil(x - 0.5)), 0, size);
      delta[static_cast<std::size_t>(r) * (n + 1) + static_cast<std::size_t>(px)] += dir;
    }
  }
  std::vector<std::uint64_t> bits(static_cast<std::size_t>(stride) * n, 0);
  for (int r = 0; r < size; ++r) {
    const std::int16_t* d = &delta[static_cast<std::size_t>(r) * (n + 1)];
    std::uint64_t* row = &bits[static_cast<std::size_t>(r) * stride];
    int winding = 0;
    for (int w = 0, x = 0; w < stride; ++w) {
      std::uint64_t word = 0;
      for (int b = 0; b < 64 && x < size; ++b, ++x) {
        winding += d[x];
        word |= static_cast<std::uint64_t>(winding != 0) << b;
      }
      row[w] = word;
    }
  }
  if (scene.logo) add_logo(scene, design, pl, size, stride, bits);
  return bits;
}

}  // namespace

// Not inlined: render_payload calls it at two places, and with LTO each took a copy of the whole
// check (2.6 KB gzip of the .wasm).
[[gnu::noinline]] bool drawing_fools_finder_search(const ModuleGrid& grid, const Design& design, const Output& output) {
  if (grid.version() < kFinderCheckFromVersion || design.is_plain() || design.frame) return false;
  if (output.format != Format::Svg && output.format != Format::Png) return false;
  const int size = std::min(output.size, kFinderCheckMaxSize);
  const PixelPlacement pl = pixel_placement(grid.width(), output.margin, size, false);
  // The eye frames as the renderer places them (SVG: at its declared size).
  const double frame_shift =
      output.format == Format::Png ? eye_frame_shift(pl, grid.width()) : svg_eye_frame_shift(grid, pl);
  const Scene scene = build_scene(grid, design, output.margin, frame_shift);
  const int stride = (size + 63) / 64;
  const std::vector<std::uint64_t> bits = dark_pixels(scene, design, pl, size, stride);
  const double near = pl.symbol_start + 3.5 * pl.pitch, far = pl.symbol_start + (grid.width() - 3.5) * pl.pitch;
  return detail::zxing_java_search_image(bits.data(), stride, size, near, far, pl.pitch) ==
         detail::FinderVerdict::kLookalike;
}

}  // namespace qredge
