// SPDX-License-Identifier: MIT
// validate_design / validate_output / validate_target / validate_metadata: a piece of a request validated on its
// own gives the code and message it gets inside a batch, at paths under the base it is given.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "validate.hpp"

namespace qredge {
namespace {

using nlohmann::json;

// The error a batch gets for `design` (request level).
Error batch_design_error(const json& design) {
  const auto b = validate_batch(json{{"items", {{{"target", {{"text", "x"}}}}}}, {"design", design}});
  EXPECT_EQ(b.errors.size(), 1u) << design.dump();
  return b.errors.empty() ? Error{} : b.errors[0];
}

// The error a batch gets for `target` as its first item (item level).
Error batch_target_error(const json& target, const std::string& design = "{}") {
  const auto b = validate_batch(json{{"items", {{{"target", target}}}}, {"design", json::parse(design)}});
  EXPECT_TRUE(b.ok());
  EXPECT_EQ(b.items.size(), 1u);
  return b.items.empty() || !b.items[0].error ? Error{} : *b.items[0].error;
}

// "/items/0/target/x" -> base + "/x"
std::string rebased(const std::string& path, const std::string& from, const std::string& base) {
  EXPECT_EQ(path.rfind(from, 0), 0u) << path;
  return base + path.substr(from.size());
}

TEST(ValidatePieces, DesignErrorsMatchTheBatchUnderAnyBase) {
  const std::vector<json> designs = {
      json::parse(R"({"colors": {"foreground": "#fff"}})"),                  // unscannable
      json::parse(R"({"colors": {"dark": "#000"}})"),                        // unknown field
      json::parse(R"({"shapes": {"body": "squircle"}})"),                    // invalid value
      json::parse(R"({"error_correction": 3})"),                             // invalid type
      json{{"colors", {{"foreground", "#000\x01"}}}},                        // control character
      json::parse(R"({"gradient": {"start": "#000000"}})"),                  // required
      json::parse(R"({"logo": {"url": "data:image/png;base64,AAAA"}})"),     // undecodable logo
      json::parse(R"([1])"),
  };
  for (const auto& d : designs) {
    const Error want = batch_design_error(d);
    for (const std::string base : {"/design", "/template/design", ""}) {
      const auto got = validate_design(d, base);
      ASSERT_FALSE(got.ok()) << d.dump();
      EXPECT_EQ(got.error().code, want.code) << d.dump();
      EXPECT_EQ(got.error().message, want.message) << d.dump();
      EXPECT_EQ(got.error().path, rebased(want.path, "/design", base)) << d.dump();
    }
  }
}

TEST(ValidatePieces, DesignTextIsNormalisedOrReportedAtTheBase) {
  auto ok = validate_design_text(R"({"colors": {"foreground": "#1A2B3C"}})", "/template/design");
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(to_json(*ok)["colors"]["foreground"], "#1a2b3c");
  EXPECT_EQ(to_json(*ok)["error_correction"], "Q");

  auto bad = validate_design_text(R"({"colors": {"dark": "#000"}})", "/template/design");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().path, "/template/design/colors/dark");
  EXPECT_EQ(bad.error().code, "unknown_field");

  auto not_json = validate_design_text("{\"colors\": ", "/t");
  ASSERT_FALSE(not_json.ok());
  EXPECT_EQ(not_json.error().code, "invalid_json");
  EXPECT_EQ(not_json.error().path, "/t");
  EXPECT_NE(not_json.error().message.find("the design is not valid JSON at line 1"), std::string::npos);

  std::string deep(100, '[');
  deep += std::string(100, ']');
  auto too_deep = validate_design_text(deep, "/d");
  ASSERT_FALSE(too_deep.ok());
  EXPECT_EQ(too_deep.error().code, "nesting_too_deep");
  EXPECT_EQ(too_deep.error().path, "/d");

  auto lone = validate_design_text(R"({"colors": {"foreground": "\ud800"}})", "/d");
  ASSERT_FALSE(lone.ok());
  EXPECT_EQ(lone.error().code, "invalid_utf8");

  auto bytes = validate_design_text("{\"colors\": {\"foreground\": \"\xFF\"}}", "/d");
  ASSERT_FALSE(bytes.ok());
  EXPECT_EQ(bytes.error().code, "invalid_utf8");
}

TEST(ValidatePieces, OutputErrorsMatchTheBatch) {
  for (const auto& o : {json::parse(R"({"size": 10})"), json::parse(R"({"format": "gif"})"),
                        json::parse(R"({"margin": 1.5})"), json::parse(R"({"bit_depth": 8})")}) {
    const auto b = validate_batch(json{{"items", {{{"target", {{"text", "x"}}}}}}, {"output", o}});
    ASSERT_EQ(b.errors.size(), 1u);
    const auto got = validate_output(o, "/query/output");
    ASSERT_FALSE(got.ok());
    EXPECT_EQ(got.error().code, b.errors[0].code);
    EXPECT_EQ(got.error().message, b.errors[0].message);
    EXPECT_EQ(got.error().path, rebased(b.errors[0].path, "/output", "/query/output"));
  }
  auto ok = validate_output_text(R"({"format": "png"})", "/output");
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(ok->format, Format::Png);
  EXPECT_EQ(ok->size, 512);
}

TEST(ValidatePieces, TargetErrorsMatchTheBatchItemUnderAnyBase) {
  const std::vector<json> targets = {
      json::parse(R"J({"destination": "javascript:alert(1)"})J"),
      json::parse(R"({"destination": "https://example.com", "text": "x", "type": "url"})"),
      json::parse(R"({"text": "x", "ssid": "y"})"),
      json::parse(R"({"type": "wifi", "ssid": "net", "password": "short"})"),
      json::parse(R"({"title": "T", "start": "2026-05-01T12:00Z", "end": "2026-05-01T10:00Z"})"),
      json::parse(R"({"first_name": "A", "phones": [{"number": "1", "kind": "cell"}]})"),
      json{{"text", "a\x01"}},
      json::parse(R"({"destination": "https://example.com", "utm": {"sorce": "x"}})"),
      json::parse(R"({})"),
      json::parse(R"("https://example.com")"),
      json{{"text", std::string(3000, 'x')}},  // too long for a code at Q
  };
  for (const auto& t : targets) {
    const Error want = batch_target_error(t);
    for (const std::string base : {"/target", "", "/items/7/target"}) {
      const auto got = validate_target(&t, base);
      ASSERT_FALSE(got.ok) << t.dump();
      ASSERT_TRUE(got.error.has_value());
      EXPECT_EQ(got.error->code, want.code) << t.dump();
      EXPECT_EQ(got.error->message, want.message) << t.dump();
      EXPECT_EQ(got.error->path, rebased(want.path, "/items/0/target", base)) << t.dump();
    }
  }
}

TEST(ValidatePieces, TargetGivesTypeKindAndPayload) {
  const json url = json::parse(R"({"destination": "https://example.com/a", "utm": {"source": "qr"}})");
  auto s = validate_target(&url, "/target");
  ASSERT_TRUE(s.ok);
  EXPECT_EQ(s.type, "url");
  EXPECT_EQ(s.kind, "static");
  EXPECT_EQ(s.payload, "https://example.com/a?utm_source=qr");
  auto d = validate_target(&url, "", {true, Ecc::Q});
  EXPECT_TRUE(d.ok);
  EXPECT_EQ(d.kind, "dynamic");

  // The error correction decides what fits: a payload that fits at L does not at H.
  const json text = {{"text", std::string(1500, 'x')}};
  EXPECT_TRUE(validate_target(&text, "", {false, Ecc::L}).ok);
  auto h = validate_target(&text, "/t", {false, Ecc::H});
  ASSERT_FALSE(h.ok);
  EXPECT_EQ(h.error->code, "data_too_long");
  EXPECT_EQ(h.error->path, "/t/text");
  EXPECT_EQ(h.type, "text");

  auto absent = validate_target(nullptr, "/target");
  ASSERT_FALSE(absent.ok);
  EXPECT_EQ(absent.error->code, "required");
  EXPECT_EQ(absent.error->path, "/target");
  EXPECT_EQ(validate_target_text("", "/target").error->code, "required");

  auto from_text = validate_target_text(R"({"type": "sms", "phone": "+1 555 1234"})", "/x");
  ASSERT_TRUE(from_text.ok);
  EXPECT_EQ(from_text.payload, "SMSTO:+15551234:");
  auto bad_text = validate_target_text("{", "/x");
  ASSERT_FALSE(bad_text.ok);
  EXPECT_EQ(bad_text.error->code, "invalid_json");
  EXPECT_EQ(bad_text.error->path, "/x");
}

TEST(ValidatePieces, MetadataErrorsMatchTheBatchItemUnderAnyBase) {
  const std::vector<json> cases = {
      json{{"name", 7}},
      json{{"name", std::string(256, 'n')}},
      json{{"folder_id", "a b"}},
      json{{"tags", "print"}},
      json{{"tags", {"a", "a"}}},
      json{{"tags", {"ok", ""}}},
      json{{"tags", {std::string(51, 'x')}}},
      json{{"name", "a\x01"}},
  };
  for (const auto& fields : cases) {
    json item = fields;
    item["target"] = {{"text", "x"}};
    const auto b = validate_batch(json{{"items", {item}}});
    ASSERT_TRUE(b.ok() && b.items.size() == 1 && b.items[0].error) << fields.dump();
    const Error want = *b.items[0].error;
    for (const std::string base : {"", "/metadata"}) {
      const auto got = validate_metadata(fields, base);
      ASSERT_FALSE(got.ok()) << fields.dump();
      EXPECT_EQ(got.error().code, want.code) << fields.dump();
      EXPECT_EQ(got.error().message, want.message) << fields.dump();
      EXPECT_EQ(got.error().path, rebased(want.path, "/items/0", base)) << fields.dump();
    }
  }
}

TEST(ValidatePieces, MetadataAcceptsOnlyItsFieldsAndGivesThemBack) {
  auto unknown = validate_metadata(json{{"target", {{"text", "x"}}}}, "/m");
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().code, "unknown_field");
  EXPECT_EQ(unknown.error().path, "/m/target");
  EXPECT_EQ(validate_metadata(json::array(), "/m").error().code, "invalid_type");
  EXPECT_EQ(validate_metadata_text("{", "/m").error().code, "invalid_json");
  auto ok = validate_metadata_text(R"({"name": "Spring", "folder_id": "f-1", "tags": ["a", "b"]})");
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(ok->name, "Spring");
  EXPECT_EQ(ok->folder_id, "f-1");
  EXPECT_EQ(ok->tags, (std::vector<std::string>{"a", "b"}));
}

}  // namespace
}  // namespace qredge
