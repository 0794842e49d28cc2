// SPDX-License-Identifier: MIT
// The metadata stage of validation (API.md §1.4): an item's `name`, `folder_id` and `tags`.
// Used by validate_item (paths under /items/N) and, through validate_metadata (validate_request.cpp),
// by hosts that change a code's metadata later (the worker's PATCH): the same checks, codes and messages.
#include <algorithm>
#include <cctype>

#include "json_type_name.hpp"
#include "utf8.hpp"
#include "validate.hpp"
#include "validate_messages.hpp"
#include "validate_metadata.hpp"

namespace qredge {

using nlohmann::json;

namespace {

const messages::Names kMetadataFields = {"name", "folder_id", "tags"};

Error error(std::string path, std::string code, std::string message) {
  return Error{std::move(path), std::move(code), std::move(message)};
}

std::string count(std::size_t n) { return std::to_string(n); }

}  // namespace

std::optional<Error> check_metadata(const json& item, const std::string& p, Metadata& out) {
  if (item.contains("name")) {
    const json& n = item["name"];
    if (!n.is_string()) return error(p + "/name", "invalid_type", "`name` must be a string, not " + std::string(json_type_name(n)));
    const std::size_t chars = utf8::count_code_points(n.get_ref<const std::string&>());
    if (chars > kMaxNameChars)
      return error(p + "/name", "too_long",
                   "`name` is " + count(chars) + " characters long; at most " + count(kMaxNameChars) + " are allowed");
    out.name = n.get<std::string>();
  }
  if (item.contains("folder_id")) {
    const json& f = item["folder_id"];
    if (!f.is_string())
      return error(p + "/folder_id", "invalid_type", "`folder_id` must be a string, not " + std::string(json_type_name(f)));
    const std::string& s = f.get_ref<const std::string&>();
    const std::size_t chars = utf8::count_code_points(s);
    if (chars > kMaxFolderIdChars)
      return error(p + "/folder_id", "too_long",
                   "`folder_id` is " + count(chars) + " characters long; at most " + count(kMaxFolderIdChars) +
                       " are allowed");
    for (char c : s) {
      if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '-')
        return error(p + "/folder_id", "invalid_folder_id",
                     messages::quote(s) + " is not a folder id: use only letters A–Z and a–z, digits, \"_\" and \"-\"");
    }
    out.folder_id = s;
  }
  if (item.contains("tags")) {
    const json& tags = item["tags"];
    if (!tags.is_array())
      return error(p + "/tags", "invalid_type", "`tags` must be an array of strings, not " + std::string(json_type_name(tags)));
    if (tags.size() > kMaxTags)
      return error(p + "/tags", "too_long",
                   "`tags` holds " + count(tags.size()) + " tags; at most " + count(kMaxTags) + " are allowed");
    for (std::size_t i = 0; i < tags.size(); ++i) {
      const std::string tp = json_pointer_append(p + "/tags", i);
      if (!tags[i].is_string())
        return error(tp, "invalid_type", "a tag must be a string, not " + std::string(json_type_name(tags[i])));
      const std::string& s = tags[i].get_ref<const std::string&>();
      const std::size_t chars = utf8::count_code_points(s);
      if (chars == 0) return error(tp, "too_short", "a tag cannot be empty");
      if (chars > kMaxTagChars)
        return error(tp, "too_long",
                     "the tag is " + count(chars) + " characters long; at most " + count(kMaxTagChars) + " are allowed");
      if (std::find(out.tags.begin(), out.tags.end(), s) != out.tags.end())
        return error(tp, "duplicate_tag", "the tag " + messages::quote(s) + " appears more than once");
      out.tags.push_back(s);
    }
  }
  return std::nullopt;
}

Result<Metadata> parse_metadata(const json& fields, const std::string& path) {
  if (!fields.is_object())
    return error(path, "invalid_type",
                 "the metadata must be an object such as {\"name\": \"Spring flyer\", \"tags\": [\"print\"]}, not " +
                     std::string(json_type_name(fields)));
  for (const auto& [key, value] : fields.items()) {
    (void)value;
    if (!messages::contains(kMetadataFields, key))
      return error(json_pointer_append(path, key), "unknown_field",
                   "unknown field `" + messages::short_name(key) + "`." + messages::suggestion(key, kMetadataFields) +
                       " Metadata fields: " + messages::list_names(kMetadataFields) + ".");
  }
  Metadata m;
  if (auto e = check_metadata(fields, path, m)) return *e;
  return m;
}

json to_json(const Metadata& m) {
  json out = json::object();
  out["name"] = m.name;
  out["folder_id"] = m.folder_id;
  out["tags"] = m.tags;
  return out;
}

}  // namespace qredge
