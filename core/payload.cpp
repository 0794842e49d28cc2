// SPDX-License-Identifier: MIT
#include "payload.hpp"

#include <cctype>

#include "url.hpp"
#include "utf8.hpp"

namespace qredge {
namespace {

bool is_atext(unsigned char c) {
  if (std::isalnum(c)) return true;
  switch (c) {
    case '!': case '#': case '$': case '%': case '&': case '\'': case '*': case '+': case '-':
    case '/': case '=': case '?': case '^': case '_': case '`': case '{': case '|': case '}': case '~':
      return true;
    default:
      return c >= 0x80;  // RFC 6532: UTF-8 in addresses
  }
}

// RFC 6068 qchar without pct-encoded: unreserved / some-delims. "@" is kept in the address.
bool mailto_address_char(unsigned char c) {
  if (std::isalnum(c)) return true;
  switch (c) {
    case '-': case '.': case '_': case '~': case '!': case '$': case '\'': case '(': case ')':
    case '*': case ',': case ';': case ':': case '@':
      return true;
    default:
      return false;
  }
}

Error email_error(std::string message) { return Error{"", "invalid_email", std::move(message)}; }

}  // namespace

Result<std::string> mailto_address(std::string_view email) {
  std::string quoted = "\"";
  quoted.append(utf8::prefix(email, 80)).append(email.size() > 80 ? "…\"" : "\"");
  if (email.size() > 254) return email_error("the address is " + std::to_string(email.size()) + " bytes long; at most 254 are allowed");
  const std::size_t at = email.rfind('@');
  if (at == std::string_view::npos) return email_error(quoted + " is not an email address: it has no '@'");
  const std::string_view local = email.substr(0, at);
  const std::string_view domain = email.substr(at + 1);
  if (local.empty()) return email_error(quoted + " is not an email address: nothing before the '@'");
  if (local.size() > 64) return email_error(quoted + ": the part before the '@' is longer than 64 bytes");
  if (local.front() == '.' || local.back() == '.' || local.find("..") != std::string_view::npos)
    return email_error(quoted + ": the part before the '@' cannot start or end with a dot or hold two dots in a row");
  for (char ch : local) {
    const auto c = static_cast<unsigned char>(ch);
    if (c != '.' && !is_atext(c))
      return email_error(quoted + " is not an email address: '" + std::string(1, ch) +
                         "' is not allowed before the '@'");
  }
  if (domain.empty()) return email_error(quoted + " is not an email address: nothing after the '@'");
  if (domain.find('.') == std::string_view::npos)
    return email_error(quoted + " is not an email address: the domain \"" + std::string(domain) + "\" has no dot");
  if (domain.front() == '.' || domain.back() == '.' || domain.find("..") != std::string_view::npos)
    return email_error(quoted + ": the domain cannot start or end with a dot or hold two dots in a row");
  for (char ch : domain) {
    const auto c = static_cast<unsigned char>(ch);
    if (c < 0x80 && !std::isalnum(c) && c != '-' && c != '.')
      return email_error(quoted + " is not an email address: '" + std::string(1, ch) + "' is not allowed in the domain");
  }
  auto ascii = host_to_ascii(domain);
  if (!ascii) return email_error(quoted + ": " + ascii.error().message);
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (char ch : local) {
    const auto c = static_cast<unsigned char>(ch);
    if (mailto_address_char(c)) {
      out += ch;
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  out += '@';
  out += *ascii;
  return out;
}

std::string mailto_payload(std::string_view address, std::string_view subject, std::string_view body) {
  std::string out = "mailto:";
  out += address;
  char sep = '?';
  if (!subject.empty()) {
    out += sep;
    out += "subject=" + percent_encode_unreserved(subject);
    sep = '&';
  }
  if (!body.empty()) {
    // RFC 6068 §5: line breaks in the body are CRLF, percent-encoded.
    std::string crlf;
    crlf.reserve(body.size());
    for (char c : body) {
      if (c == '\n') crlf += "\r\n";
      else crlf += c;
    }
    out += sep;
    out += "body=" + percent_encode_unreserved(crlf);
  }
  return out;
}

std::optional<std::string> normalise_phone(std::string_view phone) {
  std::string out;
  for (std::size_t i = 0; i < phone.size(); ++i) {
    const char c = phone[i];
    if (c == ' ' || c == '-' || c == '.' || c == '(' || c == ')') continue;
    if (c == '+' && out.empty()) {
      out += c;
      continue;
    }
    if (c < '0' || c > '9') return std::nullopt;
    out += c;
  }
  const std::size_t digits = out.size() - (!out.empty() && out[0] == '+');
  if (digits < 3 || digits > 20) return std::nullopt;
  return out;
}

std::string sms_payload(std::string_view phone, std::string_view message) {
  std::string out = "SMSTO:";
  out += phone;
  out += ':';
  out += message;
  return out;
}

std::string wifi_escape(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (char c : value) {
    if (c == '\\' || c == ';' || c == ',' || c == ':' || c == '"') out += '\\';
    out += c;
  }
  return out;
}

bool looks_like_hex(std::string_view value) {
  if (value.empty()) return false;
  for (char c : value)
    if (!std::isxdigit(static_cast<unsigned char>(c))) return false;
  return true;
}

std::string wifi_field(std::string_view value) {
  const bool quoted = value.size() >= 2 && value.front() == '"' && value.back() == '"';
  if (!looks_like_hex(value) && !quoted) return wifi_escape(value);
  std::string out(1, '"');
  out += wifi_escape(value);
  out += '"';
  return out;
}

std::string wifi_payload(std::string_view encryption, std::string_view ssid, std::string_view password,
                         bool hidden) {
  std::string out = "WIFI:T:";
  out += encryption;
  out += ";S:" + wifi_field(ssid) + ";";
  if (!password.empty()) out += "P:" + wifi_field(password) + ";";
  if (hidden) out += "H:true;";
  out += ';';
  return out;
}

std::string ical_escape_text(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (char c : value) {
    switch (c) {
      case '\\': out += "\\\\"; break;
      case ';': out += "\\;"; break;
      case ',': out += "\\,"; break;
      case '\n': out += "\\n"; break;
      default: out += c;
    }
  }
  return out;
}

std::string fold_content_line(std::string_view line) {
  constexpr std::size_t kMaxOctets = 75;
  std::string out;
  out.reserve(line.size() + line.size() / 70 * 3 + 2);
  std::size_t used = 0;  // octets on the current physical line
  for (std::size_t i = 0; i < line.size();) {
    // One unit: a whole UTF-8 sequence, or a backslash with the character it escapes.
    std::size_t end = i;
    if (line[i] == '\\' && i + 1 < line.size()) ++end;
    utf8::next(line, end);
    const std::size_t n = end - i;
    if (used + n > kMaxOctets) {
      out += "\r\n ";
      used = 1;
    }
    out.append(line, i, n);
    used += n;
    i = end;
  }
  out += "\r\n";
  return out;
}

std::string vevent_payload(const EventFields& e) {
  std::string out = "BEGIN:VEVENT\r\n";
  out += fold_content_line("SUMMARY:" + ical_escape_text(e.title));
  if (!e.start.has_time) {
    out += "DTSTART;VALUE=DATE:" + to_ical(e.start) + "\r\n";
    if (e.end) out += "DTEND;VALUE=DATE:" + to_ical(add_days(*e.end, 1)) + "\r\n";
  } else {
    out += "DTSTART:" + to_ical(e.start) + "\r\n";
    if (e.end && compare(*e.end, e.start) != 0) out += "DTEND:" + to_ical(*e.end) + "\r\n";
  }
  if (!e.location.empty()) out += fold_content_line("LOCATION:" + ical_escape_text(e.location));
  out += "END:VEVENT\r\n";
  return out;
}

bool is_complete_vcard(std::string_view text) {
  auto iequals = [](std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
      if (std::toupper(static_cast<unsigned char>(a[i])) != std::toupper(static_cast<unsigned char>(b[i]))) return false;
    return true;
  };
  constexpr std::string_view begin = "BEGIN:VCARD", end = "END:VCARD";
  if (text.size() < begin.size() + end.size() + 1 || !iequals(text.substr(0, begin.size()), begin)) return false;
  const char after_begin = text[begin.size()];
  if (after_begin != '\r' && after_begin != '\n') return false;
  if (!text.empty() && text.back() == '\n') text.remove_suffix(1);
  if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
  return text.size() >= end.size() && iequals(text.substr(text.size() - end.size()), end);
}

std::string vcard_crlf(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 16 + 2);
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') continue;  // the LF writes CRLF
    if (text[i] == '\n') out += "\r\n";
    else out += text[i];
  }
  if (out.size() < 2 || out.compare(out.size() - 2, 2, "\r\n") != 0) out += "\r\n";
  return out;
}

std::string vcard_escape_text(std::string_view value) {
  // The same four escapes as RFC 5545 TEXT.
  return ical_escape_text(value);
}

std::string vcard_payload(const VcardFields& c) {
  std::string out = "BEGIN:VCARD\r\nVERSION:3.0\r\n";
  out += fold_content_line("N:" + vcard_escape_text(c.last_name) + ";" + vcard_escape_text(c.first_name) + ";;;");
  std::string fn = c.first_name;
  if (!c.last_name.empty()) fn += (fn.empty() ? "" : " ") + c.last_name;
  if (fn.empty()) fn = c.organization;
  out += fold_content_line("FN:" + vcard_escape_text(fn));
  if (!c.organization.empty()) out += fold_content_line("ORG:" + vcard_escape_text(c.organization));
  if (!c.job_title.empty()) out += fold_content_line("TITLE:" + vcard_escape_text(c.job_title));
  for (const auto& p : c.phones)
    out += fold_content_line((p.type.empty() ? "TEL:" : "TEL;TYPE=" + p.type + ":") + p.number);
  for (const auto& e : c.emails) out += fold_content_line("EMAIL;TYPE=INTERNET:" + vcard_escape_text(e));
  if (!c.website.empty()) {
    std::string url;
    for (char ch : c.website) {
      if (ch == ',') url += "%2C";
      else if (ch == ';') url += "%3B";
      else url += ch;
    }
    out += fold_content_line("URL:" + url);
  }
  if (!c.address.empty()) {
    const VcardAddress& a = c.address;
    out += fold_content_line("ADR:;;" + vcard_escape_text(a.street) + ";" + vcard_escape_text(a.city) + ";" +
                             vcard_escape_text(a.region) + ";" + vcard_escape_text(a.postal_code) + ";" +
                             vcard_escape_text(a.country));
  }
  if (!c.note.empty()) out += fold_content_line("NOTE:" + vcard_escape_text(c.note));
  out += "END:VCARD\r\n";
  return out;
}

}  // namespace qredge
