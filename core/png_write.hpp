// SPDX-License-Identifier: MIT
// PNG encoding with stb_image_write, into memory. Settings chosen for QR images (see
// png_write.cpp): the lowest compression level and one fixed filter for every row.
#pragma once
#include <cstdint>
#include <vector>

#include "error.hpp"

namespace qredge {

// `channels`: 1 grey, 2 grey+alpha, 3 RGB, 4 RGBA; `pixels` holds width*height*channels bytes.
// Error `render_failed` when stb_image_write fails (out of memory).
Result<std::vector<std::uint8_t>> write_png(const std::uint8_t* pixels, int width, int height, int channels);

}  // namespace qredge
