// SPDX-License-Identifier: MIT
// Fuzz target: payload building for each target type. Input layout (easy to write by hand):
//   byte 0: bits 0-2 type (url text email sms wifi event vcard; 7 = no type, several
//           fields), bit 3 write `type` explicitly, bits 4-5 error correction, bit 6 the host
//           has dynamic codes, bit 7 kind "dynamic"
//   then the type's fields separated by 0xFF (never part of UTF-8); missing ones are absent:
//     url: destination, utm source, medium, campaign, term, content
//     text: text   email: email, subject, message   sms: phone, message
//     wifi: ssid, password, encryption (hidden = bit 3 of byte 0 repeated)
//     event: title, start, end, location   vcard: destination
//     7: text, ssid, destination, email, phone, title, start
// The item goes through validate_batch (as one item of a request; its result must serialise,
// error messages included); the builders of
// payload.hpp / url.hpp / datetime.hpp are also called directly on the same fields where their
// preconditions (valid UTF-8, no control characters) hold, and checked for round trips.
#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "datetime.hpp"
#include "fuzz_check.hpp"
#include "payload.hpp"
#include "url.hpp"
#include "utf8.hpp"
#include "validate.hpp"

using nlohmann::json;
namespace u8 = qredge::utf8;

namespace {

const std::array<std::vector<const char*>, 8> kFields = {{
    {"destination", "utm.source", "utm.medium", "utm.campaign", "utm.term", "utm.content"},
    {"text"},
    {"email", "subject", "message"},
    {"phone", "message"},
    {"ssid", "password", "encryption"},
    {"title", "start", "end", "location"},
    {"destination"},
    {"text", "ssid", "destination", "email", "phone", "title", "start"},
}};
const std::array<const char*, 7> kTypes = {"url", "text", "email", "sms", "wifi", "event", "vcard"};

// Valid UTF-8 without control characters other than \n and \t: what the builders accept.
bool clean(std::string_view s) {
  return u8::find_invalid(s) == u8::npos && u8::find_control(s) == u8::npos;
}

void direct_builders(int type, const std::vector<std::string>& f) {
  for (const auto& s : f)
    if (!clean(s)) return;
  auto field = [&](std::size_t i) -> std::string_view { return i < f.size() ? std::string_view(f[i]) : ""; };
  switch (type) {
    case 0: {
      auto url = qredge::parse_http_url(field(0));
      if (!url) break;
      const std::string once = url->serialise();
      FUZZ_CHECK(u8::find_invalid(once) == u8::npos, "serialised URL is not UTF-8");
      auto again = qredge::parse_http_url(once);
      FUZZ_CHECK(again.ok(), "a serialised URL does not parse again");
      FUZZ_CHECK(again->serialise() == once, "URL normalisation is not idempotent");
      std::vector<std::pair<std::string, std::string>> utm;
      static const char* names[] = {"utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content"};
      for (std::size_t i = 1; i < 6; ++i) utm.emplace_back(names[i - 1], std::string(field(i)));
      const std::string merged = qredge::merge_query_parameters(*url, utm);
      FUZZ_CHECK(qredge::parse_http_url(merged).ok(), "a URL with UTM merged does not parse");
      break;
    }
    case 2: {
      auto addr = qredge::mailto_address(field(0));
      if (addr) (void)qredge::mailto_payload(*addr, field(1), field(2));
      break;
    }
    case 3: {
      if (auto phone = qredge::normalise_phone(field(0))) (void)qredge::sms_payload(*phone, field(1));
      break;
    }
    case 4: {
      (void)qredge::wifi_payload("WPA", field(0), field(1), !field(2).empty());
      break;
    }
    case 5: {
      auto start = qredge::parse_iso8601(field(1));
      if (!start) break;
      FUZZ_CHECK(qredge::parse_iso8601(qredge::to_display(*start)).ok() || start->utc,
                 "a displayed date does not parse again");
      qredge::EventFields ev{std::string(field(0)), std::string(field(3)), *start, std::nullopt};
      auto end = qredge::parse_iso8601(field(2));
      if (end && end->has_time == start->has_time && qredge::compare(*start, *end) <= 0) ev.end = *end;
      (void)qredge::vevent_payload(ev);
      if (!start->has_time) (void)qredge::add_days(*start, 1);
      break;
    }
    case 6: (void)qredge::is_complete_vcard(field(0)); break;
    default: break;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::uint8_t flags = data[0];
  const int type = flags & 7;
  std::vector<std::string> fields;
  {
    std::string cur;
    bool any = size > 1;
    for (std::size_t i = 1; i < size; ++i) {
      if (data[i] == 0xFF) {
        fields.push_back(std::move(cur));
        cur.clear();
      } else {
        cur += static_cast<char>(data[i]);
      }
    }
    if (any) fields.push_back(std::move(cur));
  }

  json target = json::object();
  if ((flags & 8) && type < 7) target["type"] = kTypes[type];
  const auto& names = kFields[type];
  for (std::size_t i = 0; i < fields.size() && i < names.size(); ++i) {
    std::string_view name = names[i];
    // A json string must hold valid UTF-8 to be serialised; the validator also sees invalid
    // UTF-8 here, as a parsed request never carries it (the text entry rejects it first).
    if (name.rfind("utm.", 0) == 0) target["utm"][std::string(name.substr(4))] = fields[i];
    else target[std::string(name)] = fields[i];
  }
  if (type == 4) target["hidden"] = (flags & 8) != 0;

  json item = {{"target", target}};
  if (flags & 0x80) item["kind"] = "dynamic";
  static const char* ecc[] = {"L", "M", "Q", "H"};
  json request = {{"items", json::array({item})}, {"design", {{"error_correction", ecc[(flags >> 4) & 3]}}}};
  qredge::ValidateOptions options;
  options.dynamic_available = (flags & 0x40) != 0;

  const auto batch = qredge::validate_batch(request, options);
  FUZZ_CHECK(batch.ok(), "a request with one item and a valid design was rejected");
  FUZZ_CHECK(batch.items.size() == 1, "one item in, one result out");
  const auto& it = batch.items[0];
  if (it.ok) {
    FUZZ_CHECK(!it.payload.empty() && u8::find_invalid(it.payload) == u8::npos, "payload empty or not UTF-8");
    FUZZ_CHECK(u8::find_control(it.payload) == u8::npos || it.type == "event" || it.type == "text" ||
                   it.type == "sms" || it.type == "vcard" || it.type == "wifi",
               "control character in a url/email payload");
  } else {
    FUZZ_CHECK(it.error && !it.error->code.empty(), "failed item without an error code");
  }
  // Messages quote the fields: what the binding returns must be JSON (the parser throws on
  // invalid UTF-8) holding this item's result.
  const json back = json::parse(qredge::to_json_text(batch));
  FUZZ_CHECK(back["items"][0]["ok"] == it.ok && back["items"][0]["payload"] == it.payload, "serialised item differs");
  direct_builders(type, fields);
  return 0;
}
