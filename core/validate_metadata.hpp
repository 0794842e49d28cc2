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

}  // namespace qredge
