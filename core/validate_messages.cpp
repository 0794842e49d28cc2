// SPDX-License-Identifier: MIT
#include "validate_messages.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <utility>

#include "text.hpp"
#include "utf8.hpp"
#include "validate.hpp"

namespace qredge::messages {
namespace {

using nlohmann::json;

// Levenshtein distance, capped: only used on short field names.
std::size_t edit_distance(std::string_view a, std::string_view b) {
  if (a.size() > 64 || b.size() > 64) return 99;
  std::vector<std::size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const char ca = static_cast<char>(std::tolower(static_cast<unsigned char>(a[i - 1])));
      const char cb = static_cast<char>(std::tolower(static_cast<unsigned char>(b[j - 1])));
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca == cb ? 0 : 1)});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

// The longest prefix of `s` of at most `max` bytes that ends on a character boundary.
std::string_view whole_characters(std::string_view s, std::size_t max) {
  if (s.size() <= max) return s;
  std::size_t cut = max;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
  return s.substr(0, cut);
}

std::string control_name(char32_t c) {
  switch (c) {
    case 0x00: return "U+0000 (NUL)";
    case 0x08: return "U+0008 (backspace)";
    case 0x0B: return "U+000B (vertical tab)";
    case 0x0C: return "U+000C (form feed)";
    case 0x0D: return "U+000D (carriage return)";
    case 0x1B: return "U+001B (escape)";
    case 0x7F: return "U+007F (delete)";
    default: return utf8::code_point_name(c);
  }
}

}  // namespace

bool contains(const Names& names, std::string_view key) {
  return std::find(names.begin(), names.end(), key) != names.end();
}

std::string list_names(const Names& names) {
  std::string out;
  for (auto n : names) {
    if (!out.empty()) out += ", ";
    out += '`';
    out += n;
    out += '`';
  }
  return out;
}

std::string suggestion(std::string_view key, const Names& known) {
  std::string_view best;
  std::size_t best_d = 3;
  for (auto k : known) {
    const std::size_t d = edit_distance(key, k);
    if (d < best_d && d <= std::max<std::size_t>(1, k.size() / 3)) {
      best_d = d;
      best = k;
    }
  }
  return best.empty() ? std::string() : " Did you mean `" + std::string(best) + "`?";
}

std::string trim_ascii_space(std::string_view s) {
  const std::size_t first = s.find_first_not_of(" \t\n");
  if (first == std::string_view::npos) return {};
  const std::size_t last = s.find_last_not_of(" \t\n");
  return std::string(s.substr(first, last - first + 1));
}

// Hostile names can be megabytes long: the path keeps the whole name, the message need not.
std::string short_name(std::string_view key) {
  const std::string_view head = whole_characters(key, 60);
  return head.size() == key.size() ? std::string(key) : concat(head, "…");
}

std::string quote(std::string_view s, std::size_t max) {
  const std::string_view head = whole_characters(s, max);
  return head.size() == s.size() ? concat("\"", s, "\"") : concat("\"", head, "…\"");
}

std::optional<Error> check_string(std::string_view s, const std::string& path, bool is_key, bool crlf) {
  const char* what = is_key ? "the field name" : "the string";
  const std::size_t bad = utf8::find_invalid(s);
  if (bad != utf8::npos) {
    return Error{path, "invalid_utf8",
                 std::string(what) + " is not valid UTF-8 (byte " + std::to_string(bad) + " starts an ill-formed sequence)"};
  }
  char32_t found = 0;
  std::size_t at = 0;
  for (std::size_t from = 0;; from = at + 2) {
    const std::size_t rel = utf8::find_control(s.substr(from), &found);
    at = rel == utf8::npos ? utf8::npos : from + rel;
    if (!(crlf && found == 0x0D && at != utf8::npos && at + 1 < s.size() && s[at + 1] == '\n')) break;
  }
  if (at != utf8::npos) {
    std::string hint = found != 0x0D ? ""
                       : crlf    ? "; a carriage return is allowed only directly before a line feed (CRLF)"
                                 : "; write line breaks as \\n alone (CRLF is allowed only in a vcard target's "
                                   "`destination`)";
    return Error{path, "control_character",
                 std::string(what) + " contains the control character " + control_name(found) + " at character " +
                     std::to_string(utf8::count_code_points(s.substr(0, at)) + 1) +
                     "; only line feeds (\\n) and tabs (\\t) are allowed" + hint};
  }
  return std::nullopt;
}

std::optional<Error> check_strings(const json& j, const std::string& path, const std::string& crlf_path) {
  if (j.is_string()) return check_string(j.get_ref<const std::string&>(), path, false, !crlf_path.empty() && path == crlf_path);
  if (j.is_object()) {
    for (const auto& [key, value] : j.items()) {
      const std::string p = json_pointer_append(path, key);
      if (auto e = check_string(key, p, true)) return e;
      if (auto e = check_strings(value, p, crlf_path)) return e;
    }
  } else if (j.is_array()) {
    for (std::size_t i = 0; i < j.size(); ++i)
      if (auto e = check_strings(j[i], json_pointer_append(path, i), crlf_path)) return e;
  }
  return std::nullopt;
}

bool deeper_than(const json& root, std::size_t limit) {
  std::vector<std::pair<const json*, std::size_t>> stack{{&root, 1}};
  while (!stack.empty()) {
    auto [j, depth] = stack.back();
    stack.pop_back();
    if (!j->is_structured()) continue;
    if (depth > limit) return true;
    for (const auto& child : *j)
      if (child.is_structured()) stack.emplace_back(&child, depth + 1);
  }
  return false;
}

std::string nesting_message(std::string_view noun, std::string_view where) {
  return concat("the ", noun, " nests arrays and objects more than ", std::to_string(kMaxNestingDepth),
                " levels deep", where, "; no valid ", noun, " needs that");
}

Result<json> parse_json_text(std::string_view text, const std::string& path, std::string_view noun,
                             std::string_view example) {
  const std::string the = concat("the ", noun);
  auto fail = [&](std::string code, std::string message) { return Error{path, std::move(code), std::move(message)}; };
  auto where = [&](std::size_t offset) {
    const auto lc = utf8::line_column(text, offset);
    return "line " + std::to_string(lc.line) + ", column " + std::to_string(lc.column);
  };
  if (text.find_first_not_of(" \t\r\n") == std::string_view::npos)
    return fail("invalid_json", concat(the, " is empty; send a JSON object such as ", example));
  const std::size_t bad = utf8::find_invalid(text);
  if (bad != utf8::npos) {
    char hex[8];
    std::snprintf(hex, sizeof hex, "0x%02X", static_cast<unsigned>(static_cast<unsigned char>(text[bad])));
    return fail("invalid_utf8", concat(the, " is not valid UTF-8: byte ", hex, " at ", where(bad), " (byte offset ",
                                       std::to_string(bad), ") starts an ill-formed sequence"));
  }
  // nlohmann's parser recurses per level: bound the depth before parsing (strings skipped).
  {
    std::size_t depth = 0;
    bool in_string = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
      const char c = text[i];
      if (in_string) {
        if (c == '\\') ++i;
        else if (c == '"') in_string = false;
      } else if (c == '"') {
        in_string = true;
      } else if (c == '[' || c == '{') {
        if (++depth > kMaxNestingDepth) return fail("nesting_too_deep", nesting_message(noun, " (at " + where(i) + ")"));
      } else if ((c == ']' || c == '}') && depth > 0) {
        --depth;
      }
    }
  }
  try {
    return json::parse(text.begin(), text.end());
  } catch (const json::parse_error& e) {
    std::string detail = e.what();
    const std::size_t pe = detail.find("parse error");
    const std::size_t colon = pe == std::string::npos ? std::string::npos : detail.find(": ", pe);
    if (colon != std::string::npos) detail = detail.substr(colon + 2);
    // nlohmann quotes the bytes it read so far of the bad token, which may stop inside a
    // character ("last read: '\xC3'"): the message must stay UTF-8 (found by fuzzing).
    detail = utf8::replace_invalid(detail);
    // nlohmann quotes the whole last token ("last read: '…'"), which may be megabytes long.
    const std::string_view head = whole_characters(detail, 300);
    if (head.size() < detail.size()) detail = concat(head, "…");
    const std::size_t offset = e.byte > 0 ? e.byte - 1 : 0;
    if (detail.find("surrogate") != std::string::npos)
      return fail("invalid_utf8", concat(the, " holds a \\u escape that is not valid Unicode at ", where(offset), ": ", detail));
    return fail("invalid_json", concat(the, " is not valid JSON at ", where(offset), ": ", detail));
  } catch (const json::exception& e) {
    return fail("invalid_json", concat(the, " is not valid JSON: ", utf8::replace_invalid(e.what())));
  }
}

}  // namespace qredge::messages
