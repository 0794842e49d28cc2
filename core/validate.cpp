// SPDX-License-Identifier: MIT
// Foundation slice of the validator: url and text targets, colours, ECC and output. The full
// contract of API.md §1–3 replaces this file.
#include "validate.hpp"

#include <algorithm>

namespace qredge {
using nlohmann::json;

ValidatedBatch validate_batch_text(std::string_view text, const ValidateOptions& options) {
  json j = json::parse(text.begin(), text.end(), nullptr, false);
  if (j.is_discarded()) {
    ValidatedBatch b;
    b.errors.push_back({"", "invalid_json", "the request is not valid JSON"});
    return b;
  }
  return validate_batch(j, options);
}

ValidatedBatch validate_batch(const json& req, const ValidateOptions& options) {
  ValidatedBatch b;
  if (!req.is_object()) {
    b.errors.push_back({"", "invalid_type", "the request must be a JSON object"});
    return b;
  }
  if (!req.contains("items") || !req["items"].is_array() || req["items"].empty()) {
    b.errors.push_back({"/items", "required", "items must be a non-empty array"});
    return b;
  }
  if (req.contains("design")) {
    auto d = parse_design(req["design"]);
    if (!d) b.errors.push_back(d.error()); else b.design = *d;
  }
  if (req.contains("output")) {
    auto o = parse_output(req["output"]);
    if (!o) b.errors.push_back(o.error()); else b.output = *o;
  }
  if (!b.ok()) return b;
  const auto& items = req["items"];
  for (std::size_t i = 0; i < items.size(); ++i) {
    ValidatedItem it;
    it.index = i;
    const std::string p = json_pointer_append("/items", i);
    const auto& item = items[i];
    const json target = item.is_object() && item.contains("target") ? item["target"] : json();
    if (!target.is_object()) {
      it.error = Error{json_pointer_append(p, "target"), "required", "target must be an object"};
    } else {
      it.target = target;
      if (target.contains("destination") && target["destination"].is_string()) {
        it.type = "url";
        it.payload = target["destination"].get<std::string>();
      } else if (target.contains("text") && target["text"].is_string()) {
        it.type = "text";
        it.payload = target["text"].get<std::string>();
      } else {
        it.error = Error{json_pointer_append(p, "target"), "missing_field", "target needs destination or text"};
      }
    }
    it.kind = (it.type == "url" && options.dynamic_available) ? "dynamic" : "static";
    it.ok = !it.error;
    b.items.push_back(std::move(it));
  }
  return b;
}

json to_json(const Error& e) { return {{"path", e.path}, {"code", e.code}, {"message", e.message}}; }

json to_json(const ValidatedItem& it) {
  json j = {{"index", it.index}, {"ok", it.ok}, {"type", it.type}, {"kind", it.kind},
            {"payload", it.payload}, {"name", it.name}, {"folder_id", it.folder_id},
            {"tags", it.tags}, {"target", it.target}};
  if (it.error) j["error"] = to_json(*it.error);
  return j;
}

json to_json(const ValidatedBatch& b) {
  json errors = json::array();
  for (const auto& e : b.errors) errors.push_back(to_json(e));
  json items = json::array();
  for (const auto& it : b.items) items.push_back(to_json(it));
  json j = {{"ok", b.ok()}, {"errors", errors}, {"items", items}};
  if (b.ok()) {
    j["design"] = to_json(b.design);
    j["output"] = to_json(b.output);
    j["effective_error_correction"] = to_string(b.design.effective_error_correction());
  }
  return j;
}

}  // namespace qredge
