// SPDX-License-Identifier: MIT
// PNG encoding with stb_image_write, into memory, with a deflate made for QR images.
//
// stb's own deflate spends most of a render in hash-chain searches (70 % of a styled 1024 px
// render, measured with perf). QR images repeat themselves in two ways only: a pixel equals
// the one before it (runs inside a module row) or the one above it (rows of a module repeat),
// and with a diagonal gradient the one above-left/right. So the compressor below looks for
// matches at exactly those distances, which makes it linear and branch-light, and emits fixed
// Huffman codes like stb does. Output is a valid zlib stream (RFC 1950/1951).
#include "png_write.hpp"

#include <cstdlib>
#include <cstring>

namespace qredge::detail {

// Geometry of the scanlines stb is about to compress (set by write_png, read by the hook).
thread_local int png_row_bytes = 0;  // filter byte + width * channels
thread_local int png_pixel_bytes = 1;

class BitWriter {
 public:
  explicit BitWriter(std::size_t reserve) {
    cap_ = reserve + 64;
    buf_ = static_cast<unsigned char*>(std::malloc(cap_));
  }
  bool ok() const { return buf_ != nullptr; }
  // `count` bits of `bits`, least significant first (deflate's order for extra bits).
  void put(std::uint32_t bits, int count) {
    acc_ |= static_cast<std::uint64_t>(bits) << n_;
    n_ += count;
    while (n_ >= 8) {
      byte(static_cast<unsigned char>(acc_ & 0xff));
      acc_ >>= 8;
      n_ -= 8;
    }
  }
  void flush() {
    if (n_ > 0) put(0, 8 - n_);
  }
  void byte(unsigned char b) {
    if (!buf_) return;
    if (size_ == cap_) {
      cap_ *= 2;
      auto* grown = static_cast<unsigned char*>(std::realloc(buf_, cap_));
      if (!grown) {
        std::free(buf_);
        buf_ = nullptr;
        return;
      }
      buf_ = grown;
    }
    buf_[size_++] = b;
  }
  unsigned char* release(int* len) {
    *len = static_cast<int>(size_);
    unsigned char* b = buf_;
    buf_ = nullptr;
    return b;
  }
  ~BitWriter() { std::free(buf_); }

 private:
  unsigned char* buf_ = nullptr;
  std::size_t size_ = 0, cap_ = 0;
  std::uint64_t acc_ = 0;
  int n_ = 0;
};

// Fixed Huffman codes (RFC 1951 §3.2.6), bit-reversed once so writing one is a single put().
struct FixedCodes {
  std::uint16_t lit[288];
  std::uint8_t lit_len[288];
  std::uint8_t dist[30];
  FixedCodes() {
    auto rev = [](std::uint32_t c, int len) {
      std::uint32_t r = 0;
      for (int i = 0; i < len; ++i) r |= ((c >> i) & 1u) << (len - 1 - i);
      return r;
    };
    for (int v = 0; v < 288; ++v) {
      std::uint32_t c;
      int len;
      if (v < 144) c = 0x30 + v, len = 8;
      else if (v < 256) c = 0x190 + (v - 144), len = 9;
      else if (v < 280) c = v - 256, len = 7;
      else c = 0xc0 + (v - 280), len = 8;
      lit[v] = static_cast<std::uint16_t>(rev(c, len));
      lit_len[v] = static_cast<std::uint8_t>(len);
    }
    for (int d = 0; d < 30; ++d) dist[d] = static_cast<std::uint8_t>(rev(static_cast<std::uint32_t>(d), 5));
  }
};
const FixedCodes kCodes;

inline void literal(BitWriter& w, int v) { w.put(kCodes.lit[v], kCodes.lit_len[v]); }

void match(BitWriter& w, int length, int distance) {
  static const int len_base[] = {3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59,
                                 67, 83, 99, 115, 131, 163, 195, 227, 258};
  static const int len_extra[] = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0};
  static const int dist_base[] = {1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769,
                                  1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577};
  static const int dist_extra[] = {0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8,
                                   9, 9, 10, 10, 11, 11, 12, 12, 13, 13};
  int l = 28;
  while (len_base[l] > length) --l;
  literal(w, 257 + l);
  if (len_extra[l]) w.put(static_cast<std::uint32_t>(length - len_base[l]), len_extra[l]);
  int d = 29;
  while (dist_base[d] > distance) --d;
  w.put(kCodes.dist[d], 5);
  if (dist_extra[d]) w.put(static_cast<std::uint32_t>(distance - dist_base[d]), dist_extra[d]);
}

unsigned char* qr_zlib_compress(unsigned char* data, int len, int* out_len, int /*quality*/) {
  BitWriter w(static_cast<std::size_t>(len) / 4 + 1024);
  if (!w.ok()) return nullptr;
  w.byte(0x78);
  w.byte(0x01);
  w.put(1, 1);  // BFINAL
  w.put(1, 2);  // fixed Huffman codes
  const int row = png_row_bytes, px = png_pixel_bytes;
  int candidates[5], nc = 0;
  for (int d : {1, px, row, row - px, row + px}) {
    bool seen = d <= 0 || d > 32768;
    for (int k = 0; k < nc; ++k) seen = seen || candidates[k] == d;
    if (!seen) candidates[nc++] = d;
  }
  int i = 0;
  while (i < len) {
    int best = 0, best_d = 0;
    const int limit = len - i < 258 ? len - i : 258;
    for (int k = 0; k < nc; ++k) {
      const int d = candidates[k];
      if (d > i) continue;
      const unsigned char* a = data + i;
      const unsigned char* b = a - d;
      int l = 0;
      while (l < limit && a[l] == b[l]) ++l;
      if (l > best) {
        best = l;
        best_d = d;
        if (l == limit) break;
      }
    }
    if (best >= 3) {
      match(w, best, best_d);
      i += best;
    } else {
      literal(w, data[i]);
      ++i;
    }
  }
  literal(w, 256);
  w.flush();
  std::uint32_t s1 = 1, s2 = 0;
  for (int k = 0; k < len;) {
    const int end = k + 5552 < len ? k + 5552 : len;
    for (; k < end; ++k) {
      s1 += data[k];
      s2 += s1;
    }
    s1 %= 65521;
    s2 %= 65521;
  }
  const std::uint32_t adler = (s2 << 16) | s1;
  for (int shift = 24; shift >= 0; shift -= 8) w.byte(static_cast<unsigned char>(adler >> shift));
  return w.release(out_len);
}

}  // namespace qredge::detail

#define STB_IMAGE_WRITE_IMPLEMENTATION
#define STBI_WRITE_NO_STDIO
#define STBIW_ZLIB_COMPRESS qredge::detail::qr_zlib_compress
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
  // No filter: the compressor above finds the repeats itself (left, above, above-left/right),
  // and unfiltered rows keep those repeats exact. stb's compression level is unused by it.
  stbi_write_force_png_filter = 0;
  detail::png_row_bytes = width * channels + 1;
  detail::png_pixel_bytes = channels;
  std::vector<std::uint8_t> png;
  if (!stbi_write_png_to_func(append_bytes, &png, width, height, channels, pixels, width * channels))
    return Error{"", "render_failed", "stb_image_write could not write the PNG"};
  return png;
}

}  // namespace qredge
