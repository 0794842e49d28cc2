// SPDX-License-Identifier: MIT
// Mask selection on bitsets. libqrencode scores each of the 8 masks with byte loops over the
// whole symbol (half of a plain render's instructions). Here rows and columns are bitsets of up
// to 3 words (177 modules): masking is an XOR of a precomputed pattern, the 2x2 blocks of N2
// and the dark count of N4 are word operations with popcount, and N1/N3 walk runs found with
// countr_zero instead of modules. The run lists are built exactly like libqrencode's
// Mask_calcRunLengthH/V (including the -1 placeholder before a row that starts dark) and fed
// to a copy of its Mask_calcN1N3, so every penalty equals libqrencode's.
#include "mask_select.hpp"

#include <algorithm>
#include "finder_lookalike.hpp"
#include "finder_search.hpp"

#include <bit>
#include <cstdlib>
#include <cstring>
#include <limits>

namespace qredge::detail {
namespace {

constexpr int kMaxWidth = 177;
constexpr int kWords = 3;  // 177 bits
using Line = std::array<std::uint64_t, kWords>;
// An array of Lines is read as one run of words, kWords to a row (the look-alike count).
static_assert(sizeof(Line) == kWords * sizeof(std::uint64_t));

// libqrencode's mask conditions (mask.c, MASKMAKER): a module is inverted when this is 0.
int mask_expr(int m, int x, int y) {
  switch (m) {
    case 0: return (x + y) & 1;
    case 1: return y & 1;
    case 2: return x % 3;
    case 3: return (x + y) % 3;
    case 4: return ((y / 2) + (x / 3)) & 1;
    case 5: return ((x * y) & 1) + (x * y) % 3;
    case 6: return (((x * y) & 1) + (x * y) % 3) & 1;
    default: return (((x * y) % 3) + ((x + y) & 1)) & 1;
  }
}

// Every mask repeats with period 12 along each axis (lcm of 2, 3 and 4), so row y of mask m
// is rows[m][y % 12] (bit x = module x inverted), and column x is cols[m][x % 12] (bit y).
struct Patterns {
  Line rows[8][12];
  Line cols[8][12];
  Patterns() : rows{}, cols{} {
    for (int m = 0; m < 8; ++m)
      for (int r = 0; r < 12; ++r)
        for (int i = 0; i < kMaxWidth; ++i) {
          if (mask_expr(m, i, r) == 0) rows[m][r][i / 64] |= std::uint64_t{1} << (i % 64);
          if (mask_expr(m, r, i) == 0) cols[m][r][i / 64] |= std::uint64_t{1} << (i % 64);
        }
  }
};
const Patterns kPatterns;

inline void set_bit(Line& l, int i) { l[static_cast<std::size_t>(i / 64)] |= std::uint64_t{1} << (i % 64); }

// Bit 0 of each of the eight bytes of u (byte i at the lowest address i) as bit i: the
// multiplier moves byte i's bit to bit 56 + i, and no two partial products overlap.
inline std::uint64_t pack8(std::uint64_t u) {
  return ((u & 0x0101010101010101u) * 0x0102040810204080u) >> 56;
}

// The inverse: bit i of b (i < 8) as byte i, 0 or 1. Each byte keeps only its own bit, and
// adding 0x7f carries it into the byte's top bit without reaching the next byte.
inline std::uint64_t unpack8(std::uint64_t b) {
  const std::uint64_t own = ((b & 0xffu) * 0x0101010101010101u) & 0x8040201008040201u;
  return ((own + 0x7f7f7f7f7f7f7f7fu) >> 7) & 0x0101010101010101u;
}

// Bit x of a[y] becomes bit y of a[x] (64 x 64; Hacker's Delight 7-3): the off-diagonal
// blocks are swapped, then each block transposed, halving the block size each round.
void transpose64(std::uint64_t* a) {
  std::uint64_t m = 0x00000000FFFFFFFFu;
  for (int j = 32; j != 0; j >>= 1, m ^= m << j)
    for (int k = 0; k < 64; k = (k + j + 1) & ~j) {
      const std::uint64_t t = ((a[k] >> j) ^ a[k + j]) & m;
      a[k] ^= t << j;
      a[k + j] ^= t;
    }
}

// cols[x] bit y = rows[y] bit x for x, y < width, 64 x 64 tiles at a time; the other bits of
// cols' first (width + 63) / 64 words are cleared.
void transpose_lines(const Line* rows, Line* cols, int width) {
  const int tiles = (width + 63) / 64;
  std::uint64_t t[64];
  for (int by = 0; by < tiles; ++by)
    for (int bx = 0; bx < tiles; ++bx) {
      for (int i = 0; i < 64; ++i) {
        const int y = by * 64 + i;
        t[i] = y < width ? rows[y][static_cast<std::size_t>(bx)] : 0;
      }
      transpose64(t);
      for (int i = 0; i < 64 && bx * 64 + i < width; ++i) cols[bx * 64 + i][static_cast<std::size_t>(by)] = t[i];
    }
}

// Line operations on the first W words (W = 1..3, a template so each loop unrolls).
template <int W>
struct Ops {
  // Bit i gets bit i - k (0 < k < 64); bits shifted in at the bottom are 0.
  static Line shl(const Line& v, int k) {
    Line s{};
    s[0] = v[0] << k;
    for (int j = 1; j < W; ++j) s[static_cast<std::size_t>(j)] = (v[static_cast<std::size_t>(j)] << k) | (v[static_cast<std::size_t>(j - 1)] >> (64 - k));
    return s;
  }
  static Line and_(const Line& a, const Line& b) {
    Line r{};
    for (int j = 0; j < W; ++j) r[static_cast<std::size_t>(j)] = a[static_cast<std::size_t>(j)] & b[static_cast<std::size_t>(j)];
    return r;
  }
  static int popcount(const Line& v) {
    int n = 0;
    for (int j = 0; j < W; ++j) n += std::popcount(v[static_cast<std::size_t>(j)]);
    return n;
  }
  static bool any(const Line& v) {
    std::uint64_t a = 0;
    for (int j = 0; j < W; ++j) a |= v[static_cast<std::size_t>(j)];
    return a != 0;
  }
  // Bit i set where module i equals module i - 1 (1 <= i < width).
  static Line equal_left(const Line& v, const Line& valid) {
    const Line s = shl(v, 1);
    Line e{};
    for (int j = 0; j < W; ++j)
      e[static_cast<std::size_t>(j)] = ~(v[static_cast<std::size_t>(j)] ^ s[static_cast<std::size_t>(j)]) & valid[static_cast<std::size_t>(j)];
    e[0] &= ~std::uint64_t{1};
    return e;
  }
};

// libqrencode's N1 (3 + (L - 5) for every run of L >= 5 equal modules) without runs: bit i of
// w4 says modules i-4..i are equal, so a run of L has L - 4 such bits, one of which starts it.
template <int W>
int n1(const Line& v, const Line& valid) {
  std::uint64_t e[W], w4[W];
  for (int j = 0; j < W; ++j) {
    const std::uint64_t left = (v[j] << 1) | (j > 0 ? v[j - 1] >> 63 : 0);
    e[j] = ~(v[j] ^ left) & valid[j];
  }
  e[0] &= ~std::uint64_t{1};
  int n = 0;
  for (int j = 0; j < W; ++j) {
    const std::uint64_t p = j > 0 ? e[j - 1] : 0;
    w4[j] = e[j] & ((e[j] << 1) | (p >> 63)) & ((e[j] << 2) | (p >> 62)) & ((e[j] << 3) | (p >> 61));
    const std::uint64_t prev = (w4[j] << 1) | (j > 0 ? w4[j - 1] >> 63 : 0);
    n += std::popcount(w4[j]) + 2 * std::popcount(w4[j] & ~prev);
  }
  return n;
}

// libqrencode's N3 (Mask_calcN1N3's finder-like rule, 40 each) of one line. In libqrencode it
// is a rule on the run list (built by Mask_calcRunLengthH/V: runs alternate light/dark
// starting with a light one, which is -1 when the line starts dark, so dark runs have odd
// indexes): a dark run i of 3f with runs i-2..i+2 of f, and the light run i-3 either the first
// run or at least 4f long, or else the light run i+3 the last run, absent, or at least 4f.
//
// For f = 1 that is a bit pattern: 0 1011101 0 with four light modules before it or four
// after, modules outside the line counting as light (which is what "first run" and "last run
// or absent" mean), counted with word operations. Only f >= 2 needs the run list, and only on
// lines that hold runs f, f, 3f, f, f for f = 2 exactly, or for f >= 3 both 000 111111111
// (three light modules, then nine dark) and 111111111 000 (runs i-2 .. i+2 always lie inside
// the line: a necessary condition, never a sufficient one).
template <int W>
int n3_wide(const Line& v, const Line& valid, int width);

template <int W>
int n3(const Line& v, const Line& valid, int width) {
  // Per word, bit i of each mask says something of the modules ending at i: `ld` light at i
  // and dark at i-1, `dl` the reverse, `d2`/`d3` two/three dark, `l2`/`l3` two/three light
  // (modules before the line light). Symbol sizes its lines so that the three modules after a
  // pattern ending at the last module are still bits of the line (light).
  std::uint64_t ld[W], dl[W], d2[W], d3[W], l2[W], l3[W], d6[W], d9[W];
  for (int j = 0; j < W; ++j) {
    const std::uint64_t x = v[j], s1 = (x << 1) | (j > 0 ? v[j - 1] >> 63 : 0),
                        s2 = (x << 2) | (j > 0 ? v[j - 1] >> 62 : 0);
    ld[j] = ~x & s1;
    dl[j] = x & ~s1;
    d2[j] = x & s1;
    d3[j] = d2[j] & s2;
    l2[j] = ~(x | s1);
    l3[j] = l2[j] & ~s2;
  }
  // Mask a shifted k modules along the line (bit i: the value at i - k), from the word before;
  // `fill` for the modules before the line (all ones for the light masks).
  auto at = [](const std::uint64_t* m, int j, int k, std::uint64_t fill = 0) {
    return (m[j] << k) | ((j > 0 ? m[j - 1] : fill) >> (64 - k));
  };
  for (int j = 0; j < W; ++j) {
    d6[j] = d3[j] & at(d3, j, 3);
    d9[j] = d6[j] & at(d3, j, 6);
  }
  int demerit = 0;
  std::uint64_t wider = 0;  // where a pattern of f = 2 may end
  std::uint64_t nine_after_light = 0, nine_before_light = 0;  // for f >= 3
  for (int j = 0; j < W; ++j) {
    // Bit e: modules e-8 .. e are 0 1011101 0.
    const std::uint64_t pattern = ld[j] & at(dl, j, 1) & at(ld, j, 2) & at(d3, j, 3) & at(ld, j, 6) & at(dl, j, 7);
    const std::uint64_t light_after = (l3[j] >> 3) | (j + 1 < W ? l3[j + 1] << 61 : 0);  // e+1 .. e+3
    const std::uint64_t light_before = at(l3, j, 9, ~std::uint64_t{0});                  // e-11 .. e-9
    demerit += 40 * std::popcount(pattern & (light_after | light_before));
    // f = 2 needs 11 00 111111 00 11 (modules q-13 .. q); f >= 3 a dark run of 9 or more
    // between light runs of 3 or more: its first nine modules after three light ones, and its
    // last nine before three light ones (000 111111111 and 111111111 000, modules q-11 .. q).
    const std::uint64_t ones = ~std::uint64_t{0};
    wider |= d2[j] & at(l2, j, 2, ones) & at(d6, j, 4) & at(l2, j, 10, ones) & at(d2, j, 12);
    nine_after_light |= d9[j] & at(l3, j, 9, ones);
    nine_before_light |= l3[j] & at(d9, j, 3);
  }
  if (nine_after_light && nine_before_light) wider = 1;
  return wider ? demerit + n3_wide<W>(v, valid, width) : demerit;
}

// n3's patterns of f >= 2, from the line's run list (rare: kept out of n3's frame).
template <int W>
[[gnu::noinline]] int n3_wide(const Line& v, const Line& valid, int width) {
  using O = Ops<W>;
  int demerit = 0;
  int run[kMaxWidth + 2];
  int n = 0;
  if (v[0] & 1) run[n++] = -1;
  int prev = 0;
  const Line t = O::equal_left(v, valid);
  for (int j = 0; j < W; ++j) {
    const auto k = static_cast<std::size_t>(j);
    // Run boundaries: bit i where module i differs from module i - 1, 1 <= i < width.
    std::uint64_t bound = ~t[k] & valid[k];
    if (j == 0) bound &= ~std::uint64_t{1};
    while (bound) {
      const int i = j * 64 + std::countr_zero(bound);
      bound &= bound - 1;
      run[n++] = i - prev;
      prev = i;
    }
  }
  run[n++] = width - prev;
  for (int i = 3; i < n - 2; i += 2) {
    if (run[i] < 6 || run[i] % 3 != 0) continue;  // f = 1 was counted above
    const int fact = run[i] / 3;
    if (run[i - 2] == fact && run[i - 1] == fact && run[i + 1] == fact && run[i + 2] == fact) {
      if (i == 3 || run[i - 3] >= 4 * fact) demerit += 40;
      else if (i + 4 >= n || run[i + 3] >= 4 * fact) demerit += 40;
    }
  }
  return demerit;
}

struct Symbol {
  int width = 0, words = 0;
  Line valid{};                       // bits 0..width-1
  Line fr[kMaxWidth], fc[kMaxWidth];  // dark modules of the frame, by row / by column
  Line dr[kMaxWidth], dc[kMaxWidth];  // maskable (data and EC) modules, by row / by column
  std::array<unsigned, 8> format_info{};

  // Words per line: the width plus the 4 bits past it that n3's anchor reaches.
  explicit Symbol(const MaskInput& in) : width(in.width), words((in.width + 4 + 63) / 64), format_info(in.format_info) {
    for (int y = 0; y < width; ++y) {
      fr[y] = fc[y] = dr[y] = dc[y] = Line{};
      set_bit(valid, y);
    }
    // Rows eight modules at a time (bit 0 of each frame byte dark, bit 7 function), the last
    // bytes of a row padded with light function modules; columns by transposing the rows.
    const std::uint8_t* p = in.frame;
    for (int y = 0; y < width; ++y, p += width) {
      for (int x = 0; x < width; x += 8) {
        std::uint64_t u = 0x8080808080808080u;
        if (x + 8 <= width) {
          std::memcpy(&u, p + x, 8);
        } else {
          for (int i = width - 1; i >= x; --i) u = (u << 8) | p[i];
        }
        const auto k = static_cast<std::size_t>(x / 64);
        fr[y][k] |= pack8(u) << (x % 64);
        dr[y][k] |= pack8(~u >> 7) << (x % 64);
      }
    }
    transpose_lines(fr, fc, width);
    transpose_lines(dr, dc, width);
  }

  template <int W>
  void mask_lines(int m, Line* rows, Line* cols) const {
    const Line* pr = kPatterns.rows[m];
    const Line* pc = kPatterns.cols[m];
    for (int i = 0, r = 0; i < width; ++i, r = r == 11 ? 0 : r + 1)
      for (std::size_t w = 0; w < W; ++w) {
        rows[i][w] = fr[i][w] ^ (pr[r][w] & dr[i][w]);
        cols[i][w] = fc[i][w] ^ (pc[r][w] & dc[i][w]);
      }
  }

  // The symbol under mask m, format information written (Mask_writeFormatInformation).
  void masked(int m, Line* rows, Line* cols) const {
    switch (words) {
      case 1: mask_lines<1>(m, rows, cols); break;
      case 2: mask_lines<2>(m, rows, cols); break;
      default: mask_lines<3>(m, rows, cols); break;
    }
    auto dark = [&](int x, int y) {
      set_bit(rows[y], x);
      set_bit(cols[x], y);
    };
    unsigned format = format_info[static_cast<std::size_t>(m)];
    for (int i = 0; i < 8; ++i, format >>= 1)
      if (format & 1) {
        dark(width - 1 - i, 8);
        dark(8, i < 6 ? i : i + 1);
      }
    for (int i = 0; i < 7; ++i, format >>= 1)
      if (format & 1) {
        dark(8, width - 7 + i);
        dark(i == 0 ? 7 : 6 - i, 8);
      }
  }

  template <int W>
  int penalty_w(const Line* rows, const Line* cols) const {
    using O = Ops<W>;
    int blacks = 0, n2 = 0, n13 = 0;
    for (int y = 0; y < width; ++y) {
      blacks += O::popcount(rows[y]);
      if (y > 0) {
        // 2x2 blocks ending at (x, y): modules x-1 and x of row y equal, and both columns
        // equal between rows y-1 and y.
        Line vert{};
        for (int j = 0; j < W; ++j) {
          const auto k = static_cast<std::size_t>(j);
          vert[k] = ~(rows[y][k] ^ rows[y - 1][k]);
        }
        const Line block = O::and_(O::and_(vert, O::shl(vert, 1)), O::equal_left(rows[y], valid));
        n2 += O::popcount(block);
      }
      n13 += n1<W>(rows[y], valid) + n3<W>(rows[y], valid, width);
      n13 += n1<W>(cols[y], valid) + n3<W>(cols[y], valid, width);
    }
    const int w2 = width * width;
    const int bratio = (200 * blacks + w2) / w2 / 2;
    return (std::abs(bratio - 50) / 5) * 10 + n2 * 3 + n13;
  }

  int penalty(const Line* rows, const Line* cols) const {
    switch (words) {
      case 1: return penalty_w<1>(rows, cols);
      case 2: return penalty_w<2>(rows, cols);
      default: return penalty_w<3>(rows, cols);
    }
  }
};

// Sorts the first `n` masks of `order` by key[mask], keeping the order of equals (an insertion
// sort: eight masks, and a fraction of std::stable_sort's code in the .wasm).
void sort_by(std::array<int, 8>& order, int n, const std::array<int, 8>& key) {
  for (int i = 1; i < n; ++i) {
    const int m = order[static_cast<std::size_t>(i)];
    int j = i;
    for (; j > 0 && key[static_cast<std::size_t>(m)] < key[static_cast<std::size_t>(order[static_cast<std::size_t>(j - 1)])]; --j)
      order[static_cast<std::size_t>(j)] = order[static_cast<std::size_t>(j - 1)];
    order[static_cast<std::size_t>(j)] = m;
  }
}

}  // namespace

int mask_penalty(const MaskInput& in, int mask) {
  const Symbol s(in);
  Line rows[kMaxWidth], cols[kMaxWidth];
  s.masked(mask, rows, cols);
  return s.penalty(rows, cols);
}

Masked select_mask(const MaskInput& in, unsigned excluded) {
  const Symbol s(in);
  Line rows[kMaxWidth], cols[kMaxWidth];
  std::array<int, 8> order{}, penalty{};
  for (int m = 0; m < 8; ++m) {
    s.masked(m, rows, cols);
    penalty[static_cast<std::size_t>(m)] = s.penalty(rows, cols);
    order[static_cast<std::size_t>(m)] = m;
  }
  // libqrencode's order: lowest penalty first, the first mask among equals; excluded masks last,
  // and never taken while another is left.
  std::array<int, 8> rank{};
  for (int m = 0; m < 8; ++m)
    rank[static_cast<std::size_t>(m)] = (excluded >> m & 1) ? std::numeric_limits<int>::max() : penalty[static_cast<std::size_t>(m)];
  sort_by(order, 8, rank);
  const int candidates = 8 - std::popcount(excluded & 0xffu);
  const auto w = static_cast<std::size_t>(s.width);
  Masked out{-1, std::vector<std::uint8_t>(w * w)};
  // libqrencode's choice unless it holds finder look-alikes: then the best-scored mask without
  // any, found cheaply by counting each mask only until its first look-alike. Only the mask
  // taken is written out as bytes.
  auto take = [&](int m) {
    out.mask = m;
    std::uint8_t* d = out.dark.data();
    for (int y = 0; y < s.width; ++y)
      for (int x = 0; x < s.width; x += 8) {
        std::uint64_t bytes = unpack8(rows[y][static_cast<std::size_t>(x / 64)] >> (x % 64));
        if (x + 8 <= s.width) {
          std::memcpy(d, &bytes, 8);  // a fixed size: one store, no memcpy call
          d += 8;
        } else {
          for (int i = x; i < s.width; ++i, bytes >>= 8) *d++ = static_cast<std::uint8_t>(bytes);
        }
      }
  };
  for (int k = 0; k < candidates; ++k) {
    const int m = order[static_cast<std::size_t>(k)];
    s.masked(m, rows, cols);
    if (count_finder_lookalikes_bits(rows[0].data(), cols[0].data(), kWords, s.width, 1) == 0) {
      take(m);
      return out;
    }
  }
  // Every mask holds some (most symbols from version 11 up). Which ones fool a decoder depends
  // on the other candidates its search meets, so ZXing Java 3.4's search is replayed on plain
  // drawings at 4 and 4.5 px per module (finder_search.hpp), over the masks in order of fewest
  // look-alikes, then score: the first it reads right at both pitches is taken; if none, the
  // one with the fewest look-alikes.
  std::array<int, 8> lookalikes{};
  for (int k = 0; k < candidates; ++k) {
    const int m = order[static_cast<std::size_t>(k)];
    s.masked(m, rows, cols);
    lookalikes[static_cast<std::size_t>(m)] = count_finder_lookalikes_bits(rows[0].data(), cols[0].data(), kWords, s.width);
  }
  sort_by(order, candidates, lookalikes);
  for (int k = 0; k < candidates; ++k) {
    const int m = order[static_cast<std::size_t>(k)];
    s.masked(m, rows, cols);
    if (zxing_java_finds_finders(rows[0].data(), kWords, s.width, 4.0) &&
        zxing_java_finds_finders(rows[0].data(), kWords, s.width, 4.5)) {
      take(m);
      return out;
    }
  }
  s.masked(order[0], rows, cols);
  take(order[0]);
  return out;
}

}  // namespace qredge::detail
