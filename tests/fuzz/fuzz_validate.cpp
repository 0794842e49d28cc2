// SPDX-License-Identifier: MIT
// Fuzz target: the whole validateBatch entry (bindings/embind.cpp) on JSON text. The input is
// the request text; when it holds the line "\n@options ", what follows the last one is the
// options JSON ({"dynamic_available": …, "template_design": {…}}), parsed as the binding does.
// Invariants: nothing throws except where the binding catches (option types); to_json_text,
// what the binding returns, is JSON (valid UTF-8 throughout: the parser would throw otherwise)
// holding the same results; every accepted item has a non-empty payload and a kind, every
// rejected one an error with a code and a path under /items.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "fuzz_check.hpp"
#include "utf8.hpp"
#include "validate.hpp"

using nlohmann::json;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  std::string_view request = input, options_text;
  static constexpr std::string_view kSep = "\n@options ";
  if (const auto at = input.rfind(kSep); at != std::string_view::npos) {
    request = input.substr(0, at);
    options_text = input.substr(at + kSep.size());
  }

  qredge::ValidateOptions options;
  const json o = json::parse(options_text, nullptr, false);
  if (o.is_object()) {
    // The binding reads these inside its try block: a wrong type is its internal_error.
    try {
      options.dynamic_available = o.value("dynamic_available", false);
    } catch (const json::type_error&) {
      return 0;
    }
    if (o.contains("template_design")) options.template_design = o["template_design"];
  }

  const qredge::ValidatedBatch batch = qredge::validate_batch_text(request, options);
  const std::string out = qredge::to_json_text(batch);
  FUZZ_CHECK(qredge::utf8::find_invalid(out) == qredge::utf8::npos, "result JSON is not UTF-8");
  const json back = json::parse(out);  // throws on text that is not JSON
  FUZZ_CHECK(back["ok"] == batch.ok() && back["errors"].size() == batch.errors.size() &&
                 back["items"].size() == batch.items.size(),
             "serialised result differs from the batch");
  FUZZ_CHECK(batch.ok() || batch.items.empty(), "a rejected request has item results");
  for (const auto& e : batch.errors) FUZZ_CHECK(!e.code.empty() && !e.message.empty(), "request error without code");
  for (std::size_t i = 0; i < batch.items.size(); ++i) {
    const auto& it = batch.items[i];
    FUZZ_CHECK(it.index == i, "item index");
    FUZZ_CHECK(it.ok != it.error.has_value(), "item is both ok and failed, or neither");
    if (it.ok) {
      FUZZ_CHECK(!it.payload.empty(), "accepted item with an empty payload");
      FUZZ_CHECK(it.kind == "static" || it.kind == "dynamic", "accepted item without a kind");
    } else {
      FUZZ_CHECK(!it.error->code.empty() && it.error->path.rfind("/items/", 0) == 0, "item error without code/path");
    }
  }
  return 0;
}
