// SPDX-License-Identifier: MIT
#include "png_write.hpp"

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

Result<std::vector<std::uint8_t>> write_png(const std::uint8_t* pixels, int width, int height, int channels) {
  // Measured on 1024 px codes (native, -O2): stb's default tries all five filters per row and
  // compresses at level 8. A fixed filter and the lowest level (5) are faster at about the same
  // size: grey plain codes with Paeth 14 ms / 12.1 KB (default 27 ms / 11.9 KB); colour codes
  // (gradients and anti-aliased edges) with no filter 23 ms / 147 KB (default 51 ms / 144 KB).
  stbi_write_force_png_filter = channels <= 2 ? 4 : 0;
  stbi_write_png_compression_level = 5;
  std::vector<std::uint8_t> png;
  if (!stbi_write_png_to_func(append_bytes, &png, width, height, channels, pixels, width * channels))
    return Error{"", "render_failed", "stb_image_write could not write the PNG"};
  return png;
}

}  // namespace qredge
