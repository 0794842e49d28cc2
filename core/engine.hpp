// SPDX-License-Identifier: MIT
// The pipeline for one code: payload -> encode -> render. Hosts (bindings, native tools) call
// this after validation; it never parses JSON.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "design.hpp"
#include "error.hpp"
#include "scan_report.hpp"

namespace qredge {

struct Rendered {
  Format format = Format::Svg;
  std::string svg;                 // set when format is SVG
  std::vector<std::uint8_t> png;   // set when format is PNG, PDF or EPS (the file's bytes)
  int version = 0;                 // QR version 1–40
  int modules = 0;                 // modules per side, quiet zone excluded
  Ecc effective_error_correction = Ecc::Q;
  ScanReport scan;                 // the code's margin for a camera (scan_report.hpp)
};

// Errors: encode's (data_too_long), a frame with too small a quiet zone (out_of_range at
// /output/margin), `logo_unavailable`.
Result<Rendered> render_payload(std::string_view payload, const Design& design,
                                const Output& output);

}  // namespace qredge
