// SPDX-License-Identifier: MIT
// Design and output parsing (API.md §2, §3): a JSON value -> a Design / Output with every
// default filled in, and back. Never throws on bad input: the first problem found (members
// are visited in key order, so it is deterministic) is the error, with a JSON-pointer path
// that starts with `path`, the pointer of the object inside the caller's document.
// These check the values only; validate.hpp adds the checks every string of a request gets
// (UTF-8, control characters) in validate_design / validate_output.
#pragma once
#include <string>

#include <nlohmann/json.hpp>

#include "design.hpp"
#include "error.hpp"

namespace qredge {

// A logo's data URL is decoded here (pixels shared, immutable), so a Design is ready to draw.
Result<Design> parse_design(const nlohmann::json& design, const std::string& path = "/design");
Result<Output> parse_output(const nlohmann::json& output, const std::string& path = "/output");

// The normalised JSON form (every default written out, colours lower case). It parses back to
// an equal value: parse_design(to_json(d)) draws exactly what d draws (design_parse_test).
nlohmann::json to_json(const Design& design);
nlohmann::json to_json(const Output& output);

}  // namespace qredge
