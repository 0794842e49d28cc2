// SPDX-License-Identifier: MIT
// String assembly for messages. concat() appends its parts to one string; it also sidesteps
// GCC 12's false -Wrestrict warning on `"literal" + std::string(…)` (GCC bug 105329).
#pragma once
#include <string>
#include <string_view>

namespace qredge {

template <class... Parts>
std::string concat(const Parts&... parts) {
  std::string out;
  (out.append(std::string_view(parts)), ...);
  return out;
}

}  // namespace qredge
