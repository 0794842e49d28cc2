// SPDX-License-Identifier: MIT
// RenderCache: a design is validated once per text, results never depend on what was cached,
// ids name only the text they were issued for, and the cache stays bounded.
#include <gtest/gtest.h>

#include <string>

#include "engine.hpp"
#include "render_cache.hpp"
#include "validate.hpp"

namespace qredge {
namespace {

TEST(RenderCache, SameTextSameEntryAndTheSameImageAsAFreshValidation) {
  RenderCache cache;
  const std::string design = R"({"colors": {"foreground": "#123456"}, "shapes": {"body": "dots"}})";
  const std::string output = R"({"format": "svg", "size": 300})";
  auto a = cache.prepare(design, output);
  ASSERT_TRUE(a.errors.empty());
  auto b = cache.prepare(design, output);
  EXPECT_EQ(a.id, b.id);
  EXPECT_EQ(cache.size(), 1u);

  const auto fresh_design = validate_design_text(design);
  const auto fresh_output = validate_output_text(output);
  ASSERT_TRUE(fresh_design.ok() && fresh_output.ok());
  const PreparedRender* kept = cache.find(a.id);
  ASSERT_NE(kept, nullptr);
  const auto x = render_payload("https://example.com", kept->design, kept->output);
  const auto y = render_payload("https://example.com", *fresh_design, *fresh_output);
  ASSERT_TRUE(x.ok() && y.ok());
  EXPECT_EQ(x->svg, y->svg);
}

TEST(RenderCache, ErrorsAreNotCachedAndComeDesignFirst) {
  RenderCache cache;
  auto bad = cache.prepare(R"({"colors": {"foreground": "#fff"}})", R"({"size": 1})");
  ASSERT_EQ(bad.errors.size(), 2u);
  EXPECT_EQ(bad.errors[0].code, "unscannable_design");
  EXPECT_EQ(bad.errors[0].path.rfind("/design", 0), 0u);
  EXPECT_EQ(bad.errors[1].path, "/output/size");
  EXPECT_EQ(bad.id, 0u);
  EXPECT_EQ(cache.size(), 0u);
}

TEST(RenderCache, BoundedAndEvictedIdsAreNeverReused) {
  RenderCache cache(2);
  const auto out = std::string(R"({})");
  auto a = cache.prepare(R"({"error_correction": "L"})", out);
  auto b = cache.prepare(R"({"error_correction": "M"})", out);
  auto c = cache.prepare(R"({"error_correction": "H"})", out);
  EXPECT_EQ(cache.size(), 2u);
  EXPECT_EQ(cache.find(a.id), nullptr);  // the least recently used went
  ASSERT_NE(cache.find(b.id), nullptr);
  ASSERT_NE(cache.find(c.id), nullptr);
  auto a2 = cache.prepare(R"({"error_correction": "L"})", out);  // prepared again: a new id
  EXPECT_NE(a2.id, a.id);
  EXPECT_NE(a2.id, b.id);
  EXPECT_NE(a2.id, c.id);
  EXPECT_EQ(cache.find(a.id), nullptr);
  EXPECT_EQ(cache.find(a2.id)->design.error_correction, Ecc::L);
  for (int i = 0; i < 1000; ++i) cache.prepare(R"({"error_correction": "Q"})", "{\"size\": " + std::to_string(64 + i) + "}");
  EXPECT_EQ(cache.size(), 2u);
}

TEST(RenderCache, ByteBudgetKeepsTheNewestEntry) {
  RenderCache cache(8, 1);  // every entry is over budget on its own
  auto a = cache.prepare("{}", "{}");
  EXPECT_NE(cache.find(a.id), nullptr);
  auto b = cache.prepare(R"({"error_correction": "H"})", "{}");
  EXPECT_EQ(cache.size(), 1u);
  EXPECT_EQ(cache.find(a.id), nullptr);
  EXPECT_NE(cache.find(b.id), nullptr);
}

TEST(RenderCache, AddKeysByTheNormalisedText) {
  RenderCache cache;
  const auto batch = validate_batch_text(R"({"items": [{"target": {"text": "x"}}], "design": {"colors": {"foreground": "#1A2"}}})");
  ASSERT_TRUE(batch.ok());
  const auto id = cache.add({batch.design, batch.output});
  // The normalised text of the same design finds the entry without validating it again.
  auto again = cache.prepare(to_json(batch.design).dump(), to_json(batch.output).dump());
  EXPECT_EQ(again.id, id);
  EXPECT_EQ(cache.add({batch.design, batch.output}), id);
  EXPECT_EQ(cache.size(), 1u);
}

}  // namespace
}  // namespace qredge
