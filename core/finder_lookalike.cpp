// SPDX-License-Identifier: MIT
#include "finder_lookalike.hpp"

#include <bit>
#include <cstddef>
#include <cstdlib>
#include <vector>

namespace qredge::detail {
namespace {

// A look-alike whose span matches the real finders' (7 modules, give or take the pixel
// rounding of a module) in at least one direction has their module size: decoders rank
// candidates by module size, so these are the ones that displace a real finder.
constexpr int kMinTotal = 6, kMaxTotal = 8;
// The widest row window that can count: 5 |tv - th| < 2 th with tv <= kMaxTotal.
constexpr int kMaxRowSpan = (5 * kMaxTotal - 1) / 3;
static_assert(kMaxRowSpan == 13);

// ZXing's FinderPatternFinder.foundPatternCross on run lengths in modules: with the module
// size total/7 and the tolerance half of it, |total/7 - s| < total/14 for the outer runs and
// |3 total/7 - s| < 3 total/14 for the centre, times 14 to stay in integers (the same answers:
// where the two sides are equal, total/7 is a whole number and the doubles were exact too).
// This runs for every window of five runs in every row, so it is written for speed.
inline bool centre_ok(int total, int centre) { return std::abs(6 * total - 14 * centre) < 3 * total; }
inline bool cross_ok(const int* s) {
  const int total = s[0] + s[1] + s[2] + s[3] + s[4];
  auto outer = [total](int r) { return std::abs(2 * total - 14 * r) < total; };
  // The centre first: in data it is the test that fails most often.
  return centre_ok(total, s[2]) && outer(s[0]) && outer(s[1]) && outer(s[3]) && outer(s[4]);
}

// The symbol as bit rows and bit columns: module (x, y) is bit x % 64 of word x / 64 of row y,
// and bit y % 64 of word y / 64 of column x, dark when set. Bits past the width may hold
// anything: every read is bounded by the width.
class Grid {
 public:
  Grid(const std::uint64_t* rows, const std::uint64_t* cols, int stride, int w)
      : rows_(rows), cols_(cols), stride_(stride), w_(w), words_((w + 63) >> 6) {}
  const std::uint64_t* row(int y) const { return rows_ + static_cast<std::ptrdiff_t>(y) * stride_; }

  // The five runs light/dark alternating along the column x through the dark module (x, y),
  // as crossCheckVertical counts them module by module: false when a run leaves the symbol
  // unfinished or an outer run is longer than `max_count` (the row's centre run). Here each
  // run is measured whole, a word at a time; the answers are the same.
  bool column_runs(int x, int y, int max_count, int* s) const {
    const std::uint64_t* col = cols_ + static_cast<std::ptrdiff_t>(x) * stride_;
    const int top = change_before(col, y, true);  // the light module above the centre run
    if (top < 0) return false;
    const int above = change_before(col, top, false);
    s[1] = top - above;
    if (above < 0 || s[1] > max_count) return false;
    s[0] = above - change_before(col, above, true);
    if (s[0] > max_count) return false;
    const int bottom = change_from(col, y, true);  // the light module below the centre run
    s[2] = bottom - top - 1;
    if (bottom >= w_) return false;
    const int below = change_from(col, bottom, false);
    s[3] = below - bottom;
    if (below >= w_ || s[3] >= max_count) return false;
    s[4] = change_from(col, below, true) - below;
    return s[4] < max_count;
  }

  bool in_finder(int x, int y) const {
    const int far = w_ - 8;
    return (x < 8 && y < 8) || (x >= far && y < 8) || (x < 8 && y >= far);
  }

 private:
  // The nearest module at or before i in `line` that is not of the colour `dark`, or -1.
  static int change_before(const std::uint64_t* line, int i, bool dark) {
    int k = i >> 6;
    std::uint64_t v = (dark ? ~line[k] : line[k]) & (~std::uint64_t{0} >> (63 - (i & 63)));
    while (!v) {
      if (--k < 0) return -1;
      v = dark ? ~line[k] : line[k];
    }
    return (k << 6) + 63 - std::countl_zero(v);
  }
  // The nearest module at or after i (< width) in `line` not of the colour `dark`, or the width.
  int change_from(const std::uint64_t* line, int i, bool dark) const {
    int k = i >> 6;
    std::uint64_t v = (dark ? ~line[k] : line[k]) & (~std::uint64_t{0} << (i & 63));
    while (!v) {
      if (++k >= words_) return w_;
      v = dark ? ~line[k] : line[k];
    }
    const int at = (k << 6) + std::countr_zero(v);
    return at < w_ ? at : w_;
  }

  const std::uint64_t* rows_;
  const std::uint64_t* cols_;
  int stride_;
  int w_;
  int words_;  // words holding the width's bits
};

// The row's centre run and the column through one of its middle modules form a look-alike.
bool lookalike_at(const Grid& g, const int* row_runs, int cx, int y) {
  const int c = row_runs[2];
  if (g.in_finder(cx, y)) return false;
  int s[5];
  if (!g.column_runs(cx, y, c, s) || !cross_ok(s)) return false;
  const int th = row_runs[0] + row_runs[1] + c + row_runs[3] + row_runs[4];
  const int tv = s[0] + s[1] + s[2] + s[3] + s[4];
  auto finder_sized = [](int t) { return t >= kMinTotal && t <= kMaxTotal; };
  return 5 * std::abs(tv - th) < 2 * th && (finder_sized(th) || finder_sized(tv));
}

}  // namespace

int count_finder_lookalikes_bits(const std::uint64_t* rows, const std::uint64_t* cols, int stride, int width,
                                 int limit) {
  const Grid g(rows, cols, stride, width);
  const int words = (width + 63) >> 6;
  const std::uint64_t last = width % 64 == 0 ? ~std::uint64_t{0} : (std::uint64_t{1} << (width % 64)) - 1;
  int found = 0;
  int edge[184];  // where the row's runs start: edge[0] its first dark module, then alternating
  for (int y = 0; y < width; ++y) {
    // The run boundaries, a word at a time: bit x where module x differs from module x - 1 (the
    // quiet zone is light), and the width when the row ends dark.
    const std::uint64_t* row = g.row(y);
    int n = 0;
    std::uint64_t carry = 0;
    for (int k = 0; k < words; ++k) {
      const std::uint64_t v = k + 1 == words ? row[k] & last : row[k];
      std::uint64_t t = v ^ ((v << 1) | carry);
      carry = v >> 63;
      while (t) {
        edge[n++] = (k << 6) + std::countr_zero(t);
        t &= t - 1;
      }
    }
    if (n % 2 != 0) edge[n++] = width;
    // Windows dark-light-dark-light-dark: runs edge[i]..edge[i+5]. One that counts spans at
    // most 13 modules: the column's span is 6..8 (then 5 |tv - th| < 2 th gives th <= 13) or
    // the row's is; so the wider ones are passed over before their runs are taken apart.
    for (int i = 0; i + 5 < n; i += 2) {
      const int span = edge[i + 5] - edge[i], centre = edge[i + 3] - edge[i + 2];
      if (span > kMaxRowSpan || !centre_ok(span, centre)) continue;
      const int runs[5] = {edge[i + 1] - edge[i], edge[i + 2] - edge[i + 1], centre, edge[i + 4] - edge[i + 3],
                           edge[i + 5] - edge[i + 4]};
      if (!cross_ok(runs)) continue;
      const int c0 = edge[i + 2], c = runs[2];
      // An even centre run has two middle columns; a decoder may land on either.
      if (lookalike_at(g, runs, c0 + (c - 1) / 2, y) || (c % 2 == 0 && lookalike_at(g, runs, c0 + c / 2, y)))
        if (++found >= limit) return found;
    }
  }
  return found;
}

int count_finder_lookalikes(const std::uint8_t* dark, int width) {
  const int stride = (width + 63) / 64;
  std::vector<std::uint64_t> rows(static_cast<std::size_t>(stride) * static_cast<std::size_t>(width)), cols(rows.size());
  for (int y = 0; y < width; ++y)
    for (int x = 0; x < width; ++x)
      if (dark[static_cast<std::ptrdiff_t>(y) * width + x]) {
        rows[static_cast<std::size_t>(y * stride + (x >> 6))] |= std::uint64_t{1} << (x & 63);
        cols[static_cast<std::size_t>(x * stride + (y >> 6))] |= std::uint64_t{1} << (y & 63);
      }
  return count_finder_lookalikes_bits(rows.data(), cols.data(), stride, width);
}

}  // namespace qredge::detail
