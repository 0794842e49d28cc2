// SPDX-License-Identifier: MIT
// The one serialiser of validation results: a ValidatedBatch as the JSON text the bindings
// return (API.md §5 `validateBatch`).
#include <string_view>

#include "json_text.hpp"
#include "validate.hpp"

namespace qredge {

using nlohmann::json;

json to_json(const Error& e) { return {{"path", e.path}, {"code", e.code}, {"message", e.message}}; }

// Written directly: for 1000 items, building and then destroying a DOM cost more than
// validating (native callgrind: 68 k of 85 k Ir per item). Members in key order (the order a
// dump of nlohmann's sorted objects has, which the contract's examples were written in).
std::string to_json_text(const ValidatedBatch& b) {
  std::string out;
  out.reserve(256 + b.items.size() * 320);
  // `key` is the raw text before the value: separator, quoted name, colon.
  const auto text = [&out](const char* key, std::string_view value) {
    out.append(key);
    append_json_string(out, value);
  };
  const auto error_text = [&](const Error& e) {
    text("{\"code\":", e.code);
    text(",\"message\":", e.message);
    text(",\"path\":", e.path);
    out.push_back('}');
  };
  out.push_back('{');
  if (b.ok()) {
    out.append("\"design\":").append(to_json(b.design).dump());
    text(",\"effective_error_correction\":", to_string(b.design.effective_error_correction()));
    out.push_back(',');
  }
  out.append("\"errors\":[");
  for (std::size_t i = 0; i < b.errors.size(); ++i) {
    if (i) out.push_back(',');
    error_text(b.errors[i]);
  }
  out.append("],\"items\":[");
  for (std::size_t i = 0; i < b.items.size(); ++i) {
    const ValidatedItem& it = b.items[i];
    if (i) out.push_back(',');
    out.push_back('{');
    if (it.error) {
      out.append("\"error\":");
      error_text(*it.error);
      out.push_back(',');
    }
    text("\"folder_id\":", it.folder_id);
    out.append(",\"index\":");
    append_json_uint(out, it.index);
    text(",\"kind\":", it.kind);
    text(",\"name\":", it.name);
    text(it.ok ? ",\"ok\":true,\"payload\":" : ",\"ok\":false,\"payload\":", it.payload);
    out.append(",\"tags\":");
    append_json_strings(out, it.tags);
    out.append(",\"target\":").append(it.target.dump());
    text(",\"type\":", it.type);
    out.push_back('}');
  }
  out.append(b.ok() ? "],\"ok\":true" : "],\"ok\":false");
  if (b.ok()) out.append(",\"output\":").append(to_json(b.output).dump());
  if (b.template_id) text(",\"template_id\":", *b.template_id);
  out.push_back('}');
  return out;
}

}  // namespace qredge
