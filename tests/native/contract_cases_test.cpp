// SPDX-License-Identifier: MIT
// The request contract, table-driven: every case of tests/cases/*.json (the same tables Jest
// runs through the wasm builds in tests/js/validate-cases.test.mjs) through the native
// validator, here and in the ASan+UBSan build. A case is a request (or an item, or a target)
// with the expected payload, or the expected error code and path; the checks are those of the
// Jest suite, on the JSON the bindings return (to_json_text of the ValidatedBatch).
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <cstddef>
#include <filesystem>
#include <fstream>
#include <ostream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "validate.hpp"

namespace qredge {
namespace {

// Keys kept in file order, so a request dumps as JSON.stringify writes it in the Jest suite.
using ordered = nlohmann::ordered_json;
using nlohmann::json;

struct Case {
  std::string file;   // "url.json"
  std::size_t index;  // position in its table
  ordered spec;
};

// "{{repeat:S:N}}" inside any string (keys too) becomes S repeated N times.
std::string expand(const std::string& s) {
  static const std::regex repeat(R"(\{\{repeat:(.+?):(\d+)\}\})");
  std::string out;
  auto from = s.cbegin();
  for (std::sregex_iterator m(s.cbegin(), s.cend(), repeat), end; m != end; ++m) {
    out.append(from, (*m)[0].first);
    for (int i = std::stoi((*m)[2].str()); i > 0; --i) out += (*m)[1].str();
    from = (*m)[0].second;
  }
  out.append(from, s.cend());
  return out;
}

ordered expand(const ordered& v) {
  if (v.is_string()) return expand(v.get<std::string>());
  if (v.is_array()) {
    ordered a = ordered::array();
    for (const auto& x : v) a.push_back(expand(x));
    return a;
  }
  if (v.is_object()) {
    ordered o = ordered::object();
    for (const auto& [k, x] : v.items()) o[expand(k)] = expand(x);
    return o;
  }
  return v;
}

std::vector<Case> load_cases() {
  namespace fs = std::filesystem;
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(QREDGE_CASES_DIR))
    if (e.path().extension() == ".json") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  std::vector<Case> cases;
  for (const auto& f : files) {
    std::ifstream in(f);
    const ordered table = expand(ordered::parse(in));
    for (std::size_t i = 0; i < table.size(); ++i) cases.push_back({f.filename().string(), i, table[i]});
  }
  return cases;
}

const std::vector<Case>& all_cases() {
  static const std::vector<Case> cases = load_cases();
  return cases;
}

// What the Jest suite's requestOf() sends: raw text, a whole request, or one item in a batch.
std::string request_text(const ordered& c) {
  if (c.contains("text")) return c["text"].get<std::string>();
  if (c.contains("request")) return c["request"].is_string() ? c["request"].get<std::string>() : c["request"].dump();
  ordered item = c.contains("item") ? c["item"] : ordered{{"target", c["target"]}};
  ordered request = {{"items", ordered::array({item})}};
  if (c.contains("design")) request["design"] = c["design"];
  return request.dump();
}

ValidateOptions options_of(const ordered& c) {
  ValidateOptions o;
  if (!c.contains("options")) return o;
  const json given = json::parse(c["options"].dump());
  o.dynamic_available = given.value("dynamic_available", false);
  if (given.contains("template_design")) o.template_design = given["template_design"];
  return o;
}

json code_and_path(const json& error) { return {{"code", error.value("code", "")}, {"path", error.value("path", "")}}; }

void expect_message(const json& message, const json& c) {
  ASSERT_TRUE(message.is_string());
  const auto text = message.get<std::string>();
  EXPECT_GT(text.size(), 10u);
  for (const auto& part : c.value("message_includes", json::array()))
    EXPECT_NE(text.find(part.get<std::string>()), std::string::npos) << "message: " << text << "\nlacks: " << part;
}

// How gtest shows a case (in ctest's test list too): its table and position.
void PrintTo(const Case& k, std::ostream* os) { *os << k.file << " #" << k.index; }

class ContractCase : public ::testing::TestWithParam<Case> {};

TEST_P(ContractCase, MatchesItsTable) {
  const Case& k = GetParam();
  const json c = json::parse(k.spec.dump());
  SCOPED_TRACE(k.file + " #" + std::to_string(k.index) + ": " + c.value("name", ""));
  const json v = json::parse(to_json_text(validate_batch_text(request_text(k.spec), options_of(k.spec))));
  const json errors = v.value("errors", json::array());
  const json items = v.value("items", json::array());

  if (c.contains("request_error")) {
    EXPECT_EQ(v.at("ok"), false);
    EXPECT_EQ(items, json::array());
    ASSERT_FALSE(errors.empty());
    EXPECT_EQ(code_and_path(errors[0]), c["request_error"]);
    expect_message(errors[0].value("message", json()), c);
    return;
  }
  EXPECT_EQ(errors, json::array());
  EXPECT_EQ(v.at("ok"), true);
  if (c.contains("payloads")) {
    json payloads = json::array(), item_errors = json::array();
    for (const auto& it : items) {
      payloads.push_back(it.value("ok", false) ? it.at("payload") : json());
      item_errors.push_back(it.contains("error") ? code_and_path(it["error"]) : json());
    }
    EXPECT_EQ(payloads, c["payloads"]);
    EXPECT_EQ(item_errors, c["errors"]);
    return;
  }
  ASSERT_EQ(items.size(), 1u);
  const json& item = items[0];
  EXPECT_EQ(item.at("index"), 0);
  if (c.contains("error")) {
    EXPECT_EQ(item.at("ok"), false);
    ASSERT_TRUE(item.contains("error"));
    EXPECT_EQ(code_and_path(item["error"]), c["error"]);
    expect_message(item["error"].value("message", json()), c);
    return;
  }
  EXPECT_FALSE(item.contains("error")) << item.dump();
  EXPECT_EQ(item.at("ok"), true);
  EXPECT_EQ(item.value("payload", json()), c.at("payload"));
  if (c.contains("type")) {
    EXPECT_EQ(item.value("type", json()), c["type"]);
  }
  EXPECT_EQ(item.value("kind", json()), c.value("kind", json("static")));
  const json echo = c.value("echo", json::object());
  for (const auto& [key, value] : echo.items()) EXPECT_EQ(item.value(key, json()), value) << "echo of " << key;
}

// ctest names: file stem, index and the case's name, as letters, digits and underscores.
std::string case_name(const ::testing::TestParamInfo<Case>& info) {
  const Case& k = info.param;
  std::ostringstream s;
  s << k.file.substr(0, k.file.rfind('.')) << '_' << k.index << '_' << k.spec.value("name", "");
  std::string name;
  for (const char ch : s.str().substr(0, 72)) {
    const bool word = std::isalnum(static_cast<unsigned char>(ch)) != 0;
    if (word) name += ch;
    else if (!name.empty() && name.back() != '_') name += '_';
  }
  while (!name.empty() && name.back() == '_') name.pop_back();
  return name;
}

INSTANTIATE_TEST_SUITE_P(Tables, ContractCase, ::testing::ValuesIn(all_cases()), case_name);

TEST(ContractTables, HoldAtLeast200Cases) { EXPECT_GE(all_cases().size(), 200u); }

}  // namespace
}  // namespace qredge
