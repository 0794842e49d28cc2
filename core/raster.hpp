// SPDX-License-Identifier: MIT
// Coverage rasterizer: fills polygon outlines with anti-aliasing from the exact area each
// pixel has inside the outline (signed-area accumulation, as font rasterizers such as font-rs
// and stb_truetype do; no supersampling). It works on a band of rows at a time, so memory is
// one band, whatever the image size. Outlines with consistent orientation (outer contours one
// way, holes the other) fill by the non-zero rule; overlapping contours saturate at 1.
#pragma once
#include <bit>
#include <cstdint>
#include <cstring>
#include <vector>

#include "geometry.hpp"

namespace qredge {

// The painters' shared settings (render_png.cpp, render_frame.cpp): rows per coverage band, and
// how far a flattened curve may stray from the true one, in px.
inline constexpr int kBandRows = 32;
inline constexpr double kFlattenTolerance = 0.05;

struct Edge {
  float x0, y0, x1, y1;  // pixel coordinates
};

// Flattens `path` (module units) into closed line edges in pixels: coordinates are multiplied
// by `scale`; arcs become chords that stay within `tolerance` px of the true circle.
void flatten(const Path& path, double scale, double tolerance, std::vector<Edge>& out);

class CoverageBand {
 public:
  // `width` px per row, at most `max_rows` rows per band.
  CoverageBand(int width, int max_rows);
  // Starts a band of `rows` rows from pixel row `y0`, all coverage 0.
  void reset(int y0, int rows);
  // Adds one edge (any part outside the band is ignored; x is clamped to the image).
  void add(const Edge& e);
  // Coverage of row `row` (band-relative) in [0, 1], written to out[0..width); clears the row.
  void resolve(int row, float* out);
  // The same for the columns [span_begin(), span_end()) only, the ones the band's edges reach:
  // every pixel outside them has coverage 0 (left of every edge nothing has accumulated, right
  // of them a closed outline's signed areas cancel). out[] outside the span is left untouched.
  void resolve_span(int row, float* out);
  // Calls f(x0, x1, c) for each run of pixels [x0, x1) of the span with the same coverage c in
  // (0, 1], in order, and clears the row: resolve_span without the coverage row in between
  // (the hot loop of paint_code). Between edges the accumulator is zero and the coverage
  // constant, so inside a shape a run is as long as the shape.
  template <class F>
  void resolve_runs(int row, F&& f);
  int span_begin() const { return lo_ < width_ ? lo_ : width_; }
  int span_end() const {  // never before span_begin(), also when no edge was added
    const int e = hi_ < width_ ? hi_ : width_;
    return e > span_begin() ? e : span_begin();
  }
  int width() const { return width_; }

 private:
  // Marks columns a..b (inclusive, a <= b) of band row `y` as holding accumulated area: at most
  // two words for an edge's span within a row (each row has a spare word after its last).
  void touch(int y, int a, int b) {
    std::uint64_t* m = &touched_[static_cast<std::size_t>(y) * words_ + static_cast<std::size_t>(a >> 6)];
    const int s = a & 63, n = b - a;
    if (n < 63) {
      const std::uint64_t span = ~std::uint64_t{0} >> (63 - n);  // n + 1 bits
      m[0] |= span << s;
      m[1] |= (span >> 1) >> (63 - s);  // the bits past the word (none when s is 0)
      return;
    }
    for (int c = a; c <= b; ++c) touched_[static_cast<std::size_t>(y) * words_ + static_cast<std::size_t>(c >> 6)] |= std::uint64_t{1} << (c & 63);
  }

  int width_, max_rows_, y0_ = 0, rows_ = 0;
  int lo_, hi_ = 0;  // accumulator columns touched since reset: [lo_, hi_)
  std::size_t stride_, words_;
  std::vector<float> acc_;
  // One bit per accumulator column of each row, set where add() wrote: resolve_runs() finds
  // the next column that can change the coverage with one count of trailing zeros a word,
  // instead of testing the columns between edges one by one.
  std::vector<std::uint64_t> touched_;
};

template <class F>
void CoverageBand::resolve_runs(int row, F&& f) {
  // Float accumulation leaves residues of about 1e-6 far from any edge: snap them, so empty
  // pixels stay exactly empty and full ones exactly full.
  constexpr double kSnap = 1.0 / 1024;
  float* acc = &acc_[static_cast<std::size_t>(row) * stride_];
  std::uint64_t* m = &touched_[static_cast<std::size_t>(row) * words_];
  const int e = span_end();
  // Between two touched columns the coverage is the running sum at the first: one run. Left
  // of the first touched column nothing has accumulated; right of the last (or of the image)
  // nothing is drawn. Every touched column is cleared, inside the image or not.
  double sum = 0;
  int x = -1;  // start of the current run, once the first touched column is seen
  auto run_to = [&](int end) {
    const double c = sum < 0 ? -sum : sum;
    if (c >= kSnap) f(x, end, c > 1 - kSnap ? 1.0f : static_cast<float>(c));
  };
  if (hi_ > lo_) {
    for (int w = lo_ >> 6, wend = (hi_ - 1) >> 6; w <= wend; ++w) {
      for (std::uint64_t bits = m[w]; bits != 0; bits &= bits - 1) {
        const int col = (w << 6) + std::countr_zero(bits);
        if (x >= 0 && x < e) run_to(col < e ? col : e);
        sum += acc[col];
        acc[col] = 0;
        x = col;
      }
      m[w] = 0;
    }
  }
  if (x >= 0 && x < e) run_to(e);
}

}  // namespace qredge
