// SPDX-License-Identifier: MIT
#include "url.hpp"

#include <cstdint>

#include "text.hpp"
#include "utf8.hpp"

namespace qredge {
namespace {

constexpr std::uint32_t kBase = 36, kTMin = 1, kTMax = 26, kSkew = 38, kDamp = 700;
constexpr std::uint32_t kInitialBias = 72, kInitialN = 0x80;

char encode_digit(std::uint32_t d) { return static_cast<char>(d < 26 ? 'a' + d : '0' + (d - 26)); }

std::uint32_t adapt(std::uint32_t delta, std::uint32_t numpoints, bool first) {
  delta = first ? delta / kDamp : delta / 2;
  delta += delta / numpoints;
  std::uint32_t k = 0;
  while (delta > ((kBase - kTMin) * kTMax) / 2) {
    delta /= kBase - kTMin;
    k += kBase;
  }
  return k + (kBase - kTMin + 1) * delta / (delta + kSkew);
}

// Simple lower-case mapping for the alphabets the IDN conversion promises (see url.hpp).
char32_t to_lower(char32_t c) {
  if (c >= 'A' && c <= 'Z') return c + 32;
  if (c < 0x80) return c;
  if (c >= 0xC0 && c <= 0xDE && c != 0xD7) return c + 0x20;
  if (c >= 0x100 && c <= 0x17F) {
    if (c == 0x130 || c == 0x138 || c == 0x149) return c;
    if (c == 0x178) return 0xFF;
    const bool odd_upper = (c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E);
    if (odd_upper) return (c & 1) ? c + 1 : c;
    return (c & 1) ? c : c + 1;
  }
  if (c >= 0x391 && c <= 0x3A9 && c != 0x3A2) return c + 0x20;
  if (c == 0x386) return 0x3AC;
  if (c >= 0x388 && c <= 0x38A) return c + 37;
  if (c == 0x38C) return 0x3CC;
  if (c == 0x38E || c == 0x38F) return c + 63;
  if (c >= 0x410 && c <= 0x42F) return c + 0x20;
  if (c >= 0x400 && c <= 0x40F) return c + 0x50;
  if ((c >= 0x460 && c <= 0x481) || (c >= 0x48A && c <= 0x4BF) || (c >= 0x4D0 && c <= 0x4FF))
    return (c & 1) ? c : c + 1;
  return c;
}

bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_hex(char c) { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

Error url_error(std::string message) { return Error{"", "invalid_url", std::move(message)}; }

bool valid_ipv4(std::string_view h) {
  int parts = 0;
  std::size_t i = 0;
  while (true) {
    std::size_t start = i;
    unsigned value = 0;
    while (i < h.size() && is_digit(h[i]) && i - start < 4) value = value * 10 + (h[i++] - '0');
    if (i == start || i - start > 3 || value > 255) return false;
    ++parts;
    if (i == h.size()) break;
    if (h[i] != '.') return false;
    ++i;
  }
  return parts == 4;
}

bool all_digits_and_dots(std::string_view h) {
  for (char c : h)
    if (!is_digit(c) && c != '.') return false;
  return !h.empty();
}

bool valid_ipv6_literal(std::string_view h) {  // "[...]"
  if (h.size() < 4 || h.front() != '[' || h.back() != ']') return false;
  int colons = 0;
  for (std::size_t i = 1; i + 1 < h.size(); ++i) {
    const char c = h[i];
    if (c == ':') ++colons;
    else if (!is_hex(c) && c != '.') return false;
  }
  return colons >= 2 && colons <= 7;
}

// Characters a URI may hold as they are in path, query and fragment (RFC 3986 pchar plus "/?",
// "%" checked separately). Everything else is percent-encoded as UTF-8 bytes.
bool uri_char(unsigned char c) {
  if (c >= 0x80 || c <= 0x20) return false;
  switch (c) {
    case '"': case '<': case '>': case '\\': case '^': case '`': case '{': case '|': case '}':
      return false;
    default:
      return true;
  }
}

// Percent-encodes what a URI cannot hold, checks existing escapes. `what` names the part.
Result<std::string> normalise_component(std::string_view s, const char* what, bool allow_hash) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c == '%') {
      if (i + 2 >= s.size() || !is_hex(s[i + 1]) || !is_hex(s[i + 2]))
        return url_error(std::string("the ") + what + " has a '%' that does not start a percent-escape " +
                         "like %2F; write a literal percent sign as %25");
      out.append(s.substr(i, 3));
      i += 2;
    } else if (c == '#' && !allow_hash) {
      out += "%23";
    } else if (uri_char(c)) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

}  // namespace

std::string punycode_encode(std::u32string_view input) {
  std::string out;
  std::uint32_t basic = 0;
  for (char32_t c : input) {
    if (c < 0x80) {
      out += static_cast<char>(c);
      ++basic;
    }
  }
  std::uint32_t h = basic;
  if (basic > 0) out += '-';
  std::uint32_t n = kInitialN, delta = 0, bias = kInitialBias;
  const auto length = static_cast<std::uint32_t>(input.size());
  while (h < length) {
    std::uint32_t m = UINT32_MAX;
    for (char32_t c : input)
      if (c >= n && c < m) m = c;
    if ((m - n) > (UINT32_MAX - delta) / (h + 1)) return {};
    delta += (m - n) * (h + 1);
    n = m;
    for (char32_t c : input) {
      if (c < n && ++delta == 0) return {};
      if (c == n) {
        std::uint32_t q = delta;
        for (std::uint32_t k = kBase;; k += kBase) {
          const std::uint32_t t = k <= bias ? kTMin : k >= bias + kTMax ? kTMax : k - bias;
          if (q < t) break;
          out += encode_digit(t + (q - t) % (kBase - t));
          q = (q - t) / (kBase - t);
        }
        out += encode_digit(q);
        bias = adapt(delta, h + 1, h == basic);
        delta = 0;
        ++h;
      }
    }
    ++delta;
    ++n;
  }
  return out;
}

Result<std::string> host_to_ascii(std::string_view host) {
  if (host.empty()) return url_error("the host is empty");
  // Split into labels on "." and its ideographic / full-width forms.
  std::vector<std::u32string> labels(1);
  for (std::size_t i = 0; i < host.size();) {
    const char32_t c = utf8::next(host, i);
    if (c == '.' || c == 0x3002 || c == 0xFF0E || c == 0xFF61) labels.emplace_back();
    else labels.back() += to_lower(c);
  }
  std::string out;
  for (std::size_t li = 0; li < labels.size(); ++li) {
    const auto& label = labels[li];
    if (label.empty()) {
      if (li + 1 == labels.size() && li > 0) {  // one trailing dot: a fully qualified name
        out += '.';
        break;
      }
      return url_error("the host \"" + std::string(host) + "\" has an empty label (two dots in a row, or a leading dot)");
    }
    bool ascii = true;
    for (char32_t c : label) {
      if (c >= 0x80) {
        ascii = false;
        // Spaces and symbols of other scripts are not checked: only ASCII is restricted.
        continue;
      }
      const char a = static_cast<char>(c);
      if (!is_alpha(a) && !is_digit(a) && a != '-' && a != '_')
        return url_error("the host \"" + std::string(host) + "\" contains '" + std::string(1, a) +
                         "', which is not allowed in a host name");
    }
    if (li > 0) out += '.';
    std::string ascii_label;
    if (ascii) {
      for (char32_t c : label) ascii_label += static_cast<char>(c);
    } else {
      const std::string encoded = punycode_encode(label);
      if (encoded.empty()) return url_error("the host label cannot be converted to punycode");
      ascii_label = "xn--" + encoded;
    }
    if (ascii_label.size() > 63)
      return url_error("a label of the host \"" + std::string(host) + "\" is " + std::to_string(ascii_label.size()) +
                       " bytes long in its ASCII form; at most 63 are allowed");
    out += ascii_label;
  }
  if (out.size() > 253)
    return url_error("the host is " + std::to_string(out.size()) + " bytes long in its ASCII form; at most 253 are allowed");
  return out;
}

std::string Url::serialise() const {
  std::string s = scheme + "://" + host;
  if (has_port) s += ":" + port;
  s += path;
  if (has_query) s += "?" + query;
  if (has_fragment) s += "#" + fragment;
  return s;
}

Result<Url> parse_http_url(std::string_view text) {
  Url url;
  // Scheme: ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) ":"
  std::size_t colon = 0;
  if (!text.empty() && is_alpha(text[0])) {
    std::size_t i = 1;
    while (i < text.size() && (is_alpha(text[i]) || is_digit(text[i]) || text[i] == '+' ||
                               text[i] == '-' || text[i] == '.'))
      ++i;
    if (i < text.size() && text[i] == ':') colon = i;
  }
  if (colon == 0)
    return url_error(concat("\"", utf8::prefix(text, 64), text.size() > 64 ? "…" : "",
                            "\" is not an absolute URL; it must start with https:// or http://"));
  std::string scheme;
  for (char c : text.substr(0, colon)) scheme += static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
  if (scheme != "http" && scheme != "https")
    return Error{"", "unsupported_scheme",
                 "the scheme \"" + scheme + ":\" is not allowed; a destination must be an http:// or https:// URL"};
  url.scheme = scheme;
  std::string_view rest = text.substr(colon + 1);
  if (rest.substr(0, 2) != "//")
    return url_error("after \"" + scheme + ":\" a URL needs \"//\" and a host, as in " + scheme + "://example.com/");
  rest.remove_prefix(2);
  const std::size_t auth_end = rest.find_first_of("/?#");
  std::string_view authority = rest.substr(0, auth_end);
  rest = auth_end == std::string_view::npos ? std::string_view{} : rest.substr(auth_end);
  if (authority.find('@') != std::string_view::npos)
    return url_error("the URL contains credentials (user:password@); they are not allowed in a destination");
  if (authority.find('\\') != std::string_view::npos)
    return url_error("the host part of the URL contains a backslash");
  // Host and port.
  std::string_view host = authority;
  if (!authority.empty() && authority[0] == '[') {
    const std::size_t close = authority.find(']');
    if (close == std::string_view::npos) return url_error("the IPv6 address in the URL is missing its closing ']'");
    host = authority.substr(0, close + 1);
    std::string_view after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after[0] != ':') return url_error("unexpected characters after the IPv6 address in the URL");
      url.has_port = true;
      url.port = std::string(after.substr(1));
    }
    if (!valid_ipv6_literal(host)) return url_error(concat("\"", host, "\" is not a valid IPv6 address"));
    for (char c : host) url.host += static_cast<char>(c >= 'A' && c <= 'F' ? c + 32 : c);
  } else {
    const std::size_t pc = authority.rfind(':');
    if (pc != std::string_view::npos) {
      host = authority.substr(0, pc);
      url.has_port = true;
      url.port = std::string(authority.substr(pc + 1));
    }
    if (host.empty()) return url_error("the URL has no host");
    if (host.find('%') != std::string_view::npos)
      return url_error("the host of the URL must not contain percent-escapes");
    auto ascii = host_to_ascii(host);
    if (!ascii) return ascii.error();
    url.host = *ascii;
    if (all_digits_and_dots(url.host)) {
      std::string h = url.host;
      if (!h.empty() && h.back() == '.') h.pop_back();
      if (!valid_ipv4(h)) return url_error("\"" + url.host + "\" is not a valid IPv4 address");
    }
  }
  if (url.has_port) {
    if (url.port.size() > 5) return url_error("the port \"" + url.port + "\" is out of range (0–65535)");
    for (char c : url.port)
      if (!is_digit(c)) return url_error("the port \"" + url.port + "\" is not a number");
    if (!url.port.empty() && std::stoul(url.port) > 65535)
      return url_error("the port " + url.port + " is out of range (0–65535)");
  }
  // Path, query, fragment.
  const std::size_t hash = rest.find('#');
  std::string_view before_fragment = rest.substr(0, hash);
  if (hash != std::string_view::npos) {
    auto f = normalise_component(rest.substr(hash + 1), "fragment", false);
    if (!f) return f.error();
    url.fragment = *f;
    url.has_fragment = true;
  }
  const std::size_t q = before_fragment.find('?');
  auto path = normalise_component(before_fragment.substr(0, q), "path", false);
  if (!path) return path.error();
  url.path = *path;
  if (q != std::string_view::npos) {
    auto query = normalise_component(before_fragment.substr(q + 1), "query", false);
    if (!query) return query.error();
    url.query = *query;
    url.has_query = true;
  }
  return url;
}

std::string form_urlencode(std::string_view value) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  out.reserve(value.size() * 3);
  for (char ch : value) {
    const auto c = static_cast<unsigned char>(ch);
    if (is_alpha(ch) || is_digit(ch) || c == '*' || c == '-' || c == '.' || c == '_') {
      out += ch;
    } else if (c == ' ') {
      out += '+';
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

std::string percent_encode_unreserved(std::string_view value) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  out.reserve(value.size() * 3);
  for (char ch : value) {
    const auto c = static_cast<unsigned char>(ch);
    if (is_alpha(ch) || is_digit(ch) || c == '-' || c == '.' || c == '_' || c == '~') {
      out += ch;
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

std::string merge_query_parameters(const Url& url,
                                   const std::vector<std::pair<std::string, std::string>>& params) {
  // Split the existing query on "&", keeping each part's text as written.
  std::vector<std::string> parts;
  if (url.has_query && !url.query.empty()) {
    std::size_t start = 0;
    while (true) {
      const std::size_t amp = url.query.find('&', start);
      parts.emplace_back(url.query.substr(start, amp == std::string::npos ? std::string::npos : amp - start));
      if (amp == std::string::npos) break;
      start = amp + 1;
    }
  }
  // A parameter's name as application/x-www-form-urlencoded parsing reads it (WHATWG
  // URLSearchParams): "+" is a space, %XX a byte, a "%" without two hex digits stays. So
  // utm%5Fsource is utm_source and is replaced like it.
  auto name_of = [](const std::string& part) {
    const std::string raw = part.substr(0, part.find('='));
    auto hex = [](char c) {
      if (c >= '0' && c <= '9') return c - '0';
      if (c >= 'A' && c <= 'F') return c - 'A' + 10;
      if (c >= 'a' && c <= 'f') return c - 'a' + 10;
      return -1;
    };
    std::string name;
    for (std::size_t i = 0; i < raw.size(); ++i) {
      if (raw[i] == '+') {
        name += ' ';
      } else if (raw[i] == '%' && i + 2 < raw.size() && hex(raw[i + 1]) >= 0 && hex(raw[i + 2]) >= 0) {
        name += static_cast<char>(hex(raw[i + 1]) * 16 + hex(raw[i + 2]));
        i += 2;
      } else {
        name += raw[i];
      }
    }
    return name;
  };
  std::vector<bool> removed(parts.size(), false);
  std::vector<std::string> appended;
  for (const auto& [name, value] : params) {
    if (value.empty()) continue;
    const std::string encoded = name + "=" + form_urlencode(value);
    bool replaced = false;
    for (std::size_t i = 0; i < parts.size(); ++i) {
      if (removed[i] || name_of(parts[i]) != name) continue;
      if (!replaced) {
        parts[i] = encoded;
        replaced = true;
      } else {
        removed[i] = true;
      }
    }
    if (!replaced) appended.push_back(encoded);
  }
  std::vector<std::string> kept;
  for (std::size_t i = 0; i < parts.size(); ++i)
    if (!removed[i]) kept.push_back(std::move(parts[i]));
  // A trailing "&" in the original (an empty last part) is not doubled by appending.
  if (!appended.empty() && !kept.empty() && kept.back().empty()) kept.pop_back();
  for (auto& part : appended) kept.push_back(std::move(part));
  std::string query;
  for (std::size_t i = 0; i < kept.size(); ++i) {
    if (i > 0) query += '&';
    query += kept[i];
  }
  Url merged = url;
  merged.query = query;
  merged.has_query = url.has_query || !query.empty();
  return merged.serialise();
}

}  // namespace qredge
