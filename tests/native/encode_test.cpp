// SPDX-License-Identifier: MIT
#include <gtest/gtest.h>

#include <string>

#include "encode.hpp"

namespace qredge {
namespace {

TEST(Encode, SmallestVersionForShortUrl) {
  auto grid = encode("https://example.com", Ecc::Q);
  ASSERT_TRUE(grid.ok()) << grid.error().message;
  EXPECT_EQ(grid->version(), 2);
  EXPECT_EQ(grid->width(), 25);
  EXPECT_EQ(grid->ecc(), Ecc::Q);
}

TEST(Encode, FinderPatternsAreDark) {
  auto grid = encode("hello", Ecc::L);
  ASSERT_TRUE(grid.ok());
  const int far = grid->width() - 1;
  for (auto [x, y] : {std::pair{0, 0}, std::pair{far, 0}, std::pair{0, far}}) {
    EXPECT_TRUE(grid->dark(x, y)) << x << "," << y;
    EXPECT_TRUE(grid->in_eye(x, y));
  }
  EXPECT_FALSE(grid->in_eye(far, far));
  EXPECT_FALSE(grid->dark(-1, 0));
  EXPECT_FALSE(grid->dark(0, grid->width()));
}

TEST(Encode, CapacityLimitPerLevel) {
  // Bytes that are not digits or upper-case letters force 8-bit mode all the way.
  for (Ecc ecc : {Ecc::L, Ecc::M, Ecc::Q, Ecc::H}) {
    const std::size_t limit = max_payload_bytes(ecc);
    EXPECT_TRUE(encode(std::string(limit, 'a'), ecc).ok()) << to_string(ecc);
    auto over = encode(std::string(limit + 1, 'a'), ecc);
    ASSERT_FALSE(over.ok()) << to_string(ecc);
    EXPECT_EQ(over.error().code, "data_too_long");
    EXPECT_NE(over.error().message.find(std::to_string(limit + 1)), std::string::npos);
    EXPECT_NE(over.error().message.find(std::to_string(limit)), std::string::npos);
  }
}

TEST(Encode, EmptyPayloadIsAnError) {
  auto r = encode("", Ecc::Q);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "encode_failed");
}

}  // namespace
}  // namespace qredge
