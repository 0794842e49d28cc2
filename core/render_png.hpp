// SPDX-License-Identifier: MIT
// Render stage (raster): module grid + design -> PNG bytes (png_write: 1-bit grey for plain
// black-on-white codes, else 8-bit RGB/RGBA), `output.size` pixels square. Errors: `logo_unavailable` when the logo bytes cannot be decoded.
#pragma once
#include <cstdint>
#include <memory>
#include <new>
#include <optional>
#include <utility>
#include <vector>

#include "design.hpp"
#include "encode.hpp"
#include "error.hpp"

namespace qredge {

Result<std::vector<std::uint8_t>> render_png(const ModuleGrid& grid, const Design& design,
                                             const Output& output);

// Where a `width`-module symbol with `margin` quiet-zone modules sits in a `size`-pixel image
// (render_png.cpp says why): a plain design (Design::is_plain), and any design from version 25
// up, from 2 px per module up gets floor(size / (width + 2 margin)) whole pixels per module;
// otherwise the pitch is the largest
// <= size / (width + 2 margin) whose 7 modules are whole pixels (3 px from 3 to 4 px). The
// symbol starts on a whole pixel. The PNG renderer draws with it; the SVG renderer's viewBox
// gives the same picture at its declared size.
struct PixelPlacement {
  double pitch;      // pixels per module
  int symbol_start;  // pixel of the symbol's first module, both axes
  int finder_px;     // 7 * pitch, a whole number of pixels
};
PixelPlacement pixel_placement(int width, int margin, int size, bool plain);

// How far the outer edge of the top-right (right) and bottom-left (down) eye frames moves to
// land on a whole pixel, in modules: build_scene's `frame_shift` for a styled code drawn at
// `pl` (render_png.cpp says why; SVG uses it for its declared size).
double eye_frame_shift(const PixelPlacement& pl, int width);

// Allocates without zeroing: a canvas's painter sets every pixel itself (its background
// first), so a zero fill would be one more pass over the whole image.
template <class T>
struct UninitialisedAllocator : std::allocator<T> {
  template <class U>
  struct rebind {
    using other = UninitialisedAllocator<U>;
  };
  UninitialisedAllocator() = default;
  template <class U>
  UninitialisedAllocator(const UninitialisedAllocator<U>&) noexcept {}
  template <class U>
  void construct(U* p) noexcept {
    ::new (static_cast<void*>(p)) U;
  }
  template <class U, class... A>
  void construct(U* p, A&&... a) {
    ::new (static_cast<void*>(p)) U(std::forward<A>(a)...);
  }
};

// An 8-bit image being drawn: RGB (3 channels) or RGBA (4), rows of `width` pixels; `pixels`
// starts with undefined contents.
struct Canvas {
  using Pixels = std::vector<std::uint8_t, UninitialisedAllocator<std::uint8_t>>;
  Pixels pixels;
  int width = 0, height = 0, channels = 3;
};

// Draws the code (its background and outlines, anti-aliased, and the logo; never the 1-bit fast
// path) into the `output.size`-pixel square of `canvas` whose top-left corner is (ox, oy).
// Errors: `logo_unavailable`.
std::optional<Error> paint_code(const ModuleGrid& grid, const Design& design, const Output& output, Canvas& canvas,
                               int ox, int oy);

// Whether a render of `design` is worth trying as an indexed-colour PNG (write_png_rgb).
bool few_colours(const Design& design);

// Source-over of colour `c` with coverage `a` (0–1) onto an RGB or RGBA pixel (straight alpha).
void blend_pixel(std::uint8_t* p, int channels, Rgb c, double a);

// render_frame.cpp: the framed image (frame_layout.hpp) around paint_code's square.
Result<std::vector<std::uint8_t>> render_framed_png(const ModuleGrid& grid, const Design& design,
                                                    const Output& output);

}  // namespace qredge
