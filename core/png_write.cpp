// SPDX-License-Identifier: MIT
// PNG encoding into memory with a deflate made for QR images: 8-bit images through
// stb_image_write (its zlib hook), 1-bit plain codes through a writer of our own.
//
// stb's own deflate spends most of a render in hash-chain searches (70 % of a styled 1024 px
// render, measured with perf). QR images repeat themselves in two ways only: a pixel equals
// the one before it (runs inside a module row) or the one above it (rows of a module repeat),
// and with a diagonal gradient the one above-left/right. So the compressor below looks for
// matches at exactly those distances, which makes it linear and branch-light, and emits fixed
// Huffman codes like stb does; the styled renders' writer (rows_zlib) sends a dynamic header
// instead, with short codes for the few distances it uses. Output is a valid zlib stream
// (RFC 1950/1951).
//
// Plain black-on-white codes are written as 1-bit greyscale (write_png_gray1): 8x fewer bytes
// to rasterize, deflate and checksum than 8-bit grey, and a file 5x smaller. stb only writes
// 8-bit PNGs, so that path writes its own IHDR/IDAT/IEND chunks and CRCs; it is given each
// distinct scanline once with its repeat count, deflates it once, and turns the repeats into
// matches one scanline back without ever materializing the full image.
#include "png_write.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cstdlib>
#include <cstring>
#include <memory>

// wasm builds use SIMD128 (every runtime the package targets has it: Node, workerd, current
// browsers) in the functions marked target("simd128"); native builds keep the scalar forms.
// QREDGE_SIMD marks them; a function that calls a marked one must be marked too for it to be
// inlined (a callee may not need features its caller lacks).
#if defined(__wasm__)
#define QREDGE_WASM_SIMD 1
#define QREDGE_SIMD __attribute__((target("simd128")))
#include <wasm_simd128.h>
#else
#define QREDGE_WASM_SIMD 0
#define QREDGE_SIMD
#endif

namespace qredge::detail {

// Geometry of the scanlines stb is about to compress (set by write_png, read by the hook).
thread_local int png_row_bytes = 0;  // filter byte + width * channels
thread_local int png_pixel_bytes = 1;

// Bits out, least significant first, into room reserved ahead (BitWriter::sink): every put()
// stores the whole accumulator and moves on by the whole bytes in it, so writing a symbol
// never branches. Its state is three locals of the caller (a BitWriter's fields must be
// reloaded after every byte stored, which may alias them).
struct BitSink {
  unsigned char* p;
  std::uint64_t acc;
  unsigned n;  // bits waiting in acc, < 8 between puts
  // `count` (<= 32) bits of `bits`.
  void put(std::uint32_t bits, unsigned count) {
    acc |= static_cast<std::uint64_t>(bits) << n;
    n += count;
    if constexpr (std::endian::native == std::endian::little) {
      std::memcpy(p, &acc, 8);
    } else {
      for (int k = 0; k < 8; ++k) p[k] = static_cast<unsigned char>(acc >> (8 * k));
    }
    p += n >> 3;
    acc >>= n & ~7u;
    n &= 7;
  }
};

class BitWriter {
 public:
  // A sink with room for `bytes` bytes of symbols (and the 8 its stores reach past them);
  // p is null when out of memory. Hand it back with take() before using the writer again.
  BitSink sink(std::size_t bytes) {
    while (n_ >= 8) {
      byte_out(static_cast<unsigned char>(acc_ & 0xff));
      acc_ >>= 8;
      n_ -= 8;
    }
    while (buf_ && cap_ - size_ < bytes + 8) grow();
    return {buf_ ? buf_ + size_ : nullptr, acc_, static_cast<unsigned>(n_)};
  }
  void take(const BitSink& s) {
    size_ = static_cast<std::size_t>(s.p - buf_);
    acc_ = s.acc;
    n_ = static_cast<int>(s.n);
  }
  explicit BitWriter(std::size_t reserve) {
    cap_ = reserve + 64;
    buf_ = static_cast<unsigned char*>(std::malloc(cap_));
  }
  bool ok() const { return buf_ != nullptr; }
  // `count` (<= 32) bits of `bits`, least significant first (deflate's order for extra bits).
  // Whole 32-bit words leave the accumulator at once: one capacity check per four bytes.
  void put(std::uint32_t bits, int count) {
    acc_ |= static_cast<std::uint64_t>(bits) << n_;
    n_ += count;
    if (n_ >= 32) {
      if (size_ + 4 > cap_ && !grow()) return;
      if constexpr (std::endian::native == std::endian::little) {
        const auto word = static_cast<std::uint32_t>(acc_);  // deflate's bytes are little-endian
        std::memcpy(buf_ + size_, &word, 4);
        size_ += 4;
      } else {
        for (int k = 0; k < 4; ++k) buf_[size_++] = static_cast<unsigned char>(acc_ >> (8 * k));
      }
      acc_ >>= 32;
      n_ -= 32;
    }
  }
  // Pads to a byte boundary and writes out what the accumulator holds.
  void flush() {
    while (n_ > 0) {
      byte_out(static_cast<unsigned char>(acc_ & 0xff));
      acc_ >>= 8;
      n_ = n_ > 8 ? n_ - 8 : 0;
    }
    acc_ = 0;
  }
  // A whole byte; only at a byte boundary (after flush(), or before any put()).
  void byte(unsigned char b) {
    flush();
    byte_out(b);
  }
  unsigned char* release(int* len) {
    *len = static_cast<int>(size_);
    unsigned char* b = buf_;
    buf_ = nullptr;
    return b;
  }
  ~BitWriter() { std::free(buf_); }

 private:
  bool grow() {
    if (!buf_) return false;
    cap_ *= 2;
    auto* grown = static_cast<unsigned char*>(std::realloc(buf_, cap_));
    if (!grown) {
      std::free(buf_);
      buf_ = nullptr;
      return false;
    }
    buf_ = grown;
    return true;
  }
  void byte_out(unsigned char b) {
    if (size_ == cap_ && !grow()) return;
    buf_[size_++] = b;
  }
  unsigned char* buf_ = nullptr;
  std::size_t size_ = 0, cap_ = 0;
  std::uint64_t acc_ = 0;
  int n_ = 0;
};

// Canonical Huffman codes (RFC 1951 §3.2.2) for the code lengths len[0, n), bit-reversed so
// that writing one is a single put() (deflate sends Huffman codes most significant bit first).
void canonical_codes(const std::uint8_t* len, int n, std::uint16_t* code) {
  int count[16] = {}, next[16] = {};
  for (int v = 0; v < n; ++v) ++count[len[v]];
  count[0] = 0;
  for (int b = 1, c = 0; b < 16; ++b) next[b] = c = (c + count[b - 1]) << 1;
  for (int v = 0; v < n; ++v) {
    std::uint32_t c = static_cast<std::uint32_t>(next[len[v]]++), r = 0;
    for (int i = 0; i < len[v]; ++i) r |= ((c >> i) & 1u) << (len[v] - 1 - i);
    code[v] = static_cast<std::uint16_t>(len[v] ? r : 0);
  }
}

// Literal/length codes. kCodes: the fixed codes (RFC 1951 §3.2.6), with their 5-bit distance
// codes. kRowCodes: rows_zlib's, sent in a dynamic block header: the fixed lengths, except that
// length codes 284 and 285 (227-258 bytes: the long matches down the rows of a shape or of the
// background) take 7 bits instead of 8, which also makes the code complete over the 286 symbols
// a dynamic header may describe.
struct Codes {
  std::uint16_t lit[288];
  std::uint8_t lit_len[288];
  std::uint16_t dist[30];
  explicit Codes(bool rows) {
    for (int v = 0; v < 288; ++v) lit_len[v] = v < 144 ? 8 : v < 256 ? 9 : v < 280 ? 7 : 8;
    if (rows) lit_len[284] = lit_len[285] = 7;
    canonical_codes(lit_len, rows ? 286 : 288, lit);
    std::uint8_t five[30];
    std::fill(five, five + 30, std::uint8_t{5});
    canonical_codes(five, 30, dist);
  }
};
const Codes kCodes(false);
const Codes kRowCodes(true);

inline void literal(BitWriter& w, int v) { w.put(kCodes.lit[v], kCodes.lit_len[v]); }

// Deflate's length and distance codes (RFC 1951 §3.2.5), looked up instead of searched:
// every match of a plain PNG's repeated rows goes through here.
struct MatchCodes {
  std::uint8_t len_code[259];   // length 3..258 -> index into the length table
  std::uint8_t dist_code[513];  // distance 1..512 -> distance code (larger: computed)
  MatchCodes() {
    int l = 0;
    for (int n = 3; n <= 258; ++n) {
      while (l < 28 && kLenBase[l + 1] <= n) ++l;
      len_code[n] = static_cast<std::uint8_t>(l);
    }
    int d = 0;
    for (int n = 1; n <= 512; ++n) {
      while (d < 29 && kDistBase[d + 1] <= n) ++d;
      dist_code[n] = static_cast<std::uint8_t>(d);
    }
  }
  static constexpr int kLenBase[29] = {3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59,
                                       67, 83, 99, 115, 131, 163, 195, 227, 258};
  static constexpr int kLenExtra[29] = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0};
  static constexpr int kDistBase[30] = {1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769,
                                        1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577};
  static constexpr int kDistExtra[30] = {0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8,
                                         9, 9, 10, 10, 11, 11, 12, 12, 13, 13};
};
const MatchCodes kMatch;

// A distance's code (0-29).
int distance_code(int distance) {
  if (distance <= 512) return kMatch.dist_code[distance];
  int d = 29;
  while (MatchCodes::kDistBase[d] > distance) --d;
  return d;
}

// A distance's bits (its code, then its extra bits), worked out once for a distance used again
// and again: with the fixed 5-bit codes, or with `code` of `len` bits.
struct DistanceBits {
  std::uint32_t bits;
  int count;
};
DistanceBits distance_bits(int distance, std::uint32_t code, int len) {
  const int d = distance_code(distance);
  return {code | static_cast<std::uint32_t>(distance - MatchCodes::kDistBase[d]) << len,
          len + MatchCodes::kDistExtra[d]};
}
DistanceBits distance_bits(int distance) { return distance_bits(distance, kCodes.dist[distance_code(distance)], 5); }

void match(BitWriter& w, int length, DistanceBits dist) {
  const int l = kMatch.len_code[length];
  const int code = 257 + l;
  // The length's code and extra bits (at most 8 + 5) in one put, then the distance (<= 18).
  w.put(kCodes.lit[code] | static_cast<std::uint32_t>(length - MatchCodes::kLenBase[l]) << kCodes.lit_len[code],
        kCodes.lit_len[code] + MatchCodes::kLenExtra[l]);
  w.put(dist.bits, dist.count);
}

void match(BitWriter& w, int length, int distance) { match(w, length, distance_bits(distance)); }

inline void literal(BitSink& s, int v, const Codes& c) { s.put(c.lit[v], c.lit_len[v]); }

// rows_zlib's length symbols (kRowCodes), for each length 3..258 its code and extra bits in
// one word: bits in the low 24, their count in the high 8.
struct RowLengths {
  std::uint32_t v[259] = {};
  RowLengths() {
    for (int n = 3; n <= 258; ++n) {
      const int l = kMatch.len_code[n], code = 257 + l;
      const std::uint32_t bits =
          kRowCodes.lit[code] | static_cast<std::uint32_t>(n - MatchCodes::kLenBase[l]) << kRowCodes.lit_len[code];
      v[n] = bits | static_cast<std::uint32_t>(kRowCodes.lit_len[code] + MatchCodes::kLenExtra[l]) << 24;
    }
  }
};
const RowLengths kRowLengths;

// A length (3..258) with kRowCodes and its distance in one put: at most 13 + 15 bits.
inline void row_match(BitSink& s, int length, DistanceBits dist) {
  const std::uint32_t e = kRowLengths.v[length];
  const unsigned n = e >> 24;
  s.put((e & 0xffffffu) | dist.bits << n, n + static_cast<unsigned>(dist.count));
}

// Length of the common prefix of a and b, at most `limit`, compared 8 bytes at a time.
inline int match_length(const unsigned char* a, const unsigned char* b, int limit) {
  int l = 0;
  while (l + 8 <= limit) {
    std::uint64_t x, y;
    std::memcpy(&x, a + l, 8);
    std::memcpy(&y, b + l, 8);
    if (x != y) {
      // Byte order decides which differing byte comes first in memory.
      const std::uint64_t diff = x ^ y;
      if constexpr (std::endian::native == std::endian::little) return l + std::countr_zero(diff) / 8;
      else return l + std::countl_zero(diff) / 8;
    }
    l += 8;
  }
  while (l < limit && a[l] == b[l]) ++l;
  return l;
}

inline std::uint64_t load64(const unsigned char* p) {
  std::uint64_t v;
  std::memcpy(&v, p, 8);
  return v;
}

// Deflates data[from, to) as fixed-Huffman symbols, matching only at the `nd` distances of
// `dist` (bytes before `from` are history the decoder already has). The distance that won
// last is tried first: inside a run, or down a column of equal rows, it keeps winning.
void deflate_span(BitWriter& w, const unsigned char* data, int from, int to, const int* dist, int nd) {
  int last = 0;
  int i = from;
  while (i < to) {
    int best = 0, best_k = 0;
    const int limit = to - i < 258 ? to - i : 258;
    for (int n = 0; n < nd; ++n) {
      const int k = (last + n) % nd;
      const int d = dist[k];
      if (d > i) continue;
      const int l = match_length(data + i, data + i - d, limit);
      if (l > best) {
        best = l;
        best_k = k;
        if (l == limit) break;
      }
    }
    if (best >= 3) {
      match(w, best, dist[best_k]);
      last = best_k;
      i += best;
    } else {
      literal(w, data[i]);
      ++i;
    }
  }
}

// Adler-32 (RFC 1950) state, updated a block at a time.
struct Adler {
  std::uint32_t s1 = 1, s2 = 0;
  void update(const unsigned char* p, std::size_t len) {
    while (len > 0) {
      const std::size_t n = len < 5552 ? len : 5552;  // no overflow before the modulo
      std::size_t k = 0;
#if QREDGE_WASM_SIMD
      k = lanes16(p, n / 16);
#else
      if constexpr (std::endian::native == std::endian::little) k = words(p, n / 8);
#endif
      for (; k < n; ++k) {
        s1 += p[k];
        s2 += s1;
      }
      s1 %= 65521;
      s2 %= 65521;
      p += n;
      len -= n;
    }
  }
  // The first `count` 8-byte words of p (count <= 5552 / 8), eight bytes a step instead of one.
  // Byte j of word k counts 8 * (count - 1 - k) + (8 - j) times in s2, so what is needed per
  // byte position j is its sum A_j and the running total C_j of those sums before each word.
  // Both are kept in lanes of 64-bit words: even and odd bytes split into four 16-bit lanes
  // (two ANDs and a shift a word), for blocks of kBlock words, short enough that no 16-bit
  // lane overflows (a <= 255 * 16, c <= 255 * 16 * 15 / 2), then widened into 32-bit lanes
  // (C <= 255 * 694^2 / 2). Returns the bytes consumed; s1 and s2 are left reduced.
  std::size_t words(const unsigned char* p, std::size_t count) {
    constexpr int kBlock = 16;
    constexpr std::uint64_t k16 = 0x00ff00ff00ff00ffull, k32 = 0x0000ffff0000ffffull;
    // 32-bit lanes, by byte position: A[0] bytes 0 and 4, A[1] 2 and 6, A[2] 1 and 5, A[3] 3 and 7.
    std::uint64_t A[4] = {0, 0, 0, 0}, C[4] = {0, 0, 0, 0};
    for (std::size_t k = 0; k < count;) {
      const std::size_t n = count - k < kBlock ? count - k : kBlock;
      std::uint64_t ae = 0, ao = 0, ce = 0, co = 0;  // 16-bit lanes: even bytes, odd bytes
      for (const std::size_t end = k + n; k < end; ++k) {
        std::uint64_t v;
        std::memcpy(&v, p + 8 * k, 8);
        ce += ae;
        co += ao;
        ae += v & k16;
        ao += (v >> 8) & k16;
      }
      const std::uint64_t part[4] = {ae & k32, (ae >> 16) & k32, ao & k32, (ao >> 16) & k32};
      const std::uint64_t cpart[4] = {ce & k32, (ce >> 16) & k32, co & k32, (co >> 16) & k32};
      for (int j = 0; j < 4; ++j) {
        C[j] += cpart[j] + n * A[j];
        A[j] += part[j];
      }
    }
    constexpr int kLow[4] = {0, 2, 1, 3};  // byte position of each lane's low half (high: + 4)
    std::uint64_t sum1 = 0, sum2 = 8 * count * static_cast<std::uint64_t>(s1);
    for (int j = 0; j < 4; ++j) {
      const std::uint64_t alo = A[j] & 0xffffffffu, ahi = A[j] >> 32, clo = C[j] & 0xffffffffu, chi = C[j] >> 32;
      sum1 += alo + ahi;
      sum2 += 8 * (clo + chi) + static_cast<std::uint64_t>(8 - kLow[j]) * alo +
              static_cast<std::uint64_t>(4 - kLow[j]) * ahi;
    }
    s1 = static_cast<std::uint32_t>((s1 + sum1) % 65521);
    s2 = static_cast<std::uint32_t>((s2 + sum2) % 65521);
    return 8 * count;
  }
#if QREDGE_WASM_SIMD
  QREDGE_SIMD static std::uint64_t lane_sum(v128_t x) {
    return static_cast<std::uint64_t>(wasm_u32x4_extract_lane(x, 0)) + wasm_u32x4_extract_lane(x, 1) +
           wasm_u32x4_extract_lane(x, 2) + wasm_u32x4_extract_lane(x, 3);
  }
  // The first `count` 16-byte vectors of p (count <= 5552 / 16) in wasm SIMD lanes: the same
  // sums as words() below. Two vectors (32 bytes, positions t = 2u + e) a step: per pair of
  // bytes u the sum (pair) and the odd byte (odd), and the running total of the pair sums after
  // each step (run), in 16-bit lanes for blocks of up to 15 steps (run <= 510 * 120 fits).
  // Byte t of step c counts 32 * (n - c) - t times in the block's own s2: 32 * run - t * byte,
  // with the sum of t * byte = 2u * pair + odd.
  QREDGE_SIMD std::size_t lanes16(const unsigned char* p, std::size_t count) {
    const v128_t u0 = wasm_i16x8_make(0, 2, 4, 6, 8, 10, 12, 14), u1 = wasm_i16x8_make(16, 18, 20, 22, 24, 26, 28, 30);
    std::uint64_t a = 0, b = 0;  // these bytes' own s1 and s2 (sum of (16 * count - j) * byte j)
    const std::size_t steps = count / 2;
    for (std::size_t k = 0; k < steps;) {
      const std::size_t n = steps - k < 15 ? steps - k : 15;
      v128_t pair0 = wasm_i16x8_splat(0), pair1 = pair0, odd0 = pair0, odd1 = pair0, run0 = pair0, run1 = pair0;
      for (const std::size_t end = k + n; k < end; ++k) {
        const v128_t v = wasm_v128_load(p + 32 * k), w = wasm_v128_load(p + 32 * k + 16);
        pair0 = wasm_i16x8_add(pair0, wasm_u16x8_extadd_pairwise_u8x16(v));
        pair1 = wasm_i16x8_add(pair1, wasm_u16x8_extadd_pairwise_u8x16(w));
        odd0 = wasm_i16x8_add(odd0, wasm_u16x8_shr(v, 8));
        odd1 = wasm_i16x8_add(odd1, wasm_u16x8_shr(w, 8));
        run0 = wasm_i16x8_add(run0, pair0);
        run1 = wasm_i16x8_add(run1, pair1);
      }
      const std::uint64_t sum =
          lane_sum(wasm_i32x4_add(wasm_u32x4_extadd_pairwise_u16x8(pair0), wasm_u32x4_extadd_pairwise_u16x8(pair1)));
      const std::uint64_t run =
          lane_sum(wasm_i32x4_add(wasm_u32x4_extadd_pairwise_u16x8(run0), wasm_u32x4_extadd_pairwise_u16x8(run1)));
      const v128_t by_pair = wasm_i32x4_add(wasm_i32x4_dot_i16x8(pair0, u0), wasm_i32x4_dot_i16x8(pair1, u1));
      const v128_t by_odd = wasm_i32x4_add(wasm_u32x4_extadd_pairwise_u16x8(odd0), wasm_u32x4_extadd_pairwise_u16x8(odd1));
      const std::uint64_t weighted = lane_sum(wasm_i32x4_add(by_pair, by_odd));
      b += 32 * n * a + 32 * run - weighted;
      a += sum;
    }
    if (count % 2) {  // the last vector alone: a block of one 16-byte step
      const v128_t v = wasm_v128_load(p + 32 * steps), pair = wasm_u16x8_extadd_pairwise_u8x16(v);
      const std::uint64_t sum = lane_sum(wasm_u32x4_extadd_pairwise_u16x8(pair));
      const std::uint64_t weighted = lane_sum(
          wasm_i32x4_add(wasm_i32x4_dot_i16x8(pair, u0), wasm_u32x4_extadd_pairwise_u16x8(wasm_u16x8_shr(v, 8))));
      b += 16 * a + 16 * sum - weighted;
      a += sum;
    }
    s2 = static_cast<std::uint32_t>((s2 + 16 * count * static_cast<std::uint64_t>(s1) % 65521 + b % 65521) % 65521);
    s1 = static_cast<std::uint32_t>((s1 + a) % 65521);
    return 16 * count;
  }
#endif
  // Appends a block whose own sum is `a` and weighted sum (sum of (len - j) * byte j) is `b`,
  // both already reduced: what update() would do, in O(1), for a block seen before.
  void append(std::uint32_t a, std::uint32_t b, std::size_t len) {
    s2 = static_cast<std::uint32_t>((s2 + static_cast<std::uint64_t>(len % 65521) * s1 + b) % 65521);
    s1 = (s1 + a) % 65521;
  }
  std::uint32_t value() const { return (s2 << 16) | s1; }
};

// A zlib header (deflate, 32 KiB window, no dictionary) and the start of the one final block,
// with fixed Huffman codes.
void begin_stream(BitWriter& w) {
  w.byte(0x78);
  w.byte(0x01);
  w.put(1, 1);  // BFINAL
  w.put(1, 2);  // fixed Huffman codes
}

// A zlib header and the start of the one final block with dynamic Huffman codes (RFC 1951
// §3.2.7): kRowCodes' literal/length lengths and `dist_len` for the distance codes (lengths 0-2),
// run-length coded with a code-length code fixed here (3 bits for each of the eight symbols it
// uses): about 50 bytes.
void begin_dynamic_stream(BitWriter& w, const std::uint8_t (&dist_len)[30]) {
  w.byte(0x78);
  w.byte(0x01);
  w.put(1, 1);  // BFINAL
  w.put(2, 2);  // dynamic Huffman codes
  int ndist = 30;
  while (ndist > 1 && dist_len[ndist - 1] == 0) --ndist;
  constexpr int kOrder[19] = {16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15};
  std::uint8_t cl_len[19] = {};
  for (int sym : {0, 1, 2, 7, 8, 9, 16, 18}) cl_len[sym] = 3;
  std::uint16_t cl_code[19];
  canonical_codes(cl_len, 19, cl_code);
  w.put(286 - 257, 5);  // HLIT
  w.put(static_cast<std::uint32_t>(ndist - 1), 5);
  w.put(18 - 4, 4);  // HCLEN: the order up to symbol 1
  for (int k = 0; k < 18; ++k) w.put(cl_len[kOrder[k]], 3);
  std::uint8_t seq[286 + 30];
  std::copy(kRowCodes.lit_len, kRowCodes.lit_len + 286, seq);
  std::copy(dist_len, dist_len + ndist, seq + 286);
  auto sym = [&](int v) { w.put(cl_code[v], cl_len[v]); };
  for (int i = 0, n = 286 + ndist; i < n;) {
    const int v = seq[i];
    int run = 1;
    while (i + run < n && seq[i + run] == v) ++run;
    i += run;
    if (v == 0) {
      for (; run >= 11; run -= std::min(run, 138)) {  // 18: 11-138 zeros
        sym(18);
        w.put(static_cast<std::uint32_t>(std::min(run, 138) - 11), 7);
      }
    } else {
      sym(v);
      for (--run; run >= 3; run -= std::min(run, 6)) {  // 16: the previous length 3-6 times
        sym(16);
        w.put(static_cast<std::uint32_t>(std::min(run, 6) - 3), 2);
      }
    }
    for (; run > 0; --run) sym(v);
  }
}

// The end-of-block code, the padding to a byte, and the Adler-32 of the uncompressed data.
void end_stream(BitWriter& w, std::uint32_t adler, const Codes& c = kCodes) {
  w.put(c.lit[256], c.lit_len[256]);
  w.flush();
  for (int shift = 24; shift >= 0; shift -= 8) w.byte(static_cast<unsigned char>(adler >> shift));
}

unsigned char* qr_zlib_compress(unsigned char* data, int len, int* out_len, int /*quality*/) {
  BitWriter w(static_cast<std::size_t>(len) / 4 + 1024);
  if (!w.ok()) return nullptr;
  begin_stream(w);
  const int row = png_row_bytes, px = png_pixel_bytes;
  int candidates[5], nc = 0;
  for (int d : {1, px, row, row - px, row + px}) {
    bool seen = d <= 0 || d > 32768;
    for (int k = 0; k < nc; ++k) seen = seen || candidates[k] == d;
    if (!seen) candidates[nc++] = d;
  }
  deflate_span(w, data, 0, len, candidates, nc);
  Adler adler;
  adler.update(data, static_cast<std::size_t>(len));
  end_stream(w, adler.value());
  return w.release(out_len);
}

// A zlib stream of an 8-bit image given as bare rows (`row` = width * channels bytes each, no
// filter bytes), compressed as the PNG scanlines "filter byte 0, row" without building them:
// the filter byte is written as a literal at the start of each row and matches stay inside
// their row, so a distance in the stream (which counts the filter bytes) maps to a fixed
// distance in the bare rows. Matches are sought at the distances QR images repeat at (one
// pixel left, above, above-left, above-right), as qr_zlib_compress does, with shortcuts
// measured on the bench's styled design: a search that finds nothing writes literals up to the
// next pixel boundary (a match seldom starts inside a pixel), inside a row's interior a match
// must reach eight bytes, and there a match of kGoodEnough bytes or more is taken without
// trying the candidates after it (in order from the one that won last). One block with
// dynamic codes (begin_dynamic_stream).
unsigned char* rows_zlib(const unsigned char* px, int width, int height, int channels, int* out_len) {
  // 16, not longer: measuring the other candidates of a search that already has 16 bytes cost
  // 2 % of a styled render and gained 4 % of its bytes (bench design, 82.6 against 79.4 KB).
  constexpr int kGoodEnough = 16;
  const int row = width * channels, unit = channels;
  BitWriter w(static_cast<std::size_t>(row) * height / 8 + 1024);
  if (!w.ok()) return nullptr;
  // The distances in the stream (left, above, above-right, above-left) have at most four
  // distance codes, and only those get a code: with two, one bit each; with three, one bit for
  // the first in the order above, above-left, left, above-right and two bits for the others;
  // with four, two bits each. Against the fixed 5-bit codes this saves 3-4 bits a match. (The
  // above-right one first, the diagonal gradient's: 0.25 % smaller on the bench's design, 0.4 %
  // larger over the 648 styled renders of docs/performance.md.)
  const int stream_distance[4] = {unit, row + 1, row + 1 - unit, row + 1 + unit};
  std::uint8_t dist_len[30] = {};
  int distinct[4], nd = 0;
  for (int k : {1, 3, 0, 2}) {
    const int d = distance_code(stream_distance[k]);
    if (std::find(distinct, distinct + nd, d) == distinct + nd) distinct[nd++] = d;
  }
  if (nd == 1) distinct[nd++] = distinct[0] == 0 ? 1 : 0;  // a complete code, never used
  for (int j = 0; j < nd; ++j)
    dist_len[distinct[j]] = static_cast<std::uint8_t>(nd == 2 || (nd == 3 && j == 0) ? 1 : 2);
  std::uint16_t dist_code[30];
  canonical_codes(dist_len, 30, dist_code);
  begin_dynamic_stream(w, dist_len);
  const Codes& codes = kRowCodes;
  auto stream = [&](int k) {
    const int d = distance_code(stream_distance[k]);
    return distance_bits(stream_distance[k], dist_code[d], dist_len[d]);
  };
  // Distances in the stream and in the bare rows, and the bytes of a row [from, to) whose
  // source is in range: a match one pixel left starts a pixel in, one above-right stops a
  // pixel short of the row's end (its source stays inside the row above).
  struct Candidate {
    DistanceBits stream;  // the distance in the stream, as written
    int bare, from, to;
  };
  const Candidate all[4] = {{stream(0), unit, unit, row},
                            {stream(1), row, 0, row},
                            {stream(2), row - unit, 0, row - unit},
                            {stream(3), row + unit, unit, row}};
  const int bare[4] = {all[0].bare, all[1].bare, all[2].bare, all[3].bare};
  // Where every candidate's source is in the image and eight bytes can be read at i and at
  // each source without leaving the row: i in [unit, wide_end).
  const int wide_end = row - unit - 8;
  // A row's symbols take at most 9 bits a byte (a literal) plus its filter byte's literal.
  const std::size_t row_room = static_cast<std::size_t>(row) * 9 / 8 + 16;
  Adler adler;
  const unsigned char zero = 0;
  for (int y = 0; y < height; ++y) {
    const unsigned char* r = px + static_cast<std::size_t>(y) * row;
    const int nc = y == 0 ? 1 : 4;  // the first row has nothing above it
    BitSink out = w.sink(row_room);
    if (!out.p) return nullptr;
    literal(out, 0, codes);  // filter: none
    int last = 0, i = 0;
    while (i < row) {
      const int limit = row - i < 258 ? row - i : 258;
      const unsigned char* a = r + i;
      int best = 0, best_k = 0;
      if (nc == 4 && i >= unit && i < wide_end) {
        // Only a candidate equal on the next eight bytes is measured, found with one 8-byte
        // load each: most searches end here, at anti-aliased pixels, which match nothing or
        // only a few bytes. Those few bytes are not sought (a pixel of literals instead): a
        // 3-7 byte match saves a few bits, and choosing it cost a branch no predictor guesses
        // (bench styled design: 3.5 % of the time for 8 % of the bytes, won back by the
        // dynamic distance codes). The candidates are taken in the order last, last + 1, ...
        // (the one that won last first: inside a run, or down a column of equal rows, it
        // keeps winning), a longer one replacing a shorter, as the general search below does.
        const std::uint64_t x = load64(a);
        unsigned set8 = 0;
        for (int k = 0; k < 4; ++k) set8 |= static_cast<unsigned>(x == load64(a - bare[k])) << k;
        if (set8 != 0) {
          // Only candidates equal on all eight bytes can win: measured in order.
          for (unsigned order = (set8 >> last | set8 << (4 - last)) & 15u; order != 0; order &= order - 1) {
            const int k = (last + std::countr_zero(order)) & 3;
            const int lim = std::min(limit, all[k].to - i);
            const int l = 8 + match_length(a + 8, a + 8 - bare[k], lim - 8);
            if (l > best) {
              best = l;
              best_k = k;
              if (l == limit || l >= kGoodEnough) break;
            }
          }
        }
      } else {
        for (int n = 0; n < nc; ++n) {
          const int k = (last + n) % nc;
          const Candidate& c = all[k];
          const int lim = std::min(limit, c.to - i);
          if (i < c.from || lim < 3) continue;
          const int l = match_length(a, a - c.bare, lim);
          if (l > best) {
            best = l;
            best_k = k;
            if (l == limit || (k == last && l >= kGoodEnough)) break;
          }
        }
      }
      if (best >= 3) {
        row_match(out, best, all[best_k].stream);
        last = best_k;
        i += best;
      } else if (unit == 3 && i % 3 == 0) {
        // A whole RGB pixel of literals (at most 27 bits) in one put: a match seldom starts
        // inside a pixel.
        out.put(codes.lit[a[0]] | static_cast<std::uint32_t>(codes.lit[a[1]]) << codes.lit_len[a[0]] |
                    static_cast<std::uint32_t>(codes.lit[a[2]]) << (codes.lit_len[a[0]] + codes.lit_len[a[1]]),
                codes.lit_len[a[0]] + codes.lit_len[a[1]] + codes.lit_len[a[2]]);
        i += 3;
      } else {
        for (const int end = std::min(row, i + unit - i % unit); i < end; ++i) literal(out, r[i], codes);
      }
    }
    w.take(out);
    adler.update(&zero, 1);
    adler.update(r, static_cast<std::size_t>(row));
  }
  end_stream(w, adler.value(), codes);
  return w.release(out_len);
}

// A zlib stream for write_png_gray1: each distinct scanline is deflated once (matches only
// to its left and to the scanline above, which in the image is the previous distinct
// scanline's last repeat), and its repeats become matches at distance `line`.
unsigned char* gray1_zlib(const unsigned char* lines, const int* repeat, int nrows, int line, int* out_len) {
  BitWriter w(static_cast<std::size_t>(nrows) * line / 2 + 1024);
  if (!w.ok()) return nullptr;
  begin_stream(w);
  const int dist[2] = {1, line};  // line <= 1 + 4096 / 8: always within deflate's window
  Adler adler;
  for (int r = 0; r < nrows; ++r) {
    const unsigned char* s = lines + static_cast<std::size_t>(r) * line;
    const int from = r * line;
    deflate_span(w, lines, from, from + line, dist, 2);
    std::uint64_t a = 0, b = 0;  // line <= 513 bytes: b stays far below 2^64
    for (int k = 0; k < line; ++k) {
      a += s[k];
      b += a;  // running sums of running sums: sum of (line - k) * s[k]
    }
    for (int k = 0; k < repeat[r]; ++k)
      adler.append(static_cast<std::uint32_t>(a % 65521), static_cast<std::uint32_t>(b % 65521),
                   static_cast<std::size_t>(line));
    long long rest = static_cast<long long>(repeat[r] - 1) * line;
    while (rest > 0) {
      // Chunks of at most 258, never leaving a tail shorter than a match (3); only an image
      // 8 px wide or less has 2-byte scanlines, and those repeats are written as literals.
      if (rest < 3) {
        for (long long k = 0; k < rest; ++k) literal(w, s[line - rest + k]);
        break;
      }
      int n = rest > 258 ? 258 : static_cast<int>(rest);
      if (rest > 258 && rest - 258 < 3) n = static_cast<int>(rest) - 3;
      match(w, n, line);
      rest -= n;
    }
  }
  end_stream(w, adler.value());
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

// CRC-32 tables for slicing by eight (t[k][b]: the CRC of byte b followed by k zero bytes), so
// the IDAT's checksum takes eight bytes a step. Made at run time, on first use: a table the
// compiler can evaluate (a constexpr-able initialiser) is stored in the .wasm as 8 KB of data.
using CrcTables = std::array<std::array<std::uint32_t, 256>, 8>;
CrcTables make_crc_tables() {
  CrcTables t{};
  for (std::uint32_t n = 0; n < 256; ++n) {
    std::uint32_t c = n;
    for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xedb88320u ^ (c >> 1) : c >> 1;
    t[0][n] = c;
  }
  for (std::uint32_t n = 0; n < 256; ++n)
    for (int k = 1; k < 8; ++k) t[k][n] = t[0][t[k - 1][n] & 0xff] ^ (t[k - 1][n] >> 8);
  return t;
}

const CrcTables& crc_tables() {
  static const CrcTables tables = make_crc_tables();
  return tables;
}

std::uint32_t crc32(const std::uint8_t* p, std::size_t n) {
  const CrcTables& t = crc_tables();
  std::uint32_t c = 0xffffffffu;
  std::size_t i = 0;
  auto le32 = [p](std::size_t at) {
    if constexpr (std::endian::native == std::endian::little) {
      std::uint32_t v;
      std::memcpy(&v, p + at, 4);
      return v;
    }
    return static_cast<std::uint32_t>(p[at]) | static_cast<std::uint32_t>(p[at + 1]) << 8 |
           static_cast<std::uint32_t>(p[at + 2]) << 16 | static_cast<std::uint32_t>(p[at + 3]) << 24;
  };
  for (; i + 8 <= n; i += 8) {
    const std::uint32_t lo = c ^ le32(i), hi = le32(i + 4);
    c = t[7][lo & 0xff] ^ t[6][(lo >> 8) & 0xff] ^ t[5][(lo >> 16) & 0xff] ^ t[4][lo >> 24] ^ t[3][hi & 0xff] ^
        t[2][(hi >> 8) & 0xff] ^ t[1][(hi >> 16) & 0xff] ^ t[0][hi >> 24];
  }
  for (; i < n; ++i) c = t[0][(c ^ p[i]) & 0xff] ^ (c >> 8);
  return c ^ 0xffffffffu;
}

void put32(std::vector<std::uint8_t>& out, std::uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<std::uint8_t>(v >> shift));
}

// Length, type, data, and the CRC of type + data.
void chunk(std::vector<std::uint8_t>& out, const char* type, const std::uint8_t* data, std::size_t n) {
  put32(out, static_cast<std::uint32_t>(n));
  const std::size_t at = out.size();
  out.insert(out.end(), type, type + 4);
  out.insert(out.end(), data, data + n);
  put32(out, crc32(out.data() + at, n + 4));
}

// Signature, IHDR (no interlace), PLTE and tRNS when given, one IDAT holding the zlib stream
// `z`, IEND.
std::vector<std::uint8_t> png_file(int width, int height, int bit_depth, int colour_type, const unsigned char* z,
                                   std::size_t zlen, const std::vector<std::uint8_t>& plte = {},
                                   const std::vector<std::uint8_t>& trns = {}) {
  static const std::uint8_t signature[8] = {137, 80, 78, 71, 13, 10, 26, 10};
  std::vector<std::uint8_t> png(signature, signature + 8);
  png.reserve(zlen + 57);
  std::uint8_t ihdr[13] = {0, 0, 0, 0, 0, 0, 0, 0, static_cast<std::uint8_t>(bit_depth),
                           static_cast<std::uint8_t>(colour_type), 0, 0, 0};
  for (int k = 0; k < 4; ++k) {
    ihdr[k] = static_cast<std::uint8_t>(static_cast<std::uint32_t>(width) >> (24 - 8 * k));
    ihdr[4 + k] = static_cast<std::uint8_t>(static_cast<std::uint32_t>(height) >> (24 - 8 * k));
  }
  chunk(png, "IHDR", ihdr, sizeof ihdr);
  if (!plte.empty()) chunk(png, "PLTE", plte.data(), plte.size());
  if (!trns.empty()) chunk(png, "tRNS", trns.data(), trns.size());
  chunk(png, "IDAT", z, zlen);
  chunk(png, "IEND", nullptr, 0);
  return png;
}

}  // namespace

Result<std::vector<std::uint8_t>> write_png_gray1(const std::uint8_t* scanlines, const int* repeat, int nrows,
                                                  int width, int height) {
  const int line = 1 + (width + 7) / 8;
  int zlen = 0;
  std::unique_ptr<unsigned char, decltype(&std::free)> z(detail::gray1_zlib(scanlines, repeat, nrows, line, &zlen),
                                                        &std::free);
  if (!z) return Error{"", "render_failed", "out of memory while writing the PNG"};
  return png_file(width, height, 1, 0, z.get(), static_cast<std::size_t>(zlen));
}

// The image as one palette index a pixel, when it has at most 256 colours: the palette holds
// them in order of first appearance (RGBA, alpha 255 for RGB), so one image always gives the
// same bytes. False, and nothing usable, for more colours.
bool to_indexed(const std::uint8_t* px, std::size_t pixels, int channels, std::vector<std::uint8_t>& index,
                std::vector<std::uint32_t>& palette) {
  // Open addressing: 1024 slots for at most 256 colours; a slot holds colour + 1 (0 = empty)
  // in its high bits and the index in its low byte.
  std::array<std::uint64_t, 1024> slots{};
  index.resize(pixels);
  palette.clear();
  std::uint32_t last = 0;
  std::uint8_t last_index = 0;
  bool have_last = false;
  for (std::size_t i = 0; i < pixels; ++i) {
    const std::uint8_t* p = px + i * static_cast<std::size_t>(channels);
    const std::uint32_t c = static_cast<std::uint32_t>(p[0]) << 24 | static_cast<std::uint32_t>(p[1]) << 16 |
                            static_cast<std::uint32_t>(p[2]) << 8 | (channels == 4 ? p[3] : 255u);
    if (have_last && c == last) {  // colours come in runs
      index[i] = last_index;
      continue;
    }
    std::size_t h = (c * 2654435761u) >> 22;
    const std::uint64_t key = (static_cast<std::uint64_t>(c) + 1) << 8;
    while (slots[h] && (slots[h] & ~std::uint64_t{0xff}) != key) h = (h + 1) & 1023;
    if (!slots[h]) {
      if (palette.size() == 256) return false;
      slots[h] = key | palette.size();
      palette.push_back(c);
    }
    last = c;
    last_index = static_cast<std::uint8_t>(slots[h] & 0xff);
    have_last = true;
    index[i] = last_index;
  }
  return true;
}

Result<std::vector<std::uint8_t>> write_png_rgb(const std::uint8_t* pixels, int width, int height, int channels,
                                                bool try_palette) {
  std::vector<std::uint8_t> index;
  std::vector<std::uint32_t> palette;
  if (try_palette &&
      to_indexed(pixels, static_cast<std::size_t>(width) * height, channels, index, palette)) {
    int zlen = 0;
    std::unique_ptr<unsigned char, decltype(&std::free)> z(detail::rows_zlib(index.data(), width, height, 1, &zlen),
                                                          &std::free);
    if (!z) return Error{"", "render_failed", "out of memory while writing the PNG"};
    std::vector<std::uint8_t> plte, trns;
    std::size_t opaque_tail = palette.size();  // tRNS may stop before the entries that are opaque
    while (opaque_tail > 0 && (palette[opaque_tail - 1] & 0xff) == 255) --opaque_tail;
    for (std::size_t k = 0; k < palette.size(); ++k) {
      for (int shift : {24, 16, 8}) plte.push_back(static_cast<std::uint8_t>(palette[k] >> shift));
      if (k < opaque_tail) trns.push_back(static_cast<std::uint8_t>(palette[k] & 0xff));
    }
    return png_file(width, height, 8, 3, z.get(), static_cast<std::size_t>(zlen), plte, trns);
  }
  int zlen = 0;
  std::unique_ptr<unsigned char, decltype(&std::free)> z(detail::rows_zlib(pixels, width, height, channels, &zlen),
                                                        &std::free);
  if (!z) return Error{"", "render_failed", "out of memory while writing the PNG"};
  return png_file(width, height, 8, channels == 4 ? 6 : 2, z.get(), static_cast<std::size_t>(zlen));
}

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

namespace qredge {

void add_png_dpi(std::vector<std::uint8_t>& png, int dpi) {
  constexpr std::size_t kAfterIhdr = 8 + 12 + 13;  // signature, IHDR's length/type/CRC and data
  if (dpi <= 0 || png.size() < kAfterIhdr) return;
  // Pixels per metre, rounded: 300 dpi is 11811 (PNG 1.2, §11.3.5.3).
  const auto ppm = static_cast<std::uint32_t>(dpi / 0.0254 + 0.5);
  std::uint8_t data[9];
  for (int k = 0; k < 4; ++k) data[k] = data[4 + k] = static_cast<std::uint8_t>(ppm >> (24 - 8 * k));
  data[8] = 1;  // unit: metre
  std::vector<std::uint8_t> phys;
  phys.reserve(12 + sizeof data);  // (and keeps GCC 12's -Wstringop-overflow from a false alarm)
  chunk(phys, "pHYs", data, sizeof data);
  png.insert(png.begin() + static_cast<std::ptrdiff_t>(kAfterIhdr), phys.begin(), phys.end());
}

}  // namespace qredge

namespace qredge {

std::vector<std::uint8_t> zlib_compress(const std::uint8_t* data, std::size_t n, int row_bytes, int pixel_bytes) {
  detail::png_row_bytes = row_bytes;
  detail::png_pixel_bytes = pixel_bytes;
  int len = 0;
  std::unique_ptr<unsigned char, decltype(&std::free)> z(
      detail::qr_zlib_compress(const_cast<unsigned char*>(data), static_cast<int>(n), &len, 0), &std::free);
  if (!z) return {};
  return std::vector<std::uint8_t>(z.get(), z.get() + len);
}

}  // namespace qredge
