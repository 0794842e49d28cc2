// SPDX-License-Identifier: MIT
#include "logo.hpp"

#include <algorithm>
#include <cstdlib>
#include <memory>
#include <new>
#include <optional>

#include "png_write.hpp"

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
  int scans = 0;
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
      // Every scan of a progressive JPEG walks all the image's blocks again: 500 KiB of empty
      // scans would be tens of thousands of passes over a 1024x1024 image (seconds of CPU).
      // Real encoders write about 10 (jpegtran's progressive script: 10 for colour).
      if (++scans > kMaxJpegScans) return false;
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

std::uint32_t be32(const std::vector<std::uint8_t>& b, std::size_t i) {
  return (std::uint32_t{b[i]} << 24) | (std::uint32_t{b[i + 1]} << 16) | (std::uint32_t{b[i + 2]} << 8) | b[i + 3];
}

bool chunk_is(const std::vector<std::uint8_t>& b, std::size_t i, const char* type) {
  return b[i + 4] == type[0] && b[i + 5] == type[1] && b[i + 6] == type[2] && b[i + 7] == type[3];
}

// The bytes a PNG's image data inflates to (a filter byte per row included), computed from its
// IHDR exactly as stb_image computes them (per Adam7 pass when interlaced); 0 when the header
// is missing or names a colour type / bit depth stb does not decode.
std::uint64_t png_raw_size(const std::vector<std::uint8_t>& b, std::uint64_t max_side) {
  if (b.size() < 8 + 8 + 13 || !chunk_is(b, 8, "IHDR") || be32(b, 8) != 13) return 0;
  const std::uint64_t w = be32(b, 16), h = be32(b, 20);
  const unsigned depth = b[24], colour = b[25], interlace = b[28];
  int n = 0;
  switch (colour) {
    case 0: n = 1; break;
    case 2: n = 3; break;
    case 3: n = 1; break;
    case 4: n = 2; break;
    case 6: n = 4; break;
    default: return 0;
  }
  if (depth != 1 && depth != 2 && depth != 4 && depth != 8 && depth != 16) return 0;
  if ((colour == 3 && depth == 16) || (colour != 0 && colour != 3 && depth < 8) || interlace > 1) return 0;
  if (w == 0 || h == 0 || w > max_side || h > max_side) return 0;
  const auto pass = [&](std::uint64_t x, std::uint64_t y) -> std::uint64_t {
    return x && y ? ((n * x * depth + 7) / 8 + 1) * y : 0;
  };
  if (!interlace) return pass(w, h);
  static const int xorig[7] = {0, 4, 0, 2, 0, 1, 0}, yorig[7] = {0, 0, 4, 0, 2, 0, 1};
  static const int xspc[7] = {8, 8, 4, 4, 2, 2, 1}, yspc[7] = {8, 8, 8, 4, 4, 2, 2};
  std::uint64_t total = 0;
  for (int p = 0; p < 7; ++p)
    total += pass((w - xorig[p] + xspc[p] - 1) / xspc[p], (h - yorig[p] + yspc[p] - 1) / yspc[p]);
  return total;
}

// The decompression-bomb guard (issue 14). stb_image inflates a PNG's IDAT data into a buffer
// it doubles for as long as the stream goes on, and only then compares the length with what
// the header needs: a 509 KB 1x1 PNG inflated to 500 MiB at every render. Here the stream is
// inflated (by stb's own inflater, so both read it the same way) into a buffer of exactly the
// size the header declares plus one longest match, which it cannot grow: inflating stops at
// the budget. Checked on bytes that passed png_chunks_fit; nullopt when the image data
// inflates to exactly the declared size.
std::optional<Error> png_inflate_within_budget(const std::vector<std::uint8_t>& b, const std::string& path,
                                               const char* bad_code, std::uint64_t max_side = kMaxLogoPixels) {
  const std::uint64_t raw = png_raw_size(b, max_side);
  if (raw == 0) return Error{path, bad_code, "the logo's PNG header is malformed"};
  std::vector<std::uint8_t> idat;
  for (std::size_t i = 8; i + 8 <= b.size();) {
    const std::size_t length = be32(b, i);
    if (chunk_is(b, i, "IEND")) break;
    // Apple's CgBI PNGs hold a raw deflate stream that stb reads differently: not a logo.
    if (chunk_is(b, i, "CgBI")) return Error{path, bad_code, "the logo is an Apple CgBI PNG, which is not a standard PNG"};
    if (chunk_is(b, i, "IDAT")) idat.insert(idat.end(), b.begin() + static_cast<std::ptrdiff_t>(i + 8),
                                            b.begin() + static_cast<std::ptrdiff_t>(i + 8 + length));
    i += 12 + length;
  }
  if (idat.empty()) return Error{path, bad_code, "the logo's PNG has no image data"};
  constexpr std::size_t kLongestMatch = 258;
  const std::size_t room = static_cast<std::size_t>(raw) + kLongestMatch + 1;
  std::unique_ptr<char[]> out(new (std::nothrow) char[room]);
  if (!out) return Error{path, "logo_too_large", "no memory to decode the logo"};
  stbi__zbuf z;
  z.zbuffer = idat.data();
  z.zbuffer_end = idat.data() + idat.size();
  const bool ended = stbi__do_zlib(&z, out.get(), static_cast<int>(room), 0, 1) != 0;
  const std::size_t produced = static_cast<std::size_t>(z.zout - z.zout_start);
  const std::string declared = std::to_string(be32(b, 16)) + "x" + std::to_string(be32(b, 20)) + " px";
  // A stream still going when fewer bytes than a match are left is one that outgrew the budget
  // (stb stops only where the next literal or match does not fit).
  if ((!ended && room - produced <= kLongestMatch) || (ended && produced > raw))
    return Error{path, "logo_too_large", "the logo's image data inflates to more than the " + std::to_string(raw) +
                                             " bytes its declared " + declared + " need (a decompression bomb?)"};
  if (!ended || produced < raw) return Error{path, bad_code, "the logo's PNG image data is corrupt or truncated"};
  return std::nullopt;
}

Result<Logo> check_pixels(Logo logo, const std::string& path, const char* bad_code) {
  int w = 0, h = 0, channels = 0;
  if (!safe_for_stb(logo.bytes) ||
      !stbi_info_from_memory(logo.bytes.data(), static_cast<int>(logo.bytes.size()), &w, &h, &channels))
    return Error{path, bad_code, "the logo could not be decoded as " + logo.mime};
  if (w > kMaxLogoPixels || h > kMaxLogoPixels)
    return Error{path, "logo_too_large", "the logo is " + std::to_string(w) + "x" + std::to_string(h) +
                                             " px; at most 1024x1024 px are allowed"};
  if (sniff_image_type(logo.bytes) == "image/png")
    if (auto e = png_inflate_within_budget(logo.bytes, path, bad_code)) return *e;
  logo.width = w;
  logo.height = h;
  return logo;
}

// stb_image's full decode to RGBA, on bytes check_pixels accepted.
std::shared_ptr<const RgbaImage> stb_decode(const std::vector<std::uint8_t>& bytes) {
  int w = 0, h = 0, channels = 0;
  std::unique_ptr<stbi_uc, decltype(&stbi_image_free)> pixels(
      stbi_load_from_memory(bytes.data(), static_cast<int>(bytes.size()), &w, &h, &channels, 4), &stbi_image_free);
  if (!pixels) return nullptr;
  auto img = std::make_shared<RgbaImage>();
  img->width = w;
  img->height = h;
  img->pixels.assign(pixels.get(), pixels.get() + static_cast<std::size_t>(w) * h * 4);
  return img;
}

// Area-average downscale to nw x nh, in premultiplied alpha (a transparent pixel's colour
// does not bleed into its neighbours). One output row at a time: memory is one source row.
RgbaImage shrink(const RgbaImage& src, int nw, int nh) {
  RgbaImage dst;
  dst.width = nw;
  dst.height = nh;
  dst.pixels.resize(static_cast<std::size_t>(nw) * nh * 4);
  const double sx = static_cast<double>(src.width) / nw, sy = static_cast<double>(src.height) / nh;
  std::vector<double> row(static_cast<std::size_t>(src.width) * 4);
  for (int oy = 0; oy < nh; ++oy) {
    std::fill(row.begin(), row.end(), 0.0);
    const double y0 = oy * sy, y1 = (oy + 1) * sy;
    for (int iy = static_cast<int>(y0); iy < src.height && iy < y1; ++iy) {
      const double wy = std::min<double>(iy + 1, y1) - std::max<double>(iy, y0);
      const std::uint8_t* p = &src.pixels[static_cast<std::size_t>(iy) * src.width * 4];
      for (int x = 0; x < src.width; ++x) {
        const double a = p[x * 4 + 3] * wy;
        row[x * 4 + 0] += p[x * 4 + 0] * a;
        row[x * 4 + 1] += p[x * 4 + 1] * a;
        row[x * 4 + 2] += p[x * 4 + 2] * a;
        row[x * 4 + 3] += a;
      }
    }
    for (int ox = 0; ox < nw; ++ox) {
      const double x0 = ox * sx, x1 = (ox + 1) * sx;
      double acc[4] = {0, 0, 0, 0};
      for (int ix = static_cast<int>(x0); ix < src.width && ix < x1; ++ix) {
        const double wx = std::min<double>(ix + 1, x1) - std::max<double>(ix, x0);
        for (int c = 0; c < 4; ++c) acc[c] += row[ix * 4 + c] * wx;
      }
      std::uint8_t* q = &dst.pixels[(static_cast<std::size_t>(oy) * nw + ox) * 4];
      const double alpha = acc[3];
      for (int c = 0; c < 3; ++c)
        q[c] = alpha > 0 ? static_cast<std::uint8_t>(std::clamp(acc[c] / alpha + 0.5, 0.0, 255.0)) : 0;
      q[3] = static_cast<std::uint8_t>(std::clamp(alpha / (sx * sy) + 0.5, 0.0, 255.0));
    }
  }
  return dst;
}

// A PNG already in normal form: small enough, and only the chunks that hold the image.
bool is_normal_png(const std::vector<std::uint8_t>& b, int width, int height) {
  if (sniff_image_type(b) != "image/png" || width > kNormalLogoPixels || height > kNormalLogoPixels) return false;
  for (std::size_t i = 8; i + 8 <= b.size();) {
    if (chunk_is(b, i, "IEND")) return true;
    if (!chunk_is(b, i, "IHDR") && !chunk_is(b, i, "PLTE") && !chunk_is(b, i, "tRNS") && !chunk_is(b, i, "IDAT"))
      return false;
    i += 12 + static_cast<std::size_t>(be32(b, i));
  }
  return false;
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
  const std::string_view given = url;
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
  logo.url = std::string(given);
  auto checked = check_pixels(std::move(logo), path, "invalid_logo");
  if (!checked) return checked.error();
  return normalise_logo(std::move(*checked), path);
}

Result<Logo> inspect_logo_bytes(Logo logo, const std::string& path) {
  if (logo.bytes.size() > kMaxLogoBytes)
    return Error{path, "logo_too_large", "the logo is larger than 512 KiB"};
  logo.mime = sniff_image_type(logo.bytes);
  if (logo.mime.empty()) return Error{path, "logo_unavailable", "the logo is neither a PNG nor a JPEG image"};
  auto checked = check_pixels(std::move(logo), path, "logo_unavailable");
  if (!checked) return checked.error();
  // Decoded now, as parse_logo_data_url does, so both accept the same bytes.
  checked->pixels = stb_decode(checked->bytes);
  if (!checked->pixels) return Error{path, "logo_unavailable", "the logo could not be decoded as " + checked->mime};
  return checked;
}

Result<std::shared_ptr<const RgbaImage>> logo_pixels(const Logo& logo) {
  if (logo.pixels) return logo.pixels;
  // Not parsed (a Logo built by hand, e.g. tests decoding a rendered PNG, up to 4096 px and
  // more): stb's guards and the inflate budget, with a looser limit on the declared size.
  const std::string path = "/design/logo/url";
  if (!safe_for_stb(logo.bytes)) return Error{path, "logo_unavailable", "the logo could not be decoded"};
  if (sniff_image_type(logo.bytes) == "image/png")
    if (auto e = png_inflate_within_budget(logo.bytes, path, "logo_unavailable", 16384)) return *e;
  auto img = stb_decode(logo.bytes);
  if (!img) return Error{path, "logo_unavailable", "the logo could not be decoded"};
  return img;
}

Result<RgbaImage> decode_logo(const Logo& logo) {
  auto img = logo_pixels(logo);
  if (!img) return img.error();
  return **img;
}

Result<Logo> normalise_logo(Logo logo, const std::string& path) {
  std::shared_ptr<const RgbaImage> decoded = logo.pixels ? logo.pixels : stb_decode(logo.bytes);
  if (!decoded) return Error{path, "invalid_logo", "the logo could not be decoded as " + logo.mime};
  if (is_normal_png(logo.bytes, decoded->width, decoded->height)) {
    logo.pixels = std::move(decoded);
    return logo;
  }
  // Re-encoded at most kNormalLogoPixels on its long side; a photo-like logo whose PNG would
  // exceed the 512 KiB limit at that size is halved (4 bytes a pixel at 256 px always fit).
  for (int side : {kNormalLogoPixels, kNormalLogoPixels / 2}) {
    std::shared_ptr<const RgbaImage> img = decoded;
    const int longest = std::max(decoded->width, decoded->height);
    if (longest > side) {
      const double scale = static_cast<double>(side) / longest;
      img = std::make_shared<RgbaImage>(shrink(*decoded, std::max(1, static_cast<int>(decoded->width * scale + 0.5)),
                                               std::max(1, static_cast<int>(decoded->height * scale + 0.5))));
    }
    auto png = write_png(img->pixels.data(), img->width, img->height, 4);
    if (!png) return Error{path, "logo_too_large", "no memory to re-encode the logo"};
    if (png->size() > kMaxLogoBytes && side == kNormalLogoPixels) continue;
    logo.bytes = std::move(*png);
    logo.mime = "image/png";
    logo.width = img->width;
    logo.height = img->height;
    logo.url = "data:image/png;base64," + base64_encode(logo.bytes);
    logo.pixels = std::move(img);
    return logo;
  }
  return Error{path, "logo_too_large", "the logo does not fit in 512 KiB even at 256 px"};
}

}  // namespace qredge
