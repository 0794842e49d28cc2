// SPDX-License-Identifier: MIT
// What every validation stage shares (internal to the validate stage: request, target): the
// string checks every value of a request gets, the reading of JSON text with positions in its
// messages, and the pieces messages are written from (names lists, "did you mean", quoting).
// One place, so a design validated alone and one inside a batch get the same codes and texts.
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "error.hpp"

namespace qredge::messages {

using Names = std::vector<std::string_view>;

bool contains(const Names& names, std::string_view key);
// "`a`, `b`, `c`"
std::string list_names(const Names& names);
// " Did you mean `x`?" for a near miss of one of `known`, or "".
std::string suggestion(std::string_view key, const Names& known);
// A member name as shown in a message: at most 60 bytes of whole characters, then "…".
std::string short_name(std::string_view key);
// A value quoted in a message: "\"…\"", at most `max` bytes of whole characters.
std::string quote(std::string_view s, std::size_t max = 60);
// Leading and trailing spaces, tabs and line feeds removed (as the WHATWG URL parser does).
std::string trim_ascii_space(std::string_view s);

// UTF-8 and control characters of one string (a value, or a member name when `is_key`). With
// `crlf` (a vcard target's `destination`, API.md §7.1) a CR directly before a LF is allowed.
std::optional<Error> check_string(std::string_view s, const std::string& path, bool is_key, bool crlf = false);
// The first string problem inside `j`, in key order. `crlf_path`: the one string that may hold
// CRLF line breaks ("" for none). The caller bounds the depth (deeper_than).
std::optional<Error> check_strings(const nlohmann::json& j, const std::string& path, const std::string& crlf_path = {});

// Nesting depth of a parsed value, iteratively; stops counting past `limit`.
bool deeper_than(const nlohmann::json& root, std::size_t limit);
// "the <noun> nests arrays and objects more than 64 levels deep<where>; no valid <noun> needs that"
std::string nesting_message(std::string_view noun, std::string_view where);

// JSON text -> one value, with every problem of the text as an error at `path`: empty, not
// UTF-8, nested deeper than kMaxNestingDepth (checked before parsing: nlohmann's parser
// recurses per level), not JSON. Messages name the value "the <noun>" and give line and column.
// `example` is the JSON shown when the text is empty ("{\"items\": …}").
Result<nlohmann::json> parse_json_text(std::string_view text, const std::string& path, std::string_view noun,
                                       std::string_view example);

}  // namespace qredge::messages
