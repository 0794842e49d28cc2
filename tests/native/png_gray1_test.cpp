// SPDX-License-Identifier: MIT
// The 1-bit PNG writer of plain codes: chunks and checksums checked independently, pixels
// read back with stb_image, and the plain render equal to the module grid.
#include <gtest/gtest.h>

#include <cmath>

#include <cstring>

#include "encode.hpp"
#include "logo.hpp"
#include "png_write.hpp"
#include "render_png.hpp"

namespace qredge {
namespace {

std::uint32_t be32(const std::vector<std::uint8_t>& b, std::size_t i) {
  return (std::uint32_t{b[i]} << 24) | (std::uint32_t{b[i + 1]} << 16) | (std::uint32_t{b[i + 2]} << 8) | b[i + 3];
}

std::uint32_t bitwise_crc(const std::uint8_t* p, std::size_t n) {
  std::uint32_t c = 0xffffffffu;
  for (std::size_t i = 0; i < n; ++i) {
    c ^= p[i];
    for (int k = 0; k < 8; ++k) c = (c >> 1) ^ (0xedb88320u & (0u - (c & 1)));
  }
  return ~c;
}

// Walks the chunks, checks every CRC, and returns the IDAT payload (one IDAT expected).
std::vector<std::uint8_t> checked_idat(const std::vector<std::uint8_t>& png, std::vector<std::string>& types) {
  static const std::uint8_t sig[8] = {137, 80, 78, 71, 13, 10, 26, 10};
  EXPECT_EQ(std::memcmp(png.data(), sig, 8), 0);
  std::vector<std::uint8_t> idat;
  for (std::size_t at = 8; at + 12 <= png.size();) {
    const std::uint32_t n = be32(png, at);
    types.emplace_back(reinterpret_cast<const char*>(&png[at + 4]), 4);
    EXPECT_EQ(be32(png, at + 8 + n), bitwise_crc(&png[at + 4], n + 4)) << types.back();
    if (types.back() == "IDAT") idat.assign(png.begin() + static_cast<long>(at + 8), png.begin() + static_cast<long>(at + 8 + n));
    at += 12 + n;
  }
  return idat;
}

TEST(PngGray1, RoundTripsWithValidChecksums) {
  std::uint32_t seed = 7;
  auto rnd = [&seed] { return (seed = seed * 1103515245u + 12345u) >> 16; };
  for (int width : {1, 7, 8, 9, 64, 301, 490, 4096}) {
    const int line = 1 + (width + 7) / 8;
    std::vector<std::uint8_t> lines;
    std::vector<int> repeat;
    int height = 0;
    for (int r = 0; r < 23; ++r) {
      lines.push_back(0);
      for (int k = 1; k < line; ++k)
        lines.push_back(r % 4 == 0 ? 0xff : r % 4 == 1 ? static_cast<std::uint8_t>(rnd()) : (k / 3) % 2 ? 0x0f : 0xf0);
      repeat.push_back(1 + static_cast<int>(rnd() % (r % 3 == 0 ? 300 : 12)));
      height += repeat.back();
    }
    auto png = write_png_gray1(lines.data(), repeat.data(), static_cast<int>(repeat.size()), width, height);
    ASSERT_TRUE(png.ok());
    std::vector<std::string> types;
    const auto idat = checked_idat(*png, types);
    EXPECT_EQ(types, (std::vector<std::string>{"IHDR", "IDAT", "IEND"}));
    EXPECT_EQ(be32(*png, 16), static_cast<std::uint32_t>(width));
    EXPECT_EQ(be32(*png, 20), static_cast<std::uint32_t>(height));
    EXPECT_EQ((*png)[24], 1);  // bit depth
    EXPECT_EQ((*png)[25], 0);  // greyscale
    // Adler-32 of the whole image's scanlines, computed the slow way.
    std::uint32_t s1 = 1, s2 = 0;
    for (std::size_t r = 0; r < repeat.size(); ++r)
      for (int k = 0; k < repeat[r]; ++k)
        for (int b = 0; b < line; ++b) {
          s1 = (s1 + lines[r * static_cast<std::size_t>(line) + static_cast<std::size_t>(b)]) % 65521;
          s2 = (s2 + s1) % 65521;
        }
    ASSERT_GE(idat.size(), 6u);
    EXPECT_EQ(be32(idat, idat.size() - 4), (s2 << 16) | s1) << "width " << width;
    Logo l;
    l.bytes = *png;
    auto img = decode_logo(l);
    ASSERT_TRUE(img.ok()) << "width " << width;
    ASSERT_EQ(img->width, width);
    ASSERT_EQ(img->height, height);
    int y = 0;
    for (std::size_t r = 0; r < repeat.size(); ++r)
      for (int k = 0; k < repeat[r]; ++k, ++y)
        for (int x = 0; x < width; ++x) {
          const bool white = (lines[r * static_cast<std::size_t>(line) + 1 + static_cast<std::size_t>(x / 8)] >> (7 - x % 8)) & 1;
          ASSERT_EQ(img->pixels[(static_cast<std::size_t>(y) * width + x) * 4], white ? 255 : 0)
              << "width " << width << " x " << x << " y " << y;
        }
  }
}

TEST(PngGray1, PlainRenderEqualsTheModuleGrid) {
  for (const char* payload : {"a", "https://example.com/p/500?utm_source=qrkit&utm_campaign=launch-19",
                              "0123456789012345678901234567890123456789012345678901234567890123456789"})
    for (int size : {64, 100, 490, 1001})
      for (int margin : {0, 4, 16}) {
        const auto g = std::move(*encode(payload, Ecc::M));
        auto png = render_png(g, Design{}, Output{Format::Png, size, margin});
        ASSERT_TRUE(png.ok());
        EXPECT_EQ((*png)[24], 1);
        Logo l;
        l.bytes = *png;
        auto img = decode_logo(l);
        ASSERT_TRUE(img.ok());
        const int extent = g.width() + 2 * margin;
        // The placement rule of render_png.cpp for plain codes: from 2 px per module up a whole
        // number of pixels per module, under 2 px a pitch whose 7 modules are whole pixels; the
        // symbol centred on a pixel.
        const int whole = size / extent;
        const double pitch = whole >= 2 ? whole : static_cast<int>(7.0 * size / extent) / 7.0;
        const int start = static_cast<int>(std::lround((size - g.width() * pitch) / 2));
        for (int m = 0; m < extent; ++m)
          for (int n = 0; n < extent; ++n) {
            const int py = static_cast<int>(start + (m - margin + 0.5) * pitch);
            const int px = static_cast<int>(start + (n - margin + 0.5) * pitch);
            const bool dark = g.dark(n - margin, m - margin);
            if (size < extent * 2) continue;  // modules under 2 px: centres may snap off
            if (px < 0 || py < 0 || px >= size || py >= size) continue;  // a quiet zone cut by the pitch
            ASSERT_EQ(img->pixels[(static_cast<std::size_t>(py) * size + px) * 4], dark ? 0 : 255)
                << payload << " size " << size << " margin " << margin << " module " << n << "," << m;
          }
        // Each finder pattern is exactly 7 * pitch pixels wide along the row through its centre.
        const int finder_px = static_cast<int>(std::lround(7 * pitch));
        if (size < extent * 2) continue;
        for (int fx : {0, g.width() - 7}) {
          const int cy = static_cast<int>(start + 3.5 * pitch);
          int x = static_cast<int>(start + (fx + 3.5) * pitch), left = x, right = x;
          auto dark_at = [&](int px) { return img->pixels[(static_cast<std::size_t>(cy) * size + px) * 4] == 0; };
          // From the centre outward: dark, light, dark, then light (separator or quiet zone).
          for (int runs = 0; runs < 3; ++runs) {
            const bool d = dark_at(left);
            while (left > 0 && dark_at(left - 1) == d) --left;
            if (runs < 2) --left;
          }
          for (int runs = 0; runs < 3; ++runs) {
            const bool d = dark_at(right);
            while (right + 1 < size && dark_at(right + 1) == d) ++right;
            if (runs < 2) ++right;
          }
          EXPECT_EQ(right - left + 1, finder_px) << payload << " size " << size << " margin " << margin << " finder " << fx;
        }
      }
}

}  // namespace
}  // namespace qredge
