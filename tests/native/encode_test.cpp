// SPDX-License-Identifier: MIT
#include <gtest/gtest.h>

#include <string>

#include "encode.hpp"
#include "reed_solomon.hpp"

extern "C" {
#include "rsecc.h"
}

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

// Non-ASCII payloads carry ECI 000026 (12 bits): one byte less at version 40, and version
// boundaries computed exactly (libqrencode alone would count 16 bits more for the ECI).
TEST(Encode, Utf8EciCapacityAndVersionBoundaries) {
  EXPECT_FALSE(needs_utf8_eci("plain ASCII ~\x7f"));
  EXPECT_TRUE(needs_utf8_eci("caf\xc3\xa9"));
  for (Ecc ecc : {Ecc::L, Ecc::M, Ecc::Q, Ecc::H}) {
    const std::size_t limit = max_payload_bytes(ecc, true);
    EXPECT_EQ(limit + 1, max_payload_bytes(ecc));
    std::string fits;
    while (fits.size() + 2 <= limit) fits += "\xc3\xa9";
    if (fits.size() < limit) fits += 'a';
    ASSERT_EQ(fits.size(), limit);
    auto ok = encode(fits, ecc);
    ASSERT_TRUE(ok.ok()) << to_string(ecc) << ": " << ok.error().message;
    EXPECT_EQ(ok->version(), 40);
    auto over = encode(fits + "a", ecc);
    ASSERT_FALSE(over.ok()) << to_string(ecc);
    EXPECT_EQ(over.error().code, "data_too_long");
    EXPECT_NE(over.error().message.find("at most " + std::to_string(limit)), std::string::npos) << over.error().message;
  }
  // Version 1-L holds 19 data codewords = 152 bits: 12 (ECI) + 4 + 8 (byte header) + 16 x 8.
  std::string sixteen;
  for (int i = 0; i < 8; ++i) sixteen += "\xc3\xa9";
  auto v1 = encode(sixteen, Ecc::L);
  ASSERT_TRUE(v1.ok());
  EXPECT_EQ(v1->version(), 1);
  auto v2 = encode(sixteen + "a", Ecc::L);
  ASSERT_TRUE(v2.ok());
  EXPECT_EQ(v2->version(), 2);
  // The same 17 bytes in ASCII still fit version 1 (no ECI).
  auto ascii = encode(std::string(17, 'a'), Ecc::L);
  ASSERT_TRUE(ascii.ok());
  EXPECT_EQ(ascii->version(), 1);
}

// After the UTF-8 ECI the text is one 8-bit segment, digits included (as ZXing's encoder
// writes it; OpenCV 4.12's decoder throws on a numeric or alphanumeric segment after an ECI):
// a euro sign and 300 digits take the same version as a euro sign and 300 letters. Without an
// ECI the digits still pack denser.
TEST(Encode, AfterTheUtf8EciTheTextIsOneByteSegment) {
  for (Ecc ecc : {Ecc::L, Ecc::H}) {
    auto digits = encode("\xe2\x82\xac" + std::string(300, '7'), ecc);
    auto letters = encode("\xe2\x82\xac" + std::string(300, 'x'), ecc);
    ASSERT_TRUE(digits.ok() && letters.ok());
    EXPECT_EQ(digits->version(), letters->version()) << to_string(ecc);
    auto ascii_digits = encode("E" + std::string(300, '7'), ecc);
    auto ascii_letters = encode("E" + std::string(300, 'x'), ecc);
    ASSERT_TRUE(ascii_digits.ok() && ascii_letters.ok());
    EXPECT_LT(ascii_digits->version(), ascii_letters->version()) << to_string(ecc);
  }
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

// The encode stage's Reed-Solomon codewords against libqrencode's RSECC_encode, for every EC
// length of a QR block and data lengths around every block's.
TEST(ReedSolomon, EqualsLibqrencodesForEveryBlockLength) {
  std::uint32_t seed = 17;
  auto rnd = [&seed] { return (seed = seed * 1103515245u + 12345u) >> 16; };
  const int ecc_lengths[] = {7, 10, 13, 15, 16, 17, 18, 20, 22, 24, 26, 28, 30};
  for (int el : ecc_lengths)
    for (int dl = 1; dl <= 123; ++dl) {
      unsigned char data[123], ours[30], theirs[30];
      for (int i = 0; i < dl; ++i) data[i] = static_cast<unsigned char>(rnd());
      detail::ReedSolomon(el).encode(data, dl, ours);
      RSECC_encode(static_cast<std::size_t>(dl), static_cast<std::size_t>(el), data, theirs);
      for (int i = 0; i < el; ++i) ASSERT_EQ(ours[i], theirs[i]) << "ecc " << el << " data " << dl << " codeword " << i;
    }
}

}  // namespace qredge
