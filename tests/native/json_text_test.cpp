// SPDX-License-Identifier: MIT
// to_json_text(batch), the one serialiser of a ValidatedBatch (what the bindings return): it is
// JSON in canonical form (members sorted, escaped as nlohmann's dump escapes, so parsing and
// dumping it again gives the same bytes), and it holds exactly the batch's fields.
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
  const std::string text = qredge::to_json_text(batch);
  const json j = json::parse(text);
  EXPECT_EQ(j.dump(), text) << request;  // canonical: sorted members, nlohmann's escapes
  EXPECT_EQ(j["ok"], batch.ok());
  ASSERT_EQ(j["errors"].size(), batch.errors.size());
  for (std::size_t i = 0; i < batch.errors.size(); ++i) EXPECT_EQ(j["errors"][i], qredge::to_json(batch.errors[i]));
  ASSERT_EQ(j["items"].size(), batch.items.size());
  for (std::size_t i = 0; i < batch.items.size(); ++i) {
    const auto& it = batch.items[i];
    const json& ji = j["items"][i];
    EXPECT_EQ(ji["index"], it.index);
    EXPECT_EQ(ji["ok"], it.ok);
    EXPECT_EQ(ji["type"], it.type);
    EXPECT_EQ(ji["kind"], it.kind);
    EXPECT_EQ(ji["payload"], it.payload);
    EXPECT_EQ(ji["name"], it.name);
    EXPECT_EQ(ji["folder_id"], it.folder_id);
    EXPECT_EQ(ji["tags"], json(it.tags));
    EXPECT_EQ(ji["target"], it.target);
    EXPECT_EQ(ji.contains("error"), it.error.has_value());
    if (it.error) {
      EXPECT_EQ(ji["error"], qredge::to_json(*it.error));
    }
  }
  EXPECT_EQ(j.contains("design"), batch.ok());
  if (batch.ok()) {
    EXPECT_EQ(j["design"], qredge::to_json(batch.design));
    EXPECT_EQ(j["output"], qredge::to_json(batch.output));
    EXPECT_EQ(j["effective_error_correction"], qredge::to_string(batch.design.effective_error_correction()));
  }
  EXPECT_EQ(j.contains("template_id"), batch.template_id.has_value());
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

TEST(JsonText, ValidBatchesHoldTheirFields) {
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

TEST(JsonText, ItemAndRequestErrorsHoldTheirFields) {
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
