// SPDX-License-Identifier: MIT
#include "finder_search.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <vector>

namespace qredge::detail {
namespace {

constexpr int kQuiet = 4;        // modules of quiet zone around a plain drawing
constexpr int kMaxModules = 97;  // FinderPatternFinder.MAX_MODULES
constexpr int kMinSkip = 3;      // FinderPatternFinder.MIN_SKIP
constexpr int kQuorum = 2;       // FinderPatternFinder.CENTER_QUORUM

// A bit image drawn from cells: cell m (of the row or column) over the pixels from
// round((m + quiet) * pitch) to round((m + quiet + 1) * pitch); `module_of_` maps a pixel
// column or row to its cell, -1 in the quiet zone. A plain drawing's cells are modules (a
// 4-module quiet zone); a drawn image's are its pixels (pitch 1, no quiet zone). Java's floats
// are kept as floats below, so every comparison rounds as ZXing's does.
class Drawing {
 public:
  Drawing(const std::uint64_t* rows, int stride, int width, double pitch, int quiet)
      : rows_(rows), stride_(stride), width_(width), side_(static_cast<int>(std::lround((width + 2 * quiet) * pitch))) {
    module_of_.assign(static_cast<std::size_t>(side_), -1);
    start_.resize(static_cast<std::size_t>(width) + 1);
    for (int m = 0; m <= width; ++m) start_[static_cast<std::size_t>(m)] = static_cast<int>(std::lround((m + quiet) * pitch));
    for (int m = 0; m < width; ++m)
      std::fill(module_of_.begin() + start(m), module_of_.begin() + start(m + 1), static_cast<std::int16_t>(m));
  }
  int side() const { return side_; }
  int width() const { return width_; }
  int module_at(int px) const { return module_of_[static_cast<std::size_t>(px)]; }
  int start(int m) const { return start_[static_cast<std::size_t>(m)]; }  // module m's first pixel; m <= width
  const std::uint64_t* row(int my) const { return rows_ + static_cast<std::ptrdiff_t>(my) * stride_; }
  // The bits of word k of a row that hold modules.
  std::uint64_t word_mask(int k) const {
    const int left = width_ - (k << 6);
    return left >= 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << left) - 1;
  }
  bool dark(int mx, int my) const { return (rows_[static_cast<std::ptrdiff_t>(my) * stride_ + (mx >> 6)] >> (mx & 63) & 1) != 0; }
  bool get(int x, int y) const {
    const int mx = module_of_[static_cast<std::size_t>(x)], my = module_of_[static_cast<std::size_t>(y)];
    return (mx | my) >= 0 && dark(mx, my);
  }

 private:
  const std::uint64_t* rows_;
  int stride_;
  int width_;
  int side_;
  std::vector<std::int16_t> module_of_;
  std::vector<int> start_;
};

struct Candidate {
  float x, y, module;
  int count;
};

// foundPatternCross (variance = module / 2) and foundPatternDiagonal (module / 1.333).
bool proportions_ok(const int* s, float divisor) {
  int total = 0;
  for (int i = 0; i < 5; ++i) {
    if (s[i] == 0) return false;
    total += s[i];
  }
  if (total < 7) return false;
  const float module = static_cast<float>(total) / 7.0f, variance = module / divisor;
  return std::fabs(module - static_cast<float>(s[0])) < variance &&
         std::fabs(module - static_cast<float>(s[1])) < variance &&
         std::fabs(3.0f * module - static_cast<float>(s[2])) < 3 * variance &&
         std::fabs(module - static_cast<float>(s[3])) < variance &&
         std::fabs(module - static_cast<float>(s[4])) < variance;
}
bool cross_ok(const int* s) {
  // Most windows fail on the centre run: an integer test first, which only rejects what the
  // float test rejects too (|6 total - 14 centre| < 3 total exactly; the floats differ from it
  // by far less than the slack of 1).
  const int total = s[0] + s[1] + s[2] + s[3] + s[4];
  if (std::abs(6 * total - 14 * s[2]) > 3 * total + 1) return false;
  return proportions_ok(s, 2.0f);
}

float centre_from_end(const int* s, int end) {
  return static_cast<float>(end - s[4] - s[3]) - static_cast<float>(s[2]) / 2.0f;
}

void shift_two(int* s) {
  s[0] = s[2];
  s[1] = s[3];
  s[2] = s[4];
  s[3] = 1;
  s[4] = 0;
}

class Search {
 public:
  explicit Search(const Drawing& d) : d_(d) {}

  // find(): returns false when fewer than three candidates make a triangle.
  bool run(Candidate best[3]) {
    const int side = d_.side();
    int skip = std::max(kMinSkip, (3 * side) / (4 * kMaxModules));
    done_ = false;
    for (int i = skip - 1; i < side && !done_; i += skip) {
      // A row of the quiet zone holds nothing to find. Otherwise the row is fed run by run:
      // the same counts and the same decisions as ZXing's pixel-by-pixel loop, which only
      // decides anything at a light pixel after a dark one.
      const int my = d_.module_at(i);
      if (my < 0) continue;
      std::fill(s_, s_ + 5, 0);
      state_ = 0;
      bool stop = light(i, 0, d_.start(0), skip);
      // Module x starts a run where it differs from module x - 1 (the quiet zone is light): the
      // run edges a word at a time.
      const std::uint64_t* row = d_.row(my);
      const int words = (d_.width() + 63) >> 6;
      std::uint64_t carry = 0;
      int from = 0;  // the module the current run starts at
      bool dark = false;
      for (int k = 0; k < words && !stop; ++k) {
        const std::uint64_t v = row[k] & d_.word_mask(k);
        std::uint64_t edges = v ^ ((v << 1) | carry);
        carry = v >> 63;
        for (; edges && !stop; edges &= edges - 1) {
          const int x = (k << 6) + std::countr_zero(edges);
          stop = feed(i, dark, from, x, skip);
          from = x;
          dark = !dark;
        }
      }
      if (!stop) stop = feed(i, dark, from, d_.width(), skip);
      if (!stop) stop = light(i, d_.start(d_.width()), side - d_.start(d_.width()), skip);
      if (!stop && cross_ok(s_) && handle(s_, i, side)) {
        skip = s_[0];
        if (skipped_) done_ = confirmed_alike();
      }
    }
    return select_best(best);
  }

 private:
  // Modules [from, to) of row i, all dark or all light.
  bool feed(int& i, bool dark, int from, int to, int& skip) {
    if (from == to) return false;
    const int at = d_.start(from), length = d_.start(to) - at;
    if (!dark) return light(i, at, length, skip);
    if (state_ & 1) ++state_;
    s_[state_] += length;
    return false;
  }

  // Light pixels [at, at + length) of row i: true when the row is over (the search skipped
  // rows; `i` and `skip` are moved as ZXing moves them).
  bool light(int& i, int at, int length, int& skip) {
    if (length <= 0) return false;
    if (state_ & 1) {
      s_[state_] += length;
      return false;
    }
    if (state_ != 4) {
      s_[++state_] += length;
      return false;
    }
    // Five runs ended at pixel `at`: a candidate?
    if (!cross_ok(s_) || !handle(s_, i, at)) {
      shift_two(s_);  // counts pixel `at` as the fourth run's first
      state_ = 3;
      s_[3] += length - 1;
      return false;
    }
    skip = 2;
    bool stop = false;
    if (skipped_) {
      done_ = confirmed_alike();
    } else {
      const int row_skip = find_row_skip();
      if (row_skip > s_[2]) {
        i += row_skip - s_[2] - skip;
        stop = true;
      }
    }
    // Start again after pixel `at`, which is not counted.
    std::fill(s_, s_ + 5, 0);
    state_ = 0;
    if (!stop && length > 1) s_[++state_] = length - 1;
    return stop;
  }

  bool handle(const int* s, int i, int j) {
    const int total = s[0] + s[1] + s[2] + s[3] + s[4];
    float cj = centre_from_end(s, j);
    const float ci = cross_check<true>(i, static_cast<int>(cj), s[2], total);
    if (std::isnan(ci)) return false;
    cj = cross_check<false>(static_cast<int>(cj), static_cast<int>(ci), s[2], total);
    if (std::isnan(cj) || !diagonal_ok(static_cast<int>(ci), static_cast<int>(cj))) return false;
    const float module = static_cast<float>(total) / 7.0f;
    for (Candidate& c : candidates_) {
      // FinderPattern.aboutEquals, then combineEstimate.
      if (std::fabs(ci - c.y) <= module && std::fabs(cj - c.x) <= module) {
        const float diff = std::fabs(module - c.module);
        if (diff <= 1.0f || diff <= c.module) {
          const int n = c.count + 1;
          const auto old = static_cast<float>(c.count);
          c = {(old * c.x + cj) / static_cast<float>(n), (old * c.y + ci) / static_cast<float>(n),
               (old * c.module + module) / static_cast<float>(n), n};
          return true;
        }
      }
    }
    candidates_.push_back({cj, ci, module, 1});
    return true;
  }

  // crossCheckVertical (Vertical) and crossCheckHorizontal: the five runs along the column or
  // row through `start`, at most `max_count` for the outer ones, the total within 40 % (20 %
  // across) of the row's; the centre of the run, or NaN.
  template <bool Vertical>
  float cross_check(int start, int fixed, int max_count, int original_total) const {
    auto get = [&](int k) { return Vertical ? d_.get(fixed, k) : d_.get(k, fixed); };
    const int end = d_.side();
    int s[5] = {0, 0, 0, 0, 0};
    int k = start;
    while (k >= 0 && get(k)) ++s[2], --k;
    if (k < 0) return NAN;
    while (k >= 0 && !get(k) && s[1] <= max_count) ++s[1], --k;
    if (k < 0 || s[1] > max_count) return NAN;
    while (k >= 0 && get(k) && s[0] <= max_count) ++s[0], --k;
    if (s[0] > max_count) return NAN;
    k = start + 1;
    while (k < end && get(k)) ++s[2], ++k;
    if (k == end) return NAN;
    while (k < end && !get(k) && s[3] < max_count) ++s[3], ++k;
    if (k == end || s[3] >= max_count) return NAN;
    while (k < end && get(k) && s[4] < max_count) ++s[4], ++k;
    if (s[4] >= max_count) return NAN;
    const int total = s[0] + s[1] + s[2] + s[3] + s[4];
    const int slack = Vertical ? 2 * original_total : original_total;
    if (5 * std::abs(total - original_total) >= slack) return NAN;
    return cross_ok(s) ? centre_from_end(s, k) : NAN;
  }

  // crossCheckDiagonal: up-left and down-right through the centre.
  bool diagonal_ok(int ci, int cj) const {
    int s[5] = {0, 0, 0, 0, 0};
    int i = 0;
    auto up = [&](bool dark) { return ci >= i && cj >= i && d_.get(cj - i, ci - i) == dark; };
    while (up(true)) ++s[2], ++i;
    if (s[2] == 0) return false;
    while (up(false)) ++s[1], ++i;
    if (s[1] == 0) return false;
    while (up(true)) ++s[0], ++i;
    if (s[0] == 0) return false;
    const int end = d_.side();
    i = 1;
    auto down = [&](bool dark) { return ci + i < end && cj + i < end && d_.get(cj + i, ci + i) == dark; };
    while (down(true)) ++s[2], ++i;
    while (down(false)) ++s[3], ++i;
    if (s[3] == 0) return false;
    while (down(true)) ++s[4], ++i;
    if (s[4] == 0) return false;
    return proportions_ok(s, 1.333f);
  }

  int find_row_skip() {
    if (candidates_.size() <= 1) return 0;
    const Candidate* first = nullptr;
    for (const Candidate& c : candidates_) {
      if (c.count < kQuorum) continue;
      if (first == nullptr) {
        first = &c;
      } else {
        skipped_ = true;
        return static_cast<int>(std::fabs(first->x - c.x) - std::fabs(first->y - c.y)) / 2;
      }
    }
    return 0;
  }

  // haveMultiplyConfirmedCenters, including its average over every candidate, confirmed or not.
  bool confirmed_alike() const {
    int confirmed = 0;
    float total = 0.0f;
    for (const Candidate& c : candidates_)
      if (c.count >= kQuorum) ++confirmed, total += c.module;
    if (confirmed < 3) return false;
    const float average = total / static_cast<float>(candidates_.size());
    float deviation = 0.0f;
    for (const Candidate& c : candidates_) deviation += std::fabs(c.module - average);
    return deviation <= 0.05f * total;
  }

  // selectBestPatterns: of the triples with module sizes within 1.4x, the one closest to a
  // right isosceles triangle.
  bool select_best(Candidate best[3]) {
    if (candidates_.size() < 3) return false;
    // By module size, equals in the order found (Java's stable sort): an insertion sort, a
    // handful of candidates and a fraction of std::stable_sort's code in the .wasm.
    for (std::size_t i = 1; i < candidates_.size(); ++i) {
      const Candidate c = candidates_[i];
      std::size_t j = i;
      for (; j > 0 && c.module < candidates_[j - 1].module; --j) candidates_[j] = candidates_[j - 1];
      candidates_[j] = c;
    }
    auto squared = [](const Candidate& a, const Candidate& b) {
      const double x = a.x - b.x, y = a.y - b.y;
      return x * x + y * y;
    };
    double distortion = std::numeric_limits<double>::max();
    const std::size_t n = candidates_.size();
    for (std::size_t i = 0; i + 2 < n; ++i)
      for (std::size_t j = i + 1; j + 1 < n; ++j) {
        const double ij = squared(candidates_[i], candidates_[j]);
        for (std::size_t k = j + 1; k < n; ++k) {
          if (candidates_[k].module > candidates_[i].module * 1.4f) continue;
          double sides[3] = {ij, squared(candidates_[j], candidates_[k]), squared(candidates_[i], candidates_[k])};
          // Ascending, three values (Arrays.sort in Java).
          if (sides[0] > sides[1]) std::swap(sides[0], sides[1]);
          if (sides[1] > sides[2]) std::swap(sides[1], sides[2]);
          if (sides[0] > sides[1]) std::swap(sides[0], sides[1]);
          const double d = std::fabs(sides[2] - 2 * sides[1]) + std::fabs(sides[2] - 2 * sides[0]);
          if (d < distortion) {
            distortion = d;
            best[0] = candidates_[i];
            best[1] = candidates_[j];
            best[2] = candidates_[k];
          }
        }
      }
    return distortion != std::numeric_limits<double>::max();
  }

  const Drawing& d_;
  std::vector<Candidate> candidates_;
  bool skipped_ = false;
  bool done_ = false;
  int s_[5] = {0, 0, 0, 0, 0};  // the row's five run lengths so far, and which one is counting
  int state_ = 0;
};

// Which finders the search ended with, against the real ones centred at `real` (pixels),
// within `tolerance` pixels on each axis.
FinderVerdict verdict(const Drawing& drawing, const float real[3][2], float tolerance) {
  Candidate best[3];
  if (!Search(drawing).run(best)) return FinderVerdict::kTooFew;
  for (const Candidate& c : best) {
    bool real_one = false;
    for (int k = 0; k < 3; ++k)
      real_one = real_one || (std::fabs(c.x - real[k][0]) < tolerance && std::fabs(c.y - real[k][1]) < tolerance);
    if (!real_one) return FinderVerdict::kLookalike;
  }
  return FinderVerdict::kRealFinders;
}

}  // namespace

bool zxing_java_finds_finders(const std::uint64_t* rows, int stride, int width, double pitch) {
  const Drawing drawing(rows, stride, width, pitch, kQuiet);
  const auto p = static_cast<float>(pitch);
  const float near = (3.5f + kQuiet) * p, far = (static_cast<float>(width) - 3.5f + kQuiet) * p;
  const float real[3][2] = {{near, near}, {far, near}, {near, far}};
  return verdict(drawing, real, 1.5f * p) == FinderVerdict::kRealFinders;
}

FinderVerdict zxing_java_search_image(const std::uint64_t* rows, int stride, int side, double near, double far,
                                      double pitch) {
  const Drawing drawing(rows, stride, side, 1.0, 0);
  const auto n = static_cast<float>(near), f = static_cast<float>(far);
  const float real[3][2] = {{n, n}, {f, n}, {n, f}};
  return verdict(drawing, real, 1.5f * static_cast<float>(pitch));
}

}  // namespace qredge::detail
