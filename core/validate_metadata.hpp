// SPDX-License-Identifier: MIT
// The metadata stage of validation, as validate_item uses it (internal to core/validate_*).
// Hosts call validate_metadata (validate.hpp).
#pragma once
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "validate.hpp"

namespace qredge {

// Checks the `name`, `folder_id` and `tags` members of `item` (others are not looked at), in
// that order, paths under `path`; fills `out` with the values of those present.
std::optional<Error> check_metadata(const nlohmann::json& item, const std::string& path, Metadata& out);

// An object of metadata on its own: only `name`, `folder_id` and `tags` (validate_metadata runs
// it after the depth and string checks every piece gets).
Result<Metadata> parse_metadata(const nlohmann::json& fields, const std::string& path);

}  // namespace qredge
