// SPDX-License-Identifier: MIT
#include <gtest/gtest.h>

#include "utf8.hpp"

namespace qredge {
namespace {

TEST(Utf8, FindInvalid) {
  EXPECT_EQ(utf8::find_invalid("plain ascii"), utf8::npos);
  EXPECT_EQ(utf8::find_invalid("é✓😀"), utf8::npos);
  EXPECT_EQ(utf8::find_invalid("ab\xC3"), 2u);              // truncated
  EXPECT_EQ(utf8::find_invalid("a\xC0\xAF"), 1u);           // overlong "/"
  EXPECT_EQ(utf8::find_invalid("a\xE0\x80\xAF"), 1u);       // overlong 3-byte
  EXPECT_EQ(utf8::find_invalid("\xED\xA0\x80"), 0u);        // UTF-16 surrogate
  EXPECT_EQ(utf8::find_invalid("\xF4\x90\x80\x80"), 0u);    // above U+10FFFF
  EXPECT_EQ(utf8::find_invalid("x\x80"), 1u);               // lone continuation
  EXPECT_EQ(utf8::find_invalid("\xFF"), 0u);
}

TEST(Utf8, ControlCharacters) {
  char32_t c = 0;
  EXPECT_EQ(utf8::find_control("line\nand\ttab", &c), utf8::npos);
  EXPECT_EQ(utf8::find_control("cr\r\n", &c), 2u);
  EXPECT_EQ(c, U'\r');
  EXPECT_EQ(utf8::find_control(std::string("nul\0x", 5), &c), 3u);
  EXPECT_EQ(utf8::find_control("del\x7F", &c), 3u);
  EXPECT_EQ(utf8::find_control("c1 \xC2\x85", &c), 3u);  // U+0085 NEL
  EXPECT_EQ(c, 0x85u);
  EXPECT_EQ(utf8::find_control("\xC2\xA0 nbsp is fine", &c), utf8::npos);
}

TEST(Utf8, CountsAndPositions) {
  EXPECT_EQ(utf8::count_code_points("aé✓😀"), 4u);
  auto lc = utf8::line_column("{\n  \"é\": x", 9);
  EXPECT_EQ(lc.line, 2u);
  EXPECT_EQ(lc.column, 7u);
  std::string s;
  for (char32_t cp : {U'a', U'é', U'✓', U'😀'}) utf8::append(s, cp);
  EXPECT_EQ(s, "aé✓😀");
  std::size_t i = 1;
  EXPECT_EQ(utf8::next(s, i), U'é');
  EXPECT_EQ(i, 3u);
}

}  // namespace
}  // namespace qredge
