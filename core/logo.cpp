// SPDX-License-Identifier: MIT
#include "logo.hpp"

#include <memory>

#define STB_IMAGE_IMPLEMENTATION
#define STBI_ONLY_PNG
#define STBI_ONLY_JPEG
#define STBI_NO_STDIO
#define STBI_NO_LINEAR
#define STBI_NO_HDR
#define STBI_NO_FAILURE_STRINGS
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmisleading-indentation"
#endif
#include "stb_image.h"
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif

namespace qredge {
namespace {

int base64_value(unsigned char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

Result<Logo> check_pixels(Logo logo, const std::string& path, const char* bad_code) {
  int w = 0, h = 0, channels = 0;
  if (logo.bytes.size() > static_cast<std::size_t>(INT32_MAX) ||
      !stbi_info_from_memory(logo.bytes.data(), static_cast<int>(logo.bytes.size()), &w, &h, &channels))
    return Error{path, bad_code, "the logo could not be decoded as " + logo.mime};
  if (w > kMaxLogoPixels || h > kMaxLogoPixels)
    return Error{path, "logo_too_large", "the logo is " + std::to_string(w) + "x" + std::to_string(h) +
                                             " px; at most 1024x1024 px are allowed"};
  logo.width = w;
  logo.height = h;
  return logo;
}

}  // namespace

bool base64_decode(std::string_view in, std::vector<std::uint8_t>& out) {
  out.clear();
  while (!in.empty() && in.back() == '=') in.remove_suffix(1);
  if (in.size() % 4 == 1) return false;
  out.reserve(in.size() * 3 / 4);
  std::uint32_t acc = 0;
  int bits = 0;
  for (unsigned char c : in) {
    const int v = base64_value(c);
    if (v < 0) return false;
    acc = (acc << 6) | static_cast<std::uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<std::uint8_t>((acc >> bits) & 0xff));
    }
  }
  return true;
}

std::string base64_encode(const std::vector<std::uint8_t>& bytes) {
  static const char* table = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    const std::uint32_t n = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    out += table[(n >> 18) & 63]; out += table[(n >> 12) & 63];
    out += table[(n >> 6) & 63];  out += table[n & 63];
  }
  if (i < bytes.size()) {
    std::uint32_t n = bytes[i] << 16;
    if (i + 1 < bytes.size()) n |= bytes[i + 1] << 8;
    out += table[(n >> 18) & 63]; out += table[(n >> 12) & 63];
    out += i + 1 < bytes.size() ? table[(n >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

std::string sniff_image_type(const std::vector<std::uint8_t>& b) {
  static const std::uint8_t png[8] = {0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a};
  if (b.size() >= 8 && std::equal(png, png + 8, b.begin())) return "image/png";
  if (b.size() >= 3 && b[0] == 0xff && b[1] == 0xd8 && b[2] == 0xff) return "image/jpeg";
  return "";
}

Result<Logo> parse_logo_data_url(std::string_view url, const std::string& path) {
  std::string mime;
  for (const char* m : {"image/png", "image/jpeg"}) {
    const std::string prefix = std::string("data:") + m + ";base64,";
    if (url.substr(0, prefix.size()) == prefix) {
      mime = m;
      url.remove_prefix(prefix.size());
      break;
    }
  }
  if (mime.empty())
    return Error{path, "invalid_logo",
                 "logo.url must be an https: URL or a data:image/png;base64 / data:image/jpeg;base64 URL"};
  // Reject before decoding: base64 expands 3 bytes into 4 characters.
  if (url.size() / 4 * 3 > kMaxLogoBytes + 3)
    return Error{path, "logo_too_large", "the logo is larger than 512 KiB"};
  Logo logo;
  if (!base64_decode(url, logo.bytes)) return Error{path, "invalid_logo", "the logo's base64 data is malformed"};
  if (logo.bytes.size() > kMaxLogoBytes)
    return Error{path, "logo_too_large", "the logo is " + std::to_string(logo.bytes.size()) +
                                             " bytes; at most 524288 bytes (512 KiB) are allowed"};
  const std::string sniffed = sniff_image_type(logo.bytes);
  if (sniffed != mime)
    return Error{path, "invalid_logo", "the logo's bytes are not " + mime +
                                           (sniffed.empty() ? std::string() : " (they are " + sniffed + ")")};
  logo.mime = mime;
  return check_pixels(std::move(logo), path, "invalid_logo");
}

Result<Logo> inspect_logo_bytes(Logo logo, const std::string& path) {
  if (logo.bytes.size() > kMaxLogoBytes)
    return Error{path, "logo_too_large", "the logo is larger than 512 KiB"};
  logo.mime = sniff_image_type(logo.bytes);
  if (logo.mime.empty()) return Error{path, "logo_unavailable", "the logo is neither a PNG nor a JPEG image"};
  return check_pixels(std::move(logo), path, "logo_unavailable");
}

Result<RgbaImage> decode_logo(const Logo& logo) {
  int w = 0, h = 0, channels = 0;
  std::unique_ptr<stbi_uc, decltype(&stbi_image_free)> pixels(
      stbi_load_from_memory(logo.bytes.data(), static_cast<int>(logo.bytes.size()), &w, &h, &channels, 4),
      &stbi_image_free);
  if (!pixels) return Error{"/design/logo/url", "logo_unavailable", "the logo could not be decoded"};
  RgbaImage img;
  img.width = w;
  img.height = h;
  img.pixels.assign(pixels.get(), pixels.get() + static_cast<std::size_t>(w) * h * 4);
  return img;
}

}  // namespace qredge
