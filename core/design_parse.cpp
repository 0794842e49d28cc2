// SPDX-License-Identifier: MIT
// Foundation slice of design/output parsing (API.md §2, §3): ECC, colours, output. The full
// design contract replaces this file.
#include <optional>
#include <vector>

#include "validate.hpp"

namespace qredge {
namespace {

using nlohmann::json;

std::optional<Rgb> parse_colour(const std::string& s) {
  auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  if (s.size() != 4 && s.size() != 7) return std::nullopt;
  if (s[0] != '#') return std::nullopt;
  std::vector<int> d;
  for (std::size_t i = 1; i < s.size(); ++i) {
    int v = hex(s[i]);
    if (v < 0) return std::nullopt;
    d.push_back(v);
  }
  if (d.size() == 3) return Rgb{std::uint8_t(d[0] * 17), std::uint8_t(d[1] * 17), std::uint8_t(d[2] * 17)};
  return Rgb{std::uint8_t(d[0] * 16 + d[1]), std::uint8_t(d[2] * 16 + d[3]), std::uint8_t(d[4] * 16 + d[5])};
}

}  // namespace

Result<Design> parse_design(const json& j, const std::string& path) {
  Design d;
  if (!j.is_object()) return Error{path, "invalid_type", "design must be an object"};
  if (j.contains("error_correction")) {
    const auto& e = j["error_correction"];
    const std::string p = json_pointer_append(path, "error_correction");
    if (!e.is_string()) return Error{p, "invalid_type", "error_correction must be a string"};
    const std::string s = e.get<std::string>();
    if (s == "L") d.error_correction = Ecc::L;
    else if (s == "M") d.error_correction = Ecc::M;
    else if (s == "Q") d.error_correction = Ecc::Q;
    else if (s == "H") d.error_correction = Ecc::H;
    else return Error{p, "invalid_value", "error_correction must be one of L, M, Q, H"};
  }
  if (j.contains("colors")) {
    const auto& c = j["colors"];
    for (const char* key : {"foreground", "background"}) {
      if (!c.contains(key)) continue;
      const std::string p = json_pointer_append(json_pointer_append(path, "colors"), key);
      if (!c[key].is_string()) return Error{p, "invalid_type", std::string(key) + " must be a string"};
      auto rgb = parse_colour(c[key].get<std::string>());
      if (!rgb) return Error{p, "invalid_color", std::string(key) + " must be #rgb or #rrggbb"};
      (std::string(key) == "foreground" ? d.foreground : d.background) = *rgb;
    }
  }
  return d;
}

Result<Output> parse_output(const json& j, const std::string& path) {
  Output o;
  if (!j.is_object()) return Error{path, "invalid_type", "output must be an object"};
  if (j.contains("format")) {
    const auto& f = j["format"];
    if (f == "svg") o.format = Format::Svg;
    else if (f == "png") o.format = Format::Png;
    else return Error{json_pointer_append(path, "format"), "invalid_value", "format must be svg or png"};
  }
  if (j.contains("size")) {
    const auto& s = j["size"];
    if (!s.is_number_integer() || s.get<long long>() < 64 || s.get<long long>() > 4096)
      return Error{json_pointer_append(path, "size"), "out_of_range", "size must be an integer from 64 to 4096"};
    o.size = s.get<int>();
  }
  if (j.contains("margin")) {
    const auto& m = j["margin"];
    if (!m.is_number_integer() || m.get<long long>() < 0 || m.get<long long>() > 16)
      return Error{json_pointer_append(path, "margin"), "out_of_range", "margin must be an integer from 0 to 16"};
    o.margin = m.get<int>();
  }
  return o;
}

json to_json(const Design& d) {
  return {{"error_correction", to_string(d.error_correction)},
          {"colors", {{"foreground", to_hex(d.foreground)}, {"background", to_hex(d.background)}}}};
}

json to_json(const Output& o) {
  return {{"format", to_string(o.format)}, {"size", o.size}, {"margin", o.margin}};
}

}  // namespace qredge
