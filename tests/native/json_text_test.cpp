// SPDX-License-Identifier: MIT
// to_json_text(batch) must be byte-for-byte what to_json(batch).dump() gives: the bindings
// return the first, the contract was written against the second.
#include <gtest/gtest.h>

#include <string>

#include "json_text.hpp"
#include "validate.hpp"

namespace {

using nlohmann::json;

void expect_same_text(const std::string& request, bool dynamic = false) {
  qredge::ValidateOptions options;
  options.dynamic_available = dynamic;
  const auto batch = qredge::validate_batch_text(request, options);
  EXPECT_EQ(qredge::to_json_text(batch), qredge::to_json(batch).dump()) << request;
}

TEST(JsonText, EscapesLikeNlohmann) {
  const std::string tricky = "q\"b\\s/\b\f\n\r\t\x01\x1f\x7f ñ € 😀 \u2028 end";
  std::string out;
  qredge::append_json_string(out, tricky);
  EXPECT_EQ(out, json(tricky).dump());
  out.clear();
  qredge::append_json_string(out, "");
  EXPECT_EQ(out, "\"\"");
}

TEST(JsonText, ValidBatchesEqualTheDomDump) {
  expect_same_text(R"J({"items":[{"target":{"destination":"https://example.com/a?utm_source=x"}}]})J", true);
  expect_same_text(R"J({"items":[{"target":{"destination":"https://example.com/a"},"kind":"static"}]})J", true);
  expect_same_text(R"J({"items":[{"target":{"text":"line\nwith \"quotes\" and \\ and \u0001"},"name":"N\"a\\me",
     "folder_id":"f-1","tags":["a","b\"c"]}],"design":{"colors":{"foreground":"#112233"},
     "gradient":{"type":"radial","start":"#000000","end":"#333333"},"eye_colors":{"frame":"#000000"}},
     "output":{"format":"png","size":512,"margin":2}})J");
  expect_same_text(R"J({"items":[{"target":{"ssid":"Café ☕","password":"p;a:ss","encryption":"WPA"}},
     {"target":{"title":"T","start":"2026-05-01T10:00:00Z","end":"2026-05-01T12:00:00Z","location":"Room, 1"}},
     {"target":{"email":"a@example.com","subject":"Hi","message":"Body"}},
     {"target":{"phone":"+15551234","message":"hello"}}]})J");
}

TEST(JsonText, ItemAndRequestErrorsEqualTheDomDump) {
  expect_same_text(R"J({"items":[{"target":{"text":"ok"}},{"target":{"destination":"javascript:alert(1)"}},
     {"target":{"title":"T","start":"2026-05-01T12:00Z","end":"2026-05-01T10:00Z"}},{"target":{}},{"nope":1}]})J", true);
  expect_same_text(R"J({"items":[],"extra":1})J");
  expect_same_text(R"J({"items":[{"target":{"text":"x"}}],"design":{"colors":{"foreground":"#ffffff"}}})J");
  expect_same_text(R"J({"items":[{"target":{"text":"x"}}],"template_id":"tpl_123"})J");
  expect_same_text("{\"items\": [");
  expect_same_text("");
  expect_same_text("[1,2]");
}

}  // namespace
