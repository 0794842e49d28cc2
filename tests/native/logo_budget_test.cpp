// SPDX-License-Identifier: MIT
// Issue 14: a logo is decoded once, under a budget (declared size, inflated bytes, JPEG scans),
// and what is kept is its normal form. The hostile PNGs are built here, not committed.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "logo.hpp"
#include "png_write.hpp"

#include "stb_image_write.h"  // implementation in core/png_write.cpp

namespace qredge {
namespace {

void put32(std::vector<std::uint8_t>& out, std::uint32_t v) {
  for (int s = 24; s >= 0; s -= 8) out.push_back(static_cast<std::uint8_t>(v >> s));
}

void chunk(std::vector<std::uint8_t>& png, const char* type, const std::vector<std::uint8_t>& data) {
  put32(png, static_cast<std::uint32_t>(data.size()));
  png.insert(png.end(), type, type + 4);
  png.insert(png.end(), data.begin(), data.end());
  put32(png, 0);  // CRC: stb does not check it
}

// A zlib stream of `n` zero bytes: one fixed-Huffman block, a literal 0 then matches of 258 at
// distance 1 (13 bits per 258 bytes: 75 MiB in about 500 KB).
std::vector<std::uint8_t> zeros_zlib(std::size_t n) {
  std::vector<std::uint8_t> out = {0x78, 0x01};
  std::uint64_t acc = 0;
  int bits = 0;
  auto put = [&](std::uint32_t v, int count) {  // LSB first
    acc |= static_cast<std::uint64_t>(v) << bits;
    bits += count;
    while (bits >= 8) { out.push_back(static_cast<std::uint8_t>(acc)); acc >>= 8; bits -= 8; }
  };
  auto huff = [&](std::uint32_t code, int len) {  // Huffman codes go MSB first
    std::uint32_t r = 0;
    for (int i = 0; i < len; ++i) r |= ((code >> i) & 1u) << (len - 1 - i);
    put(r, len);
  };
  put(1, 1);           // BFINAL
  put(1, 2);           // fixed Huffman
  huff(0x30, 8);       // literal 0
  std::size_t left = n - 1;
  while (left >= 258) { huff(0xC5, 8); huff(0, 5); left -= 258; }  // length 258 (code 285), distance 1
  while (left--) huff(0x30, 8);
  huff(0, 7);          // end of block
  put(0, 8 - bits % 8 == 8 ? 0 : 8 - bits % 8);
  put32(out, static_cast<std::uint32_t>((n % 65521) << 16 | 1));  // Adler-32 of n zeros
  return out;
}

std::vector<std::uint8_t> png_with_idat(std::uint32_t w, std::uint32_t h, int depth, int colour,
                                        const std::vector<std::uint8_t>& idat) {
  std::vector<std::uint8_t> png = {0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};
  std::vector<std::uint8_t> ihdr;
  put32(ihdr, w);
  put32(ihdr, h);
  ihdr.insert(ihdr.end(), {static_cast<std::uint8_t>(depth), static_cast<std::uint8_t>(colour), 0, 0, 0});
  chunk(png, "IHDR", ihdr);
  chunk(png, "IDAT", idat);
  chunk(png, "IEND", {});
  return png;
}

std::string data_url(const std::vector<std::uint8_t>& bytes, const char* mime = "image/png") {
  return std::string("data:") + mime + ";base64," + base64_encode(bytes);
}

TEST(LogoBudget, OnePixelPngInflatingTo75MiBIsRefusedAtOnce) {
  const auto png = png_with_idat(1, 1, 8, 6, zeros_zlib(75u << 20));
  ASSERT_LE(png.size(), kMaxLogoBytes);
  Result<Logo> parsed = Error{};
  parsed = parse_logo_data_url(data_url(png), "/design/logo/url");
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.error().code, "logo_too_large");
  EXPECT_EQ(parsed.error().path, "/design/logo/url");
  EXPECT_NE(parsed.error().message.find("1x1 px"), std::string::npos) << parsed.error().message;
  Logo fetched;
  fetched.bytes = png;
  EXPECT_EQ(inspect_logo_bytes(fetched, "/design/logo/url").error().code, "logo_too_large");
  EXPECT_FALSE(decode_logo(fetched).ok());  // a hand-built Logo is guarded too
}

TEST(LogoBudget, LargestDeclaredPngInflatingPastItsSizeIsRefused) {
  // 1024x1024 RGBA at 16 bits: 8 389 632 bytes of image data allowed, 75 MiB in the stream.
  const auto png = png_with_idat(1024, 1024, 16, 6, zeros_zlib(75u << 20));
  ASSERT_LE(png.size(), kMaxLogoBytes);
  Result<Logo> parsed = Error{};
  parsed = parse_logo_data_url(data_url(png), "/design/logo/url");
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.error().code, "logo_too_large");
  EXPECT_NE(parsed.error().message.find("8389632"), std::string::npos) << parsed.error().message;
}

TEST(LogoBudget, ImageDataOfExactlyTheDeclaredSizeIsAccepted) {
  // 16x16 RGBA zeros: 16 rows of a filter byte and 64 zero bytes.
  auto ok = parse_logo_data_url(data_url(png_with_idat(16, 16, 8, 6, zeros_zlib(16 * 65))), "/p");
  ASSERT_TRUE(ok.ok()) << ok.error().message;
  EXPECT_EQ(ok->width, 16);
  // One byte short is corrupt; one byte more is over the budget.
  auto shorter = parse_logo_data_url(data_url(png_with_idat(16, 16, 8, 6, zeros_zlib(16 * 65 - 1))), "/p");
  ASSERT_FALSE(shorter.ok());
  EXPECT_EQ(shorter.error().code, "invalid_logo");
  auto longer = parse_logo_data_url(data_url(png_with_idat(16, 16, 8, 6, zeros_zlib(16 * 65 + 1))), "/p");
  ASSERT_FALSE(longer.ok());
  EXPECT_EQ(longer.error().code, "logo_too_large");
}

std::vector<std::uint8_t> gradient_rgba(int w, int h) {
  std::vector<std::uint8_t> px(static_cast<std::size_t>(w) * h * 4);
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) {
      std::uint8_t* p = &px[(static_cast<std::size_t>(y) * w + x) * 4];
      p[0] = static_cast<std::uint8_t>(x * 255 / w);
      p[1] = static_cast<std::uint8_t>(y * 255 / h);
      p[2] = 120;
      p[3] = 255;
    }
  return px;
}

TEST(LogoBudget, SmallPlainPngIsKeptByteForByte) {
  const auto px = gradient_rgba(40, 30);
  const auto png = *write_png(px.data(), 40, 30, 4);
  const std::string url = data_url(png);
  auto logo = parse_logo_data_url(url, "/p");
  ASSERT_TRUE(logo.ok());
  EXPECT_EQ(logo->bytes, png);
  EXPECT_EQ(logo->url, url);
  ASSERT_TRUE(logo->pixels);
  EXPECT_EQ(logo->pixels->pixels, px);
}

TEST(LogoBudget, LargeLogoIsStoredAt512PxAndNormalisingAgainChangesNothing) {
  const auto png = *write_png(gradient_rgba(1024, 600).data(), 1024, 600, 4);
  auto logo = parse_logo_data_url(data_url(png), "/p");
  ASSERT_TRUE(logo.ok());
  EXPECT_EQ(logo->width, 512);
  EXPECT_EQ(logo->height, 300);
  EXPECT_EQ(logo->mime, "image/png");
  EXPECT_NE(logo->url, data_url(png));
  EXPECT_EQ(logo->url, data_url(logo->bytes));
  auto again = parse_logo_data_url(logo->url, "/p");
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->url, logo->url);
  // The area average keeps the picture: the top-left and bottom-right corners.
  const auto& p = logo->pixels->pixels;
  EXPECT_NEAR(p[0], 0, 2);
  EXPECT_NEAR(p[(300 * 512 - 1) * 4], 254, 2);
  EXPECT_NEAR(p[(300 * 512 - 1) * 4 + 1], 254, 3);
}

TEST(LogoBudget, JpegAndMetadataChunksAreReencoded) {
  std::vector<std::uint8_t> jpeg;
  const auto px = gradient_rgba(64, 48);
  std::vector<std::uint8_t> rgb;
  for (std::size_t i = 0; i < px.size(); i += 4) rgb.insert(rgb.end(), {px[i], px[i + 1], px[i + 2]});
  stbi_write_jpg_to_func([](void* ctx, void* data, int size) {
    auto* out = static_cast<std::vector<std::uint8_t>*>(ctx);
    out->insert(out->end(), static_cast<std::uint8_t*>(data), static_cast<std::uint8_t*>(data) + size);
  }, &jpeg, 64, 48, 3, rgb.data(), 90);
  auto fromJpeg = parse_logo_data_url(data_url(jpeg, "image/jpeg"), "/p");
  ASSERT_TRUE(fromJpeg.ok());
  EXPECT_EQ(fromJpeg->mime, "image/png");
  EXPECT_EQ(fromJpeg->url.rfind("data:image/png;base64,", 0), 0u);
  EXPECT_EQ(fromJpeg->width, 64);

  auto png = *write_png(px.data(), 64, 48, 4);
  std::vector<std::uint8_t> text = {'C', 'o', 'm', 'm', 'e', 'n', 't', 0, '"', '>', '<', 's', '>'};
  std::vector<std::uint8_t> tagged(png.begin(), png.begin() + 33);
  chunk(tagged, "tEXt", text);
  tagged.insert(tagged.end(), png.begin() + 33, png.end());
  auto stripped = parse_logo_data_url(data_url(tagged), "/p");
  ASSERT_TRUE(stripped.ok());
  EXPECT_NE(stripped->bytes, tagged);
  EXPECT_EQ(std::string(stripped->bytes.begin(), stripped->bytes.end()).find("tEXt"), std::string::npos);
  EXPECT_EQ(stripped->pixels->pixels, px);
}

TEST(LogoBudget, NoisyLogoStaysUnderTheSizeLimit) {
  std::vector<std::uint8_t> px(1024u * 1024u * 4u);
  std::uint32_t seed = 99;
  for (auto& b : px) b = static_cast<std::uint8_t>((seed = seed * 1103515245u + 12345u) >> 24);
  std::vector<std::uint8_t> jpeg;
  std::vector<std::uint8_t> rgb;
  for (std::size_t i = 0; i < px.size(); i += 4) rgb.insert(rgb.end(), {px[i], px[i + 1], px[i + 2]});
  stbi_write_jpg_to_func([](void* ctx, void* data, int size) {
    auto* out = static_cast<std::vector<std::uint8_t>*>(ctx);
    out->insert(out->end(), static_cast<std::uint8_t*>(data), static_cast<std::uint8_t*>(data) + size);
  }, &jpeg, 1024, 1024, 3, rgb.data(), 10);
  ASSERT_LE(jpeg.size(), kMaxLogoBytes);
  auto logo = parse_logo_data_url(data_url(jpeg, "image/jpeg"), "/p");
  ASSERT_TRUE(logo.ok()) << logo.error().message;
  EXPECT_LE(logo->bytes.size(), kMaxLogoBytes);
  EXPECT_LE(logo->width, kNormalLogoPixels);
  auto again = parse_logo_data_url(logo->url, "/p");
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->url, logo->url);
}

TEST(LogoBudget, JpegWithTooManyScansIsRefused) {
  std::vector<std::uint8_t> jpeg;
  std::vector<std::uint8_t> grey(32 * 32, 128);
  stbi_write_jpg_to_func([](void* ctx, void* data, int size) {
    auto* out = static_cast<std::vector<std::uint8_t>*>(ctx);
    out->insert(out->end(), static_cast<std::uint8_t*>(data), static_cast<std::uint8_t*>(data) + size);
  }, &jpeg, 32, 32, 1, grey.data(), 80);
  std::size_t sos = 0;
  for (std::size_t i = 0; i + 1 < jpeg.size(); ++i)
    if (jpeg[i] == 0xFF && jpeg[i + 1] == 0xDA) { sos = i; break; }
  ASSERT_GT(sos, 0u);
  const std::vector<std::uint8_t> scan(jpeg.begin() + static_cast<std::ptrdiff_t>(sos), jpeg.end() - 2);  // up to EOI
  auto with_scans = [&](int n) {
    std::vector<std::uint8_t> out(jpeg.begin(), jpeg.begin() + static_cast<std::ptrdiff_t>(sos));
    for (int k = 0; k < n; ++k) out.insert(out.end(), scan.begin(), scan.end());
    out.insert(out.end(), {0xFF, 0xD9});
    return out;
  };
  EXPECT_TRUE(parse_logo_data_url(data_url(with_scans(1), "image/jpeg"), "/p").ok());
  auto many = parse_logo_data_url(data_url(with_scans(kMaxJpegScans + 1), "image/jpeg"), "/p");
  ASSERT_FALSE(many.ok());
  EXPECT_EQ(many.error().path, "/p");
}

}  // namespace
}  // namespace qredge
