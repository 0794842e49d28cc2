// SPDX-License-Identifier: MIT
// The validator end to end (request text -> ValidatedBatch), including hostile input: these
// also run under ASan/UBSan.
#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "text.hpp"
#include "validate.hpp"

namespace qredge {
namespace {

using nlohmann::json;

ValidatedBatch run(const std::string& text, ValidateOptions o = {}) { return validate_batch_text(text, o); }

const Error& request_error(const ValidatedBatch& b) {
  static const Error none{"", "<none>", ""};
  return b.errors.empty() ? none : b.errors.front();
}

TEST(ValidateRequest, InvalidJsonHasLineAndColumn) {
  auto b = run("{\n  \"items\": [\n    {\"target\": {\"text\": \"a\"},}\n  ]\n}");
  ASSERT_EQ(request_error(b).code, "invalid_json");
  EXPECT_NE(request_error(b).message.find("line 3, column"), std::string::npos) << request_error(b).message;
  EXPECT_EQ(run("").errors.at(0).code, "invalid_json");
  EXPECT_EQ(run("   ").errors.at(0).code, "invalid_json");
}

TEST(ValidateRequest, InvalidUtf8IsLocated) {
  auto b = run("{\"items\": [{\"target\": {\"text\": \"caf\xE9\"}}]}");
  ASSERT_EQ(request_error(b).code, "invalid_utf8");
  EXPECT_NE(request_error(b).message.find("0xE9"), std::string::npos);
  EXPECT_NE(request_error(b).message.find("line 1, column 36"), std::string::npos) << request_error(b).message;
  EXPECT_EQ(run(R"({"items": [{"target": {"text": "\ud800"}}]})").errors.at(0).code, "invalid_utf8");
}

TEST(ValidateRequest, DeepNestingIsRejectedBeforeParsing) {
  const std::string deep(100000, '[');
  auto b = run(deep);
  ASSERT_EQ(request_error(b).code, "nesting_too_deep");
  auto inside = run("{\"items\": [{\"target\": {\"text\": \"x\", \"utm\": " + std::string(100000, '{') + "}}]}");
  EXPECT_EQ(request_error(inside).code, "nesting_too_deep");
  // Brackets inside strings do not count.
  auto ok = run("{\"items\": [{\"target\": {\"text\": \"" + std::string(1000, '[') + "\"}}]}");
  EXPECT_TRUE(ok.ok());
  EXPECT_TRUE(ok.items.at(0).ok);
  // A parsed value that is too deep (hosts may call validate_batch directly).
  json j = json::object();
  json* cur = &j;
  for (int i = 0; i < 200; ++i) cur = &((*cur)["a"] = json::object());
  EXPECT_EQ(request_error(validate_batch(j)).code, "nesting_too_deep");
}

TEST(ValidateRequest, ItemsCountAndTopLevelFields) {
  EXPECT_EQ(request_error(run("[]")).code, "invalid_type");
  EXPECT_EQ(request_error(run("{}")).code, "required");
  EXPECT_EQ(request_error(run(R"({"items": {}})")).code, "invalid_type");
  EXPECT_EQ(request_error(run(R"({"items": []})")).code, "too_few_items");
  json many = {{"items", json::array()}};
  for (int i = 0; i < 1001; ++i) many["items"].push_back({{"target", {{"text", "x"}}}});
  EXPECT_EQ(request_error(validate_batch(many)).code, "too_many_items");
  auto b = run(R"({"items": [{"target": {"text": "x"}}], "desing": {}})");
  ASSERT_EQ(request_error(b).code, "unknown_field");
  EXPECT_EQ(request_error(b).path, "/desing");
  EXPECT_NE(request_error(b).message.find("Did you mean `design`?"), std::string::npos);
  EXPECT_TRUE(b.items.empty());
}

TEST(ValidateRequest, TemplateReplacesDesign) {
  const std::string req = R"({"items": [{"target": {"text": "x"}}], "template_id": "tpl_1", "design": {"error_correction": "L"}})";
  EXPECT_EQ(request_error(run(req)).code, "template_not_found");
  ValidateOptions o;
  o.template_design = json{{"error_correction", "H"}};
  auto b = run(req, o);
  ASSERT_TRUE(b.ok()) << request_error(b).message;
  EXPECT_EQ(b.design.error_correction, Ecc::H);
  EXPECT_EQ(b.template_id.value_or(""), "tpl_1");
  // The design sent along is replaced, not validated.
  auto ignored = run(R"({"items": [{"target": {"text": "x"}}], "template_id": "tpl_1", "design": {"error_correction": "X"}})", o);
  EXPECT_TRUE(ignored.ok());
  EXPECT_EQ(ignored.design.error_correction, Ecc::H);
  o.template_design = json{{"error_correction", "X"}};
  auto bad = run(req, o);
  EXPECT_EQ(request_error(bad).path, "/template_id");
  EXPECT_EQ(request_error(bad).code, "invalid_value");
}

TEST(ValidateItem, ErrorsStayWithTheirItem) {
  auto b = run(R"J({"items": [{"target": {"text": "ok"}}, {"target": {"ssid": "x", "text": "y"}}, {"target": {"destination": "javascript:alert(1)"}}]})J");
  ASSERT_TRUE(b.ok());
  ASSERT_EQ(b.items.size(), 3u);
  EXPECT_TRUE(b.items[0].ok);
  EXPECT_EQ(b.items[0].payload, "ok");
  EXPECT_EQ(b.items[1].error->code, "ambiguous_target");
  EXPECT_EQ(b.items[1].error->path, "/items/1/target");
  EXPECT_EQ(b.items[2].error->code, "unsupported_scheme");
  EXPECT_EQ(b.items[2].error->path, "/items/2/target/destination");
}

TEST(ValidateItem, ControlCharacterPathPointsAtTheString) {
  auto b = run(R"({"items": [{"target": {"text": "a\rb"}}, {"target": {"text": "ok"}, "tags": ["x", "\u0007"]}]})");
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(b.items[0].error->code, "control_character");
  EXPECT_EQ(b.items[0].error->path, "/items/0/target/text");
  EXPECT_EQ(b.items[1].error->path, "/items/1/tags/1");
  EXPECT_EQ(request_error(run(R"({"items": [{"target": {"text": "x"}}], "template_id": "a\u0000"})")).code,
            "control_character");
}

// API.md §7.1: CR only directly before LF, only in an explicit vcard target's destination.
TEST(ValidateItem, CrlfOnlyInAVcardDestination) {
  auto b = run(R"({"items": [
    {"target": {"type": "vcard", "destination": "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:A\r\nEND:VCARD"}},
    {"target": {"type": "vcard", "destination": "BEGIN:VCARD\rFN:A\r\nEND:VCARD"}},
    {"target": {"type": "vcard", "destination": "BEGIN:VCARD\r\nEND:VCARD\r"}},
    {"target": {"type": "text", "destination": "a\r\nb"}},
    {"target": {"type": "vcard", "first_name": "A\r\nB"}},
    {"target": {"destination": "BEGIN:VCARD\r\nFN:A\r\nEND:VCARD"}},
    {"target": {"type": "vcard", "destination": "BEGIN:VCARD\nFN:A\nEND:VCARD"}, "name": "a\r\nb"}]})");
  ASSERT_TRUE(b.ok());
  ASSERT_EQ(b.items.size(), 7u);
  EXPECT_TRUE(b.items[0].ok);
  EXPECT_EQ(b.items[0].payload, "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:A\r\nEND:VCARD\r\n");
  for (std::size_t i = 1; i < 7; ++i) {
    ASSERT_TRUE(b.items[i].error.has_value()) << i;
    EXPECT_EQ(b.items[i].error->code, "control_character") << i;
  }
  EXPECT_NE(b.items[1].error->message.find("directly before a line feed"), std::string::npos) << b.items[1].error->message;
  EXPECT_NE(b.items[3].error->message.find("vcard"), std::string::npos) << b.items[3].error->message;
  EXPECT_EQ(b.items[4].error->path, "/items/4/target/first_name");
  EXPECT_EQ(b.items[6].error->path, "/items/6/name");
}

TEST(ValidateItem, StructuredVcard) {
  auto b = run(R"({"items": [
    {"target": {"first_name": "Zoë", "phones": [{"number": "+49 30 1", "type": "cell"}], "emails": ["z@example.com"]}},
    {"target": {"type": "vcard", "job_title": "CTO"}},
    {"target": {"type": "vcard", "organization": "A", "phones": [{"number": "1"}]}}]})");
  ASSERT_TRUE(b.ok());
  ASSERT_TRUE(b.items[0].ok) << b.items[0].error->message;
  EXPECT_EQ(b.items[0].type, "vcard");
  EXPECT_EQ(b.items[0].payload,
            "BEGIN:VCARD\r\nVERSION:3.0\r\nN:;Zoë;;;\r\nFN:Zoë\r\nTEL;TYPE=CELL:+49301\r\n"
            "EMAIL;TYPE=INTERNET:z@example.com\r\nEND:VCARD\r\n");
  EXPECT_EQ(b.items[1].error->code, "required");
  EXPECT_EQ(b.items[2].error->code, "invalid_phone");
  EXPECT_EQ(b.items[2].error->path, "/items/2/target/phones/0/number");
}

TEST(ValidateItem, KindDefaultsAndRules) {
  const std::string req = R"({"items": [{"target": {"destination": "https://e.com"}}, {"target": {"text": "t"}},
      {"target": {"text": "t"}, "kind": "dynamic"}, {"target": {"destination": "https://e.com"}, "kind": "static"}]})";
  auto offline = run(req);
  EXPECT_EQ(offline.items[0].kind, "static");
  EXPECT_EQ(offline.items[2].error->code, "unsupported_kind");
  ValidateOptions o;
  o.dynamic_available = true;
  auto hosted = run(req, o);
  EXPECT_EQ(hosted.items[0].kind, "dynamic");
  EXPECT_EQ(hosted.items[1].kind, "static");
  EXPECT_EQ(hosted.items[2].error->code, "unsupported_kind");
  EXPECT_EQ(hosted.items[3].kind, "static");
}

TEST(ValidateItem, CapacityDependsOnEffectiveErrorCorrection) {
  auto text_of = [](std::size_t n, const char* ecc) {
    json j = {{"items", {{{"target", {{"text", std::string(n, 'a')}}}}}}, {"design", {{"error_correction", ecc}}}};
    return validate_batch(j);
  };
  EXPECT_TRUE(text_of(1663, "Q").items[0].ok);
  auto over = text_of(1664, "Q").items[0];
  ASSERT_FALSE(over.ok);
  EXPECT_EQ(over.error->code, "data_too_long");
  EXPECT_EQ(over.error->path, "/items/0/target/text");
  EXPECT_NE(over.error->message.find("1664"), std::string::npos);
  EXPECT_NE(over.error->message.find("1663"), std::string::npos);
  EXPECT_TRUE(text_of(2953, "L").items[0].ok);
  // Digits pack denser than bytes: 3000 digits fit at Q although 1663 bytes of text is the limit.
  json digits = {{"items", {{{"target", {{"text", std::string(3000, '7')}}}}}}};
  EXPECT_TRUE(validate_batch(digits).items[0].ok);
  digits["items"][0]["target"]["text"] = std::string(4000, '7');
  EXPECT_EQ(validate_batch(digits).items[0].error->code, "data_too_long");
}

TEST(ValidateHostile, TenMegabyteStringAndThousandLargeItems) {
  const auto t0 = std::chrono::steady_clock::now();
  auto big = run("{\"items\": [{\"target\": {\"text\": \"" + std::string(10 << 20, 'x') + "\"}}]}");
  ASSERT_TRUE(big.ok());
  EXPECT_EQ(big.items[0].error->code, "data_too_long");
  json many = {{"items", json::array()}, {"design", {{"error_correction", "L"}}}};
  for (int i = 0; i < 1000; ++i) many["items"].push_back({{"target", {{"text", std::string(2953, 'a' + i % 26)}}}});
  auto b = run(many.dump());
  ASSERT_TRUE(b.ok());
  for (const auto& it : b.items) ASSERT_TRUE(it.ok) << it.index;
  // 1000 items just over the byte limit, each needing the exact encoder check.
  for (auto& it : many["items"]) it["target"]["text"] = std::string(2954, 'a');
  auto over = run(many.dump());
  for (const auto& it : over.items) ASSERT_EQ(it.error->code, "data_too_long");
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0).count();
  EXPECT_LT(ms, 60000);  // a generous bound: only catches hangs and quadratic blow-ups
}

TEST(ValidateHostile, ManyKeysAndLongKeys) {
  json j = {{"items", {{{"target", {{"text", "x"}}}}}}};
  for (int i = 0; i < 10000; ++i) j["items"][0]["target"][concat("k", std::to_string(i))] = i;
  auto b = validate_batch(j);
  EXPECT_EQ(b.items[0].error->code, "unknown_field");
  json k = {{"items", {{{"target", {{"text", "x"}, {std::string(1 << 20, 'z'), 1}}}}}}};
  const auto long_key = validate_batch(k);
  EXPECT_EQ(long_key.items[0].error->code, "unknown_field");
  EXPECT_EQ(long_key.items[0].error->path.size(), std::string("/items/0/target/").size() + (1 << 20));
  EXPECT_LT(long_key.items[0].error->message.size(), 1000u);
}

TEST(ValidateOutput, JsonViewIsStable) {
  auto b = run(R"({"items": [{"target": {"text": "hi"}, "name": "n", "folder_id": "f_1", "tags": ["a", "b"]}]})");
  const json j = json::parse(to_json_text(b));
  EXPECT_EQ(j["ok"], true);
  EXPECT_EQ(j["items"][0]["payload"], "hi");
  EXPECT_EQ(j["items"][0]["tags"], json::array({"a", "b"}));
  EXPECT_EQ(j["items"][0]["folder_id"], "f_1");
  EXPECT_FALSE(j["items"][0].contains("error"));
  EXPECT_EQ(to_json_text(b), j.dump());
}

}  // namespace
}  // namespace qredge

namespace qredge {
namespace {

TEST(ValidateHostile, ErrorMessagesStaySmall) {
  // An unterminated 1 MB string: the parser's message quotes the token, shortened here.
  auto b = validate_batch_text("{\"items\": [{\"target\": {\"text\": \"" + std::string(1 << 20, 'x'));
  ASSERT_EQ(b.errors.at(0).code, "invalid_json");
  EXPECT_LT(b.errors[0].message.size(), 1000u);
  nlohmann::json j = {{"items", {{{"target", {{"text", "x"}}}}}}};
  for (int i = 0; i < 100000; ++i) j[concat("k", std::to_string(i))] = i;
  auto flood = validate_batch(j);
  EXPECT_EQ(flood.errors.size(), kMaxRequestErrors);
  EXPECT_EQ(flood.errors[0].code, "unknown_field");
}

}  // namespace
}  // namespace qredge
