// SPDX-License-Identifier: MIT
// Foundation slice: square modules sampled at pixel centres into an RGB image.
#include "render_png.hpp"

#include <cstring>
#include <memory>

#define STB_IMAGE_WRITE_IMPLEMENTATION
#define STBI_WRITE_NO_STDIO
#include "stb_image_write.h"

namespace qredge {
namespace {

void append_bytes(void* context, void* data, int size) {
  auto* out = static_cast<std::vector<std::uint8_t>*>(context);
  const auto* p = static_cast<const std::uint8_t*>(data);
  out->insert(out->end(), p, p + size);
}

}  // namespace

Result<std::vector<std::uint8_t>> render_png(const ModuleGrid& grid, const Design& design,
                                             const Output& output) {
  const int size = output.size;
  const int n = grid.width() + 2 * output.margin;
  std::vector<std::uint8_t> pixels(static_cast<std::size_t>(size) * size * 3);
  for (int py = 0; py < size; ++py) {
    const int my = (2 * py + 1) * n / (2 * size) - output.margin;
    for (int px = 0; px < size; ++px) {
      const int mx = (2 * px + 1) * n / (2 * size) - output.margin;
      const Rgb c = grid.dark(mx, my) ? design.foreground : design.background;
      std::uint8_t* p = &pixels[(static_cast<std::size_t>(py) * size + px) * 3];
      p[0] = c.r; p[1] = c.g; p[2] = c.b;
    }
  }
  std::vector<std::uint8_t> png;
  if (!stbi_write_png_to_func(append_bytes, &png, size, size, 3, pixels.data(), size * 3))
    return Error{"", "render_failed", "stb_image_write could not write the PNG"};
  return png;
}

}  // namespace qredge
