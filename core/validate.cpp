// SPDX-License-Identifier: MIT
// The validate stage (API.md §1–1.4): request text -> ValidatedBatch. The order of checks is
// fixed so that the error reported for an item (the first problem found) is deterministic:
// strings (UTF-8, control characters) -> item fields -> `kind` value -> target (unknown
// fields, `type`, detection, fields allowed, per-type rules) -> kind vs type -> metadata ->
// capacity. Object members are visited in key order (nlohmann::json keeps keys sorted).
// docs/validation.md lists every code and every decision taken where API.md is silent.
#include "validate.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>
#include <initializer_list>
#include <string_view>
#include <vector>

#include "encode.hpp"
#include "frame_parse.hpp"
#include "json_text.hpp"
#include "json_type_name.hpp"
#include "payload.hpp"
#include "url.hpp"
#include "text.hpp"
#include "utf8.hpp"

namespace qredge {
namespace {

using nlohmann::json;
using Names = std::vector<std::string_view>;


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

// " Did you mean `x`?" for a near miss, or "".
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

// Leading and trailing spaces, tabs and line feeds removed (as the WHATWG URL parser does).
std::string trim_ascii_space(std::string_view s) {
  const std::size_t first = s.find_first_not_of(" \t\n");
  if (first == std::string_view::npos) return {};
  const std::size_t last = s.find_last_not_of(" \t\n");
  return std::string(s.substr(first, last - first + 1));
}

// A member name as shown in a message: hostile names can be megabytes long (the path keeps
// the whole name; the message does not need to).
std::string short_name(std::string_view key) {
  if (key.size() <= 60) return std::string(key);
  std::size_t cut = 60;
  while (cut > 0 && (static_cast<unsigned char>(key[cut]) & 0xC0) == 0x80) --cut;
  return concat(key.substr(0, cut), "…");
}

// Shortens a value quoted in a message.
std::string quote(std::string_view s, std::size_t max = 60) {
  if (s.size() <= max) return concat("\"", s, "\"");
  std::size_t cut = max;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;  // whole characters
  return concat("\"", s.substr(0, cut), "…\"");
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

// UTF-8 and control characters in one string (a value or a member name). With `crlf`
// (a vcard target's `destination`, API.md §7.1) a CR directly before a LF is allowed too.
std::optional<Error> check_string(std::string_view s, const std::string& path, bool is_key, bool crlf = false) {
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

// First string problem inside `j` (depth already bounded by the caller), in key order.
// `crlf_path`: the one string that may hold CRLF line breaks (or "").
std::optional<Error> check_strings(const json& j, const std::string& path, const std::string& crlf_path = {}) {
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

// Nesting depth of a parsed value, iteratively; stops counting past `limit`.
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

std::string nesting_message(std::string_view where) {
  return "the request nests arrays and objects more than " + std::to_string(kMaxNestingDepth) +
         " levels deep" + std::string(where) + "; no valid request needs that";
}

// Numeric-mode capacity of version 40: nothing longer can fit, whatever its characters.
std::size_t numeric_capacity(Ecc ecc) {
  switch (ecc) {
    case Ecc::L: return 7089;
    case Ecc::M: return 5596;
    case Ecc::Q: return 3993;
    case Ecc::H: return 3057;
  }
  return 0;
}

// ---------------------------------------------------------------------------------------------
// Targets

const Names kItemFields = {"target", "kind", "name", "folder_id", "tags"};
const Names kTargetFields = {"type",  "destination", "text",  "email",    "subject", "message",
                                 "phone", "ssid",        "password", "encryption", "hidden", "title",
                                 "location", "start",    "end",   "utm", "first_name", "last_name",
                                 "organization", "job_title", "phones", "emails", "website", "address", "note"};
// The structured vCard (API.md §7.1); `destination` is the raw form.
const Names kVcardStructuredFields = {"first_name", "last_name", "organization", "job_title", "phones",
                                      "emails",     "website",   "address",      "note"};
const Names kVcardAddressFields = {"street", "city", "region", "postal_code", "country"};
const Names kVcardPhoneFields = {"number", "type"};

// The first member of a structured vCard part (`where`: "a phone", "`address`") that is not
// one of `fields`, as an `unknown_field` error naming the part's fields (`label`).
std::optional<Error> unknown_member(const json& part, const std::string& path, const Names& fields,
                                    const std::string& where, const char* label) {
  for (const auto& [key, value] : part.items()) {
    (void)value;
    if (!contains(fields, key))
      return Error{json_pointer_append(path, key), "unknown_field",
                   "unknown field `" + short_name(key) + "` in " + where + "." + suggestion(key, fields) + " " + label +
                       " fields: " + list_names(fields) + "."};
  }
  return std::nullopt;
}
const Names kVcardPhoneTypes = {"cell", "home", "work", "fax", "pager", "voice"};
const Names kUtmFields = {"source", "medium", "campaign", "term", "content"};
const Names kTypes = {"url", "text", "email", "sms", "wifi", "event", "vcard"};
const Names kTopLevelFields = {"items", "design", "template_id", "output"};
const Names kPreEncodedFields = {"type", "destination"};

const Names& fields_of(std::string_view type) {
  static const Names url = {"type", "destination", "utm"}, text = {"type", "text"},
                         email = {"type", "email", "subject", "message"}, sms = {"type", "phone", "message"},
                         wifi = {"type", "ssid", "password", "encryption", "hidden"},
                         event = {"type", "title", "start", "end", "location"},
                     vcard = {"type",      "destination", "first_name", "last_name", "organization", "job_title",
                              "phones",    "emails",      "website",    "address",   "note"};
  if (type == "url") return url;
  if (type == "text") return text;
  if (type == "email") return email;
  if (type == "sms") return sms;
  if (type == "wifi") return wifi;
  if (type == "event") return event;
  return vcard;
}

// The type a field points to when `type` is absent (API.md §1.1), or "".
std::string_view detected_by(std::string_view field) {
  if (field == "destination") return "url";
  if (field == "ssid") return "wifi";
  if (field == "email") return "email";
  if (field == "phone") return "sms";
  if (field == "title" || field == "start") return "event";
  if (field == "text") return "text";
  if (field == "first_name" || field == "last_name" || field == "organization") return "vcard";
  return {};
}

struct TargetOut {
  std::string payload;
  std::string payload_path;  // where a capacity problem is reported
};

class TargetValidator {
 public:
  TargetValidator(const json& target, std::string path) : t_(target), path_(std::move(path)) {}

  // Sets `type` as soon as it is known (also when a later check fails).
  Result<TargetOut> run(std::string& type) {
    for (const auto& [key, value] : t_.items()) {
      (void)value;
      if (!contains(kTargetFields, key))
        return Error{at(key), "unknown_field",
                     "unknown field `" + short_name(key) + "` in the target." + suggestion(key, kTargetFields) +
                         " Target fields: " + list_names(kTargetFields) + "."};
    }
    if (t_.contains("type")) {
      const json& ty = t_["type"];
      if (!ty.is_string())
        return Error{at("type"), "invalid_type", "`type` must be a string, not " + std::string(json_type_name(ty))};
      const std::string& s = ty.get_ref<const std::string&>();
      if (!contains(kTypes, s))
        return Error{at("type"), "invalid_value",
                     quote(s) + " is not a target type." + suggestion(s, kTypes) + " Types: " + list_names(kTypes) + "."};
      type = s;
    } else {
      std::vector<std::pair<std::string, std::string_view>> found;  // field, type
      for (const auto& [key, value] : t_.items()) {
        (void)value;
        const auto ty = detected_by(key);
        if (ty.empty()) continue;
        if (std::none_of(found.begin(), found.end(), [&](const auto& f) { return f.second == ty; }))
          found.emplace_back(key, ty);
      }
      if (found.empty())
        return Error{path_, "required",
                     "the target type cannot be detected: give `type`, or one of `destination` (url), `text`, "
                     "`email`, `phone` (sms), `ssid` (wifi), `title` or `start` (event), `first_name`, `last_name` or "
                     "`organization` (vcard)"};
      if (found.size() > 1) {
        std::string which;
        for (const auto& [field, ty] : found) {
          if (!which.empty()) which += ", ";
          which += "`" + field + "` (" + std::string(ty) + ")";
        }
        return Error{path_, "ambiguous_target",
                     "the target has fields of different types: " + which +
                         "; set `type` or remove the fields that do not belong"};
      }
      type = std::string(found.front().second);
    }
    pre_encoded_ = t_.contains("destination") && type != "url" && type != "vcard";
    type_ = type;
    const Names& allowed = pre_encoded_ ? kPreEncodedFields : fields_of(type);
    for (const auto& [key, value] : t_.items()) {
      (void)value;
      if (contains(allowed, key) && !(type == "vcard" && t_.contains("destination") && contains(kVcardStructuredFields, key)))
        continue;
      std::string msg;
      if (type == "vcard" && contains(allowed, key))
        msg = "`" + key + "` cannot be combined with `destination`: a vcard target takes either a complete vCard text in "
              "`destination` or the structured fields (`first_name`, `last_name`, `organization`, …)";
      else if (key == "utm") msg = "`utm` is allowed on url targets only; this target is " + article(type);
      else if (pre_encoded_)
        msg = "`" + key + "` cannot be combined with `destination`: " + article(type) +
              " target with `destination` is a pre-encoded payload, written as is";
      else
        msg = "`" + key + "` does not belong to " + article(type) + " target, which takes " +
              list_names(fields_of(type));
      return Error{at(key), "field_not_allowed", msg};
    }
    if (pre_encoded_) return pre_encoded();
    if (type == "url") return url();
    if (type == "text") return text();
    if (type == "email") return email();
    if (type == "sms") return sms();
    if (type == "wifi") return wifi();
    if (type == "event") return event();
    return vcard();
  }

 private:
  static std::string article(std::string_view type) {
    return (type == "email" || type == "event" || type == "sms" ? "an " : "a ") + std::string(type);
  }

  std::string at(std::string_view key) const { return json_pointer_append(path_, std::string(key)); }

  // A string member: nullopt when absent and optional; an error for wrong types and for an
  // empty or too long value (`max_chars` counts characters, `max_bytes` bytes; 0 = no limit).
  Result<std::optional<std::string>> string_field(std::string_view key, bool required, std::size_t max_chars = 0,
                                                  std::size_t max_bytes = 0, bool allow_empty = true) {
    const std::string k(key);
    if (!t_.contains(k)) {
      if (required) return Error{path_, "required", "`" + k + "` is required for " + article(type_) + " target"};
      return std::optional<std::string>{};
    }
    const json& v = t_[k];
    if (!v.is_string())
      return Error{at(key), "invalid_type", "`" + k + "` must be a string, not " + std::string(json_type_name(v))};
    const std::string& s = v.get_ref<const std::string&>();
    if (s.empty() && (required || !allow_empty)) return Error{at(key), "too_short", "`" + k + "` is empty"};
    if (max_bytes && s.size() > max_bytes)
      return Error{at(key), "too_long",
                   "`" + k + "` is " + std::to_string(s.size()) + " bytes long; at most " + std::to_string(max_bytes) +
                       " are allowed"};
    if (max_chars) {
      const std::size_t n = utf8::count_code_points(s);
      if (n > max_chars)
        return Error{at(key), "too_long",
                     "`" + k + "` is " + std::to_string(n) + " characters long; at most " + std::to_string(max_chars) +
                         " are allowed"};
    }
    return std::optional<std::string>{s};
  }

  Result<TargetOut> pre_encoded() {
    auto d = string_field("destination", true);
    if (!d) return d.error();
    return TargetOut{**d, at("destination")};
  }

  Result<TargetOut> url() {
    auto d = string_field("destination", true, 0, kMaxUrlBytes);
    if (!d) return d.error();
    const std::string dest = trim_ascii_space(**d);
    if (dest.empty()) return Error{at("destination"), "too_short", "`destination` holds only spaces"};
    auto parsed = parse_http_url(dest);
    if (!parsed) {
      Error e = parsed.error();
      e.path = at("destination");
      if (e.code == "unsupported_scheme" || e.code == "invalid_url") {
        if (dest.size() >= 11 && (dest.compare(0, 11, "BEGIN:VCARD") == 0 || dest.compare(0, 11, "begin:vcard") == 0))
          e.message += "; for a vCard set \"type\": \"vcard\"";
        else if (e.code == "unsupported_scheme")
          e.message += "; to encode other content as is, give the matching `type` (e.g. \"text\") with `destination`";
      }
      return e;
    }
    std::vector<std::pair<std::string, std::string>> params;
    if (t_.contains("utm")) {
      const json& utm = t_["utm"];
      const std::string up = at("utm");
      if (!utm.is_object())
        return Error{up, "invalid_type", "`utm` must be an object like {\"source\": \"…\"}, not " + std::string(json_type_name(utm))};
      for (const auto& [key, value] : utm.items()) {
        const std::string kp = json_pointer_append(up, key);
        if (!contains(kUtmFields, key))
          return Error{kp, "unknown_field",
                       "unknown field `" + short_name(key) + "` in `utm`." + suggestion(key, kUtmFields) +
                           " UTM fields: " + list_names(kUtmFields) + "."};
        if (!value.is_string())
          return Error{kp, "invalid_type", "`utm." + key + "` must be a string, not " + std::string(json_type_name(value))};
      }
      for (auto key : kUtmFields) {
        const std::string k(key);
        if (utm.contains(k)) params.emplace_back("utm_" + k, utm[k].get<std::string>());
      }
    }
    return TargetOut{merge_query_parameters(*parsed, params), at("destination")};
  }

  Result<TargetOut> text() {
    auto t = string_field("text", true);
    if (!t) return t.error();
    return TargetOut{**t, at("text")};
  }

  Result<TargetOut> email() {
    auto address = string_field("email", true);
    if (!address) return address.error();
    auto subject = string_field("subject", false, kMaxSubjectChars);
    if (!subject) return subject.error();
    auto body = string_field("message", false, kMaxEmailMessageChars);
    if (!body) return body.error();
    const std::string trimmed = trim_ascii_space(**address);
    if (trimmed.empty()) return Error{at("email"), "too_short", "`email` holds only spaces"};
    auto mailto = mailto_address(trimmed);
    if (!mailto) return Error{at("email"), mailto.error().code, mailto.error().message};
    const std::string subj = subject->value_or("");
    if (subj.find('\n') != std::string::npos)
      return Error{at("subject"), "invalid_value", "`subject` cannot contain line breaks; put them in `message`"};
    return TargetOut{mailto_payload(*mailto, subj, body->value_or("")), path_};
  }

  Result<TargetOut> sms() {
    auto phone = string_field("phone", true);
    if (!phone) return phone.error();
    auto message = string_field("message", false, kMaxSmsMessageChars);
    if (!message) return message.error();
    auto normal = normalise_phone(**phone);
    if (!normal)
      return Error{at("phone"), "invalid_phone",
                   quote(**phone) + " is not a phone number: without spaces, dashes, dots and parentheses it must be "
                                    "an optional + followed by 3 to 20 digits"};
    return TargetOut{sms_payload(*normal, message->value_or("")), path_};
  }

  Result<TargetOut> wifi() {
    auto ssid = string_field("ssid", true);
    if (!ssid) return ssid.error();
    if ((*ssid)->size() > 32)
      return Error{at("ssid"), "too_long",
                   "`ssid` is " + std::to_string((*ssid)->size()) + " bytes long in UTF-8; a network name holds at most 32"};
    auto password = string_field("password", false);
    if (!password) return password.error();
    std::string encryption;
    if (t_.contains("encryption")) {
      const json& e = t_["encryption"];
      if (!e.is_string())
        return Error{at("encryption"), "invalid_type", "`encryption` must be a string, not " + std::string(json_type_name(e))};
      encryption = e.get<std::string>();
      if (encryption != "WPA" && encryption != "WEP" && encryption != "nopass") {
        std::string hint = suggestion(encryption, {"WPA", "WEP", "nopass"});
        if (hint.empty() && encryption.size() >= 3 && (encryption.compare(0, 3, "WPA") == 0 || encryption.compare(0, 3, "wpa") == 0))
          hint = " Use \"WPA\" for WPA, WPA2 and WPA3 networks.";
        return Error{at("encryption"), "invalid_value",
                     quote(encryption) + " is not an encryption type." + hint + " Use \"WPA\", \"WEP\" or \"nopass\"."};
      }
    }
    bool hidden = false;
    if (t_.contains("hidden")) {
      const json& h = t_["hidden"];
      if (!h.is_boolean())
        return Error{at("hidden"), "invalid_type", "`hidden` must be true or false, not " + std::string(json_type_name(h))};
      hidden = h.get<bool>();
    }
    const std::string pass = password->value_or("");
    if (encryption.empty()) encryption = pass.empty() ? "nopass" : "WPA";
    if (encryption == "nopass" && !pass.empty())
      return Error{at("password"), "invalid_value",
                   "an open network (`encryption` \"nopass\") has no password; remove `password` or set `encryption` "
                   "to \"WPA\" or \"WEP\""};
    if (encryption != "nopass" && pass.empty())
      return Error{password->has_value() ? at("password") : path_, password->has_value() ? "too_short" : "required",
                   "a " + encryption + " network needs a `password`" +
                       (encryption == "WPA" ? std::string(" of 8 to 63 characters") : std::string())};
    if (encryption == "WPA") {
      const std::size_t n = utf8::count_code_points(pass);
      if (n < 8 || n > 63)
        return Error{at("password"), n < 8 ? "too_short" : "too_long",
                     "a WPA password has 8 to 63 characters; this one has " + std::to_string(n)};
    }
    return TargetOut{wifi_payload(encryption, **ssid, pass, hidden), path_};
  }

  Result<DateTime> date_field(std::string_view key) {
    auto s = string_field(key, key == "start");
    if (!s) return s.error();
    auto dt = parse_iso8601(**s);
    if (!dt) return Error{at(key), dt.error().code, "`" + std::string(key) + "`: " + dt.error().message};
    return *dt;
  }

  Result<TargetOut> event() {
    auto title = string_field("title", true, kMaxTitleChars);
    if (!title) return title.error();
    auto start = date_field("start");
    if (!start) return start.error();
    EventFields ev;
    ev.title = **title;
    ev.start = *start;
    if (t_.contains("end")) {
      auto end = date_field("end");
      if (!end) return end.error();
      const DateTime& s = *start;
      const DateTime& e = *end;
      auto shown = [](const DateTime& d) {
        std::string out = to_display(d);
        if (d.utc && d.given != out && d.given.back() != 'Z') out += ", given as " + d.given;
        return out;
      };
      if (s.has_time != e.has_time)
        return Error{at("end"), "invalid_value",
                     "`end` (" + e.given + ") is a " + (e.has_time ? "date-time" : "date") + " but `start` (" + s.given +
                         ") is a " + (s.has_time ? "date-time" : "date") +
                         "; give both as dates (an all-day event) or both as date-times"};
      if (s.utc != e.utc)
        return Error{at("end"), "invalid_value",
                     std::string("`") + (e.utc ? "end" : "start") + "` has a UTC offset but `" + (e.utc ? "start" : "end") +
                         "` has none (a floating local time); give an offset on both or on neither"};
      if (compare(e, s) < 0)
        return Error{at("end"), "end_before_start",
                     "`end` (" + shown(e) + ") is before `start` (" + shown(s) + ")"};
      if (!e.has_time && e.year == 9999 && e.month == 12 && e.day == 31)
        return Error{at("end"), "out_of_range", "an all-day event cannot end on 9999-12-31 (its DTEND would be in year 10000)"};
      ev.end = e;
    }
    auto location = string_field("location", false, kMaxLocationChars);
    if (!location) return location.error();
    ev.location = location->value_or("");
    return TargetOut{vevent_payload(ev), path_};
  }

  // A string member of `obj` at `path` (the structured vCard's nested objects): nullopt when
  // absent; an error for a wrong type or more than `max_chars` characters.
  static Result<std::optional<std::string>> nested_string(const json& obj, const std::string& path, std::string_view key,
                                                          std::size_t max_chars) {
    const std::string k(key);
    if (!obj.contains(k)) return std::optional<std::string>{};
    const json& v = obj[k];
    const std::string p = json_pointer_append(path, k);
    if (!v.is_string()) return Error{p, "invalid_type", "`" + k + "` must be a string, not " + std::string(json_type_name(v))};
    const std::string& str = v.get_ref<const std::string&>();
    const std::size_t n = utf8::count_code_points(str);
    if (n > max_chars)
      return Error{p, "too_long",
                   "`" + k + "` is " + std::to_string(n) + " characters long; at most " + std::to_string(max_chars) +
                       " are allowed"};
    return std::optional<std::string>{str};
  }

  // An array member of strings or objects: nullopt when absent.
  Result<const json*> array_field(std::string_view key, std::size_t max_items, const char* of) {
    const std::string k(key);
    if (!t_.contains(k)) return static_cast<const json*>(nullptr);
    const json& a = t_[k];
    if (!a.is_array())
      return Error{at(key), "invalid_type", "`" + k + "` must be an array of " + of + ", not " + std::string(json_type_name(a))};
    if (a.size() > max_items)
      return Error{at(key), "too_long",
                   "`" + k + "` holds " + std::to_string(a.size()) + " entries; at most " + std::to_string(max_items) +
                       " are allowed"};
    return &a;
  }

  Result<TargetOut> vcard_structured() {
    VcardFields card;
    struct Text {
      std::string_view key;
      std::size_t max;
      std::string* out;
    };
    for (const Text& f : {Text{"first_name", kMaxVcardTextChars, &card.first_name},
                          Text{"last_name", kMaxVcardTextChars, &card.last_name},
                          Text{"organization", kMaxVcardTextChars, &card.organization},
                          Text{"job_title", kMaxVcardTextChars, &card.job_title},
                          Text{"note", kMaxVcardNoteChars, &card.note}}) {
      auto v = string_field(f.key, false, f.max);
      if (!v) return v.error();
      *f.out = v->value_or("");
    }
    if (card.first_name.empty() && card.last_name.empty() && card.organization.empty())
      return Error{path_, "required",
                   "a structured vcard target needs a non-empty `first_name`, `last_name` or `organization` (the "
                   "card's display name)"};
    auto phones = array_field("phones", kMaxVcardEntries, "objects like {\"number\": \"+49 30 1234567\", \"type\": \"cell\"}");
    if (!phones) return phones.error();
    if (*phones) {
      for (std::size_t i = 0; i < (*phones)->size(); ++i) {
        const json& ph = (**phones)[i];
        const std::string pp = json_pointer_append(at("phones"), i);
        if (!ph.is_object())
          return Error{pp, "invalid_type",
                       "a phone must be an object like {\"number\": \"+49 30 1234567\", \"type\": \"cell\"}, not " +
                           std::string(json_type_name(ph))};
        if (auto e = unknown_member(ph, pp, kVcardPhoneFields, "a phone", "Phone")) return *e;
        if (!ph.contains("number")) return Error{pp, "required", "a phone needs its `number`"};
        auto number = nested_string(ph, pp, "number", 64);
        if (!number) return number.error();
        auto normal = normalise_phone(**number);
        if (!normal)
          return Error{pp + "/number", "invalid_phone",
                       quote(**number) + " is not a phone number: without spaces, dashes, dots and parentheses it must "
                                         "be an optional + followed by 3 to 20 digits"};
        auto type = nested_string(ph, pp, "type", 16);
        if (!type) return type.error();
        std::string upper;
        if (type->has_value()) {
          if (!contains(kVcardPhoneTypes, **type))
            return Error{pp + "/type", "invalid_value",
                         quote(**type) + " is not a phone type." + suggestion(**type, kVcardPhoneTypes) +
                             " Types: " + list_names(kVcardPhoneTypes) + "."};
          for (char c : **type) upper += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        }
        card.phones.push_back(VcardPhone{*normal, upper});
      }
    }
    auto emails = array_field("emails", kMaxVcardEntries, "address strings");
    if (!emails) return emails.error();
    if (*emails) {
      for (std::size_t i = 0; i < (*emails)->size(); ++i) {
        const json& e = (**emails)[i];
        const std::string ep = json_pointer_append(at("emails"), i);
        if (!e.is_string())
          return Error{ep, "invalid_type", "an email address must be a string, not " + std::string(json_type_name(e))};
        const std::string trimmed = trim_ascii_space(e.get_ref<const std::string&>());
        if (trimmed.empty()) return Error{ep, "too_short", "an email address cannot be empty"};
        auto checked = mailto_address(trimmed);
        if (!checked) return Error{ep, checked.error().code, checked.error().message};
        card.emails.push_back(trimmed);
      }
    }
    auto website = string_field("website", false, 0, kMaxUrlBytes);
    if (!website) return website.error();
    if (website->has_value() && !trim_ascii_space(**website).empty()) {
      auto parsed = parse_http_url(trim_ascii_space(**website));
      if (!parsed) return Error{at("website"), parsed.error().code, "`website`: " + parsed.error().message};
      card.website = parsed->serialise();
    }
    if (t_.contains("address")) {
      const json& a = t_["address"];
      const std::string ap = at("address");
      if (!a.is_object())
        return Error{ap, "invalid_type",
                     "`address` must be an object like {\"street\": \"…\", \"city\": \"…\"}, not " +
                         std::string(json_type_name(a))};
      if (auto e = unknown_member(a, ap, kVcardAddressFields, "`address`", "Address")) return *e;
      VcardAddress& out = card.address;
      const std::pair<std::string_view, std::string*> parts[] = {{"street", &out.street}, {"city", &out.city},
                                                                  {"region", &out.region}, {"postal_code", &out.postal_code},
                                                                  {"country", &out.country}};
      for (auto [key, dst] : parts) {
        auto v = nested_string(a, ap, key, kMaxVcardTextChars);
        if (!v) return v.error();
        *dst = v->value_or("");
      }
    }
    return TargetOut{vcard_payload(card), path_};
  }

  Result<TargetOut> vcard() {
    if (!t_.contains("destination")) {
      for (auto key : kVcardStructuredFields)
        if (t_.contains(std::string(key))) return vcard_structured();
    }
    auto d = string_field("destination", true);
    if (!d) return d.error();
    if (!is_complete_vcard(**d))
      return Error{at("destination"), "invalid_value",
                   "a vcard target's `destination` must be a complete vCard: text that starts with a BEGIN:VCARD line "
                   "and ends with END:VCARD"};
    return TargetOut{vcard_crlf(**d), at("destination")};
  }

  const json& t_;
  std::string path_;
  std::string type_;
  bool pre_encoded_ = false;
};

// ---------------------------------------------------------------------------------------------
// Items

ValidatedItem validate_item(const json& item, std::size_t index, Ecc ecc, const ValidateOptions& options) {
  ValidatedItem it;
  it.index = index;
  const std::string p = json_pointer_append("/items", index);
  auto fail = [&](std::string path, std::string code, std::string message) {
    it.error = Error{std::move(path), std::move(code), std::move(message)};
    it.ok = false;
    return it;
  };
  if (!item.is_object())
    return fail(p, "invalid_type", "an item must be an object like {\"target\": {…}}, not " + std::string(json_type_name(item)));
  // vcard is never detected, so an explicit `type` decides where CRLF may appear.
  const bool vcard_type = item.contains("target") && item["target"].is_object() && item["target"].contains("type") &&
                          item["target"]["type"] == "vcard";
  if (auto e = check_strings(item, p, vcard_type ? p + "/target/destination" : std::string())) {
    it.error = *e;
    return it;
  }
  for (const auto& [key, value] : item.items()) {
    (void)value;
    if (!contains(kItemFields, key))
      return fail(json_pointer_append(p, key), "unknown_field",
                  "unknown field `" + short_name(key) + "` in the item." + suggestion(key, kItemFields) +
                      " Item fields: " + list_names(kItemFields) + "." +
                      (contains(kTargetFields, key) ? " Target fields such as `" + key + "` go inside `target`." : ""));
  }
  std::string kind;
  if (item.contains("kind")) {
    const json& k = item["kind"];
    if (!k.is_string())
      return fail(p + "/kind", "invalid_type", "`kind` must be a string, not " + std::string(json_type_name(k)));
    kind = k.get<std::string>();
    if (kind != "dynamic" && kind != "static")
      return fail(p + "/kind", "invalid_value", quote(kind) + " is not a kind; use \"dynamic\" or \"static\"");
  }
  if (!item.contains("target"))
    return fail(p, "required", "`target` is required: an object such as {\"destination\": \"https://example.com\"}");
  const json& target = item["target"];
  if (!target.is_object())
    return fail(p + "/target", "invalid_type", "`target` must be an object, not " + std::string(json_type_name(target)));
  it.target = target;
  TargetValidator tv(target, p + "/target");
  auto out = tv.run(it.type);
  if (!out) {
    it.error = out.error();
    if (!it.type.empty()) it.kind = kind.empty() ? (it.type == "url" && options.dynamic_available ? "dynamic" : "static") : kind;
    return it;
  }
  it.payload = std::move(out->payload);
  if (kind == "dynamic") {
    if (it.type != "url")
      return fail(p + "/kind", "unsupported_kind",
                  "only url targets can be dynamic; " + it.type + " codes are always static (remove `kind`)");
    if (!options.dynamic_available)
      return fail(p + "/kind", "unsupported_kind",
                  "dynamic codes need the hosted API (a public redirect base); this engine makes static codes only: "
                  "remove `kind` or set it to \"static\"");
  }
  it.kind = kind.empty() ? (it.type == "url" && options.dynamic_available ? "dynamic" : "static") : kind;
  // Metadata (API.md §1.4).
  if (item.contains("name")) {
    const json& n = item["name"];
    if (!n.is_string()) return fail(p + "/name", "invalid_type", "`name` must be a string, not " + std::string(json_type_name(n)));
    const std::size_t chars = utf8::count_code_points(n.get_ref<const std::string&>());
    if (chars > kMaxNameChars)
      return fail(p + "/name", "too_long",
                  "`name` is " + std::to_string(chars) + " characters long; at most " + std::to_string(kMaxNameChars) +
                      " are allowed");
    it.name = n.get<std::string>();
  }
  if (item.contains("folder_id")) {
    const json& f = item["folder_id"];
    if (!f.is_string())
      return fail(p + "/folder_id", "invalid_type", "`folder_id` must be a string, not " + std::string(json_type_name(f)));
    const std::string& s = f.get_ref<const std::string&>();
    if (utf8::count_code_points(s) > kMaxFolderIdChars)
      return fail(p + "/folder_id", "too_long",
                  "`folder_id` is " + std::to_string(utf8::count_code_points(s)) + " characters long; at most " +
                      std::to_string(kMaxFolderIdChars) + " are allowed");
    for (char c : s) {
      if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '-')
        return fail(p + "/folder_id", "invalid_folder_id",
                    quote(s) + " is not a folder id: use only letters A–Z and a–z, digits, \"_\" and \"-\"");
    }
    it.folder_id = s;
  }
  if (item.contains("tags")) {
    const json& tags = item["tags"];
    if (!tags.is_array())
      return fail(p + "/tags", "invalid_type", "`tags` must be an array of strings, not " + std::string(json_type_name(tags)));
    if (tags.size() > kMaxTags)
      return fail(p + "/tags", "too_long",
                  "`tags` holds " + std::to_string(tags.size()) + " tags; at most " + std::to_string(kMaxTags) +
                      " are allowed");
    for (std::size_t i = 0; i < tags.size(); ++i) {
      const std::string tp = json_pointer_append(p + "/tags", i);
      if (!tags[i].is_string())
        return fail(tp, "invalid_type", "a tag must be a string, not " + std::string(json_type_name(tags[i])));
      const std::string& s = tags[i].get_ref<const std::string&>();
      const std::size_t chars = utf8::count_code_points(s);
      if (chars == 0) return fail(tp, "too_short", "a tag cannot be empty");
      if (chars > kMaxTagChars)
        return fail(tp, "too_long",
                    "the tag is " + std::to_string(chars) + " characters long; at most " + std::to_string(kMaxTagChars) +
                        " are allowed");
      if (std::find(it.tags.begin(), it.tags.end(), s) != it.tags.end())
        return fail(tp, "duplicate_tag", "the tag " + quote(s) + " appears more than once");
      it.tags.push_back(s);
    }
  }
  // Capacity: only static codes carry the payload itself.
  const std::size_t limit = max_payload_bytes(ecc, needs_utf8_eci(it.payload));
  if (it.kind == "static" && it.payload.size() > limit) {
    bool fits = false;
    if (it.payload.size() <= numeric_capacity(ecc)) fits = encode(it.payload, ecc).ok();
    if (!fits)
      return fail(out->payload_path, "data_too_long",
                  "the " + it.type + " payload is " + std::to_string(it.payload.size()) +
                      " bytes; a QR code at error correction " + to_string(ecc) + " holds at most " +
                      std::to_string(limit) +
                      " bytes of text (more only for digits and upper-case letters). Shorten the content or lower "
                      "`design.error_correction`" +
                      (ecc == Ecc::H ? " (a logo raises it to H)" : ""));
  }
  it.ok = true;
  return it;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Requests

ValidatedBatch validate_batch_text(std::string_view text, const ValidateOptions& options) {
  ValidatedBatch b;
  auto fail = [&](std::string code, std::string message) {
    b.errors.push_back(Error{"", std::move(code), std::move(message)});
    return b;
  };
  auto where = [&](std::size_t offset) {
    const auto lc = utf8::line_column(text, offset);
    return "line " + std::to_string(lc.line) + ", column " + std::to_string(lc.column);
  };
  if (text.find_first_not_of(" \t\r\n") == std::string_view::npos)
    return fail("invalid_json", "the request is empty; send a JSON object such as {\"items\": [{\"target\": {…}}]}");
  const std::size_t bad = utf8::find_invalid(text);
  if (bad != utf8::npos) {
    char hex[8];
    std::snprintf(hex, sizeof hex, "0x%02X", static_cast<unsigned>(static_cast<unsigned char>(text[bad])));
    return fail("invalid_utf8", "the request is not valid UTF-8: byte " + std::string(hex) + " at " + where(bad) +
                                    " (byte offset " + std::to_string(bad) + ") starts an ill-formed sequence");
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
        if (++depth > kMaxNestingDepth) return fail("nesting_too_deep", nesting_message(" (at " + where(i) + ")"));
      } else if ((c == ']' || c == '}') && depth > 0) {
        --depth;
      }
    }
  }
  json j;
  try {
    j = json::parse(text.begin(), text.end());
  } catch (const json::parse_error& e) {
    std::string detail = e.what();
    const std::size_t pe = detail.find("parse error");
    const std::size_t colon = pe == std::string::npos ? std::string::npos : detail.find(": ", pe);
    if (colon != std::string::npos) detail = detail.substr(colon + 2);
    // nlohmann quotes the bytes it read so far of the bad token, which may stop inside a
    // character ("last read: '\xC3'"): the message must stay UTF-8 (found by fuzzing).
    detail = utf8::replace_invalid(detail);
    // nlohmann quotes the whole last token ("last read: '…'"), which may be megabytes long.
    if (detail.size() > 300) {
      std::size_t cut = 300;
      while (cut > 0 && (static_cast<unsigned char>(detail[cut]) & 0xC0) == 0x80) --cut;
      detail = detail.substr(0, cut) + "…";
    }
    const std::size_t offset = e.byte > 0 ? e.byte - 1 : 0;
    if (detail.find("surrogate") != std::string::npos)
      return fail("invalid_utf8", "the request holds a \\u escape that is not valid Unicode at " + where(offset) + ": " + detail);
    return fail("invalid_json", "the request is not valid JSON at " + where(offset) + ": " + detail);
  } catch (const json::exception& e) {
    return fail("invalid_json", "the request is not valid JSON: " + utf8::replace_invalid(e.what()));
  }
  return validate_batch(j, options);
}

ValidatedBatch validate_batch(const json& req, const ValidateOptions& options) {
  ValidatedBatch b;
  auto add = [&](std::string path, std::string code, std::string message) {
    b.errors.push_back(Error{std::move(path), std::move(code), std::move(message)});
  };
  if (!req.is_object()) {
    add("", "invalid_type",
        "the request must be a JSON object such as {\"items\": [{\"target\": {…}}]}, not " + std::string(json_type_name(req)));
    return b;
  }
  if (deeper_than(req, kMaxNestingDepth)) {
    add("", "nesting_too_deep", nesting_message(""));
    return b;
  }
  for (const auto& [key, value] : req.items()) {
    if (b.errors.size() >= kMaxRequestErrors) break;  // a flood of bad keys is one problem
    if (auto e = check_string(key, json_pointer_append("", key), true)) {
      b.errors.push_back(*e);
    } else if (!contains(kTopLevelFields, key)) {
      add(json_pointer_append("", key), "unknown_field",
          "unknown top-level field `" + short_name(key) + "`." + suggestion(key, kTopLevelFields) +
              " Request fields: " + list_names(kTopLevelFields) + "." +
              (contains(kItemFields, key) || contains(kTargetFields, key) ? " Item fields go inside `items`." : ""));
    } else if (key != "items") {
      if (auto e = check_strings(value, json_pointer_append("", key))) b.errors.push_back(*e);
    }
  }
  if (!req.contains("items")) {
    add("/items", "required", "`items` is required: an array of 1 to " + std::to_string(kMaxItems) + " items");
  } else if (const json& items = req["items"]; !items.is_array()) {
    add("/items", "invalid_type", "`items` must be an array, not " + std::string(json_type_name(items)));
  } else if (items.empty()) {
    add("/items", "too_few_items", "`items` is empty; a batch holds 1 to " + std::to_string(kMaxItems) + " items");
  } else if (items.size() > kMaxItems) {
    add("/items", "too_many_items",
        "`items` holds " + std::to_string(items.size()) + " items; a batch holds at most " + std::to_string(kMaxItems) +
            ": split it into several requests");
  }
  if (!b.ok()) return b;  // string problems in design/output would repeat below
  if (req.contains("template_id")) {
    // A template replaces `design` (API.md §1): a `design` sent with it is not used, so it is
    // not validated either (its https logo, for one, is never fetched by the host).
    const json& t = req["template_id"];
    if (!t.is_string()) {
      add("/template_id", "invalid_type", "`template_id` must be a string, not " + std::string(json_type_name(t)));
    } else {
      const std::string& id = t.get_ref<const std::string&>();
      b.template_id = id;
      if (!options.template_design) {
        add("/template_id", "template_not_found",
            "template " + quote(id) + " was not found; check the id, or send the design itself in `design`");
      } else {
        auto d = parse_design(*options.template_design, "/design");
        if (!d)
          add("/template_id", d.error().code,
              "the design saved in template " + quote(id) + " is not valid (" + d.error().path + "): " + d.error().message);
        else
          b.design = *d;
      }
    }
  } else if (req.contains("design")) {
    auto d = parse_design(req["design"], "/design");
    if (!d) b.errors.push_back(d.error());
    else b.design = *d;
  }
  if (req.contains("output")) {
    auto o = parse_output(req["output"], "/output");
    if (!o) b.errors.push_back(o.error());
    else b.output = *o;
  }
  if (b.ok())
    if (auto e = check_frame_output(b.design, b.output)) b.errors.push_back(*e);
  if (!b.ok()) return b;
  const json& items = req["items"];
  const Ecc ecc = b.design.effective_error_correction();
  b.items.reserve(items.size());
  for (std::size_t i = 0; i < items.size(); ++i) b.items.push_back(validate_item(items[i], i, ecc, options));
  return b;
}

json to_json(const Error& e) { return {{"path", e.path}, {"code", e.code}, {"message", e.message}}; }

json to_json(const ValidatedItem& it) {
  json j = {{"index", it.index}, {"ok", it.ok}, {"type", it.type}, {"kind", it.kind},
            {"payload", it.payload}, {"name", it.name}, {"folder_id", it.folder_id},
            {"tags", it.tags}, {"target", it.target}};
  if (it.error) j["error"] = to_json(*it.error);
  return j;
}

// The same text as to_json(b).dump(), written directly: for 1000 items, building and then
// destroying the DOM cost more than validating (native callgrind: 68 k of 85 k Ir per item).
// Keys in the order nlohmann's sorted objects dump them.
std::string to_json_text(const ValidatedBatch& b) {
  std::string out;
  out.reserve(256 + b.items.size() * 320);
  // `key` is the raw text before the value: separator, quoted name, colon.
  const auto text = [&out](const char* key, std::string_view value) {
    out.append(key);
    append_json_string(out, value);
  };
  const auto error_text = [&](const Error& e) {
    text("{\"code\":", e.code);
    text(",\"message\":", e.message);
    text(",\"path\":", e.path);
    out.push_back('}');
  };
  out.push_back('{');
  if (b.ok()) {
    out.append("\"design\":").append(to_json(b.design).dump());
    text(",\"effective_error_correction\":", to_string(b.design.effective_error_correction()));
    out.push_back(',');
  }
  out.append("\"errors\":[");
  for (std::size_t i = 0; i < b.errors.size(); ++i) {
    if (i) out.push_back(',');
    error_text(b.errors[i]);
  }
  out.append("],\"items\":[");
  for (std::size_t i = 0; i < b.items.size(); ++i) {
    const ValidatedItem& it = b.items[i];
    if (i) out.push_back(',');
    out.push_back('{');
    if (it.error) {
      out.append("\"error\":");
      error_text(*it.error);
      out.push_back(',');
    }
    text("\"folder_id\":", it.folder_id);
    out.append(",\"index\":");
    append_json_uint(out, it.index);
    text(",\"kind\":", it.kind);
    text(",\"name\":", it.name);
    text(it.ok ? ",\"ok\":true,\"payload\":" : ",\"ok\":false,\"payload\":", it.payload);
    out.append(",\"tags\":");
    append_json_strings(out, it.tags);
    out.append(",\"target\":").append(it.target.dump());
    text(",\"type\":", it.type);
    out.push_back('}');
  }
  out.append(b.ok() ? "],\"ok\":true" : "],\"ok\":false");
  if (b.ok()) out.append(",\"output\":").append(to_json(b.output).dump());
  if (b.template_id) text(",\"template_id\":", *b.template_id);
  out.push_back('}');
  return out;
}

json to_json(const ValidatedBatch& b) {
  json errors = json::array();
  for (const auto& e : b.errors) errors.push_back(to_json(e));
  json items = json::array();
  for (const auto& it : b.items) items.push_back(to_json(it));
  json j = {{"ok", b.ok()}, {"errors", errors}, {"items", items}};
  if (b.template_id) j["template_id"] = *b.template_id;
  if (b.ok()) {
    j["design"] = to_json(b.design);
    j["output"] = to_json(b.output);
    j["effective_error_correction"] = to_string(b.design.effective_error_correction());
  }
  return j;
}

}  // namespace qredge
