// SPDX-License-Identifier: MIT
// The target stage of validation, as the request stage uses it (internal to core/validate_*).
// Hosts call validate_target / validate_batch (validate.hpp).
#pragma once
#include <cstddef>

#include <nlohmann/json.hpp>

#include "validate.hpp"
#include "validate_messages.hpp"

namespace qredge {

// The member names of an item and of a target (messages point misplaced fields to them).
extern const messages::Names kItemFields;
extern const messages::Names kTargetFields;

// One item of a batch (`index` in `items`), at the design's effective error correction `ecc`.
ValidatedItem validate_item(const nlohmann::json& item, std::size_t index, Ecc ecc, const ValidateOptions& options);

}  // namespace qredge
