// SPDX-License-Identifier: MIT
// Strict UTF-8 (RFC 3629) helpers for the validate stage: no overlong forms, no surrogates,
// nothing above U+10FFFF. Functions taking text documented as "valid UTF-8" assume it was
// checked with find_invalid first.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>

namespace qredge::utf8 {

inline constexpr std::size_t npos = std::string_view::npos;

// Offset of the first byte that does not start a well-formed sequence, or npos.
std::size_t find_invalid(std::string_view s);

// The longest prefix of `s` of at most `max_bytes` bytes that ends between characters (for
// quoting a shortened value in a message; a byte cut could split a character).
std::string_view prefix(std::string_view s, std::size_t max_bytes);

// `s` with every byte that does not start a well-formed sequence replaced by U+FFFD: for
// text from elsewhere (a parser's message quoting raw input) that goes into a JSON string.
std::string replace_invalid(std::string_view s);

// Number of code points ("characters" in error messages and length limits). Valid UTF-8.
std::size_t count_code_points(std::string_view s);

// Offset of the first control character (general category Cc: U+0000–U+001F, U+007F,
// U+0080–U+009F) other than "\n" and "\t", or npos; `found` receives it. Valid UTF-8.
std::size_t find_control(std::string_view s, char32_t* found = nullptr);

// Decodes one code point at `i` (valid UTF-8) and advances `i` past it.
char32_t next(std::string_view s, std::size_t& i);

// Appends the UTF-8 encoding of `cp` (a Unicode scalar value).
void append(std::string& out, char32_t cp);

// "U+000D" style name of a code point, for messages.
std::string code_point_name(char32_t cp);

// 1-based line and column of byte `offset` in `text` (columns count code points; a byte that
// is not valid UTF-8 counts as one column).
struct LineColumn {
  std::size_t line = 1;
  std::size_t column = 1;
};
LineColumn line_column(std::string_view text, std::size_t offset);

}  // namespace qredge::utf8
