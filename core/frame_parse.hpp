// SPDX-License-Identifier: MIT
// Validate stage, `design.frame` (API.md §7.2, docs/print.md): {style, text, color, text_color}.
#pragma once
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "design.hpp"
#include "error.hpp"

namespace qredge {

inline constexpr std::size_t kMaxFrameText = 40;  // characters (code points)
// With a frame the quiet zone must be at least this many modules: the frame is dark and
// sits right outside it, where a finder pattern needs light around it.
inline constexpr int kFrameMinMargin = 2;

// Errors: invalid_type, unknown_field, invalid_value (style), invalid_color, invalid_utf8,
// too_long, unsupported_character (no glyph in the frame font), frame_text_too_wide.
Result<Frame> parse_frame(const nlohmann::json& j, const std::string& path);
nlohmann::json to_json(const Frame& frame);

// Design and output together: a frame needs a quiet zone of kFrameMinMargin modules
// (error out_of_range at /output/margin, `output_path` being the output object's pointer).
std::optional<Error> check_frame_output(const Design& design, const Output& output,
                                        const std::string& output_path = "/output");

}  // namespace qredge
