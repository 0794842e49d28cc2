// SPDX-License-Identifier: MIT
// Validate stage, output size (API.md §3, §7.2; docs/print.md): `output.size` in pixels, or a
// physical width `size_mm` / `size_in` with `dpi`. Whatever is given, Output.size ends up the
// code square's width in pixels (what the PNG renderer draws, and what vector outputs use for
// their pixel-aligned placement), and Output.physical / unit / dpi keep the physical size.
#pragma once
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "design.hpp"
#include "error.hpp"

namespace qredge {

// Physical limits: 10 mm (0.4 in) to 1000 mm (40 in); dpi 72–2400. PNG pixel sizes computed
// from them must still be 64–4096 px.
inline constexpr double kMinSizeMm = 10, kMaxSizeMm = 1000;
inline constexpr int kMinDpi = 72, kMaxDpi = 2400;
// The dpi a physical size is rasterised at when none is given (print shops' usual minimum).
inline constexpr int kDefaultDpi = 300;

// Reads `size`, `size_mm`, `size_in` and `dpi` of the output object `j` (at `path`) into `o`,
// whose format is already set. Errors: invalid_type, out_of_range, conflicting_fields.
std::optional<Error> parse_output_size(const nlohmann::json& j, const std::string& path, Output& o);

// An integer member `output.<name>` at `path` from `min` to `max` (`unit` after the range in
// the message, or none): a float with an integral value (4.0) is that integer. Errors:
// invalid_type, out_of_range.
Result<int> parse_output_integer(const nlohmann::json& v, const std::string& path, const char* name, int min, int max,
                                 const char* unit = "");

// The size members of to_json(Output): `size` in px, or `size_mm`/`size_in` (+ `dpi`).
void size_to_json(const Output& o, nlohmann::json& out);

}  // namespace qredge
