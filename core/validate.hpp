// SPDX-License-Identifier: MIT
// Validate stage: a batch request (API.md §1–3) -> a ValidatedBatch. Never throws on bad
// input: request-level problems land in `errors` (the whole request is rejected), item-level
// problems in that item's `error` (the other items go on). Paths are JSON pointers into the
// request ("/items/17/target/start").
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "design.hpp"
#include "error.hpp"

namespace qredge {

// Limits of API.md §1 (and of this implementation where the spec is silent).
inline constexpr std::size_t kMaxItems = 1000;
inline constexpr std::size_t kMaxNestingDepth = 64;
inline constexpr std::size_t kMaxRequestErrors = 20;  // unknown top-level fields reported at most   // arrays/objects; deeper requests are rejected
inline constexpr std::size_t kMaxUrlBytes = 2048;     // `destination` of a url target
inline constexpr std::size_t kMaxSubjectChars = 255;
inline constexpr std::size_t kMaxEmailMessageChars = 2000;
inline constexpr std::size_t kMaxSmsMessageChars = 1000;
inline constexpr std::size_t kMaxTitleChars = 255;
inline constexpr std::size_t kMaxLocationChars = 255;
inline constexpr std::size_t kMaxNameChars = 255;
inline constexpr std::size_t kMaxFolderIdChars = 64;
inline constexpr std::size_t kMaxTags = 10;
inline constexpr std::size_t kMaxTagChars = 50;
inline constexpr std::size_t kMaxVcardTextChars = 255;   // structured vCard names, title, address parts
inline constexpr std::size_t kMaxVcardNoteChars = 2000;
inline constexpr std::size_t kMaxVcardEntries = 10;      // `phones`, `emails`

struct ValidateOptions {
  // True when the host has a public redirect base (the worker): url items default to
  // "dynamic". The offline engine leaves it false and every code is static.
  bool dynamic_available = false;
  // The design of the request's `template_id`, looked up by the host. When the request names
  // a template and this is empty, the request fails with `template_not_found`.
  std::optional<nlohmann::json> template_design;
};

struct ValidatedItem {
  std::size_t index = 0;
  bool ok = false;
  std::string type;     // "url", "text", … (detected when absent); empty if undeterminable
  std::string kind;     // "static" or "dynamic"
  // What is written into the code. For a dynamic item this is the destination (UTM merged);
  // the host encodes its short URL instead and keeps this as the redirect target.
  std::string payload;
  std::string name;     // as given; empty means the host picks the default of §1.4
  std::string folder_id;
  std::vector<std::string> tags;
  nlohmann::json target = nlohmann::json::object();  // the target as given (for storage/echo)
  std::optional<Error> error;
};

struct ValidatedBatch {
  std::vector<Error> errors;  // request level; empty when the request is accepted
  Design design;
  Output output;
  std::optional<std::string> template_id;
  std::vector<ValidatedItem> items;
  bool ok() const { return errors.empty(); }
};

ValidatedBatch validate_batch_text(std::string_view request_json, const ValidateOptions& options = {});
ValidatedBatch validate_batch(const nlohmann::json& request, const ValidateOptions& options = {});

// The design / output objects alone (used by the batch validator, by hosts re-rendering a
// stored code, and by the bindings). `path` is the pointer of the object inside its request.
Result<Design> parse_design(const nlohmann::json& design, const std::string& path = "/design");
Result<Output> parse_output(const nlohmann::json& output, const std::string& path = "/output");

// JSON views of validated values, for the bindings and for storage.
nlohmann::json to_json(const Design& design);
nlohmann::json to_json(const Output& output);
nlohmann::json to_json(const Error& error);
nlohmann::json to_json(const ValidatedItem& item);
nlohmann::json to_json(const ValidatedBatch& batch);
// Equal to to_json(batch).dump(), several times faster (no DOM); what the bindings return.
std::string to_json_text(const ValidatedBatch& batch);

}  // namespace qredge
