// SPDX-License-Identifier: MIT
// Part of the encode stage: ZXing Java 3.4's finder search (FinderPatternFinder.find, as a
// phone's scan loop calls it: no TRY_HARDER), replayed on a plain drawing of a masked symbol.
// It is the decoder inside Android's ZXing-based scanner apps, and the one whose search a
// finder look-alike in the data can fool: after the top two finders it skips half the symbol's
// rows, and once three candidates are confirmed with module sizes within 5 % it stops looking,
// so a look-alike of exactly the finders' size met before the bottom-left finder is taken for
// it and the code does not read (docs/rendering.md, "Mask choice"). Whether a look-alike does
// that depends on the other candidates the search has met, so it is replayed, not guessed.
#pragma once
#include <cstdint>

namespace qredge::detail {

// True when the search, run over the `width` x `width` symbol drawn plain at `pitch` pixels per
// module (module m over the pixels from round((m + 4) * pitch): a 4-module quiet zone) ends with the
// three real finder patterns: each chosen centre within 1.5 modules of a real one. False when
// it takes a look-alike or finds fewer than three. The symbol is in bit rows, as the mask
// choice holds them: module (x, y) is bit x % 64 of rows[y * stride + x / 64], dark when set.
bool zxing_java_finds_finders(const std::uint64_t* rows, int stride, int width, double pitch);

// The same search over a drawn image, `side` x `side` pixels in bit rows (pixel (x, y) is bit
// x % 64 of rows[y * stride + x / 64], dark when set), whose symbol has `pitch` pixels per
// module and its finders centred at (near, near), (far, near) and (near, far): whether it ends
// with the real finders (each chosen centre within 1.5 modules of one), takes a look-alike for
// one, or finds fewer than three. For drawings whose shapes are not square modules (styled
// bodies and eyes), where the plain replay above cannot tell.
enum class FinderVerdict { kRealFinders, kLookalike, kTooFew };
FinderVerdict zxing_java_search_image(const std::uint64_t* rows, int stride, int side, double near, double far,
                                      double pitch);

}  // namespace qredge::detail
