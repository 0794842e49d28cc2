// SPDX-License-Identifier: MIT
// Function-pattern layout and the codeword placement of ISO/IEC 18004 §7.7.3 (the two-column
// zigzag from the bottom-right corner), with data and EC codewords interleaved over the blocks.
#include "qr_layout.hpp"

#include <algorithm>

namespace qredge {
namespace {

struct VersionSpec {
  int words;           // total codewords
  int ec[4];           // EC codewords in all, per level L, M, Q, H
  int blocks[4][2];    // blocks in group 1 and group 2, per level
};

// ISO/IEC 18004 Table 9 (the same numbers as libqrencode's qrspec.c).
constexpr VersionSpec kSpecs[40] = {
    {26, {7, 10, 13, 17}, {{1, 0}, {1, 0}, {1, 0}, {1, 0}}},
    {44, {10, 16, 22, 28}, {{1, 0}, {1, 0}, {1, 0}, {1, 0}}},
    {70, {15, 26, 36, 44}, {{1, 0}, {1, 0}, {2, 0}, {2, 0}}},
    {100, {20, 36, 52, 64}, {{1, 0}, {2, 0}, {2, 0}, {4, 0}}},
    {134, {26, 48, 72, 88}, {{1, 0}, {2, 0}, {2, 2}, {2, 2}}},
    {172, {36, 64, 96, 112}, {{2, 0}, {4, 0}, {4, 0}, {4, 0}}},
    {196, {40, 72, 108, 130}, {{2, 0}, {4, 0}, {2, 4}, {4, 1}}},
    {242, {48, 88, 132, 156}, {{2, 0}, {2, 2}, {4, 2}, {4, 2}}},
    {292, {60, 110, 160, 192}, {{2, 0}, {3, 2}, {4, 4}, {4, 4}}},
    {346, {72, 130, 192, 224}, {{2, 2}, {4, 1}, {6, 2}, {6, 2}}},
    {404, {80, 150, 224, 264}, {{4, 0}, {1, 4}, {4, 4}, {3, 8}}},
    {466, {96, 176, 260, 308}, {{2, 2}, {6, 2}, {4, 6}, {7, 4}}},
    {532, {104, 198, 288, 352}, {{4, 0}, {8, 1}, {8, 4}, {12, 4}}},
    {581, {120, 216, 320, 384}, {{3, 1}, {4, 5}, {11, 5}, {11, 5}}},
    {655, {132, 240, 360, 432}, {{5, 1}, {5, 5}, {5, 7}, {11, 7}}},
    {733, {144, 280, 408, 480}, {{5, 1}, {7, 3}, {15, 2}, {3, 13}}},
    {815, {168, 308, 448, 532}, {{1, 5}, {10, 1}, {1, 15}, {2, 17}}},
    {901, {180, 338, 504, 588}, {{5, 1}, {9, 4}, {17, 1}, {2, 19}}},
    {991, {196, 364, 546, 650}, {{3, 4}, {3, 11}, {17, 4}, {9, 16}}},
    {1085, {224, 416, 600, 700}, {{3, 5}, {3, 13}, {15, 5}, {15, 10}}},
    {1156, {224, 442, 644, 750}, {{4, 4}, {17, 0}, {17, 6}, {19, 6}}},
    {1258, {252, 476, 690, 816}, {{2, 7}, {17, 0}, {7, 16}, {34, 0}}},
    {1364, {270, 504, 750, 900}, {{4, 5}, {4, 14}, {11, 14}, {16, 14}}},
    {1474, {300, 560, 810, 960}, {{6, 4}, {6, 14}, {11, 16}, {30, 2}}},
    {1588, {312, 588, 870, 1050}, {{8, 4}, {8, 13}, {7, 22}, {22, 13}}},
    {1706, {336, 644, 952, 1110}, {{10, 2}, {19, 4}, {28, 6}, {33, 4}}},
    {1828, {360, 700, 1020, 1200}, {{8, 4}, {22, 3}, {8, 26}, {12, 28}}},
    {1921, {390, 728, 1050, 1260}, {{3, 10}, {3, 23}, {4, 31}, {11, 31}}},
    {2051, {420, 784, 1140, 1350}, {{7, 7}, {21, 7}, {1, 37}, {19, 26}}},
    {2185, {450, 812, 1200, 1440}, {{5, 10}, {19, 10}, {15, 25}, {23, 25}}},
    {2323, {480, 868, 1290, 1530}, {{13, 3}, {2, 29}, {42, 1}, {23, 28}}},
    {2465, {510, 924, 1350, 1620}, {{17, 0}, {10, 23}, {10, 35}, {19, 35}}},
    {2611, {540, 980, 1440, 1710}, {{17, 1}, {14, 21}, {29, 19}, {11, 46}}},
    {2761, {570, 1036, 1530, 1800}, {{13, 6}, {14, 23}, {44, 7}, {59, 1}}},
    {2876, {570, 1064, 1590, 1890}, {{12, 7}, {12, 26}, {39, 14}, {22, 41}}},
    {3034, {600, 1120, 1680, 1980}, {{6, 14}, {6, 34}, {46, 10}, {2, 64}}},
    {3196, {630, 1204, 1770, 2100}, {{17, 4}, {29, 14}, {49, 10}, {24, 46}}},
    {3362, {660, 1260, 1860, 2220}, {{4, 18}, {13, 32}, {48, 14}, {42, 32}}},
    {3532, {720, 1316, 1950, 2310}, {{20, 4}, {40, 7}, {43, 22}, {10, 67}}},
    {3706, {750, 1372, 2040, 2430}, {{19, 6}, {18, 31}, {34, 34}, {20, 61}}},};

std::vector<int> alignment_positions(int version, int width) {
  if (version == 1) return {};
  const int count = version / 7 + 2;
  const int step = version == 32 ? 26 : (version * 4 + count * 2 + 1) / (count * 2 - 2) * 2;
  std::vector<int> pos;
  for (int i = 0, p = width - 7; i < count - 1; ++i, p -= step) pos.insert(pos.begin(), p);
  pos.insert(pos.begin(), 6);
  return pos;
}

}  // namespace

std::vector<std::pair<int, int>> alignment_centres(int version) {
  const auto align = alignment_positions(version, 17 + 4 * version);
  const int n = static_cast<int>(align.size());
  std::vector<std::pair<int, int>> out;
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < n; ++j) {
      if ((i == 0 && j == 0) || (i == 0 && j == n - 1) || (i == n - 1 && j == 0)) continue;
      out.emplace_back(align[static_cast<std::size_t>(i)], align[static_cast<std::size_t>(j)]);
    }
  return out;
}

QrLayout::QrLayout(int version, Ecc ecc)
    : width_(17 + 4 * version),
      role_(static_cast<std::size_t>(width_) * width_, kRemainder),
      essential_(role_.size(), 0) {
  const int w = width_;
  auto mark = [&](int x0, int y0, int x1, int y1, bool essential) {  // inclusive, clipped
    for (int y = std::max(0, y0); y <= std::min(w - 1, y1); ++y)
      for (int x = std::max(0, x0); x <= std::min(w - 1, x1); ++x) {
        role_[index(x, y)] = kFunction;
        if (essential) essential_[index(x, y)] = 1;
      }
  };
  mark(0, 6, w - 1, 6, false);  // timing
  mark(6, 0, 6, w - 1, false);
  mark(0, 0, 8, 8, true);  // finders, separators and format information
  mark(w - 8, 0, w - 1, 8, true);
  mark(0, w - 8, 8, w - 1, true);
  if (version >= 7) {  // version information
    mark(w - 11, 0, w - 9, 5, true);
    mark(0, w - 11, 5, w - 9, true);
  }
  for (const auto& [ax, ay] : alignment_centres(version))
    mark(ax - 2, ay - 2, ax + 2, ay + 2, ax == w - 7 && ay == w - 7);

  // Zigzag placement: bit k of the interleaved codeword stream goes to the k-th free module.
  const VersionSpec& spec = kSpecs[version - 1];
  const int level = static_cast<int>(ecc);
  const int total = spec.words;
  int bit = 0;
  for (int right = w - 1; right >= 1; right -= 2) {
    if (right == 6) right = 5;
    for (int vert = 0; vert < w; ++vert)
      for (int j = 0; j < 2; ++j) {
        const int x = right - j;
        const bool upward = ((right + 1) & 2) == 0;
        const int y = upward ? w - 1 - vert : vert;
        int& r = role_[index(x, y)];
        if (r == kFunction) continue;
        r = bit / 8 < total ? bit / 8 : kRemainder;
        ++bit;
      }
  }

  // Interleaving: data codewords column by column over the blocks (group 2 blocks are one
  // codeword longer), then EC codewords likewise.
  const int b1 = spec.blocks[level][0], b2 = spec.blocks[level][1];
  const int blocks = b1 + b2;
  const int ec_per_block = spec.ec[level] / blocks;
  const int data = total - spec.ec[level];
  const int short_len = data / blocks;
  block_of_codeword_.assign(static_cast<std::size_t>(total), 0);
  int k = 0;
  for (int col = 0; col <= short_len; ++col)
    for (int b = 0; b < blocks; ++b) {
      const int len = b < b1 ? short_len : short_len + 1;
      if (col < len) block_of_codeword_[static_cast<std::size_t>(k++)] = b;
    }
  for (int col = 0; col < ec_per_block; ++col)
    for (int b = 0; b < blocks; ++b) block_of_codeword_[static_cast<std::size_t>(k++)] = b;
  correctable_.assign(static_cast<std::size_t>(blocks), ec_per_block / 2);
}

int QrLayout::block_of(int x, int y) const {
  const int r = role_[index(x, y)];
  return r < 0 ? -1 : block_of_codeword_[static_cast<std::size_t>(r)];
}

}  // namespace qredge
