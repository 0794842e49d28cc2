// SPDX-License-Identifier: MIT
// Logo images: `data:` URL decoding, type sniffing and pixel decoding (stb_image). Used by the
// validate stage (limits: 512 KiB encoded, 1024x1024 px) and by the raster renderer.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "design.hpp"
#include "error.hpp"

namespace qredge {

inline constexpr std::size_t kMaxLogoBytes = 512 * 1024;
inline constexpr int kMaxLogoPixels = 1024;  // per side
// A JPEG with more scans is refused: each scan of a progressive JPEG decodes every block again.
inline constexpr int kMaxJpegScans = 64;
// The long side of a normalised logo (see parse_logo_data_url).
inline constexpr int kNormalLogoPixels = 512;

// "image/png", "image/jpeg", or "" when the bytes are neither (checked by signature).
std::string sniff_image_type(const std::vector<std::uint8_t>& bytes);

// Parses `data:image/png;base64,…` / `data:image/jpeg;base64,…`, decodes it once under a
// budget and returns the NORMALISED logo (docs/security.md §3, issue 14):
// - budget: at most 512 KiB encoded, 1024 px on a side (from the header, before decoding), a
//   PNG's image data inflated only up to the bytes its declared size needs (a stream that goes
//   on is refused at that point: decompression bombs), a JPEG at most kMaxJpegScans scans;
// - normal form: a PNG of at most kNormalLogoPixels px on its long side holding only IHDR,
//   PLTE, tRNS, IDAT and IEND is kept byte for byte; anything else (JPEG, larger, metadata
//   chunks, 16-bit…) is re-encoded as an 8-bit RGBA PNG scaled (area average) to fit
//   kNormalLogoPixels (256 when that PNG would exceed 512 KiB). `url` is then the new data:
//   URL, so `to_json` stores the normal form, and normalising it again changes nothing;
// - `pixels` holds the decoded image, so rendering does not decode again.
// Errors (path = `path`): `invalid_logo` (not a supported data URL, bad base64, declared type
// not matching the bytes, undecodable or corrupt image), `logo_too_large` (over 512 KiB, over
// 1024 px on a side, image data inflating past the declared size).
Result<Logo> parse_logo_data_url(std::string_view url, const std::string& path);

// Fills mime/width/height/pixels of a logo whose bytes a host fetched (https: logos), decoded
// under the same budget as above, without normalising. Same errors, with code
// `logo_unavailable` for bytes that are not a PNG or JPEG image or do not decode.
Result<Logo> inspect_logo_bytes(Logo logo, const std::string& path);

// The normal form of a logo that inspect_logo_bytes accepted (see parse_logo_data_url).
Result<Logo> normalise_logo(Logo logo, const std::string& path);

struct RgbaImage {
  int width = 0, height = 0;
  std::vector<std::uint8_t> pixels;  // width*height*4, straight (not premultiplied) alpha
};

// The logo's pixels: those decoded when it was parsed, else its bytes decoded now under the
// same budget. Error `logo_unavailable` when they cannot be decoded.
Result<std::shared_ptr<const RgbaImage>> logo_pixels(const Logo& logo);

// A copy of logo_pixels' image.
Result<RgbaImage> decode_logo(const Logo& logo);

// Standard base64 (RFC 4648, padding optional, no whitespace). Empty optional on bad input.
bool base64_decode(std::string_view in, std::vector<std::uint8_t>& out);
std::string base64_encode(const std::vector<std::uint8_t>& bytes);

}  // namespace qredge
