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
  // QR images are flat areas with rows repeated module after module: the "up" filter turns a
  // repeated row into zeros that deflate to almost nothing, and saves stb's per-row trial of
  // all five filters. stb's deflate gains little from longer hash chains on such data, so the
  // lowest level (5) is used: the files grow a few percent, encoding is about twice as fast.
  stbi_write_force_png_filter = 2;
  stbi_write_png_compression_level = 5;
  std::vector<std::uint8_t> png;
  if (!stbi_write_png_to_func(append_bytes, &png, width, height, channels, pixels, width * channels))
    return Error{"", "render_failed", "stb_image_write could not write the PNG"};
  return png;
}

}  // namespace qredge
