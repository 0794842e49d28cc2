// SPDX-License-Identifier: MIT
// Logo images: `data:` URL decoding, type sniffing and pixel decoding (stb_image). Used by the
// validate stage (limits: 512 KiB encoded, 1024x1024 px) and by the raster renderer.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "design.hpp"
#include "error.hpp"

namespace qredge {

inline constexpr std::size_t kMaxLogoBytes = 512 * 1024;
inline constexpr int kMaxLogoPixels = 1024;  // per side

// "image/png", "image/jpeg", or "" when the bytes are neither (checked by signature).
std::string sniff_image_type(const std::vector<std::uint8_t>& bytes);

// Parses `data:image/png;base64,…` / `data:image/jpeg;base64,…` into a Logo with bytes, mime,
// width and height filled in. Errors (path = `path`): `invalid_logo` (not a supported data URL,
// bad base64, declared type not matching the bytes, undecodable image), `logo_too_large`
// (over 512 KiB decoded or over 1024 px on a side).
Result<Logo> parse_logo_data_url(std::string_view url, const std::string& path);

// Fills mime/width/height of a logo whose bytes a host fetched (https: logos). Same errors as
// above, with code `logo_unavailable` for bytes that are not a PNG or JPEG image.
Result<Logo> inspect_logo_bytes(Logo logo, const std::string& path);

struct RgbaImage {
  int width = 0, height = 0;
  std::vector<std::uint8_t> pixels;  // width*height*4, straight (not premultiplied) alpha
};

// Decodes the logo's bytes to RGBA. Error `logo_unavailable` when they cannot be decoded.
Result<RgbaImage> decode_logo(const Logo& logo);

// Standard base64 (RFC 4648, padding optional, no whitespace). Empty optional on bad input.
bool base64_decode(std::string_view in, std::vector<std::uint8_t>& out);
std::string base64_encode(const std::vector<std::uint8_t>& bytes);

}  // namespace qredge
