// SPDX-License-Identifier: MIT
// The request stage of validation (API.md §1–3): request text -> ValidatedBatch, and the
// design, output and an item's metadata on their own. Request-level problems reject the whole request; each item
// is then validated by the target stage (validate_target.cpp).
#include <string_view>

#include "frame_parse.hpp"
#include "json_type_name.hpp"
#include "validate.hpp"
#include "validate_messages.hpp"
#include "validate_metadata.hpp"
#include "validate_target.hpp"

namespace qredge {
namespace {

using nlohmann::json;
using messages::Names;
using messages::check_string;
using messages::check_strings;
using messages::contains;
using messages::list_names;
using messages::quote;
using messages::short_name;
using messages::suggestion;

const Names kTopLevelFields = {"items", "design", "template_id", "output"};

// A design or output value alone gets what a request's value gets: a bounded depth, then
// every string checked, then the value itself.
template <class T, class Parse>
Result<T> validate_piece(const json& value, const std::string& path, std::string_view noun, Parse parse) {
  if (messages::deeper_than(value, kMaxNestingDepth)) return Error{path, "nesting_too_deep", messages::nesting_message(noun, "")};
  if (auto e = check_strings(value, path)) return *e;
  return parse(value, path);
}

// The same piece given as JSON text (the bindings' form): parsed first, with `example` shown
// when the text is not JSON.
template <class T, class Validate>
Result<T> validate_piece_text(std::string_view text, const std::string& path, std::string_view noun,
                              std::string_view example, Validate validate) {
  auto j = messages::parse_json_text(text, path, noun, example);
  if (!j) return j.error();
  return validate(*j, path);
}

}  // namespace

ValidatedBatch validate_batch_text(std::string_view text, const ValidateOptions& options) {
  auto j = messages::parse_json_text(text, "", "request", "{\"items\": [{\"target\": {…}}]}");
  if (!j) {
    ValidatedBatch b;
    b.errors.push_back(j.error());
    return b;
  }
  return validate_batch(*j, options);
}

ValidatedBatch validate_batch(const json& req, const ValidateOptions& options) {
  ValidatedBatch b;
  auto add = [&](std::string path, std::string code, std::string message) {
    b.errors.push_back(Error{std::move(path), std::move(code), std::move(message)});
  };
  if (!req.is_object()) {
    add("", "invalid_type",
        "the request must be a JSON object such as {\"items\": [{\"target\": {…}}]}, not " + std::string(json_type_name(req)));
    return b;
  }
  if (messages::deeper_than(req, kMaxNestingDepth)) {
    add("", "nesting_too_deep", messages::nesting_message("request", ""));
    return b;
  }
  for (const auto& [key, value] : req.items()) {
    if (b.errors.size() >= kMaxRequestErrors) break;  // a flood of bad keys is one problem
    if (auto e = check_string(key, json_pointer_append("", key), true)) {
      b.errors.push_back(*e);
    } else if (!contains(kTopLevelFields, key)) {
      add(json_pointer_append("", key), "unknown_field",
          "unknown top-level field `" + short_name(key) + "`." + suggestion(key, kTopLevelFields) +
              " Request fields: " + list_names(kTopLevelFields) + "." +
              (contains(kItemFields, key) || contains(kTargetFields, key) ? " Item fields go inside `items`." : ""));
    } else if (key != "items") {
      if (auto e = check_strings(value, json_pointer_append("", key))) b.errors.push_back(*e);
    }
  }
  if (!req.contains("items")) {
    add("/items", "required", "`items` is required: an array of 1 to " + std::to_string(kMaxItems) + " items");
  } else if (const json& items = req["items"]; !items.is_array()) {
    add("/items", "invalid_type", "`items` must be an array, not " + std::string(json_type_name(items)));
  } else if (items.empty()) {
    add("/items", "too_few_items", "`items` is empty; a batch holds 1 to " + std::to_string(kMaxItems) + " items");
  } else if (items.size() > kMaxItems) {
    add("/items", "too_many_items",
        "`items` holds " + std::to_string(items.size()) + " items; a batch holds at most " + std::to_string(kMaxItems) +
            ": split it into several requests");
  }
  if (!b.ok()) return b;  // string problems in design/output would repeat below
  if (req.contains("template_id")) {
    // A template replaces `design` (API.md §1): a `design` sent with it is not used, so it is
    // not validated either (its https logo, for one, is never fetched by the host).
    const json& t = req["template_id"];
    if (!t.is_string()) {
      add("/template_id", "invalid_type", "`template_id` must be a string, not " + std::string(json_type_name(t)));
    } else {
      const std::string& id = t.get_ref<const std::string&>();
      b.template_id = id;
      if (!options.template_design) {
        add("/template_id", "template_not_found",
            "template " + quote(id) + " was not found; check the id, or send the design itself in `design`");
      } else {
        auto d = parse_design(*options.template_design, "/design");
        if (!d)
          add("/template_id", d.error().code,
              "the design saved in template " + quote(id) + " is not valid (" + d.error().path + "): " + d.error().message);
        else
          b.design = *d;
      }
    }
  } else if (req.contains("design")) {
    auto d = parse_design(req["design"], "/design");
    if (!d) b.errors.push_back(d.error());
    else b.design = *d;
  }
  if (req.contains("output")) {
    auto o = parse_output(req["output"], "/output");
    if (!o) b.errors.push_back(o.error());
    else b.output = *o;
  }
  if (b.ok())
    if (auto e = check_frame_output(b.design, b.output)) b.errors.push_back(*e);
  if (!b.ok()) return b;
  const json& items = req["items"];
  const Ecc ecc = b.design.effective_error_correction();
  b.items.reserve(items.size());
  for (std::size_t i = 0; i < items.size(); ++i) b.items.push_back(validate_item(items[i], i, ecc, options));
  return b;
}

Result<Design> validate_design(const json& design, const std::string& path) {
  return validate_piece<Design>(design, path, "design", [](const json& v, const std::string& p) { return parse_design(v, p); });
}

Result<Design> validate_design_text(std::string_view text, const std::string& path) {
  return validate_piece_text<Design>(text, path, "design", "{\"colors\": {\"foreground\": \"#000000\"}}", validate_design);
}

Result<Output> validate_output(const json& output, const std::string& path) {
  return validate_piece<Output>(output, path, "output", [](const json& v, const std::string& p) { return parse_output(v, p); });
}

Result<Output> validate_output_text(std::string_view text, const std::string& path) {
  return validate_piece_text<Output>(text, path, "output", "{\"format\": \"svg\"}", validate_output);
}

Result<Metadata> validate_metadata(const json& fields, const std::string& path) {
  return validate_piece<Metadata>(fields, path, "metadata", [](const json& v, const std::string& p) { return parse_metadata(v, p); });
}

Result<Metadata> validate_metadata_text(std::string_view text, const std::string& path) {
  return validate_piece_text<Metadata>(text, path, "metadata", "{\"name\": \"Spring flyer\"}", validate_metadata);
}

}  // namespace qredge
