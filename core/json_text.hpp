// SPDX-License-Identifier: MIT
// Appending JSON text to a string without building a DOM first. Escapes exactly as
// nlohmann::json::dump() does (ensure_ascii off), so text written here equals a dump of the
// same values: `"` and `\`, the short escapes \b \f \n \r \t, other bytes below 0x20 as
// \u00xx. Other bytes pass through; callers write valid UTF-8.
#pragma once
#include <charconv>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace qredge {

inline void append_json_string(std::string& out, std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  out.push_back('"');
  std::size_t plain = 0;  // start of the run of bytes that need no escape
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(s.substr(plain, i - plain));
    plain = i + 1;
    switch (c) {
      case '"': out.append("\\\""); break;
      case '\\': out.append("\\\\"); break;
      case '\b': out.append("\\b"); break;
      case '\f': out.append("\\f"); break;
      case '\n': out.append("\\n"); break;
      case '\r': out.append("\\r"); break;
      case '\t': out.append("\\t"); break;
      default: out.append("\\u00"); out.push_back(kHex[c >> 4]); out.push_back(kHex[c & 15]);
    }
  }
  out.append(s.substr(plain));
  out.push_back('"');
}

inline void append_json_uint(std::string& out, std::uint64_t n) {
  char buf[24];
  const auto r = std::to_chars(buf, buf + sizeof buf, n);
  out.append(buf, r.ptr);
}

inline void append_json_strings(std::string& out, const std::vector<std::string>& list) {
  out.push_back('[');
  for (std::size_t i = 0; i < list.size(); ++i) {
    if (i) out.push_back(',');
    append_json_string(out, list[i]);
  }
  out.push_back(']');
}

}  // namespace qredge
