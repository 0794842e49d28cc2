// SPDX-License-Identifier: MIT
#include "logo.hpp"

#include <cstdlib>
#include <memory>

#define STB_IMAGE_IMPLEMENTATION
#define STBI_ONLY_PNG
#define STBI_ONLY_JPEG
#define STBI_NO_STDIO
#define STBI_NO_LINEAR
#define STBI_NO_HDR
#define STBI_NO_FAILURE_STRINGS
// Zeroed allocations: whatever stb reads that the file did not define is 0, never stale heap
// memory that would end up in a rendered image (see jpeg_tables_ok for how that was found).
#define STBI_MALLOC(size) std::calloc(1, size)
#define STBI_REALLOC(p, size) std::realloc(p, size)
#define STBI_FREE(p) std::free(p)
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

// Debian's stb_image (git 2022-09-08) trusts JPEG tables more than it should (both found by
// tests/fuzz/fuzz_logo):
// - the 16 symbol counts of a DHT table: more than 256 symbols overrun its fixed Huffman arrays
//   with bytes taken from the file (upstream 2.28 rejects them as "bad DHT header");
// - that a scan's Huffman tables and the frame's quantisation tables were defined: it decodes
//   with whatever its (malloc'd) decoder struct holds, so the pixels depend on stale heap
//   memory, and a garbage Huffman table sends its decoder past its arrays.
// This walks the markers the way stb reads them, before stb sees the bytes: segments by their
// length, bytes that are not 0xFF skipped, entropy-coded data up to the next marker (0xFF then
// neither 0x00, a restart marker nor a fill byte), and the tables of a DHT/DQT segment as stb
// loops over them, reading zeros past the end as stb does. False when a table is oversized or
// malformed, or a scan needs a table that was not defined before it (as stb uses them:
// baseline scans a DC and an AC table per component, progressive DC-first scans a DC table,
// progressive AC scans an AC table; every scan the quantisation tables of the frame).
bool jpeg_tables_ok(const std::vector<std::uint8_t>& b) {
  const std::size_t n = b.size();
  auto at = [&](std::size_t i) -> unsigned { return i < n ? b[i] : 0u; };
  bool dc[4] = {}, ac[4] = {}, quant[4] = {};
  std::vector<unsigned> frame_quant;  // Tq of each frame component
  bool progressive = false;
  std::size_t i = 2;  // after SOI
  while (i < n) {
    if (b[i] != 0xFF) { ++i; continue; }
    while (i < n && b[i] == 0xFF) ++i;  // fill bytes
    if (i >= n) break;
    const unsigned marker = b[i++];
    if (marker == 0xD9) break;  // EOI
    if (marker == 0x00 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD8)) continue;  // no length
    const std::size_t length = (at(i) << 8) | at(i + 1);
    if (marker == 0xC4) {  // DHT
      long left = static_cast<long>(length) - 2;
      std::size_t p = i + 2;
      while (left > 0) {
        const unsigned tc = at(p) >> 4, th = at(p) & 15;
        if (tc > 1 || th > 3) return false;
        unsigned symbols = 0;
        for (std::size_t k = 0; k < 16; ++k) symbols += at(p + 1 + k);
        if (symbols > 256) return false;
        (tc == 0 ? dc : ac)[th] = true;
        p += 17 + symbols;
        left -= 17 + static_cast<long>(symbols);
      }
    } else if (marker == 0xDB) {  // DQT
      long left = static_cast<long>(length) - 2;
      std::size_t p = i + 2;
      while (left > 0) {
        const unsigned pq = at(p) >> 4, tq = at(p) & 15;
        if (pq > 1 || tq > 3) return false;
        quant[tq] = true;
        const long size = pq ? 129 : 65;
        p += static_cast<std::size_t>(size);
        left -= size;
      }
    } else if (marker == 0xC0 || marker == 0xC1 || marker == 0xC2) {  // SOF (what stb decodes)
      progressive = marker == 0xC2;
      frame_quant.clear();
      for (unsigned k = 0, count = at(i + 7); k < count; ++k) frame_quant.push_back(at(i + 8 + 3 * k + 2));
    } else if (marker == 0xDA) {  // SOS
      for (unsigned q : frame_quant)
        if (q > 3 || !quant[q]) return false;
      const unsigned count = at(i + 2);
      const unsigned ss = at(i + 3 + 2 * count), ah = at(i + 5 + 2 * count) >> 4;
      for (unsigned k = 0; k < count; ++k) {
        const unsigned td = at(i + 4 + 2 * k) >> 4, ta = at(i + 4 + 2 * k) & 15;
        if (td > 3 || ta > 3) return false;
        const bool needs_dc = !progressive || (ss == 0 && ah == 0);
        const bool needs_ac = !progressive || ss != 0;
        if ((needs_dc && !dc[td]) || (needs_ac && !ac[ta])) return false;
      }
    }
    i += length;
    if (marker == 0xDA) {  // entropy-coded data follows the scan header
      while (i + 1 < n && !(b[i] == 0xFF && b[i + 1] != 0x00 && b[i + 1] != 0xFF && (b[i + 1] < 0xD0 || b[i + 1] > 0xD7))) ++i;
    }
  }
  return true;
}

// stb_image grows its IDAT buffer to the length a chunk declares (doubling up to it) before it
// reads the data: a 167-byte PNG declaring a 1.1 GB IDAT chunk made it allocate 2 GiB (found by
// tests/fuzz/fuzz_logo). False when a chunk's data would reach past the end of the bytes, walking
// the chunks as stb does (length, type, data, CRC; up to IEND).
bool png_chunks_fit(const std::vector<std::uint8_t>& b) {
  std::size_t i = 8;  // after the signature
  while (i + 8 <= b.size()) {
    const std::size_t length = (std::size_t{b[i]} << 24) | (std::size_t{b[i + 1]} << 16) |
                               (std::size_t{b[i + 2]} << 8) | b[i + 3];
    if (length > b.size() - (i + 8)) return false;
    if (b[i + 4] == 'I' && b[i + 5] == 'E' && b[i + 6] == 'N' && b[i + 7] == 'D') break;
    i += 12 + length;
  }
  return true;
}

// stb_image on bytes that passed the checks that guard it (see jpeg_tables_ok and
// png_chunks_fit).
bool safe_for_stb(const std::vector<std::uint8_t>& bytes) {
  if (bytes.size() > static_cast<std::size_t>(INT32_MAX)) return false;
  if (bytes.size() >= 2 && bytes[0] == 0xFF && bytes[1] == 0xD8) return jpeg_tables_ok(bytes);
  if (sniff_image_type(bytes) == "image/png") return png_chunks_fit(bytes);
  return true;
}

Result<Logo> check_pixels(Logo logo, const std::string& path, const char* bad_code) {
  int w = 0, h = 0, channels = 0;
  if (!safe_for_stb(logo.bytes) ||
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
  if (!safe_for_stb(logo.bytes)) return Error{"/design/logo/url", "logo_unavailable", "the logo could not be decoded"};
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
