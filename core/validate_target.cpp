// SPDX-License-Identifier: MIT
// The target stage of validation (API.md §1.1–1.4): one item or one target -> its type, kind
// and payload. The order of checks is fixed so that the error reported (the first problem
// found) is deterministic: strings (UTF-8, control characters) -> item fields -> `kind` value
// -> target (unknown fields, `type`, detection, fields allowed, per-type rules) -> kind vs
// type -> metadata -> capacity. Object members are visited in key order (nlohmann::json keeps
// keys sorted). docs/validation.md lists every code and every decision taken where API.md is
// silent.
#include "validate_target.hpp"

#include <algorithm>
#include <cctype>
#include <string_view>
#include <vector>

#include "encode.hpp"
#include "json_type_name.hpp"
#include "payload.hpp"
#include "text.hpp"
#include "url.hpp"
#include "utf8.hpp"
#include "validate_messages.hpp"
#include "validate_metadata.hpp"

namespace qredge {

using nlohmann::json;
using messages::Names;

const Names kItemFields = {"target", "kind", "name", "folder_id", "tags"};
const Names kTargetFields = {"type",  "destination", "text",  "email",    "subject", "message",
                             "phone", "ssid",        "password", "encryption", "hidden", "title",
                             "location", "start",    "end",   "utm", "first_name", "last_name",
                             "organization", "job_title", "phones", "emails", "website", "address", "note"};

namespace {

using messages::check_strings;
using messages::contains;
using messages::list_names;
using messages::quote;
using messages::short_name;
using messages::suggestion;
using messages::trim_ascii_space;

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

// vcard is never detected, so an explicit `type` decides where CRLF may appear.
bool vcard_typed(const json& target) {
  return target.is_object() && target.contains("type") && target["type"] == "vcard";
}

std::string default_kind(const std::string& type, bool dynamic_available) {
  return type == "url" && dynamic_available ? "dynamic" : "static";
}

// Capacity: only static codes carry the payload itself.
std::optional<Error> check_capacity(const std::string& type, const std::string& payload, const std::string& path,
                                    Ecc ecc) {
  const std::size_t limit = max_payload_bytes(ecc, needs_utf8_eci(payload));
  if (payload.size() <= limit) return std::nullopt;
  if (payload.size() <= numeric_capacity(ecc) && encode(payload, ecc).ok()) return std::nullopt;
  return Error{path, "data_too_long",
               "the " + type + " payload is " + std::to_string(payload.size()) + " bytes; a QR code at error correction " +
                   to_string(ecc) + " holds at most " + std::to_string(limit) +
                   " bytes of text (more only for digits and upper-case letters). Shorten the content or lower "
                   "`design.error_correction`" +
                   (ecc == Ecc::H ? " (a logo raises it to H)" : "")};
}

const std::string kTargetRequired =
    "`target` is required: an object such as {\"destination\": \"https://example.com\"}";

}  // namespace

// ---------------------------------------------------------------------------------------------
// Targets and items

ValidatedTarget validate_target(const json* target, const std::string& path, const TargetOptions& options) {
  ValidatedTarget t;
  auto fail = [&](Error e) {
    t.error = std::move(e);
    if (!t.type.empty()) t.kind = default_kind(t.type, options.dynamic_available);
    return t;
  };
  if (!target) return fail(Error{path, "required", kTargetRequired});
  // The order of an item's checks: strings first, then the target's shape.
  if (messages::deeper_than(*target, kMaxNestingDepth))
    return fail(Error{path, "nesting_too_deep", messages::nesting_message("target", "")});
  if (auto e = check_strings(*target, path, vcard_typed(*target) ? path + "/destination" : std::string())) return fail(*e);
  if (!target->is_object())
    return fail(Error{path, "invalid_type", "`target` must be an object, not " + std::string(json_type_name(*target))});
  TargetValidator tv(*target, path);
  auto out = tv.run(t.type);
  if (!out) return fail(out.error());
  t.kind = default_kind(t.type, options.dynamic_available);
  if (t.kind == "static")
    if (auto e = check_capacity(t.type, out->payload, out->payload_path, options.error_correction)) return fail(*e);
  t.payload = std::move(out->payload);
  t.ok = true;
  return t;
}

ValidatedTarget validate_target_text(std::string_view text, const std::string& path, const TargetOptions& options) {
  if (text.empty()) return validate_target(nullptr, path, options);
  auto j = messages::parse_json_text(text, path, "target", "{\"destination\": \"https://example.com\"}");
  if (!j) {
    ValidatedTarget t;
    t.error = j.error();
    return t;
  }
  return validate_target(&*j, path, options);
}

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
  const bool vcard_type = item.contains("target") && vcard_typed(item["target"]);
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
    return fail(p, "required", kTargetRequired);
  const json& target = item["target"];
  if (!target.is_object())
    return fail(p + "/target", "invalid_type", "`target` must be an object, not " + std::string(json_type_name(target)));
  it.target = target;
  TargetValidator tv(target, p + "/target");
  auto out = tv.run(it.type);
  if (!out) {
    it.error = out.error();
    if (!it.type.empty()) it.kind = kind.empty() ? default_kind(it.type, options.dynamic_available) : kind;
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
  it.kind = kind.empty() ? default_kind(it.type, options.dynamic_available) : kind;
  // Metadata (API.md §1.4).
  Metadata meta;
  if (auto e = check_metadata(item, p, meta)) return fail(e->path, e->code, e->message);
  it.name = std::move(meta.name);
  it.folder_id = std::move(meta.folder_id);
  it.tags = std::move(meta.tags);
  if (it.kind == "static")
    if (auto e = check_capacity(it.type, it.payload, out->payload_path, ecc)) return fail(e->path, e->code, e->message);
  it.ok = true;
  return it;
}


}  // namespace qredge
