// SPDX-License-Identifier: MIT
// PNG encoding into memory with a deflate made for QR images (see png_write.cpp): fixed
// Huffman codes (styled renders: one dynamic header with short distance codes), matches only
// at the distances QR images repeat at, no filters.
#pragma once
#include <cstdint>
#include <vector>

#include "error.hpp"

namespace qredge {

// 8-bit PNG through stb_image_write. `channels`: 1 grey, 2 grey+alpha, 3 RGB, 4 RGBA;
// `pixels` holds width*height*channels bytes. Error `render_failed` when stb_image_write
// fails (out of memory).
Result<std::vector<std::uint8_t>> write_png(const std::uint8_t* pixels, int width, int height, int channels);

// PNG of an RGB (`channels` 3) or RGBA (4) image, written without stb: the styled and framed
// renders. With `try_palette` and at most 256 distinct colours, an 8-bit indexed-colour PNG
// (PLTE, and tRNS for RGBA) with exactly the same pixels: a third of the bytes to compress;
// otherwise 8-bit RGB or RGBA. Rows are compressed as they lie (see png_write.cpp), so no
// filtered copy of the image is made. Error `render_failed` when out of memory.
Result<std::vector<std::uint8_t>> write_png_rgb(const std::uint8_t* pixels, int width, int height, int channels,
                                                bool try_palette);

// 1-bit greyscale PNG (colour type 0, bit depth 1: a 0 bit is black, 1 white, the leftmost
// pixel in the high bit), written without stb. The image is given as its distinct scanlines:
// `nrows` scanlines of 1 + (width + 7) / 8 bytes each, every one starting with its filter
// byte 0, stored one after another; scanline r stands for `repeat[r]` (>= 1) consecutive image
// rows, and the repeats add up to `height`. Plain codes repeat every row of a module this way,
// so the compressor sees each distinct row once.
// Error `render_failed` when out of memory.
Result<std::vector<std::uint8_t>> write_png_gray1(const std::uint8_t* scanlines, const int* repeat, int nrows,
                                                  int width, int height);

// A zlib stream (RFC 1950) of `n` bytes laid out as rows of `row_bytes` with `pixel_bytes` per
// pixel (matches are sought one pixel left and one row up, as for PNG rows): for images
// embedded in PDF (FlateDecode). Empty when out of memory.
std::vector<std::uint8_t> zlib_compress(const std::uint8_t* data, std::size_t n, int row_bytes, int pixel_bytes);

// Inserts a pHYs chunk (`dpi` as pixels per metre) after the IHDR of a PNG written above, so
// print and layout programs place it at its physical size. Nothing for dpi <= 0.
void add_png_dpi(std::vector<std::uint8_t>& png, int dpi);

}  // namespace qredge
