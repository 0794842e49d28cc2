// SPDX-License-Identifier: MIT
// Validate stage: a batch request (API.md §1–3) -> a ValidatedBatch, and each piece of a
// request on its own (a design, an output, a target) for hosts that validate pieces (a saved
// template, a PATCH). Never throws on bad input: request-level problems land in `errors` (the
// whole request is rejected), item-level problems in that item's `error` (the other items go
// on). Paths are JSON pointers into the caller's document ("/items/17/target/start"); the
// piece validators take the pointer of the piece (`path`) and every error path starts with it.
// Where it is built: validate_request.cpp (the request, the pieces), validate_target.cpp
// (items and targets), validate_messages.cpp (shared checks and texts), validate_json.cpp
// (the one serialiser of a ValidatedBatch).
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "design.hpp"
#include "design_parse.hpp"
#include "error.hpp"

namespace qredge {

// Limits of API.md §1 (and of this implementation where the spec is silent).
inline constexpr std::size_t kMaxItems = 1000;
inline constexpr std::size_t kMaxNestingDepth = 64;   // arrays/objects; deeper requests are rejected
inline constexpr std::size_t kMaxRequestErrors = 20;  // unknown top-level fields reported at most
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

// An item's metadata (API.md §1.4). Empty strings and no tags mean "not given".
struct Metadata {
  std::string name;     // as given; empty means the host picks the default of §1.4
  std::string folder_id;
  std::vector<std::string> tags;
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

// A design / output on its own, checked exactly as inside a batch request: every string
// (UTF-8, control characters), then parse_design / parse_output (design_parse.hpp). The text
// forms read JSON first (problems of the text itself are errors at `path`).
Result<Design> validate_design(const nlohmann::json& design, const std::string& path = "/design");
Result<Design> validate_design_text(std::string_view design_json, const std::string& path = "/design");
Result<Output> validate_output(const nlohmann::json& output, const std::string& path = "/output");
Result<Output> validate_output_text(std::string_view output_json, const std::string& path = "/output");

struct TargetOptions {
  bool dynamic_available = false;  // as ValidateOptions::dynamic_available
  // The effective error correction of the design the code will be drawn with: a static
  // payload must fit a code at this level (`data_too_long` otherwise).
  Ecc error_correction = Ecc::Q;
};

struct ValidatedTarget {
  bool ok = false;
  std::string type;     // detected when absent; set as soon as known (also on failure)
  std::string kind;     // "static", or "dynamic" for url targets with dynamic_available
  std::string payload;  // as ValidatedItem::payload
  std::optional<Error> error;
};

// A target on its own, checked exactly as an item's target: strings, fields, type, per-type
// rules, capacity (static codes). `target` null means absent (`required`).
ValidatedTarget validate_target(const nlohmann::json* target, const std::string& path = "",
                                const TargetOptions& options = {});
// The text form; an empty text means absent.
ValidatedTarget validate_target_text(std::string_view target_json, const std::string& path = "",
                                     const TargetOptions& options = {});

// An item's metadata on its own (an object with only `name`, `folder_id`, `tags`), checked
// exactly as inside an item, paths under `path`; for hosts that change a code's metadata later.
Result<Metadata> validate_metadata(const nlohmann::json& fields, const std::string& path = "");
Result<Metadata> validate_metadata_text(std::string_view fields_json, const std::string& path = "");
nlohmann::json to_json(const Metadata& metadata);

// The one serialiser of a ValidatedBatch: its JSON text, as the bindings return it (written
// directly, no DOM: for 1000 items a DOM cost more than validating). Members in key order;
// `design`, `output` and `effective_error_correction` only when the request is accepted.
std::string to_json_text(const ValidatedBatch& batch);
nlohmann::json to_json(const Error& error);

}  // namespace qredge
