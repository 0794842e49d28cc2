// SPDX-License-Identifier: MIT
// URL handling for `url` targets (API.md §1.1, §1.2): a strict parser for absolute http(s)
// URLs, IDN hosts to punycode (RFC 3492), and the UTM merge. Pure functions; errors carry a
// code (`invalid_url`, `unsupported_scheme`) and a message, and an empty path the caller fills.
#pragma once
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "error.hpp"

namespace qredge {

// RFC 3492 punycode of a label's code points (no "xn--" prefix). Empty on overflow.
std::string punycode_encode(std::u32string_view label);

// Host (valid UTF-8) -> ASCII form. ASCII labels are lower-cased; a label holding non-ASCII
// characters is lower-cased (ASCII, Latin-1, Latin Extended-A, Greek, Cyrillic: the simple
// case mapping) and written as "xn--" + punycode. U+3002, U+FF0E and U+FF61 separate labels
// like ".". No other UTS-46 mapping or normalisation is applied. Errors: invalid_url.
Result<std::string> host_to_ascii(std::string_view host);

// An absolute http/https URL split into its parts, as written (after normalisation: scheme
// and host lower-case, host in ASCII, characters not allowed in a URI percent-encoded).
struct Url {
  std::string scheme;          // "http" | "https"
  std::string host;            // ASCII; IPv6 literals keep their brackets
  std::string port;            // digits, or empty
  bool has_port = false;       // "host:" with an empty port is kept as written
  std::string path;            // "" or starting with "/"
  std::string query;           // without "?"
  bool has_query = false;
  std::string fragment;        // without "#"
  bool has_fragment = false;

  std::string serialise() const;
};

// Parses `text` (valid UTF-8). Errors: `unsupported_scheme` for any scheme but http/https
// (javascript:, data:, ftp:, …); `invalid_url` for everything malformed: no scheme, no
// "//host", credentials (user:pass@), a bad host, port or percent-escape.
Result<Url> parse_http_url(std::string_view text);

// application/x-www-form-urlencoded value encoding (WHATWG URL): [A-Za-z0-9*-._] kept, space
// -> "+", every other byte -> %XX (upper-case hex).
std::string form_urlencode(std::string_view value);

// Percent-encodes every byte except RFC 3986 unreserved characters [A-Za-z0-9-._~].
std::string percent_encode_unreserved(std::string_view value);

// API.md §1.2: sets each (name, value) query parameter, in the order given. An existing
// parameter of the same name (compared after form-decoding it, as URLSearchParams reads it:
// utm%5Fsource is utm_source) is replaced in place (later duplicates of it are removed);
// other parameters keep their text and order; new ones are appended; empty values are skipped
// (an existing parameter of that name is then left alone). Values are form-urlencoded.
std::string merge_query_parameters(const Url& url,
                                   const std::vector<std::pair<std::string, std::string>>& params);

}  // namespace qredge
