// SPDX-License-Identifier: MIT
// Part of the encode stage: counting places in a masked symbol that a decoder could take for a
// finder pattern. ZXing's finder search (FinderPatternFinder) and ZXing-C++'s accept a dark
// run between light and dark runs in the proportions 1:1:3:1:1 within generous tolerances, in
// the row and in the column through the same centre. Data that happens to form such a cross
// becomes a fourth candidate: ZXing Java 3.4 then skips rows past the real bottom-left finder
// or picks the look-alike, and the symbol is not found (measured on large versions, see
// docs/rendering.md). The mask choice avoids them.
#pragma once
#include <cstdint>

namespace qredge::detail {

// Finder look-alikes in a `width` x `width` symbol (`dark`: one byte per module, row by row,
// nonzero for dark; the quiet zone around it is light). The three real finder patterns and
// their separators are not counted. Rules, in module units, for a candidate centre: the runs
// dark-light-dark-light-dark through it along the row and along the column each pass ZXing's
// foundPatternCross (each outer run within half a module of total/7, the centre within 1.5
// modules of 3 * total/7), the two totals differ by less than 40 % (crossCheckVertical), and
// one of them spans 6–8 modules: the real finders' module size, give or take a pixel's rounding
// (decoders rank candidates by module size, so these are the ones that displace a finder).
int count_finder_lookalikes(const std::uint8_t* dark, int width);
// The same count over bit rows and columns, as the mask choice holds them: module (x, y) is
// bit x % 64 of rows[y * stride + x / 64] and bit y % 64 of cols[x * stride + y / 64], dark
// when set; bits past the width are not read. Counting stops at `limit`: the mask choice only
// needs to know whether a mask has fewer than the best so far.
int count_finder_lookalikes_bits(const std::uint64_t* rows, const std::uint64_t* cols, int stride, int width,
                                 int limit = 1 << 30);

}  // namespace qredge::detail
